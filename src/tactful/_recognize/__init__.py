"""Stage 2: decide what happened, and with which numbers, from decoded data.

Recognition is table-driven and additive (the tables are in ``_providers``): provider codes,
phrases in English, Chinese and other languages providers answer in, statuses and hosts each
add evidence for a :class:`Kind`, with a weight; the strongest evidence wins. The HTTP status
alone never decides, because providers send out-of-credit as 400, 402, 403, 429 and even 500,
and some send 402 for limits that have nothing to do with money. Applications can put their
own recognizers ahead of the built-in ones.

>>> recognize(decode('{"error":{"code":"INSUFFICIENT_BALANCE","message":"Top up."}}')).kind
<Kind.INSUFFICIENT_BALANCE: 'insufficient_balance'>
>>> n = recognize(decode("402 You requested up to 4096 tokens, but can only afford 4000."))
>>> n.kind.value, n.cost, n.balance, n.shortfall
('insufficient_balance', Money(amount=Decimal('4096'), unit='tokens'), \
Money(amount=Decimal('4000'), unit='tokens'), Money(amount=Decimal('96'), unit='tokens'))
>>> recognize(decode("429 Quota exceeded for requests per minute. Try again in 20s.")).kind
<Kind.RATE_LIMIT: 'rate_limit'>
>>> recognize(decode("用户额度不足, 剩余额度: ＄-0.50")).balance
Money(amount=Decimal('-0.5'), unit='USD')
"""

from __future__ import annotations

import bisect
import functools
import logging
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any, NamedTuple

from .. import _memo
from .._decode import Decoded, decode
from .._links import MAX_URL_CHARS
from .._model import Kind, Money, Notice
from .._rules import amounts as amount_rules
from .._rules import fields as field_rules
from .._rules import kinds as kind_rules
from .._rules import links as link_rules
from .._rules import phrases as phrase_rules
from .._rules.providers import PROVIDERS
from .._text import clean_text
from .gates import Gate, GateSet, Scan
from .providers import ProviderIndex

Recognizer = Callable[[Any, "int | None"], "Kind | Notice | None"]
"""An application's own recognizer: ``(decoded_data, http_status) -> Kind | Notice | None``.

Recognizers run before the built-in ones, in order. Return ``None`` to pass, a :class:`Kind`
to decide the kind (tactful still reads the numbers and links), or a whole :class:`Notice` to
take over. A recognizer that raises is logged and skipped.
"""

MAX_MESSAGE_CHARS = 500
_MAX_TEXT_CHARS = 16 * 1024
_MAX_AMOUNT_DIGITS = 15
_AMOUNT_PLACES = Decimal("0.00000001")
_LOG = logging.getLogger("tactful")
_RE = re.IGNORECASE

_CODE_KIND = {code: kind for kind, codes in kind_rules.CODES.items() for code in codes}
_KINDS = tuple(Kind)  # iterating the enum itself costs a microsecond each time
# The patterns applied to a payload's prose: one scan of the prose says which of them can
# match it at all (see _prefilter), and only those run; each is compiled when it first runs.
_PROSE = PROSE_GATES = GateSet()
_PHRASES = tuple(
    (kind, weight, _PROSE.add(pattern, _RE))
    for kind, entries in phrase_rules.PHRASES.items()
    for weight, pattern in entries
)
_PHRASE_BY_GATE = {gate.index: (kind, weight, gate) for kind, weight, gate in _PHRASES}
_RATE_WINDOW = _PROSE.add(phrase_rules.RATE_WINDOW, _RE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?。！？])\s+|\n")
# Registered by name, so that the order the records are written in changes nothing.
_PROVIDER_WORDS = {
    record.name: _PROSE.add(record.words)
    for record in sorted(PROVIDERS, key=lambda record: record.name)
    if record.words
}
_PROVIDERS = ProviderIndex(PROVIDERS, _PROVIDER_WORDS)
# Identifiers in prose are codes too: RESOURCE_EXHAUSTED, ThrottlingException, CardError.
_PROSE_CODE = _PROSE.add(
    r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\b"
)
_PROSE_CODE_WORD = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][A-Za-z0-9]*(?:Exception|Error)")
# A capital and the rest of its word (the regex engine skips to capitals by itself; the start
# of the word is checked after).
_CAPITALIZED = re.compile(r"[A-Z]\w*")
_WORD_CHAR = re.compile(r"\w")
_CODE_SEGMENT = re.compile(r"[./:]")
_NOT_CODE_CHAR = re.compile(r"[^a-z0-9]")

