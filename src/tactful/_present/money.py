"""Numbers and amounts in a locale's conventions, as Babel formats them, from formatters built
once per locale and currency.

Babel's ``format_currency`` reads the locale's data again on every call (the pattern, each
symbol, and the currency's long name even where the pattern does not show it): some 20
microseconds, several times per message. A :class:`NumberFormat` reads all of that once and
then does only the arithmetic and the joining, with the same operations in the same order, so
the text is Babel's own (the tests compare the two over every shipped locale). A pattern this
module does not handle itself (scientific, significant digits, unusual quoting) is applied by
Babel, as before.

>>> from decimal import Decimal
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
from collections.abc import Callable
from decimal import Decimal

from babel import Locale
from babel.numbers import (
    NumberPattern,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

from .._text import strip_invisible

_QUOTED = re.compile(r"'([^']*)'")
_FRACTION_ZEROS = re.compile(r"\.0+")


class NumberFormat:
    """One CLDR number pattern of one locale, ready to apply to Decimals.

    Calling it gives what ``pattern.apply(value, locale, currency=..., currency_digits=...)``
    gives in Babel.
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
        "_pattern",
        "_prefix",
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
    ) -> None:
        self._pattern = pattern
        self._locale = locale
        self._currency = currency
        self._currency_digits = currency_digits
        self._decimal = get_decimal_symbol(locale)
        self._group = get_group_symbol(locale)
        self._grouping = pattern.grouping
        self._int_min = pattern.int_prec[0]
        if currency is not None and currency_digits:
            precision = get_currency_precision(currency)
            self._fraction: tuple[int, int] = (precision, precision)
        else:
            self._fraction = pattern.frac_prec
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
    locale: Locale, currency: str, *, whole: bool = False
) -> Callable[[Decimal], str]:
    """``format_currency(amount, currency, locale=locale)`` with CLDR's currency spacing and
    without bidi marks; ``whole`` drops the fraction ("$5", not "$5.00"), for whole amounts.

    The CLDR currency spacing, which Babel does not apply: a no-break space between a
    currency sign and a digit when the sign's side facing the number is not itself a symbol
    ("USD\\xa04.50", but "US$4.50").
    """
    standard = locale.currency_formats["standard"]
    if whole:
        pattern = parse_pattern(_FRACTION_ZEROS.sub("", standard.pattern))
        number = NumberFormat(pattern, locale, currency, currency_digits=False)
    else:
        number = NumberFormat(standard, locale, currency)
    symbol = get_currency_symbol(currency, locale=locale)

    def formatted(amount: Decimal) -> str:
        return strip_invisible(currency_spacing(number(amount), symbol))

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
    return unicodedata.category(ch)[0] not in ("S", "Z")


@functools.lru_cache(maxsize=256)
def decimal_format(locale: Locale) -> Callable[[Decimal], str]:
    """``format_decimal(number, locale=locale)``, without bidi marks."""
    number = NumberFormat(locale.decimal_formats[None], locale)

    def formatted(amount: Decimal) -> str:
        return strip_invisible(number(amount))

    return formatted
