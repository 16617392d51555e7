"""The slice of each shipped locale's CLDR data that tactful formats with, so that Babel need
not load the rest.

Babel keeps a locale's whole CLDR data once any of it is read: about a megabyte per locale
(names of every language, territory, calendar...), and 2 to 3 milliseconds to load it. tactful
reads a few entries of it: number symbols, the standard decimal and currency patterns, currency
symbols, plural rules and the duration units. ``_cldr_table.py`` holds those entries for every
locale tactful ships a catalog for, read out of Babel's own data, and :func:`babel_locale`
gives a :class:`babel.Locale` whose data is that slice. Babel's formatting functions then run
unchanged on it: money is still formatted by Babel, from Babel's data, and any entry outside
the slice is read from the full data, loaded then.

The table is used only with the Babel release it was read from (another release may carry
another CLDR version); with any other, :func:`babel_locale` is plain ``Locale.parse``.
Regenerate it after upgrading Babel or adding a locale:
``python3 -c "from tactful._cldr import write_table; write_table()"``.

>>> from decimal import Decimal
>>> from babel.numbers import format_currency
>>> format_currency(Decimal("1234.5"), "EUR", locale=babel_locale("de"))
'1.234,50\\xa0€'
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import babel
from babel import Locale
from babel.numbers import parse_pattern
from babel.plural import PluralRule

from . import _cldr_table

_DURATION_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")


def babel_locale(locale_id: str) -> Locale:
    """A :class:`babel.Locale` for ``locale_id``, backed by the shipped slice when there is one.

    Raises what ``Locale.parse`` raises for an unknown or malformed id.
    """
    if babel.__version__ == _cldr_table.BABEL_VERSION:
        encoded = _cldr_table.LOCALES.get(locale_id)
        if encoded is not None:
            return _sliced_locale(locale_id, encoded)
    return Locale.parse(locale_id)


@functools.lru_cache(maxsize=128)
def _sliced_locale(locale_id: str, encoded: str) -> Locale:
    locale = _SlicedLocale.parse(locale_id)
    assert isinstance(locale, _SlicedLocale)  # Locale.parse builds an instance of its class
    locale._slice = _Slice(str(locale), _babel_shaped(json.loads(encoded)))
    return locale


class _SlicedLocale(Locale):
    """A Babel locale that reads its data from a :class:`_Slice` (all else is Babel's)."""

    _slice: _Slice

    @property
    def _data(self) -> Mapping[str, Any]:  # type: ignore[override]
        return self._slice


class _Slice(Mapping[str, Any]):
    """Some top-level entries of a locale's CLDR data; the full data answers for the others."""

    def __init__(self, data_id: str, entries: dict[str, Any]) -> None:
        self._data_id = data_id
        self._entries = entries
        self._full: Mapping[str, Any] | None = None
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> Any:
        try:
            return self._entries[key]
        except KeyError:
            return self._full_data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._full_data())

    def __len__(self) -> int:
        return len(self._full_data())

    def _full_data(self) -> Mapping[str, Any]:
        with self._lock:
            if self._full is None:
                self._full = Locale.parse(self._data_id)._data
            return self._full


def _babel_shaped(entries: dict[str, Any]) -> dict[str, Any]:
    """The table's JSON entries as Babel keeps them: patterns and plural rules as objects."""
    return {
        "currency_formats": {k: parse_pattern(v) for k, v in entries["currency_formats"].items()},
        "decimal_formats": {None: parse_pattern(entries["decimal_format"])},
        "number_symbols": entries["number_symbols"],
        "currency_symbols": entries["currency_symbols"],
        "plural_form": PluralRule(entries["plural_form"]),
        "unit_patterns": entries["unit_patterns"],
        "date_fields": entries["date_fields"],
    }


def sliced_entries(locale: Locale) -> dict[str, Any]:
    """What the table keeps of ``locale``'s data, as plain JSON values."""
    data = locale._data

    def plain(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): plain(v) for k, v in value.items()}
        return value

    return {
        # Only the standard pattern: tactful formats no other, and Babel's accounting pattern
        # for es_419 depends on whether "es" was loaded first (the slice must not).
        "currency_formats": {"standard": data["currency_formats"]["standard"].pattern},
        "decimal_format": data["decimal_formats"][None].pattern,
        "number_symbols": {"latn": plain(data["number_symbols"]["latn"])},
        "currency_symbols": plain(data["currency_symbols"]),
        "plural_form": dict(locale.plural_form.rules),
        "unit_patterns": {
            f"duration-{unit}": plain(data["unit_patterns"][f"duration-{unit}"])
            for unit in _DURATION_UNITS
        },
        "date_fields": {
            key: plain(value)
            for key, value in data["date_fields"].items()
            if key.split("-")[0] in _DURATION_UNITS
        },
    }


def shipped_locale_ids(locales_dir: Path) -> list[str]:
    """The locales the table covers: those with a catalog, and the source locale."""
    found = {p.parent.parent.name for p in locales_dir.glob("*/LC_MESSAGES/tactful.po")}
    return sorted(found | {"en"})


def table_source(locale_ids: list[str]) -> str:
    """The text of ``_cldr_table.py`` for ``locale_ids``, read from the installed Babel."""
    lines = [
        '"""Generated by tactful._cldr.write_table from Babel\'s CLDR data; do not edit."""',
        "",
        f"BABEL_VERSION = {babel.__version__!r}",
        "",
        "LOCALES: dict[str, str] = {",
    ]
    for locale_id in locale_ids:
        encoded = json.dumps(
            sliced_entries(Locale.parse(locale_id)),
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        # repr escapes the invisible characters (bidi marks, no-break spaces), so that the
        # table reads as what it holds.
        lines.append(f"    {locale_id!r}: {encoded!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_table() -> Path:
    """Write ``_cldr_table.py`` for the shipped locales from the installed Babel."""
    from ._resources import LOCALES_DIR

    target = Path(__file__).with_name("_cldr_table.py")
    target.write_text(table_source(shipped_locale_ids(LOCALES_DIR)), encoding="utf-8")
    return target