_URL_CHAR = r"[^\s<>\"'`\\)\]}]"
_URL = re.compile(rf"https?://{_URL_CHAR}{{1,2000}}", _RE)
_URL_GOES_ON = re.compile(_URL_CHAR)  # a _URL match followed by this was cut
_SPACE = re.compile(r"\s")  # the white space that ends a URL, as _URL reads it
# Past this many URLs, or under this length, one substitution over the whole text is quicker.
_MAX_URL_WINDOWS = 16
_SHORT_PROSE = 512
_TOP_UP_CUE = re.compile(link_rules.TOP_UP_CUE, _RE)
_TOP_UP_PATH = re.compile(link_rules.TOP_UP_PATH, _RE)
_DOCS_PATH = re.compile(link_rules.DOCS_PATH, _RE)
_SHORT_WINDOW = re.compile(phrase_rules.SHORT_WINDOW, _RE)
_LIMIT_UPSELL = re.compile(phrase_rules.LIMIT_UPSELL, _RE)
_BARE_HOST = _PROSE.add(
    r"\b(?:[a-z0-9-]{1,63}\.){1,6}(?:" + "|".join(link_rules.BARE_HOST_ENDINGS) + r")\b", _RE
)
_REQUEST_ID_PROSE = _PROSE.add(
    r"\b(?:request[ _-]?id|x-amzn-requestid|debug[ _-]?id)\b[\"']?\s*[:=]\s*[\"']?"
    r"(?P<id>[A-Za-z0-9][A-Za-z0-9_\-:.]{5,127})",
    _RE,
)

# ---- amounts in prose -----------------------------------------------------------------------

_UNIT_ALTERNATION = amount_rules.UNIT_ALTERNATION
# Plain decimals only: not part of a word or of a longer number ("v1.5", "0xff", "1e999",
# "1.000,00" are not amounts), optionally signed, optionally with thousands separators.
_NUMBER = (
    r"(?<![A-Za-z0-9_.,])[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,16})(?:\.[0-9]{1,12})?"
    r"(?![0-9,.]*[0-9])(?![A-Za-z_])"
)
_AMOUNT = (
    rf"(?:(?P<neg>[-−])?(?P<sym>US\$|CA\$|[CAR]\$|[$＄€£￡¥￥₹₩￦₽])\s?(?P<n1>{_NUMBER})"
    rf"|(?P<n2>{_NUMBER})\s?(?:(?P<code>{'|'.join(sorted(amount_rules.CURRENCY_CODES))})\b"
    rf"|(?P<word>{_UNIT_ALTERNATION})\b|(?P<sym2>[$€£¥￥])?))"
)


def _amount_pattern(before: str, after: str = "") -> Gate:
    # Providers quote figures sometimes ("capacity '60'"); a quote may stand on either side.
    return _PROSE.add(before + r"\s*~?['\"‘“]?(?P<amount>" + _AMOUNT + r")['\"’”]?" + after, _RE)


# (role, pattern) from the table of contexts: one amount each; a role found first is kept.
_PROSE_AMOUNTS: tuple[tuple[str, Gate], ...] = tuple(
    (role, _amount_pattern(before, after)) for role, before, after in amount_rules.AMOUNT_CONTEXTS
)
_AMOUNT_BY_GATE = {gate.index: (role, gate) for role, gate in _PROSE_AMOUNTS}
_RETRY_PROSE = _PROSE.add(
    r"\b(?:(?:try|retry) (?:again )?(?:in|after)|wait(?: for)?) ~?(?:(?P<m>\d{1,4})m)?"
    r"(?P<s>\d{1,6}(?:\.\d+)?)\s?(?:s\b|sec|seconds?)|\b(?:(?:try|retry) (?:again )?(?:in|after)"
    r"|wait(?: for)?) ~?(?P<mo>\d{1,4})\s?(?:m\b|min|minutes?)|(?P<zh>\d{1,6})\s*秒(?:后|之后)",
    _RE,
)
_DURATION = re.compile(r"(?:(?P<m>\d{1,4})m)?(?P<s>\d{1,6}(?:\.\d{1,9})?)s?")
_RATE_UNIT = _PROSE.add(
    r"\b(?P<unit>tokens?|requests?|characters?|calls|api calls) (?:per|/) ?"
    r"(?:second|minute|min|hour|day)\b",
    _RE,
)


@dataclass
class _Evidence:
    """What the decoded payload contains, gathered in one bounded walk."""

    codes: list[str] = field(default_factory=list)
    raw_codes: list[tuple[str, str]] = field(default_factory=list)
    prose_codes: list[str] = field(default_factory=list)
    prose_code_names: list[str] = field(default_factory=list)
    messages: list[tuple[int, str]] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    currency: str | None = None
    currency_depth: int = 1_000
    request_ids: list[str] = field(default_factory=list)
    """The strings of request-id members, in document order: identifiers, not words, so they
    are not among ``texts`` (and a memo key can leave them out: see _memo.Shape)."""
    urls: list[tuple[str, str]] = field(default_factory=list)
    """(url, the words before it)."""
    payload_links: list[str] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    retry: list[Any] = field(default_factory=list)
    envelope_provider: str | None = None
    """The provider whose own error envelope the payload is."""
    short_window: bool = False
    """A member says the limit that was hit is counted per second, minute or hour."""


