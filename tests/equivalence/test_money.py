"""Money is formatted as Babel's public functions format it.

``tactful._present.money`` applies CLDR number patterns itself, from formatters built once per
locale and currency, because ``babel.numbers.format_currency`` and ``format_decimal`` read the
locale's data again on every call (``benchmarks/README.md`` has the figures). These tests are
that fast path's warrant: its text is Babel's, for every shipped locale.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from hypothesis import given, settings
from hypothesis import strategies as st

from tactful import Money
from tactful._locale import Catalog, supported_locales
from tactful._present.digits import native, numbering_system
from tactful._present.money import (
    currency_format,
    currency_spacing,
    decimal_format,
    format_money,
)
from tactful._resources import LOCALES_DIR
from tactful._text import strip_invisible

LOCALES = sorted(supported_locales(LOCALES_DIR))
# Two, zero and three minor digits (USD, JPY, BHD), signs before and after, and the Indian
# grouping (INR); KWD, CHF, BRL and RUB vary symbols, XYZ is a code CLDR does not know.
CURRENCIES = ["USD", "EUR", "JPY", "BHD", "CNY", "INR", "KWD", "CHF", "BRL", "RUB", "XYZ"]
GRID_AMOUNTS = [
    Decimal(text)
    for text in ("0", "0.5", "1", "1.5", "2", "21", "1234.5678", "1000000", "-1", "-1234.5678")
]
AMOUNTS = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, places=None
).filter(lambda d: d.adjusted() > -12)


def babel_money(
    amount: Decimal, currency: str, locale: Locale, *, whole: bool, system: str = "latn"
) -> str:
    """The reference: Babel's format_currency, then what tactful adds (CLDR currency spacing,
    no bidi marks, the numbering system's digits); ``whole`` formats with the locale's pattern
    without its fraction."""
    pattern = None
    if whole:
        pattern = locale.currency_formats["standard"].pattern
        pattern = re.sub(r"\.0+", "", pattern)
    text = format_currency(
        amount,
        currency,
        pattern,
        locale=locale,
        currency_digits=pattern is None,
        numbering_system=system,
    )
    symbol = get_currency_symbol(currency, locale=locale)
    return native(strip_invisible(currency_spacing(text, symbol)), system)


def babel_number(amount: Decimal, locale: Locale, system: str = "latn") -> str:
    """The reference: Babel's format_decimal, without bidi marks, in the system's digits."""
    return native(
        strip_invisible(format_decimal(amount, locale=locale, numbering_system=system)), system
    )


@pytest.mark.parametrize("locale_id", LOCALES)
def test_the_amounts_that_matter_are_formatted_as_babel_formats_them(locale_id: str) -> None:
    locale = Locale.parse(locale_id)
    for currency, amount, whole in itertools.product(CURRENCIES, GRID_AMOUNTS, (False, True)):
        ours = currency_format(locale, currency, whole=whole)(amount)
        assert ours == babel_money(amount, currency, locale, whole=whole), (currency, amount)
    for amount in GRID_AMOUNTS:
        assert decimal_format(locale)(amount) == babel_number(amount, locale), amount
    # In the locale's own digits, where it has them (fa, bn): the same digit step after both.
    system = numbering_system(locale)
    for currency, amount, whole in itertools.product(CURRENCIES, GRID_AMOUNTS, (False, True)):
        ours = currency_format(locale, currency, whole=whole, numbering_system=system)(amount)
        expected = babel_money(amount, currency, locale, whole=whole, system=system)
        assert ours == expected, (system, currency, amount)
    for amount in GRID_AMOUNTS:
        assert decimal_format(locale, system)(amount) == babel_number(amount, locale, system)


@pytest.mark.parametrize("locale_id", LOCALES)
@settings(max_examples=25, deadline=None)
@given(amount=AMOUNTS, whole=st.booleans())
def test_money_is_formatted_as_babel_formats_it(
    locale_id: str, amount: Decimal, whole: bool
) -> None:
    locale = Locale.parse(locale_id)
    for currency in CURRENCIES:
        ours = currency_format(locale, currency, whole=whole)(amount)
        assert ours == babel_money(amount, currency, locale, whole=whole), currency
    assert decimal_format(locale)(amount) == babel_number(amount, locale)
    system = numbering_system(locale)
    if system != "latn":
        for currency in CURRENCIES:
            ours = currency_format(locale, currency, whole=whole, numbering_system=system)(amount)
            assert ours == babel_money(amount, currency, locale, whole=whole, system=system)
        assert decimal_format(locale, system)(amount) == babel_number(amount, locale, system)


FINE_AMOUNTS = [
    Decimal(text) for text in ("0.0004", "1.5", "0.125", "1234.5678", "-0.000015", "2.123456")
]


@pytest.mark.parametrize("locale_id", LOCALES)
def test_amounts_finer_than_the_currency_keep_their_decimals_as_babel_does(
    locale_id: str,
) -> None:
    # format_money rounds such an amount to at most six decimals, then formats it with
    # ``places``: the reference is Babel's format_currency with decimal_quantization=False.
    locale = Locale.parse(locale_id)
    for system in sorted({"latn", numbering_system(locale)}):
        for currency, amount in itertools.product(CURRENCIES, FINE_AMOUNTS):
            places = -amount.normalize().as_tuple().exponent
            ours = currency_format(locale, currency, numbering_system=system, places=places)(amount)
            text = format_currency(
                amount, currency, locale=locale, decimal_quantization=False, numbering_system=system
            )
            symbol = get_currency_symbol(currency, locale=locale)
            expected = native(strip_invisible(currency_spacing(text, symbol)), system)
            assert ours == expected, (system, currency, amount)


def test_an_amount_finer_than_its_currency_is_never_rounded_away() -> None:
    en = Catalog("en", {})
    assert format_money(Money(Decimal("0.0004"), "USD"), en) == "$0.0004"
    assert format_money(Money(Decimal("1.5"), "JPY"), en) == "¥1.5"
    assert format_money(Money(Decimal("4.5"), "USD"), en) == "$4.50"  # the minor unit stays
    assert format_money(Money(Decimal("0.123456789"), "USD"), en) == "$0.123457"  # six at most
    assert format_money(Money(Decimal("5"), "USD"), en, whole=True) == "$5"
