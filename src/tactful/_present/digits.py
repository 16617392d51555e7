"""Which digits a locale's numbers are written in: its own where CLDR says so.

CLDR gives each locale a default numbering system. For most it is ``latn`` (0-9); for
Persian it is ``arabext`` (۰-۹, with ٬ and ٫ as separators) and for Bengali ``beng`` (০-৯),
which is what polished local products show. Babel formats a number with that system's
separators (``numbering_system=``) but always with the digits 0-9, and does not say what a
system's digits are; this module's table does (each system's zero, the nine digits after
it in order; a test checks every entry against ``unicodedata``), and :func:`native` puts them
in after Babel has formatted a number.

>>> from babel import Locale
>>> numbering_system(Locale.parse("fa")), numbering_system(Locale.parse("de"))
('arabext', 'latn')
>>> numbering_system(Locale.parse("fa"), latin=True)
'latn'
>>> native("4٬096٫5", "arabext")
'۴٬۰۹۶٫۵'
"""

from __future__ import annotations

import functools
from types import MappingProxyType

from babel import Locale

LATIN = "latn"

# The decimal numbering systems of CLDR's defaults and of the scripts near them: the code
# point of each one's zero (its digits are that and the nine after it).
ZERO = MappingProxyType(
    {
        "arab": 0x0660,
        "arabext": 0x06F0,
        "beng": 0x09E6,
        "deva": 0x0966,
        "gujr": 0x0AE6,
        "guru": 0x0A66,
        "knda": 0x0CE6,
        "khmr": 0x17E0,
        "laoo": 0x0ED0,
        "mlym": 0x0D66,
        "mymr": 0x1040,
        "orya": 0x0B66,
        "tamldec": 0x0BE6,
        "telu": 0x0C66,
        "thai": 0x0E50,
        "tibt": 0x0F20,
    }
)


# CLDR 45 moved the default of these locales to Latin digits; the CLDR of older Babel releases
# (2.14 and before) still gives Arabic-Indic or Bengali ones. tactful follows the newer CLDR
# with every Babel it supports, so that a message reads the same whatever Babel is installed
# (tests/stages/test_digits.py checks the table against the installed CLDR when it is new).
NEWER_CLDR_DEFAULTS = MappingProxyType({"ar": LATIN, "ar_001": LATIN, "bn_IN": LATIN})


@functools.lru_cache(maxsize=256)
def numbering_system(locale: Locale, *, latin: bool = False) -> str:
    """The numbering system ``locale``'s numbers are written in: CLDR's default for it (as
    the newest CLDR gives it) when its digits are known here, else (or with ``latin``)
    ``latn``."""
    if latin:
        return LATIN
    system = NEWER_CLDR_DEFAULTS.get(str(locale), str(locale.default_numbering_system))
    return system if system in ZERO else LATIN


@functools.lru_cache(maxsize=32)
def _table(system: str) -> dict[int, int]:
    zero = ZERO[system]
    return {ord("0") + n: zero + n for n in range(10)}


def native(text: str, system: str) -> str:
    """``text`` with the digits 0-9 written in ``system``'s digits (``latn``: as it is)."""
    return text if system == LATIN else text.translate(_table(system))