def parse(
    payload: Any,
    *,
    http_status: int | None = None,
    recognizers: Sequence[Recognizer] = (),
) -> Notice:
    """Read ``payload`` into a :class:`Notice`. Never raises for any payload."""
    return recognize(decode(payload, http_status=http_status), recognizers)


def recognize(decoded: Decoded, recognizers: Sequence[Recognizer] = ()) -> Notice:
    """Classify decoded data and extract its numbers and links; apps' recognizers go first.

    Without recognizers of the application's, what is read from a payload is remembered (see
    :mod:`tactful._memo`): the same body with another request id is read once.
    """
    if recognizers:
        return _recognize_with(decoded, recognizers)
    shape = _memo.shape_of(decoded.data, _shape_extra(decoded), decoded)
    if shape is None:
        evidence = _gather(decoded)
        status = _status(decoded, evidence)
        return _build(decoded, evidence, status, _request_id(decoded, evidence), decoded.data)
    found = (_remembered if shape.small else _remembered_large)(shape)
    shape.payload = None  # the memo keeps the key: not the payload it was made from
    notice = replace(
        found.notice,
        request_id=_first_request_id(shape.ids, decoded, lambda: found.prose_request_id),
        raw=decoded.data,
    )
    return _memo.checked(notice, lambda: _recognize_with(decoded, ()), "recognition")


def _recognize_with(decoded: Decoded, recognizers: Sequence[Recognizer]) -> Notice:
    evidence = _gather(decoded)
    status = _status(decoded, evidence)
    decided: Kind | None = None
    for recognizer in recognizers:
        try:
            verdict = recognizer(decoded.data, status)
        except Exception:  # an application's recognizer must not break the error path
            _LOG.warning("tactful: recognizer %r raised; skipped", recognizer, exc_info=True)
            continue
        if isinstance(verdict, Notice):
            return verdict
        if isinstance(verdict, Kind):
            decided = verdict
            break
    notice = _build(decoded, evidence, status, _request_id(decoded, evidence), decoded.data)
    return replace(notice, kind=decided) if decided is not None else notice


class _Remembered(NamedTuple):
    """What the recognition memo holds for a payload shape: the notice without its request id
    and payload, and the request id its prose names (used when no member or header has one)."""

    notice: Notice
    prose_request_id: str | None


def _read_shape(shape: _memo.Shape) -> _Remembered:
    # Called on a miss only, with the payload the shape was made from.
    decoded: Decoded = shape.payload
    evidence = _gather(decoded)
    # Neither the request id nor the payload: the memo fills both in on every call.
    notice = _build(decoded, evidence, _status(decoded, evidence), None, None)
    return _Remembered(notice, _prose_request_id(evidence))


# Many small shapes, few large ones (see _memo.SMALL_SHAPE_CHARS).
_remembered = functools.lru_cache(maxsize=256)(_read_shape)
_remembered_large = functools.lru_cache(maxsize=8)(_read_shape)


_HEADERS_READ = ("retry-after", "retry-after-ms", "date")
"""The headers recognition reads besides request ids (those are read anew on every call)."""


def _shape_extra(decoded: Decoded) -> tuple[Any, ...]:
    """What recognition reads of ``decoded`` besides its data: see _memo.Shape."""
    return (
        decoded.http_status,
        decoded.text if decoded.salvaged else None,
        decoded.prose,
        bool(decoded.request_id),
        tuple(decoded.headers.get(name) for name in _HEADERS_READ),
    )


def _status(decoded: Decoded, ev: _Evidence) -> int | None:
    return decoded.http_status or (ev.statuses[0] if ev.statuses else None)


def _build(
    decoded: Decoded, ev: _Evidence, status: int | None, request_id: str | None, raw: Any
) -> Notice:
    prose = _PROSE.scan(_prose(ev.texts))
    ev.prose_code_names = _prose_codes(prose)
    ev.prose_codes = [_normalized(name) for name in ev.prose_code_names]
    provider = _provider(ev, prose)
    kind = _classify(ev, prose, status, provider)
    amounts = _amounts(ev, prose)
    balance, cost = amounts.get("balance"), amounts.get("cost")
    shortfall = amounts.get("shortfall") or _difference(cost, balance)
    return Notice(
        kind=kind,
        provider=provider,
        http_status=status,
        code=_best_code(ev),
        message=_best_message(ev),
        balance=balance,
        cost=cost,
        shortfall=shortfall,
        limit=amounts.get("limit"),
        used=amounts.get("used"),
        retry_after=_retry_after(decoded, ev, prose),
        recharge_url=_recharge_link(ev),
        request_id=request_id,
        raw=raw,
    )


