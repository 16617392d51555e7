"""Stage 4: everything a template shows, formatted and translated for one locale.

Templates hold layout only. This stage chooses the words (each Kind's row in :mod:`.copy`,
translated through the catalog), formats amounts and durations (with Babel, from CLDR data;
:mod:`.money`), chooses and checks the links, and cleans the provider's own text. What it
returns is plain data: strings, and :class:`~.sentence.Sentence` objects that escape
themselves for HTML and isolate their values for right-to-left pages.

>>> from decimal import Decimal
>>> from tactful._locale import Catalog
>>> notice = Notice(Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal("0.12"), "USD"))
>>> presentation = present(notice, Catalog("en", {}), Options())
>>> presentation.title
'Your balance is too low'
>>> str(presentation.mirror)
'Your balance is $0.12, which is not enough for this request.'
>>> presentation.action is None  # no recharge link configured, none in the payload
True
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .. import _memo
from .._links import fill_link, safe_link
from .._locale import Catalog
from .._model import Kind, Money, Notice, currency_of, holds_nothing
from .._text import clean_text
from .copy import RUNWAY_COPY, UNREADABLE, WAIT_COPY
from .durations import RUNWAY_UNITS, WAIT_UNITS, counted
from .money import format_count, format_money, formatted_amounts, suggested_top_up
from .sentence import Details, Fact, Link, Sentence, Words, words_of

__all__ = [
    "Details",
    "Fact",
    "Link",
    "Options",
    "Presentation",
    "Sentence",
    "present",
    "present_low_balance",
]

_MAX_DETAIL_CHARS = 300


@dataclass(frozen=True)
class Presentation:
    """The template context: every field is final text, already translated and formatted."""

    lang: str
    dir: str
    gap: str
    """What separates two sentences: a space, or nothing in Chinese and Japanese."""
    kind: str
    """The Kind's value, or ``"low_balance"`` for :func:`present_low_balance`'s message."""
    is_money: bool
    title: str
    error_prefix: str
    """Read before the title by screen readers ("Error:", or "Notice:" when nothing failed)."""
    mirror: Sentence
    """What happened, said back to the reader with the amounts the payload gave."""
    label: str | None
    """The relief (nothing was charged, the work is kept): None where the kind does not imply
    it (see docs/copy.md) or the Renderer hides it."""
    why: str | None
    wait: Sentence | None
    """For rate limits only: how long to wait."""
    action: Link | None
    """The call to action (top up, raise the limit, ...), or None without a safe link."""
    secondary: Link | None
    """The pricing page, for money kinds when the Renderer has one."""
    details: Details | None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Read-only: a remembered presentation is shared by later renders (see present)."""

    def context(self) -> dict[str, Any]:
        """The names templates see."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Options:
    """The Renderer's presentation settings (links already validated at construction)."""

    recharge_url: str | None = None
    pricing_url: str | None = None
    allowed_hosts: frozenset[str] = frozenset()
    currency: str | None = None
    default_top_up: Decimal | None = None
    show_label: bool = True
    show_why: bool = False
    show_details: bool = True
    show_amounts: bool = True
    show_ids: bool = True
    latin_digits: bool = False
    """Write 0-9 where the locale's own digits differ (the Renderer's ``digits="latin"``)."""
    later: bool = False
    """The message is read later, away from the request (an email): the sentences of
    :data:`.copy.LATER` replace those that speak of the moment, and no wait is said."""

    @functools.cached_property
    def key(self) -> tuple[Any, ...]:
        """These options as a memo key (see _memo.exact): worked out once per Options."""
        return tuple(_memo.exact(getattr(self, f.name)) for f in dataclasses.fields(self))


def present(
    notice: Notice,
    catalog: Catalog,
    options: Options,
    *,
    recharge_url: str | None = None,
    return_to: str | None = None,
) -> Presentation:
    """Build the finished, localized content of a message about ``notice``.

    Remembered in two parts (see :mod:`tactful._memo`), so that a provider's message that
    changes from call to call (a time or a counter in its words) costs only its own part:

    - everything but the details, keyed by everything it reads: the notice's fields but
      ``raw`` (never read), the request id and the message (read by the details only, and
      elsewhere only through :func:`holds_nothing`, which the key holds), the catalog
      (immutable, one object per locale and directory), the options (frozen) and the two
      links, with numbers keyed by type and spelling;
    - the details, keyed by the provider, code, status and message they show, the catalog and
      the one option they read (:func:`_remembered_details`).

    The request id, when shown, is the last fact of the details: it is added last.
    """
    try:
        key = _memo.Key(
            (
                _notice_key(notice),
                holds_nothing(notice),
                catalog,
                options.key,
                recharge_url,
                return_to,
            ),
            (notice, catalog, options, recharge_url, return_to),
        )
    except TypeError:  # a Notice made by hand, holding something that cannot be a key
        return _present(notice, catalog, options, recharge_url, return_to)
    found = _present_remembered(key)
    key.payload = None
    details = _details_of(notice, catalog, options) if options.show_details else None
    presentation = found if details is None else replace(found, details=details)
    return _memo.checked(
        presentation,
        lambda: _present(notice, catalog, options, recharge_url, return_to),
        "presentation",
    )


