"""Stage 4: everything a template shows, formatted and translated for one locale.

Templates hold layout only. This module chooses the words (from the catalog), formats amounts
and durations (with Babel, from CLDR data), chooses and checks the links, and cleans the
provider's own text. What it returns is plain data: strings, and :class:`Sentence` objects
that escape themselves for HTML and isolate their values for right-to-left pages.

>>> from decimal import Decimal
>>> from tactful._locale import Catalog
>>> format_money(Money(Decimal("1234.5"), "EUR"), Catalog("de", {}))
'1.234,50\\xa0€'
>>> format_money(Money(Decimal("1.5"), "credits"), Catalog("en", {}))
'1.5 credits'
>>> suggested_top_up(Money(Decimal("0.38"), "USD"))
Decimal('1')
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal
from types import MappingProxyType
from typing import Any

from babel.numbers import get_currency_precision
from markupsafe import Markup, escape

from .. import _memo
from .._links import fill_link, safe_link
from .._locale import Catalog, text_direction
from .._model import Kind, Money, Notice, notice_amounts
from .._text import clean_text, strip_invisible
from .copy import COPY
from .money import currency_format, decimal_format

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
_LABEL_SEPARATOR_VALUE = re.compile(r"%\(label\)s([^%.][^%]*)%\(value\)s")
_NO_SPACE_BETWEEN_SENTENCES = frozenset({"zh", "ja", "yue"})
_MAX_DISPLAY_FRACTION = 3
_MAX_DETAIL_CHARS = 300


@dataclass(frozen=True, slots=True)
class Sentence:
    """Translated text with values in it, kept apart so each channel can treat them.

    ``str()`` gives plain text. In HTML the text is escaped, and with ``isolate`` every value
    sits in a ``<bdi>`` so that it reads correctly inside a right-to-left sentence. Our own
    amounts need that only in right-to-left locales; text from a payload may be right-to-left
    anywhere, so it is always isolated. The page's element structure therefore depends on the
    locale and the channel, never on which numbers a payload happened to carry.
    """

    parts: tuple[tuple[str, bool], ...]
    isolate: bool = False

    def __str__(self) -> str:
        return "".join([text for text, _ in self.parts])

    def __html__(self) -> Markup:
        if not self.isolate:
            return escape("".join([text for text, _ in self.parts]))
        return Markup(  # noqa: S704 - every part is escaped here
            "".join(
                [
                    f"<bdi>{escape(text)}</bdi>" if is_value else escape(text)
                    for text, is_value in self.parts
                ]
            )
        )

    def __bool__(self) -> bool:
        return any(text for text, _ in self.parts)

    def values(self) -> Iterator[str]:
        """The values in the sentence, for channels that escape them differently."""
        return (text for text, is_value in self.parts if is_value)


def interpolate(template: str, values: Mapping[str, str], *, isolate: bool = False) -> Sentence:
    """Put ``values`` into a trusted catalog ``template`` at its ``%(name)s`` placeholders.

    Values are inserted as data: nothing in them is read as a placeholder or format spec.

    >>> str(interpolate("Top up %(amount)s at 100%%", {"amount": "{0:>99}"}))
    'Top up {0:>99} at 100%'
    """
    return Sentence(_filled(template, values), isolate)


def _filled(template: str, values: Mapping[str, str]) -> tuple[tuple[str, bool], ...]:
    """The parts of ``template`` with ``values`` in it, empty ones left out."""
    parts: list[tuple[str, bool]] = []
    value = ""  # the value just put in, if the last piece was a placeholder
    for text, name in _pieces(template):
        if name is None:
            # Some CLDR symbols end in a full stop ("0,12 щ.д."): a sentence that ends right
            # after such a value must not end in "..".
            if text[:1] == "." and value[-1:] == ".":
                text = text[1:]
            if text:
                parts.append((text, False))
        elif name == "%":
            parts.append(("%", False))
            value = ""
        else:
            value = values.get(name, "")
            if value:
                parts.append((value, True))
    return tuple(parts)


@functools.lru_cache(maxsize=2048)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """A catalog template read once: texts (name None) and placeholders ("%" for "%%"), in
    turn, starting and ending with a text."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        pieces.append((template[position : match.start()], None))
        pieces.append(("", "%" if match.group(0) == "%%" else match.group(1)))
        position = match.end()
    pieces.append((template[position:], None))
    return tuple(pieces)


