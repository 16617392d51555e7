"""Amounts in the reader's conventions: currencies as CLDR writes them, units with plurals.

>>> from tactful._locale import Catalog
>>> format_money(Money(Decimal("1234.5"), "EUR"), Catalog("de", {}))
'1.234,50\\xa0€'
>>> format_money(Money(Decimal("1.5"), "credits"), Catalog("en", {}))
'1.5 credits'
>>> suggested_top_up(Money(Decimal("0.38"), "USD"))
Decimal('1')

The numbers are Babel's: :func:`currency_format` and :func:`decimal_format` are a fast path
whose references are ``babel.numbers.format_currency`` and ``format_decimal``. Those read the
locale's data again on every call (the pattern, each symbol, the currency's long name even
where the pattern does not show it); a :class:`NumberFormat` reads all of that once and then
does only the arithmetic and the joining, with the same operations in the same order, so the
text is Babel's own. ``tests/equivalence/test_money.py`` compares the two over every shipped
locale. The fast path stays because a budget needs it: with Babel's functions in its place, a
body never seen before that carries two amounts costs some 15 to 25 % more against the
benchmark's floor (``benchmarks/run.py``, the "novel" B3 rows), and those rows are already
over budget. A pattern it does not handle itself (scientific, significant digits, unusual
quoting) is applied by Babel.

>>> from babel import Locale
>>> currency_format(Locale.parse("de"), "EUR")(Decimal("1234.5"))
'1.234,50\\xa0€'
>>> currency_format(Locale.parse("en"), "USD", whole=True)(Decimal("5"))
'$5'
>>> decimal_format(Locale.parse("en"))(Decimal("4096"))
'4,096'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from decimal import ROUND_CEILING, Decimal

from babel import Locale
from babel.numbers import (
    NumberPattern,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

from .._locale import Catalog
from .._model import Money, Notice, notice_amounts
from .._text import strip_invisible
from .copy import OTHER_UNIT_COPY, UNIT_COPY
from .digits import LATIN, native, numbering_system
from .sentence import filled

_MAX_DISPLAY_FRACTION = 3


def formatted_amounts(
    notice: Notice, catalog: Catalog, *, latin: bool = False
) -> Mapping[str, str]:
    """The notice's amounts by name, each formatted when a sentence first shows it
    (``latin``: in the digits 0-9 whatever the locale's own)."""
    found = notice_amounts(notice)
    shortfall = found.get("shortfall")
    if shortfall is not None and not shortfall.amount > 0:
        # A shortfall of nothing is none: "the difference is $0.00" would be untrue.
        del found["shortfall"]
    return _Amounts(catalog, found, latin)


class _Amounts(Mapping[str, str]):
    """The notice's amounts, each formatted when a sentence first shows it: the sentence is
    chosen by which amounts there are, and shows only some of them."""

    def __init__(self, catalog: Catalog, found: dict[str, Money], latin: bool) -> None:
        self._catalog = catalog
        self._found = found
        self._latin = latin
        self._formatted: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        text = self._formatted.get(name)
        if text is None:
            text = self._formatted[name] = format_money(
                self._found[name], self._catalog, latin=self._latin
            )
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


def format_money(
    money: Money, catalog: Catalog, *, whole: bool = False, latin: bool = False
) -> str:
    """An amount in the reader's conventions: currency by CLDR, units with plural forms, in
    the locale's own digits (:mod:`.digits`) unless ``latin``.

    ``whole`` drops the fraction of a whole currency amount ("Top up $5", not "$5.00").
    An amount finer than its currency's minor unit keeps its own decimals, up to six: an API's
    price of $0.0004 is not "$0.00", and ¥1.5 is not "¥2". Bidi marks that CLDR puts into some
    patterns are removed; channels isolate values instead.

    >>> format_money(Money(Decimal("4096.5"), "tokens"), Catalog("fa", {}))
    '۴٬۰۹۶٫۵ tokens'
    >>> format_money(Money(Decimal("0.0004"), "USD"), Catalog("en", {}))
    '$0.0004'
    """
    amount = money.amount
    if money.is_currency:
        assert money.unit is not None
        whole = whole and amount == amount.to_integral_value()
        places = None if whole else _finer_places(amount, money.unit)
        if places is not None:
            amount = amount.quantize(Decimal(1).scaleb(-places))
        return _currency_format(catalog, money.unit, whole, latin, places)(amount)
    shown = _displayed(amount)
    number = _decimal_format(catalog, latin)(shown)
    if money.unit is None:
        return number
    singular, plural = UNIT_COPY.get(money.unit, OTHER_UNIT_COPY)
    text = catalog.ngettext(singular, plural, shown)
    return "".join([part for part, _ in filled(text, {"count": number})])


def format_count(count: int, catalog: Catalog, *, latin: bool = False) -> str:
    """A whole count in the reader's conventions and digits ("1,000"; fa "۱٬۰۰۰").

    >>> format_count(1000, Catalog("de", {}))
    '1.000'
    """
    return _decimal_format(catalog, latin)(Decimal(count))


# currency_format and decimal_format are cached by Babel Locale, whose hash is computed in
# Python on every call; a catalog hashes by identity, so these caches are the quick way in.


@functools.lru_cache(maxsize=1024)
def _currency_format(
    catalog: Catalog, currency: str, whole: bool, latin: bool, places: int | None = None
) -> Callable[[Decimal], str]:
    system = numbering_system(catalog.locale, latin=latin)
    return currency_format(
        catalog.locale, currency, whole=whole, numbering_system=system, places=places
    )


_MAX_MONEY_FRACTION = 6


def _finer_places(amount: Decimal, currency: str) -> int | None:
    """The decimals ``amount`` needs beyond its currency's minor unit (at most six), or None
    where the currency's own are enough."""
    if not amount.is_finite():
        return None
    exponent = amount.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # a finite Decimal's is
    if -exponent <= _currency_precision(currency):
        return None
    return min(-exponent, _MAX_MONEY_FRACTION)


_currency_precision = functools.lru_cache(maxsize=256)(get_currency_precision)


@functools.lru_cache(maxsize=256)
def _decimal_format(catalog: Catalog, latin: bool) -> Callable[[Decimal], str]:
    return decimal_format(catalog.locale, numbering_system(catalog.locale, latin=latin))


def _displayed(amount: Decimal) -> Decimal:
    # The value as a reader sees it (at most three decimals, no trailing zeros), so the plural
    # category is the one CLDR gives for the shown number.
    places = Decimal(1).scaleb(-_MAX_DISPLAY_FRACTION)
    shown = amount.quantize(places).normalize()
    return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown


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


# ---- the fast path: CLDR number patterns applied as Babel applies them (see the docstring)

_QUOTED = re.compile(r"'([^']*)'")
_FRACTION_ZEROS = re.compile(r"\.0+")


class NumberFormat:
    """One CLDR number pattern of one locale, ready to apply to Decimals.

    Calling it gives what Babel's ``pattern.apply(value, locale, currency=...,
    currency_digits=..., numbering_system=...)`` gives, which is what ``format_currency`` and
    ``format_decimal`` return; the locale's symbols are read here, once, instead of in every
    call. (The digits are 0-9 in every numbering system, as Babel writes them.)
    """

    __slots__ = (
        "_currency",
        "_currency_digits",
        "_decimal",
        "_fraction",
        "_group",
        "_grouping",
        "_int_min",
        "_locale",
        "_numbering",
        "_pattern",
        "_prefix",
        "_quantized",
        "_quantum",
        "_simple",
        "_suffix",
    )

    def __init__(
        self,
        pattern: NumberPattern,
        locale: Locale,
        currency: str | None = None,
        *,
        currency_digits: bool = True,
        numbering_system: str = LATIN,
        places: int | None = None,
    ) -> None:
        self._pattern = pattern
        self._locale = locale
        self._currency = currency
        self._currency_digits = currency_digits
        self._numbering = numbering_system
        self._decimal = get_decimal_symbol(locale, numbering_system=numbering_system)
        self._group = get_group_symbol(locale, numbering_system=numbering_system)
        self._grouping = pattern.grouping
        self._int_min = pattern.int_prec[0]
        if currency is not None and currency_digits:
            precision = get_currency_precision(currency)
            self._fraction: tuple[int, int] = (precision, max(precision, places or 0))
        else:
            self._fraction = pattern.frac_prec
        # Babel's decimal_quantization=False: the value's own decimals, for an amount that
        # the caller has rounded to ``places`` already.
        self._quantized = places is None
        self._quantum = Decimal(10) ** (-self._fraction[1])
        prefix, suffix = self._affixes(pattern.prefix), self._affixes(pattern.suffix)
        # What this class does itself: a plain pattern (no exponent, no significant digits,
        # no percent scaling) whose quoted texts open and close within the prefix or the
        # suffix. Anything else is left to Babel.
        self._simple = (
            prefix is not None
            and suffix is not None
            and not pattern.exp_prec
            and "@" not in pattern.pattern
            and pattern.number_pattern != ""
            and pattern.scale == 0
        )
        self._prefix = prefix or ("", "")
        self._suffix = suffix or ("", "")

    def _affixes(self, affixes: tuple[str, str]) -> tuple[str, str] | None:
        """The prefixes (or suffixes) as Babel finishes them: currency signs filled in, quotes
        removed; None where that cannot be done on the affix alone."""
        out = []
        for text in affixes:
            if self._currency is not None and "¤" in text:
                if "¤¤¤" in text:
                    return None  # the currency's long name depends on the value
                symbol = get_currency_symbol(self._currency, locale=self._locale)
                text = text.replace("¤¤", self._currency.upper()).replace("¤", symbol)
            if text.count("'") % 2:
                return None  # a quotation that would span the number
            out.append(_QUOTED.sub(lambda m: m.group(1) or "'", text))
        return out[0], out[1]

    def __call__(self, value: Decimal) -> str:
        if not self._simple or not value.is_finite():
            return str(
                self._pattern.apply(
                    value,
                    self._locale,
                    currency=self._currency,
                    currency_digits=self._currency_digits,
                    decimal_quantization=self._quantized,
                    numbering_system=self._numbering,
                )
            )
        value = value.scaleb(0)  # as Babel does: rounds to the context's precision
        negative = int(value.is_signed())
        rounded = abs(value).normalize().quantize(self._quantum)
        whole, _, fraction = f"{rounded:f}".partition(".")
        return (
            self._prefix[negative]
            + self._integer(whole)
            + self._fractional(fraction or "0")
            + self._suffix[negative]
        )

    def _integer(self, digits: str) -> str:
        if len(digits) < self._int_min:
            digits = "0" * (self._int_min - len(digits)) + digits
        size = self._grouping[0]
        if len(digits) <= size:
            return digits
        groups = ""
        while len(digits) > size:
            groups = self._group + digits[-size:] + groups
            digits = digits[:-size]
            size = self._grouping[1]
        return digits + groups

    def _fractional(self, digits: str) -> str:
        least, most = self._fraction
        if len(digits) < least:
            digits += "0" * (least - len(digits))
        if most == 0 or (least == 0 and int(digits) == 0):
            return ""
        while len(digits) > least and digits[-1] == "0":
            digits = digits[:-1]
        return self._decimal + digits


@functools.lru_cache(maxsize=1024)
def currency_format(
    locale: Locale,
    currency: str,
    *,
    whole: bool = False,
    numbering_system: str = LATIN,
    places: int | None = None,
) -> Callable[[Decimal], str]:
    """A formatter of amounts in ``currency``, as Babel's ``format_currency(amount, currency,
    locale=locale, numbering_system=...)`` writes them (its reference), with CLDR's currency
    spacing, without bidi marks, and in the numbering system's digits (:mod:`.digits`);
    ``whole`` drops the fraction ("$5", not "$5.00"), for whole amounts; ``places`` keeps up to
    that many decimals of an amount already rounded to them (Babel's
    ``decimal_quantization=False``: "$0.0004", not "$0.00").

    The CLDR currency spacing, which Babel does not apply: a no-break space between a
    currency sign and a digit when the sign's side facing the number is not itself a symbol
    ("USD\\xa04.50", but "US$4.50").
    """
    standard = locale.currency_formats["standard"]
    if whole:
        pattern = parse_pattern(_FRACTION_ZEROS.sub("", standard.pattern))
        number = NumberFormat(
            pattern, locale, currency, currency_digits=False, numbering_system=numbering_system
        )
    else:
        number = NumberFormat(
            standard, locale, currency, numbering_system=numbering_system, places=places
        )
    symbol = get_currency_symbol(currency, locale=locale)

    def formatted(amount: Decimal) -> str:
        text = strip_invisible(currency_spacing(number(amount), symbol))
        return native(text, numbering_system)

    return formatted


def currency_spacing(formatted: str, symbol: str) -> str:
    """Put a no-break space between ``symbol`` and an adjacent digit, where CLDR wants one."""
    at = formatted.find(symbol)
    if not symbol or at < 0:
        return formatted
    end = at + len(symbol)
    if end < len(formatted) and formatted[end].isdigit() and _spaced(symbol[-1]):
        formatted = formatted[:end] + "\xa0" + formatted[end:]
    if at > 0 and formatted[at - 1].isdigit() and _spaced(symbol[0]):
        formatted = formatted[:at] + "\xa0" + formatted[at:]
    return formatted


def _spaced(ch: str) -> bool:
    # A symbol (S*) or a space (Z*) already separates the sign from the digit.
    return unicodedata.category(ch)[0] not in ("S", "Z")


@functools.lru_cache(maxsize=256)
def decimal_format(locale: Locale, numbering_system: str = LATIN) -> Callable[[Decimal], str]:
    """A formatter of plain numbers, as Babel's ``format_decimal(number, locale=locale,
    numbering_system=...)`` writes them (its reference), without bidi marks, in the numbering
    system's digits."""
    number = NumberFormat(locale.decimal_formats[None], locale, numbering_system=numbering_system)

    def formatted(amount: Decimal) -> str:
        return native(strip_invisible(number(amount)), numbering_system)

    return formatted