# ---- gathering ------------------------------------------------------------------------------


def _gather(decoded: Decoded) -> _Evidence:
    ev = _Evidence()
    data = decoded.data
    if isinstance(data, str):
        ev.texts.append(data)
        ev.messages.append((0, data))
    else:
        _walk(ev, data, "", 0)
    if decoded.salvaged and decoded.text:
        ev.texts.append(decoded.text)
    if decoded.prose:
        ev.texts.append(decoded.prose)
    if isinstance(data, Mapping):
        ev.envelope_provider = _PROVIDERS.of_envelope(data)
    for text in ev.texts:
        if "://" not in text:  # every URL has it, whatever its case
            continue
        text = text[:_MAX_TEXT_CHARS]
        for match in _URL.finditer(text):
            if _URL_GOES_ON.match(text, match.end()):
                continue  # longer than any link tactful shows: cut, it is another address
            url = match.group(0).rstrip(".,;:!?")
            ev.urls.append((url, text[max(0, match.start() - 60) : match.start()]))
    return ev


def _walk(ev: _Evidence, data: Any, key: str, depth: int) -> None:
    """Note every leaf as ``(key, value, depth)``, and every object that is a member's value
    (an amount may be ``{"amount": "4.50", "currency": "USD"}``), in document order; the
    decoder already capped the size, and made every object a dict and every array a list."""
    # Strings, most of any payload, are asked about first: by exact type, one quick test.
    if isinstance(data, dict):
        depth += 1
        for child_key, value in data.items():
            name = str(child_key)
            if type(value) is str and name.lower() not in _KEY_KINDS:
                ev.texts.append(value)  # all that _note does with it, in line
            elif isinstance(value, dict):
                _note(ev, name, value, depth)
                _walk(ev, value, name, depth)
            elif isinstance(value, list):
                _walk(ev, value, name, depth)
            else:
                _note(ev, name, value, depth)
    elif isinstance(data, list):
        depth += 1
        named = key.lower() in _KEY_KINDS
        for value in data:
            if type(value) is str and not named:
                ev.texts.append(value)  # as above; _note ignores the rest under such a key
            elif isinstance(value, (dict, list)):
                _walk(ev, value, key, depth)
            elif named:
                _note(ev, key, value, depth)
    else:
        _note(ev, key, data, depth)


# What a member's name says its value is, as bits: one dictionary look-up per member.
_CODE_KEY, _HINT_KEY, _MESSAGE_KEY, _REQUEST_ID_KEY, _URL_KEY, _CURRENCY_KEY = (1, 2, 4, 8, 16, 32)
_PROVIDER_KEY, _STATUS_KEY, _FIELD_KEY, _AMOUNT_KEY, _RETRY_KEY, _WINDOW_KEY = (
    64,
    128,
    256,
    512,
    1024,
    2048,
)
_TEXT_KEYS = (
    _CODE_KEY
    | _HINT_KEY
    | _MESSAGE_KEY
    | _REQUEST_ID_KEY
    | _URL_KEY
    | _CURRENCY_KEY
    | _PROVIDER_KEY
)
_KEY_KINDS: dict[str, int] = {}
for _bit, _keys in (
    (_CODE_KEY, field_rules.CODE_KEYS),
    (_HINT_KEY, field_rules.HINT_KEYS),
    (_MESSAGE_KEY, field_rules.MESSAGE_KEYS),
    (_REQUEST_ID_KEY, field_rules.REQUEST_ID_KEYS),
    (_URL_KEY, field_rules.URL_KEYS),
    (_CURRENCY_KEY, field_rules.CURRENCY_KEYS),
    (_PROVIDER_KEY, field_rules.PROVIDER_KEYS),
    (_STATUS_KEY, field_rules.STATUS_KEYS),
    (_FIELD_KEY, frozenset(field_rules.FIELD_ROLES)),
    (_AMOUNT_KEY, field_rules.AMOUNT_KEYS),
    (_RETRY_KEY, field_rules.RETRY_KEYS),
    (_WINDOW_KEY, field_rules.WINDOW_KEYS),
):
    for _key in _keys:
        _KEY_KINDS[_key] = _KEY_KINDS.get(_key, 0) | _bit