@functools.lru_cache(maxsize=2048)
def _constant(template: str, isolate: bool) -> Sentence:
    """A catalog sentence without values: the same for every message, so made once."""
    return interpolate(template, {}, isolate=isolate)


@dataclass(frozen=True)
class Link:
    """A call to action or secondary link: a translated label and a checked URL.

    ``line`` joins the two the way the language does ("Top up $5: https://..."), for text.
    """

    label: Sentence
    url: str
    line: Sentence


@dataclass(frozen=True)
class Fact:
    """A technical detail: ``line`` is label and value joined as the language writes it."""

    label: str
    value: str
    line: Sentence


@dataclass(frozen=True)
class Details:
    """The provider's own words and codes, for those who need them."""

    heading: str
    source: Sentence
    message: str | None
    facts: tuple[Fact, ...]
    message_line: Sentence | None


@dataclass(frozen=True)
class Presentation:
    """The template context: every field is final text, already translated and formatted."""

    lang: str
    dir: str
    gap: str
    """What separates two sentences: a space, or nothing in Chinese and Japanese."""
    kind: str
    is_money: bool
    title: str
    error_prefix: str
    mirror: Sentence
    label: str | None
    why: str | None
    wait: Sentence | None
    action: Link | None
    secondary: Link | None
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

    Remembered (see :mod:`tactful._memo`) by everything it reads but the request id: the
    notice's other fields (``raw`` is not read), the catalog (immutable, one object per
    locale and directory), the options (frozen) and the two links, with numbers keyed by
    type and spelling. The request id, when shown, is the last fact of the details, so it is
    added to the remembered presentation.
    """
    try:
        key = _memo.Key(
            (
                _notice_key(notice),
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
    if not notice.request_id or not (options.show_details and options.show_ids):
        presentation = found
    else:
        presentation = replace(
            found, details=_with_request_id(found.details, notice, catalog, options)
        )
    return _memo.checked(
        presentation,
        lambda: _present(notice, catalog, options, recharge_url, return_to),
        "presentation",
    )


_NOTICE_KEY_FIELDS = tuple(
    f.name for f in dataclasses.fields(Notice) if f.name not in ("raw", "request_id")
)


def _notice_key(notice: Notice) -> tuple[Any, ...]:
    """What :func:`present` reads of a notice, but its request id (added after the memo)."""
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
    # Called on a miss only: the notice is presented without its request id.
    notice, catalog, options, recharge_url, return_to = key.payload
    without_id = replace(notice, request_id=None, raw=None)
    return _present(without_id, catalog, options, recharge_url, return_to)


def _with_request_id(
    details: Details | None, notice: Notice, catalog: Catalog, options: Options
) -> Details | None:
    """``details`` with the notice's request id as their last fact, as _details adds it."""
    words = _words(catalog)
    if details is None:  # no code, status or message: the id is the only detail
        return _details(words, notice, options)
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
    kind = notice.kind
    frame = _frame(catalog, kind, options.show_label, options.show_why, options.pricing_url)
    words = frame.words
    amounts = _formatted_amounts(notice, catalog) if options.show_amounts else {}
    return Presentation(
        lang=words.lang,
        dir=words.dir,
        gap=words.gap,
        kind=kind.value,
        is_money=kind.is_money,
        title=frame.title,
        error_prefix=frame.error_prefix,
        mirror=words.sentence(words.copy[kind].mirror(amounts), amounts),
        label=frame.label,
        why=frame.why,
        wait=_wait(words, notice, catalog) if kind is Kind.RATE_LIMIT else None,
        action=_action(notice, catalog, options, recharge_url, return_to),
        secondary=frame.secondary,
        details=_details(words, notice, options) if options.show_details else None,
    )