_NOTICE_KEY_FIELDS = tuple(
    f.name for f in dataclasses.fields(Notice) if f.name not in ("raw", "request_id", "message")
)


def _notice_key(notice: Notice) -> tuple[Any, ...]:
    """What :func:`present` reads of a notice but for its details: all but its request id and
    message (the key holds what else reads the message: :func:`holds_nothing`)."""
    return tuple([_field_key(getattr(notice, name)) for name in _NOTICE_KEY_FIELDS])


def _field_key(value: Any) -> Any:
    # Text and absent values key as themselves (the quick case); the rest as _memo.exact
    # keys them, amounts by their spelling.
    if value is None or type(value) is str:
        return value
    if isinstance(value, Money):
        return (type(value), _memo.exact(value.amount), value.unit)
    return _memo.exact(value)


@functools.lru_cache(maxsize=256)
def _present_remembered(key: _memo.Key) -> Presentation:
    # Called on a miss only; the details are the caller's (present).
    notice, catalog, options, recharge_url, return_to = key.payload
    return _present(notice, catalog, replace(options, show_details=False), recharge_url, return_to)


def _details_of(notice: Notice, catalog: Catalog, options: Options) -> Details | None:
    """The details of ``notice`` as :func:`_details` makes them, remembered but for the
    request id, which is added last."""
    shown = _payload_of(notice)
    try:
        details = _remembered_details(catalog, *shown)
    except TypeError:  # a Notice made by hand, holding something that cannot be a key
        return _details(words_of(catalog), *shown, _shown_id(notice, options))
    if not notice.request_id or not options.show_ids:
        return details
    return _with_request_id(details, notice, catalog)


@functools.lru_cache(maxsize=256, typed=True)
def _remembered_details(
    catalog: Catalog,
    provider: str | None,
    code: str | None,
    http_status: int | None,
    message: str | None,
) -> Details | None:
    # Keyed by everything _details reads but the request id (added last); typed, so that a
    # status of 1 and True are apart.
    return _details(words_of(catalog), provider, code, http_status, message, None)


def _payload_of(notice: Notice) -> tuple[str | None, str | None, int | None, str | None]:
    """What the details show of a notice but its request id: provider, code, status, message."""
    return notice.provider, notice.code, notice.http_status, notice.message


def _shown_id(notice: Notice, options: Options) -> str | None:
    return notice.request_id if options.show_ids else None


def _with_request_id(details: Details | None, notice: Notice, catalog: Catalog) -> Details | None:
    """``details`` with the notice's request id as their last fact, as _details adds it."""
    words = words_of(catalog)
    if details is None:  # no code, status or message: the id is the only detail
        return _details(words, *_payload_of(notice), notice.request_id)
    label = words.gettext("Request ID")
    assert notice.request_id is not None
    fact = Fact(label, notice.request_id, words.joined(label, notice.request_id, from_payload=True))
    return replace(details, facts=(*details.facts, fact))


def _present(
    notice: Notice,
    catalog: Catalog,
    options: Options,
    recharge_url: str | None,
    return_to: str | None,
) -> Presentation:
    """What :func:`present` returns, worked out from scratch (a memo miss, or CHECK mode)."""
    kind = notice.kind
    frame = _frame(
        catalog, kind, options.show_label, options.show_why, options.pricing_url, options.later
    )
    words = frame.words
    latin = options.latin_digits
    amounts = formatted_amounts(notice, catalog, latin=latin) if options.show_amounts else {}
    return Presentation(
        lang=words.lang,
        dir=words.dir,
        gap=words.gap,
        kind=kind.value,
        is_money=kind.is_money,
        title=frame.title,
        error_prefix=frame.error_prefix,
        mirror=words.sentence(_mirror(words, notice, amounts, options.later), amounts),
        label=frame.label,
        why=frame.why,
        wait=_wait(words, notice, catalog, latin)
        if kind is Kind.RATE_LIMIT and not options.later
        else None,
        action=_action(notice, catalog, options, recharge_url, return_to),
        secondary=frame.secondary,
        details=(
            _details(words, *_payload_of(notice), _shown_id(notice, options))
            if options.show_details
            else None
        ),
    )


