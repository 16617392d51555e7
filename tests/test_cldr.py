"""The shipped slice of CLDR data (tactful._cldr) formats exactly as Babel's full data does.

tactful hands Babel a locale whose data is a table read out of Babel's own data, so that Babel
need not keep each locale's whole CLDR data (a megabyte and a few milliseconds per locale).
These tests hold it to that: the same text as the full data for every shipped locale, the table
in step with the installed Babel, and no full locale data loaded by rendering.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import babel
import pytest
from babel import Locale
from babel.dates import format_timedelta
from babel.numbers import format_currency, format_decimal

from tactful import _cldr, _cldr_table
from tactful._numbers import currency_format, decimal_format
from tactful._resources import LOCALES_DIR

SHIPPED = _cldr.shipped_locale_ids(LOCALES_DIR)
CURRENCIES = ("USD", "EUR", "JPY", "GBP", "INR", "BRL", "KWD", "CHF", "RUB", "CNY", "XAF", "BTC")
AMOUNTS = [Decimal(s) for s in ("0", "0.004", "0.12", "1", "4.5", "-4.5", "1234.567", "9876543.21")]
NUMBERS = [0, 1, 2, 3, 5, 11, 21, 22, 101, 1000000, Decimal("1.5"), Decimal("0.0"), Decimal("2.10")]
DELAYS = [1, 45, 60, 90, 3600, 7200, 86400, 3 * 86400, 7 * 86400]


def fresh_slice(locale_id: str) -> Locale:
    """A sliced locale read from the installed Babel now, through the table's JSON form."""
    entries = json.loads(json.dumps(_cldr.sliced_entries(Locale.parse(locale_id))))
    locale = _cldr._SlicedLocale.parse(locale_id)
    locale._slice = _cldr._Slice(str(locale), _cldr._babel_shaped(entries))
    return locale


@pytest.mark.parametrize("locale_id", SHIPPED)
def test_a_sliced_locale_formats_as_the_full_data_does(locale_id: str) -> None:
    full, sliced = Locale.parse(locale_id), fresh_slice(locale_id)
    for currency in CURRENCIES:
        for amount in AMOUNTS:
            expected = format_currency(amount, currency, locale=full)
            assert format_currency(amount, currency, locale=sliced) == expected
            assert currency_format(sliced, currency)(amount) == currency_format(full, currency)(
                amount
            )
    for amount in AMOUNTS:
        assert format_decimal(amount, locale=sliced) == format_decimal(amount, locale=full)
        assert decimal_format(sliced)(amount) == decimal_format(full)(amount)
    for number in NUMBERS:
        assert sliced.plural_form(number) == full.plural_form(number)
    for seconds in DELAYS:
        delta = datetime.timedelta(seconds=seconds)
        for fmt in ("long", "short", "narrow"):
            assert format_timedelta(delta, threshold=1.0, format=fmt, locale=sliced) == (
                format_timedelta(delta, threshold=1.0, format=fmt, locale=full)
            )


def test_the_table_is_in_step_with_the_installed_babel() -> None:
    if babel.__version__ == _cldr_table.BABEL_VERSION:
        # Regenerate with: python3 -c "from tactful._cldr import write_table; write_table()"
        table = Path(_cldr.__file__).with_name("_cldr_table.py").read_text(encoding="utf-8")
        assert table == _cldr.table_source(SHIPPED), "_cldr_table.py is stale"
        assert isinstance(_cldr.babel_locale("de"), _cldr._SlicedLocale)
    else:
        # Another Babel may carry another CLDR version: its own data is used, whole.
        assert type(_cldr.babel_locale("de")) is Locale


def test_every_catalog_has_its_slice() -> None:
    assert sorted(_cldr_table.LOCALES) == SHIPPED


def test_data_outside_the_slice_comes_from_the_full_data() -> None:
    sliced = fresh_slice("de")
    assert sliced.territories["DE"] == Locale.parse("de").territories["DE"]
    assert sliced.currencies["EUR"] == "Euro"
    assert format_currency(Decimal(2), "EUR", format="#,##0.00 ¤¤¤", locale=sliced) == "2,00 Euro"


def test_unknown_locales_are_refused_as_babel_refuses_them() -> None:
    with pytest.raises(babel.UnknownLocaleError):
        _cldr.babel_locale("xx_XX")


def test_rendering_every_locale_loads_no_full_locale_data() -> None:
    # In a fresh interpreter, so that no other test's use of Babel counts.
    script = """
import babel.localedata, tactful
from tactful._locale import supported_locales
from tactful._resources import LOCALES_DIR
r = tactful.Renderer(recharge_url='https://billing.example.com/top-up')
money = b'{"title":"Out of credit","detail":"Your balance is $0.12, but that costs 4.50 EUR."}'
wait = b'{"error":{"type":"rate_limit_error","message":"Too many requests"},"retry_after":90}'
for loc in sorted(supported_locales(LOCALES_DIR)):
    for body in (money, wait):
        r.render(body, format='html', locale=loc)
        r.render(body, format='text', locale=loc)
        r.render_email(body, locale=loc).as_bytes()
print(sorted(babel.localedata._cache))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.replace("'", '"'))
    if babel.__version__ == _cldr_table.BABEL_VERSION:
        assert loaded == []
    else:
        assert loaded  # the full data, as the table does not match this Babel
