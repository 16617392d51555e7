"""What a decoded payload holds, gathered in one bounded walk: codes, messages, texts,
statuses, amounts' fields, request ids, links and the provider it names."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .._decode import Decoded
from .._rules import fields as field_rules
from .._rules import phrases as phrase_rules
from .._text import clean_text
from . import providers
from .money import unit_name
from .prose import MAX_TEXT_CHARS, URL, URL_GOES_ON, code_tokens

_SHORT_WINDOW = re.compile(phrase_rules.SHORT_WINDOW, re.IGNORECASE)


@dataclass
class Evidence:
    """What the decoded payload contains, gathered in one bounded walk."""

    codes: list[str] = field(default_factory=list)
    reason_codes: list[str] = field(default_factory=list)
    """The codes of a member listing the reasons behind a label (``fields.REASON_KEYS``)."""
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


def gather(decoded: Decoded) -> Evidence:
    ev = Evidence()
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
        ev.envelope_provider = providers.INDEX.of_envelope(data)
    for text in ev.texts:
        if "://" not in text:  # every URL has it, whatever its case
            continue
        text = text[:MAX_TEXT_CHARS]
        for match in URL.finditer(text):
            if URL_GOES_ON.match(text, match.end()):
                continue  # longer than any link tactful shows: cut, it is another address
            url = match.group(0).rstrip(".,;:!?")
            ev.urls.append((url, text[max(0, match.start() - 60) : match.start()]))
    return ev


def _walk(ev: Evidence, data: Any, key: str, depth: int) -> None:
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


def _key_kinds() -> dict[str, int]:
    """Member name (lower case) -> the bits of what the member holds."""
    found: dict[str, int] = {}
    for bit, keys in (
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
        for key in keys:
            found[key] = found.get(key, 0) | bit
    return found


_KEY_KINDS = _key_kinds()


# CC 17: one test per thing a member's name can say its value is; one function, because it
# runs for every member of every payload and a call per kind would cost on each.
def _note(ev: Evidence, key: str, value: Any, depth: int) -> None:
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


def _note_text(ev: Evidence, lowered: str, kinds: int, value: str, depth: int) -> None:
    if kinds & _CODE_KEY:
        # Shown as the code whatever it holds (cleaned and capped), so that the message's
        # shape does not depend on what a provider put there; only short values classify.
        ev.raw_codes.append((lowered, value))
        if len(value) <= 120:
            ev.codes.extend(code_tokens(value))
            if lowered in field_rules.REASON_KEYS:
                ev.reason_codes.extend(code_tokens(value))
    if kinds & _HINT_KEY:
        ev.hints.append(value)
    elif kinds & _MESSAGE_KEY:
        ev.messages.append((depth, value))
    if kinds & _URL_KEY:
        ev.payload_links.append(value.strip())
    if kinds & _CURRENCY_KEY and depth < ev.currency_depth:
        # The document's own currency is the shallowest one named.
        unit = unit_name(value)
        if unit is not None:
            ev.currency, ev.currency_depth = unit, depth
    if kinds & _PROVIDER_KEY:
        ev.providers.append(value[:100])


def first_header(decoded: Decoded, names: Sequence[str]) -> str | None:
    for name in names:
        value = decoded.headers.get(name)
        if value:
            return clean_text(value, limit=128)
    return None