def _mirror(words: Words, notice: Notice, amounts: Mapping[str, str], later: bool) -> str:
    # What happened, by what is known; of a payload with nothing readable, only that.
    if holds_nothing(notice):
        return words.gettext(UNREADABLE)
    return (words.later_copy if later else words.copy)[notice.kind].mirror(amounts)


@dataclass(frozen=True, slots=True)
class _Frame:
    """What every message of one kind says in one locale and configuration, whatever the
    payload: worked out once (see :func:`_frame`)."""

    words: Words
    title: str
    error_prefix: str
    label: str | None
    why: str | None
    secondary: Link | None


@functools.lru_cache(maxsize=1024)
def _frame(
    catalog: Catalog,
    kind: Kind,
    show_label: bool,
    show_why: bool,
    pricing_url: str | None,
    later: bool = False,
) -> _Frame:
    # Keyed by the settings it reads, so equal settings share it whatever else differs.
    words = words_of(catalog)
    copy = (words.later_copy if later else words.copy)[kind]
    return _Frame(
        words,
        title=copy.title,
        # Translators: read out by screen readers before the title; visually hidden.
        error_prefix=words.gettext("Error:"),
        label=copy.label if show_label else None,
        why=copy.why if show_why else None,
        secondary=_pricing(words, pricing_url) if kind.is_money else None,
    )


def present_low_balance(
    balance: Money,
    threshold: Money | None,
    catalog: Catalog,
    options: Options,
    *,
    runs_out_in: datetime.timedelta | None = None,
    recharge_url: str | None = None,
    return_to: str | None = None,
) -> Presentation:
    """A proactive "balance running low" message, before anything has stopped."""
    words = words_of(catalog)
    latin = options.latin_digits
    values = {"balance": format_money(balance, catalog, latin=latin)}
    if threshold is not None:
        values["threshold"] = format_money(threshold, catalog, latin=latin)
        # Translators: %(balance)s and %(threshold)s are formatted amounts in the nominative,
        # a predicate and in parentheses.
        mirror = words.gettext(
            "Your balance is %(balance)s, below your alert level (%(threshold)s)."
        )
    else:
        # Translators: %(balance)s is a formatted amount in the nominative, a predicate.
        mirror = words.gettext("Your balance is now %(balance)s.")
    sentence = words.sentence(mirror, values)
    if runs_out_in is not None and runs_out_in > datetime.timedelta(0):
        pace = _counted_sentence(
            words, catalog, RUNWAY_COPY, counted(runs_out_in, RUNWAY_UNITS, up=False), latin
        )
        sentence = Sentence((*sentence.parts, (words.gap, False), *pace.parts), sentence.isolate)
    notice = Notice(kind=Kind.INSUFFICIENT_BALANCE, balance=balance)
    return Presentation(
        lang=words.lang,
        dir=words.dir,
        gap=words.gap,
        kind="low_balance",
        is_money=True,
        title=words.gettext("Your balance is running low"),
        error_prefix=words.gettext("Notice:"),
        mirror=sentence,
        # True only while there is a balance left to run on.
        label=(
            # Translators: a low-balance warning, before anything has stopped.
            words.gettext("Requests still go through, so you can top up before any are refused.")
            if options.show_label and balance.amount > 0
            else None
        ),
        why=words.copy[Kind.INSUFFICIENT_BALANCE].why if options.show_why else None,
        wait=None,
        action=_action(notice, catalog, options, recharge_url, return_to),
        secondary=_pricing(words, options.pricing_url),
        details=None,
    )


def _wait(words: Words, notice: Notice, catalog: Catalog, latin: bool) -> Sentence:
    # At most a week: retry_after is whatever int the payload gave, which may be too large
    # for a timedelta.
    if notice.retry_after:
        delay = datetime.timedelta(seconds=min(notice.retry_after, 7 * 24 * 3600))
        # Rounded up: a wait is never said shorter than the service asked for.
        return _counted_sentence(
            words, catalog, WAIT_COPY, counted(delay, WAIT_UNITS, up=True), latin
        )
    return words.sentence(words.gettext("Wait a moment and try again."))