@dataclass(frozen=True, slots=True)
class _Frame:
    """What every message of one kind says in one locale and configuration, whatever the
    payload: worked out once (see :func:`_frame`)."""

    words: _Words
    title: str
    error_prefix: str
    label: str | None
    why: str | None
    secondary: Link | None


@functools.lru_cache(maxsize=1024)
def _frame(
    catalog: Catalog, kind: Kind, show_label: bool, show_why: bool, pricing_url: str | None
) -> _Frame:
    # Keyed by the settings it reads, so equal settings share it whatever else differs.
    words = _words(catalog)
    copy = words.copy[kind]
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
    words = _words(catalog)
    values = {"balance": format_money(balance, catalog)}
    if threshold is not None:
        values["threshold"] = format_money(threshold, catalog)
        mirror = words.gettext(
            "Your balance is %(balance)s, below your alert level of %(threshold)s."
        )
    else:
        mirror = words.gettext("Your balance is down to %(balance)s.")
    sentence = words.sentence(mirror, values)
    if runs_out_in is not None and runs_out_in > datetime.timedelta(0):
        pace = words.sentence(
            words.gettext("At your recent pace, it runs out in about %(time)s."),
            {"time": _duration(runs_out_in, catalog)},
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
        label=(
            words.gettext(
                "Nothing has stopped yet, so you can top up before any work is interrupted."
            )
            if options.show_label
            else None
        ),
        why=words.copy[Kind.INSUFFICIENT_BALANCE].why if options.show_why else None,
        wait=None,
        action=_action(notice, catalog, options, recharge_url, return_to),
        secondary=_pricing(words, options.pricing_url),
        details=None,
    )


@functools.lru_cache(maxsize=256)
def _words(catalog: Catalog) -> _Words:
    return _Words(catalog)


class _Words:
    """The catalog, under the names Babel's extractor looks for (gettext, ngettext)."""

    def __init__(self, catalog: Catalog) -> None:
        self.gettext: Callable[[str], str] = catalog.gettext
        self.ngettext: Callable[[str, str, Decimal | int], str] = catalog.ngettext
        self.lang = catalog.locale_id.replace("_", "-")
        self.dir = text_direction(self.lang)
        self.rtl = self.dir == "rtl"
        self.gap = "" if catalog.locale.language in _NO_SPACE_BETWEEN_SENTENCES else " "
        # Translators: how a label and its value are joined, as in "Code: 402". Use your
        # language's punctuation (French "%(label)s : %(value)s", Chinese full-width "：").
        self.join_pattern = self.gettext("%(label)s: %(value)s")
        # Every shipped catalog writes it as label, separator, value: then no need to read the
        # pattern for each line (a separator starting with "." would need _filled's rule).
        plain = _LABEL_SEPARATOR_VALUE.fullmatch(self.join_pattern)
        self.separator = plain.group(1) if plain else None
        # Every Kind's copy, translated once per catalog: a handful of lookups, after which
        # choosing a sentence is a read of this table.
        self.copy = {kind: row.translated(self.gettext) for kind, row in COPY.items()}

    def sentence(self, template: str, values: Mapping[str, str] | None = None) -> Sentence:
        """A catalog sentence with our own formatted values (isolated in RTL locales)."""
        if not values:
            return _constant(template, self.rtl)
        return interpolate(template, values, isolate=self.rtl)

    def joined(self, label: str, value: str, *, from_payload: bool = False) -> Sentence:
        # Only the value is isolated: the label is the page's own language (unless it reads
        # exactly as the value).
        isolate = from_payload or self.rtl
        if self.separator is not None:
            parts = ((label, label == value), (self.separator, False), (value, True))
            return Sentence(tuple(part for part in parts if part[0]), isolate)
        filled = _filled(self.join_pattern, {"label": label, "value": value})
        return Sentence(tuple((t, v and t == value) for t, v in filled), isolate)

    def link(self, label: Sentence, url: str) -> Link:
        return Link(label, url, self.joined(str(label), url))


