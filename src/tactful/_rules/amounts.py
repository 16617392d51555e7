"""Where providers put figures in prose, and the units and currencies they name.

Edit this file when an amount in a provider's prose is missed (``AMOUNT_CONTEXTS``, then run
``python tools/gate_table.py``), or a unit or currency is not read.

>>> SYMBOLS["€"], UNIT_WORDS["chars"]
('EUR', 'characters')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

UNIT_ALTERNATION = (
    r"credits?|tokens?|characters?|chars|searches|search|requests?|points?|units?|积分|点数|元"
)
"""Unit words read right after an amount ("4000 tokens")."""

# (role, words before the amount, words after it): where providers put each figure in prose.
# Earlier rows win; a role read from a field is never overwritten by prose.
AMOUNT_CONTEXTS: tuple[tuple[str, str, str], ...] = (
    ("balance", r"\bbalance (?:is|of|:)(?: only)?", ""),
    ("balance", r"\bavailable capacity(?: is| of)?", ""),
    ("cost", r"\b(?:specified|requested|required) capacity(?: is| of)?", ""),
    ("balance", r"\bcan only afford", ""),
    ("balance", r"\byou have(?: only)?", r"\s*(?:left|remaining|available)"),
    ("balance", r"\brequired,", r"\s*available"),
    ("balance", r"\bremain(?:ing)?(?: balance| credits?| quota)?(?: is|:)", ""),
    ("balance", r"余额度?\s*(?:为|是)?\s*[:：]?", ""),
    ("cost", r"\b(?:that |it |this request |this )?costs?", ""),
    ("cost", r"\brequested up to", ""),
    ("cost", r"\brequested", ""),
    ("cost", r"\b(?:while|and)", r"\s*(?:are |is )?required"),
    ("cost", "", r"\s*(?:token |credit )?(?:capacity )?required"),
    ("cost", r"\b(?:needs?|requires?)(?! more)", ""),
    ("cost", r"\b(?:need|needed|required) (?:quota|credits?|balance)\s*[:=]", ""),
    (
        "shortfall",
        r"\b(?:need|needs|require|requires)",
        r"\s*more(?:\s+(?P<tail>" + UNIT_ALTERNATION + r"))?\b",
    ),
    ("shortfall", r"\bshort (?:by|of)", ""),
    ("limit", r"\bquota of", ""),
    ("limit", r"\blimited to", ""),
    ("limit", r"\blimit for [^.]{0,80}? of", ""),
    ("limit", r"\blimit(?: of| is|:)?", ""),
    ("used", r"\bused", ""),
    ("used", r"\b(?:current )?(?:quota )?usage (?:is|of|:)", ""),
)

UNIT_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "credit": "credits",
        "credits": "credits",
        "token": "tokens",
        "tokens": "tokens",
        "character": "characters",
        "characters": "characters",
        "chars": "characters",
        "search": "searches",
        "searches": "searches",
        "request": "requests",
        "requests": "requests",
        "call": "requests",
        "calls": "requests",
        "api calls": "requests",
        "point": "points",
        "points": "points",
        "unit": "units",
        "units": "units",
        "minutes": "minutes",
        "seconds": "seconds",
        "积分": "points",
        "点数": "points",
        "元": "CNY",
    }
)
SYMBOLS: Mapping[str, str] = MappingProxyType(
    {
        "$": "USD",
        "US$": "USD",
        "＄": "USD",
        "€": "EUR",
        "£": "GBP",
        "￡": "GBP",
        "₹": "INR",
        "₩": "KRW",
        "￦": "KRW",
        "₽": "RUB",
        "R$": "BRL",
        "¥": "JPY",
        "￥": "CNY",
        "C$": "CAD",
        "A$": "AUD",
        "CA$": "CAD",
    }
)
# ISO 4217 codes read after an amount ("30 USD"), and in currency members; RMB is read as CNY.
CURRENCY_CODES = frozenset(
    {
        *("USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "KRW", "BRL", "CAD", "AUD", "CHF"),
        *("SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RUB", "TRY", "MXN", "HKD", "TWD", "SGD"),
        *("NZD", "ZAR", "KWD", "BHD", "JOD", "AED", "SAR", "ILS", "IDR", "THB", "VND", "PHP"),
        "MYR",
    }
)

# Currency codes as providers write them -> the ISO 4217 code they mean.
CURRENCY_ALIASES: Mapping[str, str] = MappingProxyType({"RMB": "CNY"})