def _counted_sentence(
    words: Words,
    catalog: Catalog,
    table: Mapping[str, tuple[str, str, str]],
    unit_and_count: tuple[str, int],
    latin: bool,
) -> Sentence:
    """The sentence of ``table`` for a count of a unit, in the plural form for the count and
    in the digits of the message's amounts (one message never mixes two sets)."""
    unit, count = unit_and_count
    context, singular, plural = table[unit]
    text = catalog.ngettext(singular, plural, count, context)
    return words.sentence(text, {"count": format_count(count, catalog, latin=latin)})


def _action(
    notice: Notice,
    catalog: Catalog,
    options: Options,
    recharge_url: str | None,
    return_to: str | None,
) -> Link | None:
    """The call to action, for money kinds only: paying is not the way out of the others.

    The application's link (per call, else the Renderer's) wins over the payload's own, and
    either is shown only if it passes :func:`tactful._links.safe_link`.
    """
    kind = notice.kind
    if not kind.is_money:
        return None
    top_up = _top_up(notice, options)
    # What the link's placeholders get: exact texts ("5" and "5.0" are different links); an
    # unknown one stays empty, and fill_link leaves its query parameter out.
    values = (
        str(top_up.amount) if top_up else "",
        (top_up.unit if top_up else currency_of(notice) or options.currency) or "",
        return_to or "",
    )
    hosts = options.allowed_hosts
    template = recharge_url or options.recharge_url
    if template is not None:
        # The application's own link with a round top-up amount: the same few links, so each
        # is checked and labelled once.
        return _remembered_call_to_action(
            catalog, kind, top_up, template, values, hosts, options.latin_digits
        )
    if notice.recharge_url:  # the payload's own link: made for this message only
        return _call_to_action(
            catalog, kind, top_up, notice.recharge_url, values, hosts, options.latin_digits
        )
    return None


def _call_to_action(
    catalog: Catalog,
    kind: Kind,
    top_up: Money | None,
    template: str,
    values: tuple[str, str, str],
    allowed_hosts: frozenset[str],
    latin: bool,
) -> Link | None:
    amount, currency, return_to = values
    filled = fill_link(template, {"amount": amount, "currency": currency, "return_to": return_to})
    url = safe_link(filled, allowed_hosts)
    if url is None:  # never a link the checks refuse; a message without a button is fine
        return None
    words = words_of(catalog)
    copy = words.copy[kind]
    if copy.top_up_action is not None and top_up is not None:
        label = words.sentence(
            copy.top_up_action,
            {"amount": format_money(top_up, catalog, whole=True, latin=latin)},
        )
    else:
        assert copy.action is not None, "every money kind has a call to action"
        label = words.sentence(copy.action)
    return words.link(label, url)


_remembered_call_to_action = functools.lru_cache(maxsize=1024)(_call_to_action)


def _pricing(words: Words, pricing_url: str | None) -> Link | None:
    if pricing_url is None:
        return None
    return words.link(words.sentence(words.gettext("See pricing")), pricing_url)


def _details(
    words: Words,
    provider: str | None,
    code: str | None,
    http_status: int | None,
    message: str | None,
    request_id: str | None,
) -> Details | None:
    """The provider's own words and codes, cleaned and capped: a payload's text is shown as
    data, in a length no payload can stretch. ``request_id`` is the id to show, if any."""
    pairs: list[tuple[str, str]] = []
    if code:
        pairs.append((words.gettext("Code"), code))
    if http_status:
        pairs.append((words.gettext("HTTP status"), str(http_status)))
    if request_id:
        pairs.append((words.gettext("Request ID"), request_id))
    facts = [
        Fact(label, value, words.joined(label, value, from_payload=True)) for label, value in pairs
    ]
    message = clean_text(message, limit=_MAX_DETAIL_CHARS) if message else None
    if not message and not facts:
        return None
    provider = clean_text(provider, limit=60) if provider else ""
    source = (
        words.sentence(words.gettext("Message from %(provider)s"), {"provider": provider})
        if provider
        else words.sentence(words.gettext("Message from the service"))
    )
    message_line = words.joined(source, message, from_payload=True) if message else None
    return Details(words.gettext("Details"), source, message or None, tuple(facts), message_line)


def _top_up(notice: Notice, options: Options) -> Money | None:
    """The amount a "Top up" button names: the shortfall rounded to a figure a person would
    type, else the application's default; None where neither is known (the button then says
    "Add credit")."""
    shortfall = notice.shortfall
    if shortfall is not None and shortfall.is_currency and shortfall.amount > 0:
        return Money(suggested_top_up(shortfall), shortfall.unit)
    if options.default_top_up is not None and options.currency:
        return Money(options.default_top_up, options.currency)
    return None