def _wait(words: _Words, notice: Notice, catalog: Catalog) -> Sentence:
    if notice.retry_after:
        delay = datetime.timedelta(seconds=min(notice.retry_after, 7 * 24 * 3600))
        return words.sentence(
            words.gettext("Wait %(time)s and try again."), {"time": _duration(delay, catalog)}
        )
    return words.sentence(words.gettext("Wait a moment and try again."))


def _duration(delta: datetime.timedelta, catalog: Catalog) -> str:
    # Imported here: babel.dates (and the time zone data it loads) is only needed for the
    # messages that say how long to wait.
    from babel.dates import format_timedelta

    return strip_invisible(
        format_timedelta(delta, threshold=1.0, format="long", locale=catalog.locale)
    )


def _action(
    notice: Notice,
    catalog: Catalog,
    options: Options,
    recharge_url: str | None,
    return_to: str | None,
) -> Link | None:
    kind = notice.kind
    if not kind.is_money:
        return None
    top_up = _top_up(notice, options)
    # What the link's placeholders get: exact texts ("5" and "5.0" are different links).
    values = (
        str(top_up.amount) if top_up else "",
        (top_up.unit if top_up else options.currency) or "",
        return_to or "",
    )
    hosts = options.allowed_hosts
    template = recharge_url or options.recharge_url
    if template is not None:
        # The application's own link with a round top-up amount: the same few links, so each
        # is checked and labelled once.
        return _call_to_action(catalog, kind, top_up, template, values, hosts)
    if notice.recharge_url:  # the payload's own link: made for this message only
        return _call_to_action.__wrapped__(
            catalog, kind, top_up, notice.recharge_url, values, hosts
        )
    return None


@functools.lru_cache(maxsize=1024)
def _call_to_action(
    catalog: Catalog,
    kind: Kind,
    top_up: Money | None,
    template: str,
    values: tuple[str, str, str],
    allowed_hosts: frozenset[str],
) -> Link | None:
    amount, currency, return_to = values
    filled = fill_link(template, {"amount": amount, "currency": currency, "return_to": return_to})
    url = safe_link(filled, allowed_hosts)
    if url is None:
        return None
    words = _words(catalog)
    copy = words.copy[kind]
    if copy.top_up_action is not None and top_up is not None:
        label = words.sentence(
            copy.top_up_action, {"amount": format_money(top_up, catalog, whole=True)}
        )
    else:
        assert copy.action is not None, "every money kind has a call to action"
        label = words.sentence(copy.action)
    return words.link(label, url)


def _pricing(words: _Words, pricing_url: str | None) -> Link | None:
    if pricing_url is None:
        return None
    return words.link(words.sentence(words.gettext("See pricing")), pricing_url)


def _details(words: _Words, notice: Notice, options: Options) -> Details | None:
    pairs: list[tuple[str, str]] = []
    if notice.code:
        pairs.append((words.gettext("Code"), notice.code))
    if notice.http_status:
        pairs.append((words.gettext("HTTP status"), str(notice.http_status)))
    if notice.request_id and options.show_ids:
        pairs.append((words.gettext("Request ID"), notice.request_id))
    facts = [
        Fact(label, value, words.joined(label, value, from_payload=True)) for label, value in pairs
    ]
    message = clean_text(notice.message, limit=_MAX_DETAIL_CHARS) if notice.message else None
    if not message and not facts:
        return None
    provider = clean_text(notice.provider, limit=60) if notice.provider else ""
    source = (
        words.sentence(words.gettext("Message from %(provider)s"), {"provider": provider})
        if provider
        else words.sentence(words.gettext("Message from the service"))
    )
    message_line = words.joined(str(source), message, from_payload=True) if message else None
    return Details(words.gettext("Details"), source, message or None, tuple(facts), message_line)


# ---- numbers --------------------------------------------------------------------------------


def _formatted_amounts(notice: Notice, catalog: Catalog) -> Mapping[str, str]:
    return _Amounts(catalog, notice_amounts(notice))


