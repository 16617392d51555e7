"""Amounts as Money: decimals read strictly, within sane bounds, with their unit."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from .._model import Money
from .._rules import amounts as amount_rules

_MAX_AMOUNT_DIGITS = 15
_AMOUNT_PLACES = Decimal("0.00000001")


def to_decimal(value: Any) -> Decimal | None:
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


def money(amount: Decimal, unit: str | None) -> Money | None:
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


def unit_name(value: str) -> str | None:
    text = value.strip()
    if re.fullmatch(r"[A-Za-z]{3}", text) and text.upper() in amount_rules.CURRENCY_CODES:
        return currency_code(text)
    return amount_rules.UNIT_WORDS.get(text.lower())


def currency_code(code: str) -> str:
    """The ISO 4217 code of a currency code as written ("rmb" is CNY)."""
    upper = code.upper()
    return amount_rules.CURRENCY_ALIASES.get(upper, upper)


def difference(cost: Money | None, balance: Money | None) -> Money | None:
    if cost is None or balance is None or cost.unit != balance.unit:
        return None
    missing = cost.amount - balance.amount
    return money(missing, cost.unit) if missing > 0 else None
