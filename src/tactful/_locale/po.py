"""tactful's strict reader of its own ``.po`` catalogs: a fast path beside Babel's ``read_po``.

Babel's ``read_po`` is the reference; this reader exists because importing
``babel.messages.pofile`` and its first read cost 60-90 ms, beyond the first-render budget of
15 ms in a new locale (benchmarks/README.md). tests/equivalence/test_fast_paths.py reads every
shipped catalog both ways and compares, and checks that what this reader refuses is refused.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# CLDR's plural categories in CLDR's (and the catalogs') order.
PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")
PLURAL_CATEGORIES_HEADER = "X-Plural-Categories"
_PO_ESCAPE = re.compile(r"\\(.?)", re.DOTALL)
_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}
_PO_WHITE_SPACE = " \t\n\r\x0b\x0c"
_CHARSET = re.compile(r"^content-type:.*?\bcharset\s*=\s*([\w-]+)", re.IGNORECASE | re.MULTILINE)
_NPLURALS = re.compile(r"^plural-forms:.*?\bnplurals\s*=\s*(\d+)", re.IGNORECASE | re.MULTILINE)
_CATEGORIES = re.compile(rf"^{PLURAL_CATEGORIES_HEADER}:(.*)$", re.IGNORECASE | re.MULTILINE)


class CatalogText(NamedTuple):
    """What a ``.po`` file says: its translations, ``{(context, msgid): text or plural
    forms}``, and the CLDR category of each plural form (None when its header does not say)."""

    messages: dict[tuple[str | None, str], str | tuple[str, ...]]
    plural_categories: tuple[str, ...] | None


def read_catalog(data: bytes) -> CatalogText:
    """The translations of a ``.po`` file, and the plural categories its header names.

    A small, strict reader for tactful's own catalogs, which the tests also read with Babel
    and compare: entries as Babel's ``read_po`` gives them (fuzzy and obsolete entries, and
    the header, left out; a message listed twice keeps its first text), without Babel's
    catalog machinery. Anything it does not understand is a ``ValueError``.

    >>> read_catalog(b'msgid ""\\nmsgstr "Plural-Forms: nplurals=2;\\\\n"\\n\\n'
    ...              b'msgctxt "button"\\nmsgid "Add credit"\\nmsgstr ""\\n"Guthaben "\\n"aufladen"\\n')
    CatalogText(messages={('button', 'Add credit'): 'Guthaben aufladen'}, plural_categories=None)
    """
    entries: list[_PoEntry] = []
    entry = _PoEntry()
    target: list[str] | None = None  # the string that continuation lines extend
    for raw in data.decode("utf-8").split("\n"):
        line = raw.strip(_PO_WHITE_SPACE)
        if not line:
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
            if not line:
                continue
        elif line.startswith("#"):
            entry = _finish(entry, entries)
            target = None
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"a string outside an entry: {line[:40]!r}")
            target.append(_po_string(line))
            continue
        keyword, _, argument = line.partition(" ")
        if keyword in ("msgid", "msgctxt"):
            entry = _finish(entry, entries)
        entry.obsolete = obsolete
        target = _keyword(entry, keyword, argument)
    _finish(entry, entries)
    return _catalog_messages(entries)


class _PoEntry:
    __slots__ = ("context", "flags", "ids", "obsolete", "strings")

    def __init__(self) -> None:
        self.ids: list[list[str]] = []
        self.strings: list[tuple[int, list[str]]] = []
        self.context: list[str] | None = None
        self.flags: set[str] = set()
        self.obsolete = False


def _keyword(entry: _PoEntry, keyword: str, argument: str) -> list[str] | None:
    """Add a keyword line's string to ``entry``; the string that continuation lines extend."""
    target = [_po_string(argument)]
    if keyword in ("msgid", "msgid_plural"):
        entry.ids.append(target)
    elif keyword == "msgctxt":
        entry.context = target
    elif keyword == "msgstr" or (keyword.startswith("msgstr[") and keyword.endswith("]")):
        entry.strings.append((int(keyword[7:-1]) if keyword != "msgstr" else 0, target))
    elif entry.obsolete:  # what an obsolete entry holds besides does not matter
        return None
    else:
        raise ValueError(f"unknown keyword {keyword[:40]!r}")
    return target


