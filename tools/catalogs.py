#!/usr/bin/env python3
"""Maintain tactful's gettext catalogs: extract, init, update, check.

    python tools/catalogs.py extract          # templates and code -> locales/tactful.pot
    python tools/catalogs.py init LOCALE      # new locales/LOCALE/LC_MESSAGES/tactful.po
    python tools/catalogs.py update           # merge the .pot into every catalog
    python tools/catalogs.py check            # what the test suite checks, with messages

Plural-Forms headers are written from CLDR (babel.plural.to_gettext), with one form for every
CLDR category of the language in CLDR order (zero, one, two, few, many, other). pybabel's own
``init`` uses an older table that disagrees with CLDR for several languages, so use this tool.
Catalogs are compiled when tactful loads them; there are no .mo files to keep in step.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.checkers import checkers
from babel.messages.pofile import read_po, write_po
from babel.plural import to_gettext

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "tactful.pot"
DOMAIN = "tactful"


def po_path(locale_id: str) -> Path:
    return LOCALES / locale_id / "LC_MESSAGES" / f"{DOMAIN}.po"


def cldr_plural_forms(locale_id: str) -> str:
    # gettext evaluates integers only, for which CLDR's exponent operands (e, c) are 0;
    # Babel leaves them in, and gettext does not know them.
    return re.sub(r"\b[ec]\b", "0", to_gettext(Locale.parse(locale_id).plural_form))


def extract() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(POT),
            "--project",
            "tactful",
            "--copyright-holder",
            "tactful contributors",
            "-c",
            "Translators:",
            "--sort-by-file",
            "--no-wrap",
            ".",
        ],
        cwd=ROOT,
        check=True,
    )


def _set_plural_forms(catalog: Catalog, locale_id: str) -> None:
    headers = [(k, v) for k, v in catalog.mime_headers if k.lower() != "plural-forms"]
    headers.append(("Plural-Forms", cldr_plural_forms(locale_id)))
    catalog.mime_headers = headers


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=False)


def init(locale_id: str) -> None:
    with POT.open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(
        locale=locale_id, domain=DOMAIN, project="tactful", copyright_holder="tactful contributors"
    )
    catalog.update(template)
    catalog.fuzzy = False
    _set_plural_forms(catalog, locale_id)
    _write(catalog, po_path(locale_id))
    # tactful formats with a table of each shipped locale's CLDR data; add this one's.
    from tactful._cldr import write_table

    write_table()


def update() -> None:
    with POT.open("rb") as handle:
        template = read_po(handle)
    for path in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale_id = path.parent.parent.name
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale_id)
        catalog.update(template, no_fuzzy_matching=True)
        _set_plural_forms(catalog, locale_id)
        _write(catalog, path)


def problems(locale_id: str) -> list[str]:
    """Everything wrong with one catalog; the test suite asserts this is empty."""
    out: list[str] = []
    with po_path(locale_id).open("rb") as handle:
        catalog = read_po(handle, locale=locale_id)
    if catalog.plural_forms != cldr_plural_forms(locale_id):
        out.append(f"Plural-Forms {catalog.plural_forms!r} is not CLDR's")
    with POT.open("rb") as handle:
        template = read_po(handle)
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    out += [f"missing: {msgid!r}" for msgid in sorted(wanted - have)]
    out += [f"obsolete: {msgid!r}" for msgid in sorted(have - wanted)]
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            out.append(f"fuzzy: {message.id!r}")
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        if not all(strings):
            out.append(f"untranslated: {message.id!r}")
        if isinstance(message.id, (tuple, list)) and len(strings) != catalog.num_plurals:
            out.append(f"{message.id[0]!r} has {len(strings)} forms, needs {catalog.num_plurals}")
        for checker in checkers:
            try:
                checker(catalog, message)
            except Exception as exc:  # TranslationError and friends
                out.append(f"{message.id!r}: {exc}")
    return out


def check() -> int:
    failed = 0
    for path in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale_id = path.parent.parent.name
        found = problems(locale_id)
        failed += bool(found)
        for problem in found:
            print(f"{locale_id}: {problem}")
    print("catalogs ok" if not failed else f"{failed} catalog(s) with problems")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"]:
        extract()
    elif argv[:1] == ["init"] and len(argv) == 2:
        init(argv[1])
    elif argv[:1] == ["update"]:
        update()
    elif argv[:1] == ["check"]:
        return check()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