def _note(ev: _Evidence, key: str, value: Any, depth: int) -> None:
    lowered = key.lower()
    kinds = _KEY_KINDS.get(lowered, 0)
    if isinstance(value, str):
        if kinds & _REQUEST_ID_KEY:
            ev.request_ids.append(value)  # an identifier: not words, not a text to read
            return
        ev.texts.append(value)
        if kinds & _TEXT_KEYS:
            _note_text(ev, lowered, kinds, value, depth)
    if not kinds:
        return
    is_status = isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599
    if kinds & _STATUS_KEY and is_status:
        ev.statuses.append(value)
    if kinds & _FIELD_KEY and lowered not in ev.fields:
        ev.fields[lowered] = value
    if kinds & _AMOUNT_KEY and isinstance(value, (int, Decimal, str)):
        ev.fields.setdefault("$amount", value)
    if kinds & _RETRY_KEY:
        ev.retry.append(value)
    if kinds & _WINDOW_KEY and isinstance(value, str) and _SHORT_WINDOW.fullmatch(value.strip()):
        ev.short_window = True


def _note_text(ev: _Evidence, lowered: str, kinds: int, value: str, depth: int) -> None:
    if kinds & _CODE_KEY:
        # Shown as the code whatever it holds (cleaned and capped), so that the message's
        # shape does not depend on what a provider put there; only short values classify.
        ev.raw_codes.append((lowered, value))
        if len(value) <= 120:
            ev.codes.extend(_code_tokens(value))
    if kinds & _HINT_KEY:
        ev.hints.append(value)
    elif kinds & _MESSAGE_KEY:
        ev.messages.append((depth, value))
    if kinds & _URL_KEY:
        ev.payload_links.append(value.strip())
    if kinds & _CURRENCY_KEY and depth < ev.currency_depth:
        # The document's own currency is the shallowest one named.
        unit = _unit_name(value)
        if unit is not None:
            ev.currency, ev.currency_depth = unit, depth
    if kinds & _PROVIDER_KEY:
        ev.providers.append(value[:100])


def _code_tokens(value: str) -> list[str]:
    # Only ASCII codes are trusted: a homoglyph ("ІNSUFFICIENT_BALANCE" with a Cyrillic І) is
    # not the code it imitates. Dotted and slashed names give their last segment too.
    if not value.isascii():
        return []
    parts = [value, *_CODE_SEGMENT.split(value)[-1:]]
    return [_NOT_CODE_CHAR.sub("", part.lower()) for part in parts if part]


def _prose(texts: list[str]) -> str:
    """The payload's texts joined, without URLs (a link such as .../docs/rate-limits is not
    words), cut to _MAX_TEXT_CHARS; texts past the cut are not looked at."""
    if sum(map(len, texts)) + 3 * len(texts) <= _MAX_TEXT_CHARS:
        # All of them fit, and a URL stops at white space, so never crosses a separator:
        # taking the URLs out of the joined text takes them out of each text.
        return _without_urls(" \n ".join(texts))
    parts: list[str] = []
    length = -3
    for text in texts:
        if "://" in text:
            text = _without_urls(text)
        parts.append(text)
        length += len(text) + 3
        if length >= _MAX_TEXT_CHARS:
            break
    return " \n ".join(parts)[:_MAX_TEXT_CHARS]


def _prose_codes(prose: Scan) -> list[str]:
    """Known codes written as identifiers in prose, as written ("INSTRUMENT_DECLINED").

    Every match of _PROSE_CODE is a whole word (a word boundary on each side, word characters
    between), so the words that start with a capital are read one by one and matched whole:
    the same names, without the pattern backtracking through every long capitalized word.
    """
    found: list[str] = []
    if not prose.possible(_PROSE_CODE):
        return found
    text = prose.text
    for word in _CAPITALIZED.finditer(text):
        name = word.group(0)
        if not ("_" in name or name.endswith(("Exception", "Error"))):
            continue
        at = word.start()
        if at and _WORD_CHAR.match(text, at - 1):
            continue  # the capital is inside a word, not at its start
        if not _PROSE_CODE_WORD.fullmatch(name):
            continue
        if _normalized(name) in _CODE_KIND and name not in found:
            found.append(name)
        if len(found) >= 16:
            break
    return found


def _normalized(code: str) -> str:
    return _NOT_CODE_CHAR.sub("", code.lower())


# ---- classification -------------------------------------------------------------------------