class _Amounts(Mapping[str, str]):
    """The notice's amounts, each formatted when a sentence first shows it: the sentence is
    chosen by which amounts there are, and shows only some of them."""

    def __init__(self, catalog: Catalog, found: dict[str, Money]) -> None:
        self._catalog = catalog
        self._found = found
        self._formatted: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        text = self._formatted.get(name)
        if text is None:
            text = self._formatted[name] = format_money(self._found[name], self._catalog)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


def format_money(money: Money, catalog: Catalog, *, whole: bool = False) -> str:
    """An amount in the reader's conventions: currency by CLDR, units with plural forms.

    ``whole`` drops the fraction of a whole currency amount ("Top up $5", not "$5.00").
    Bidi marks that CLDR puts into some patterns are removed; HTML isolates values instead.
    """
    amount = money.amount
    if money.is_currency:
        assert money.unit is not None
        whole = whole and amount == amount.to_integral_value()
        return _currency_format(catalog, money.unit, whole)(amount)
    shown = _displayed(amount)
    number = _decimal_format(catalog)(shown)
    words = _words(catalog)
    unit = money.unit
    # Translators: %(count)s is a formatted number, possibly with decimals ("1.5"); give every
    # plural category of your language (the form is chosen by CLDR rules for the shown number).
    if unit == "credits":
        text = words.ngettext("%(count)s credit", "%(count)s credits", shown)
    elif unit == "tokens":
        text = words.ngettext("%(count)s token", "%(count)s tokens", shown)
    elif unit == "characters":
        text = words.ngettext("%(count)s character", "%(count)s characters", shown)
    elif unit == "searches":
        text = words.ngettext("%(count)s search", "%(count)s searches", shown)
    elif unit == "requests":
        text = words.ngettext("%(count)s request", "%(count)s requests", shown)
    elif unit == "points":
        text = words.ngettext("%(count)s point", "%(count)s points", shown)
    elif unit is None:
        return number
    else:
        text = words.ngettext("%(count)s unit", "%(count)s units", shown)
    return "".join([part for part, _ in _filled(text, {"count": number})])


# The formatters of _numbers are cached by Babel locale, which hashes in Python for each
# amount; a catalog hashes as itself.


@functools.lru_cache(maxsize=1024)
def _currency_format(catalog: Catalog, currency: str, whole: bool) -> Callable[[Decimal], str]:
    return currency_format(catalog.locale, currency, whole=whole)


@functools.lru_cache(maxsize=256)
def _decimal_format(catalog: Catalog) -> Callable[[Decimal], str]:
    return decimal_format(catalog.locale)


def _displayed(amount: Decimal) -> Decimal:
    # The value as a reader sees it (at most three decimals, no trailing zeros), so the plural
    # category is the one CLDR gives for the shown number.
    places = Decimal(1).scaleb(-_MAX_DISPLAY_FRACTION)
    shown = amount.quantize(places).normalize()
    return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown


def _top_up(notice: Notice, options: Options) -> Money | None:
    shortfall = notice.shortfall
    if shortfall is not None and shortfall.is_currency and shortfall.amount > 0:
        return Money(suggested_top_up(shortfall), shortfall.unit)
    if options.default_top_up is not None and options.currency:
        return Money(options.default_top_up, options.currency)
    return None


def suggested_top_up(shortfall: Money) -> Decimal:
    """The shortfall rounded up to a figure a person would type: 1, 2, 5, 10, 20, 50, ...

    Currencies without minor units start at 100 (¥100, not ¥1).
    """
    floor = Decimal(1)
    if shortfall.unit and shortfall.is_currency and get_currency_precision(shortfall.unit) == 0:
        floor = Decimal(100)
    need = max(shortfall.amount, floor).to_integral_value(rounding=ROUND_CEILING)
    # adjusted(), not the length of str(need): a payload's "1E+2" is 100 with a 4-character str
    magnitude = Decimal(10) ** need.adjusted()
    for step in (1, 2, 5, 10):
        candidate = magnitude * step
        if candidate >= need:
            return candidate
    return need
