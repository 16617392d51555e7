"""The figures of a payload (balance, cost, shortfall, limit, used) from its fields and
prose, and how long to wait before retrying."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .._decode import Decoded
from .._model import Money
from .._rules import amounts as amount_rules
from .._rules import fields as field_rules
from .evidence import Evidence, first_header
from .gates import Gate, Scan
from .money import currency_code, money, to_decimal, unit_name
from .prose import PROSE

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
    return PROSE.add(
        before + r"\s*~?['\"‘“]?(?P<amount>" + _AMOUNT + r")['\"’”]?" + after, re.IGNORECASE
    )


# (role, pattern) from the table of contexts: one amount each; a role found first is kept.
_PROSE_AMOUNTS: tuple[tuple[str, Gate], ...] = tuple(
    (role, _amount_pattern(before, after)) for role, before, after in amount_rules.AMOUNT_CONTEXTS
)
_AMOUNT_BY_GATE = {gate.index: (role, gate) for role, gate in _PROSE_AMOUNTS}
_RETRY_PROSE = PROSE.add(
    r"\b(?:(?:try|retry) (?:again )?(?:in|after)|wait(?: for)?) ~?(?:(?P<m>\d{1,4})m)?"
    r"(?P<s>\d{1,6}(?:\.\d+)?)\s?(?:s\b|sec|seconds?)|\b(?:(?:try|retry) (?:again )?(?:in|after)"
    r"|wait(?: for)?) ~?(?P<mo>\d{1,4})\s?(?:m\b|min|minutes?)|(?P<zh>\d{1,6})\s*秒(?:后|之后)",
    re.IGNORECASE,
)
_DURATION = re.compile(r"(?:(?P<m>\d{1,4})m)?(?P<s>\d{1,6}(?:\.\d{1,9})?)s?")
_RATE_UNIT = PROSE.add(
    r"\b(?P<unit>tokens?|requests?|characters?|calls|api calls) (?:per|/) ?"
    r"(?:second|minute|min|hour|day)\b",
    re.IGNORECASE,
)


def read_amounts(ev: Evidence, prose: Scan) -> dict[str, Money]:
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
        inner_unit = unit_name(nested_unit) if isinstance(nested_unit, str) else None
        if isinstance(amount, Mapping):
            return None
        return _field_money(amount, inner_unit or unit)
    amount = to_decimal(value)
    return money(amount, unit) if amount is not None else None


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
        unit = currency_code(match.group("code"))
    elif match.group("word"):
        unit = amount_rules.UNIT_WORDS.get(match.group("word").lower())
    elif "tail" in match.re.groupindex and match.group("tail"):
        unit = amount_rules.UNIT_WORDS.get(match.group("tail").lower())
    return money(amount, unit)


def retry_after(decoded: Decoded, ev: Evidence, prose: Scan) -> int | None:
    header = first_header(decoded, ("retry-after",))
    if header:
        seconds = _seconds(header) or _seconds_until(header, first_header(decoded, ("date",)))
        if seconds is not None:
            return seconds
    header_ms = first_header(decoded, ("retry-after-ms",))
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