def _classify(ev: _Evidence, prose: Scan, status: int | None, provider: str | None) -> Kind:
    scores = dict.fromkeys(_KINDS, 0)

    def add(kind: Kind, weight: int) -> None:
        scores[kind] = max(scores[kind], weight)

    local_codes = _PROVIDERS.numeric_codes(provider)
    for code in (*ev.codes, *ev.prose_codes):
        kind = _CODE_KIND.get(code) or local_codes.get(code)
        if kind is not None:
            add(kind, kind_rules.HINT)
    breaks: list[int] | None = None

    def sentence(match: re.Match[str]) -> str:
        nonlocal breaks
        if breaks is None:  # found once, and only for the few matches that need them
            breaks = [m.end() for m in _SENTENCE_BREAK.finditer(prose.text)]
        return _sentence(prose.text, breaks, match)

    # Each kind keeps its strongest evidence, so the order the phrases run in does not matter.
    for index in prose.enabled.intersection(_PHRASE_BY_GATE):
        kind, weight, pattern = _PHRASE_BY_GATE[index]
        for match in prose.finditer(pattern):
            if kind is Kind.BILLING_DISABLED and _LIMIT_UPSELL.search(sentence(match)):
                continue  # "add a payment method to increase your rate limit": advice
            if (
                kind is Kind.QUOTA_EXHAUSTED
                and prose.possible(_RATE_WINDOW)
                and _RATE_WINDOW.regex.search(sentence(match))
            ):
                # "Quota exceeded for ... requests per minute": a quota per minute is a rate.
                add(Kind.RATE_LIMIT, weight)
                continue
            add(kind, weight)
            break
    if ev.short_window and scores[Kind.QUOTA_EXHAUSTED]:
        add(Kind.RATE_LIMIT, scores[Kind.QUOTA_EXHAUSTED])
        scores[Kind.QUOTA_EXHAUSTED] = 0
    if scores[Kind.PAYMENT_DECLINED] and not kind_rules.CARD_HOLDER_CODES.isdisjoint(ev.codes):
        scores[Kind.INSUFFICIENT_BALANCE] = 0
    for known, leaning in kind_rules.STATUS_KINDS.items():
        if known == status or known in ev.statuses:
            add(leaning, kind_rules.WEAK)
    best = max(scores.values())
    if best == 0:
        return Kind.OTHER
    return next(kind for kind in kind_rules.PRIORITY if scores[kind] == best)


def _sentence(prose: str, breaks: list[int], match: re.Match[str]) -> str:
    """The sentence (or line) a match stands in."""
    index = bisect.bisect_right(breaks, match.start())
    start = breaks[index - 1] if index else 0
    end = breaks[index] if index < len(breaks) else len(prose)
    return prose[start : max(end, match.end())]


def _without_urls(text: str) -> str:
    """``_URL.sub(" ", text)``, with the substitution run only where a URL can stand.

    Every match has its scheme ("http" or "https") just before a "://" and holds no white
    space, so each lies between five characters before a "://" and the white space after it.
    The regex engine cannot skip ahead over case-insensitive letters by itself, and would try
    the pattern at every character of long prose; text with many URLs is still read whole.
    """
    at = text.find("://")
    if at < 0:
        return text
    if len(text) < _SHORT_PROSE or text.count("://", at) > _MAX_URL_WINDOWS:
        return _URL.sub(" ", text)  # quicker in one go than window by window
    pieces: list[str] = []
    done = 0  # the text before this is copied; it ends in white space, or is empty
    while at >= 0:
        start = max(done, at - len("https"))
        space = _SPACE.search(text, at)
        end = space.start() if space is not None else len(text)
        pieces.append(text[done:start])
        pieces.append(_URL.sub(" ", text[start:end]))
        done = end
        at = text.find("://", end)
    pieces.append(text[done:])
    return "".join(pieces)


# ---- amounts --------------------------------------------------------------------------------


def _amounts(ev: _Evidence, prose: Scan) -> dict[str, Money]:
    found: dict[str, Money] = {}
    for name, value in ev.fields.items():
        role = field_rules.FIELD_ROLES.get(name)
        if role is None or role in found:
            continue
        money = _field_money(value, field_rules.FIELD_UNITS.get(name) or ev.currency)
        if money is not None:
            found[role] = money
    # In the table's order (gates are numbered in it): a role found first is kept.
    for index in sorted(prose.enabled.intersection(_AMOUNT_BY_GATE)):
        role, pattern = _AMOUNT_BY_GATE[index]
        if role in found:
            continue
        match = prose.search(pattern)
        if match is not None:
            money = _prose_money(match)
            if money is not None:
                found[role] = money
    rate_unit = prose.search(_RATE_UNIT)
    if rate_unit is not None:
        unit = amount_rules.UNIT_WORDS.get(rate_unit.group("unit").lower())
        found = {role: m if m.unit else Money(m.amount, unit) for role, m in found.items()}
    return _harmonize_units(found)


def _harmonize_units(found: dict[str, Money]) -> dict[str, Money]:
    # "balance is 30, but that costs $50": amounts in one sentence share the unit that was named.
    units = {m.unit for m in found.values() if m.unit}
    if len(units) != 1:
        return found
    unit = units.pop()
    return {role: m if m.unit else Money(m.amount, unit) for role, m in found.items()}