def _finish(entry: _PoEntry, entries: list[_PoEntry]) -> _PoEntry:
    """Keep ``entry`` if it has a msgid (comments alone start the next one) and start anew."""
    if entry.ids:
        entries.append(entry)
        return _PoEntry()
    return entry


def _po_string(token: str) -> str:
    token = token.strip(_PO_WHITE_SPACE)
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise ValueError(f"not a quoted string: {token[:40]!r}")
    body = token[1:-1]
    return _PO_ESCAPE.sub(_po_escape, body) if "\\" in body else body


def _po_escape(match: re.Match[str]) -> str:
    # Only the escapes every supported Babel reads alike: Babel 2.19 began reading C's \a, \b,
    # \f and \v as control characters, where earlier releases kept the backslash. A catalog
    # with one of those is refused (and the locale falls back), not read one way or the other.
    found = _PO_ESCAPES.get(match.group(1))
    if found is None:
        raise ValueError(f'unsupported escape {match.group(0)!r} (use \\n \\t \\r \\\\ \\")')
    return found


def _catalog_messages(entries: list[_PoEntry]) -> CatalogText:
    live = [e for e in entries if not e.obsolete]
    header = next((e for e in live if not "".join(e.ids[0])), None)
    fields = "".join(header.strings[0][1]) if header is not None and header.strings else ""
    nplurals, categories = _header(fields)
    messages: dict[tuple[str | None, str], str | tuple[str, ...]] = {}
    for key, entry in _kept_entries(live).items():
        if len(entry.ids) > 1:
            messages[key] = _plural_forms(entry, nplurals)
        elif entry.strings and (text := "".join(entry.strings[0][1])):
            messages[key] = text
    return CatalogText(messages, categories)


def _header(fields: str) -> tuple[int | None, tuple[str, ...] | None]:
    """The number of plural forms and their categories, from the header's fields."""
    charset = _CHARSET.search(fields)
    if charset is not None and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise ValueError(f"catalogs are UTF-8, not {charset.group(1)[:20]!r}")
    found = _NPLURALS.search(fields)
    nplurals = int(found.group(1)) if found else None
    named = _CATEGORIES.search(fields)
    return nplurals, (_plural_categories(named.group(1), nplurals) if named else None)


def _kept_entries(live: list[_PoEntry]) -> dict[tuple[str | None, str], _PoEntry]:
    """The entry kept for each message, as Babel's catalog keeps a message listed twice: the
    first (unless a later copy adds plural forms); none if any copy is fuzzy."""
    chosen: dict[tuple[str | None, str], _PoEntry] = {}
    fuzzy: set[tuple[str | None, str]] = set()
    for entry in live:
        msgid = "".join(entry.ids[0])
        if not msgid:
            continue
        key = ("".join(entry.context) if entry.context is not None else None, msgid)
        if key not in chosen or (len(entry.ids) > 1 and len(chosen[key].ids) == 1):
            chosen[key] = entry
        if "fuzzy" in entry.flags:
            fuzzy.add(key)
    return {key: entry for key, entry in chosen.items() if key not in fuzzy}


def _plural_forms(entry: _PoEntry, nplurals: int | None) -> tuple[str, ...]:
    if nplurals is None:
        raise ValueError("plural forms without a Plural-Forms header")
    forms = [""] * nplurals
    for index, parts in sorted(entry.strings):
        if index < nplurals:
            forms[index] = "".join(parts)
    return tuple(forms)


def _plural_categories(listed: str, nplurals: int | None) -> tuple[str, ...]:
    """The categories an ``X-Plural-Categories`` header names, checked: CLDR's names in
    CLDR's order, ending with "other", one for each of the ``nplurals`` forms."""
    names = tuple(name.strip() for name in listed.split(","))
    ordered = tuple(name for name in PLURAL_ORDER if name in names)
    if names != ordered or names[-1:] != ("other",) or len(names) != nplurals:
        raise ValueError(
            f"{PLURAL_CATEGORIES_HEADER} {listed.strip()[:80]!r} is not CLDR categories in "
            f"CLDR order ending with 'other', one for each of nplurals={nplurals} forms"
        )
    return names