def _field_money(value: Any, unit: str | None) -> Money | None:
    if isinstance(value, Mapping):
        amount = value.get("amount", value.get("value"))
        nested_unit = value.get("currency") or value.get("unit")
        inner_unit = _unit_name(nested_unit) if isinstance(nested_unit, str) else None
        if isinstance(amount, Mapping):
            return None
        return _field_money(amount, inner_unit or unit)
    amount = _to_decimal(value)
    return _money(amount, unit) if amount is not None else None


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        # Plain ASCII decimals only: "1.000,00", "0xff", "１２３" and exponents are not read,
        # because guessing would show a made-up number.
        text = value.strip()
        if re.fullmatch(r"[+-]?\d{1,16}(?:\.\d{1,12})?", text):
            return Decimal(text)
    return None


def _prose_money(match: re.Match[str]) -> Money | None:
    number = match.group("n1") or match.group("n2")
    if number is None:
        return None
    try:
        amount = Decimal(number.replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None
    if match.group("neg"):
        amount = -amount
    symbol = match.group("sym") or match.group("sym2")
    unit: str | None = None
    if symbol:
        unit = amount_rules.SYMBOLS.get(symbol.upper(), amount_rules.SYMBOLS.get(symbol))
    elif match.group("code"):
        unit = _currency(match.group("code"))
    elif match.group("word"):
        unit = amount_rules.UNIT_WORDS.get(match.group("word").lower())
    elif "tail" in match.re.groupindex and match.group("tail"):
        unit = amount_rules.UNIT_WORDS.get(match.group("tail").lower())
    return _money(amount, unit)


def _money(amount: Decimal, unit: str | None) -> Money | None:
    """A Money within sane bounds, or None: no NaN, no infinities, no 4,000-digit numbers."""
    if not amount.is_finite() or amount.adjusted() >= _MAX_AMOUNT_DIGITS:
        return None
    if amount.adjusted() < _AMOUNT_PLACES.adjusted():
        amount = Decimal(0)
    try:
        amount = amount.quantize(_AMOUNT_PLACES, rounding=ROUND_HALF_EVEN).normalize()
    except InvalidOperation:
        return None
    if amount.is_zero():
        amount = Decimal(0)
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    return Money(amount, unit)


def _unit_name(value: str) -> str | None:
    text = value.strip()
    if re.fullmatch(r"[A-Za-z]{3}", text) and text.upper() in amount_rules.CURRENCY_CODES:
        return _currency(text)
    return amount_rules.UNIT_WORDS.get(text.lower())


def _currency(code: str) -> str:
    """The ISO 4217 code of a currency code as written ("rmb" is CNY)."""
    upper = code.upper()
    return amount_rules.CURRENCY_ALIASES.get(upper, upper)


def _difference(cost: Money | None, balance: Money | None) -> Money | None:
    if cost is None or balance is None or cost.unit != balance.unit:
        return None
    missing = cost.amount - balance.amount
    return _money(missing, cost.unit) if missing > 0 else None


# ---- waiting --------------------------------------------------------------------------------


def _retry_after(decoded: Decoded, ev: _Evidence, prose: Scan) -> int | None:
    header = _header(decoded, ("retry-after",))
    if header:
        seconds = _seconds(header) or _seconds_until(header, _header(decoded, ("date",)))
        if seconds is not None:
            return seconds
    header_ms = _header(decoded, ("retry-after-ms",))
    if header_ms and re.fullmatch(r"\d{1,9}", header_ms):
        return math.ceil(int(header_ms) / 1000)
    for value in ev.retry:
        seconds = _seconds(value)
        if seconds is not None:
            return seconds
    match = prose.search(_RETRY_PROSE)
    if match is None:
        return None
    if match.group("mo"):
        return int(match.group("mo")) * 60
    if match.group("zh"):
        return int(match.group("zh"))
    return math.ceil(Decimal(match.group("s")) + 60 * int(match.group("m") or 0))


def _seconds(value: Any) -> int | None:
    """Seconds from ``7``, ``"7"``, ``"1.5"``, ``"58s"`` or ``"9m38.016s"``; else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return math.ceil(value) if 0 <= value < 10**9 else None
    if not isinstance(value, str):
        return None
    match = _DURATION.fullmatch(value.strip())
    if match is None:
        return None
    return math.ceil(Decimal(match.group("s")) + 60 * int(match.group("m") or 0))


def _seconds_until(when: str, now: str | None) -> int | None:
    """An HTTP-date ``Retry-After``, as seconds after the response's own ``Date``."""
    if not now:
        return None
    try:
        # Imported here: only an HTTP-date Retry-After needs the email package's date parser.
        import email.utils

        later = email.utils.parsedate_to_datetime(when)
        earlier = email.utils.parsedate_to_datetime(now)
        delta = (later - earlier).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return math.ceil(delta) if 0 <= delta < 10**9 else None


def _header(decoded: Decoded, names: Sequence[str]) -> str | None:
    for name in names:
        value = decoded.headers.get(name)
        if value:
            return clean_text(value, limit=128)
    return None


def _request_id(decoded: Decoded, ev: _Evidence) -> str | None:
    return _first_request_id(ev.request_ids, decoded, lambda: _prose_request_id(ev))


def _first_request_id(
    member_ids: Sequence[str], decoded: Decoded, in_prose: Callable[[], str | None]
) -> str | None:
    """The request id: the first request-id member's that is not blank once cleaned, else the
    client's, else a header's, else the one the prose names (``in_prose()``)."""
    for value in member_ids:
        cleaned = clean_text(value, limit=128)
        if cleaned:
            return cleaned
    if decoded.request_id:
        return clean_text(decoded.request_id, limit=128) or None
    return _header(decoded, field_rules.REQUEST_ID_HEADERS) or in_prose()


def _prose_request_id(ev: _Evidence) -> str | None:
    texts = [text[:_MAX_TEXT_CHARS] for text in ev.texts]
    if not _PROSE.possible_in(_REQUEST_ID_PROSE, "\n".join(texts)):
        return None  # one look at them all: no text names a request id
    for text in texts:
        if not _PROSE.possible_in(_REQUEST_ID_PROSE, text):
            continue
        match = _REQUEST_ID_PROSE.regex.search(text)
        if match is not None:
            return match.group("id").rstrip(".:")
    return None


# ---- words and links ------------------------------------------------------------------------


def _best_code(ev: _Evidence) -> str | None:
    known = [raw for _, raw in ev.raw_codes if any(t in _CODE_KIND for t in _code_tokens(raw))]
    others = [raw for _, raw in ev.raw_codes if raw.lower() not in kind_rules.UNINFORMATIVE_CODES]
    for candidate in (*known, *others, *ev.prose_code_names):
        cleaned = clean_text(candidate, limit=200)
        if cleaned:
            return cleaned
    return None


def _best_message(ev: _Evidence) -> str | None:
    # JSON held in strings was unwrapped by the decoder, so what is left here is prose, even
    # when it looks like "{{1337*1337}}".
    candidates = [(d, t) for d, t in ev.messages if t.strip()]
    return _combined_messages([t for _, t in candidates] or ev.hints)


def _combined_messages(texts: list[str]) -> str | None:
    """Every distinct human-readable member, in document order (title, then detail...).

    A provider's title and detail, or message and readableMessage, each say something; a
    text contained in another is shown once.
    """
    chosen: list[str] = []
    for text in texts:
        cleaned = clean_text(text, limit=MAX_MESSAGE_CHARS)
        folded = cleaned.casefold()
        if not cleaned or any(folded in c.casefold() for c in chosen):
            continue
        chosen = [c for c in chosen if c.casefold() not in folded]
        chosen.append(cleaned)
    joined = ""
    for text in chosen:
        if joined:
            joined += " " if joined.endswith((".", "!", "?", "。", "！", "？")) else " — "
        joined += text
    return clean_text(joined, limit=MAX_MESSAGE_CHARS) or None


def _recharge_link(ev: _Evidence) -> str | None:
    """A link the payload offers for paying: a top-up field, then one the words name as the
    way to pay ("Add credits at https://..."), then one whose path looks like billing."""
    for link in ev.payload_links:
        # A link longer than any link tactful shows is passed over, not cut: cut, it would
        # be a different address.
        if re.match(r"https?://", link, _RE) and len(link) <= MAX_URL_CHARS:
            return link
    candidates = [(url, before) for url, before in ev.urls if not _is_docs(url)]
    for url, before in candidates:
        if _TOP_UP_CUE.search(before):
            return url
    for url, _ in candidates:
        if _TOP_UP_PATH.search(url.split("://", 1)[-1]):
            return url
    return None


def _is_docs(url: str) -> bool:
    return _DOCS_PATH.search(url.split("://", 1)[-1]) is not None


def _provider(ev: _Evidence, prose: Scan) -> str | None:
    """The provider, from the strongest sign the payload gives: a link to a specific provider,
    a host named in prose, a link to a generic one, a provider member, the provider's own
    envelope, a code only it sends, its name in prose, a code that names its platform."""
    from_links = [name for url, _ in ev.urls if (name := _PROVIDERS.of_link(url))]
    if from_links and from_links[0] not in _PROVIDERS.generic:
        return from_links[0]
    # A host named without a link: "service": "generativelanguage.googleapis.com".
    for host in prose.finditer(_BARE_HOST):
        name = _PROVIDERS.of_link("https://" + host.group(0))
        if name and name not in _PROVIDERS.generic:
            return name
    if from_links:
        return from_links[0]
    for value in ev.providers:
        name = _PROVIDERS.named_in(value)
        if name is not None:
            return name
    return (
        ev.envelope_provider
        or _PROVIDERS.of_codes((*ev.codes, *ev.prose_codes))
        or _PROVIDERS.named_in_prose(prose)
        or _PROVIDERS.of_code_prefix(ev.raw_codes)
    )
