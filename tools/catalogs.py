#!/usr/bin/env python3
"""Maintain tactful's gettext catalogs: extract, init, update, check.

    python tools/catalogs.py extract          # templates and code -> locales/tactful.pot
    python tools/catalogs.py init LOCALE      # new locales/LOCALE/LC_MESSAGES/tactful.po
    python tools/catalogs.py update           # merge the .pot into every catalog
    python tools/catalogs.py check            # what the test suite checks, with messages

Plural-Forms headers are written from CLDR (babel.plural.to_gettext), with one form for every
CLDR category of the language in CLDR order (zero, one, two, few, many, other), and the
X-Plural-Categories header names those categories: tactful picks a form by the category of the
number shown, and a catalog may meet a Babel whose CLDR has more or fewer categories than the
one it was written with. Run ``update`` with the newest Babel, so that catalogs carry every
form the newest CLDR needs; ``check`` accepts a catalog with more categories than an older
installed CLDR knows. pybabel's own ``init`` uses an older table that disagrees with CLDR for
several languages, so use this tool. Catalogs are compiled when tactful loads them; there are
no .mo files to keep in step.
"""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import babel
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.checkers import checkers
from babel.messages.pofile import read_po, write_po
from babel.plural import to_gettext

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from tactful._locale import PLURAL_OVERRIDE_CONTEXTS, cldr_plural_categories
from tactful._locale.po import PLURAL_CATEGORIES_HEADER, read_catalog

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "tactful.pot"
DOMAIN = "tactful"


def po_path(locale_id: str) -> Path:
    return LOCALES / locale_id / "LC_MESSAGES" / f"{DOMAIN}.po"


# Integers whose categories the Plural-Forms expression must give as CLDR does (gettext
# evaluates integers only): the small ones, where languages differ most, and round millions
# (French and Spanish "many").
SAMPLE_INTEGERS = [*range(0, 230), 1000, 1001, 1000000, 2000000, 21000000]


def cldr_categories(locale_id: str) -> tuple[str, ...]:
    """The installed CLDR's plural categories of the language, in catalog order."""
    return cldr_plural_categories(Locale.parse(locale_id).plural_form)


def cldr_plural_forms(locale_id: str) -> str:
    # gettext evaluates integers only, for which CLDR's exponent operands (e, c) are 0;
    # Babel leaves them in, and gettext does not know them.
    return re.sub(r"\b[ec]\b", "0", to_gettext(Locale.parse(locale_id).plural_form))


def extract_command(output: Path) -> list[str]:
    """The extraction of every translatable string into ``output`` (the test suite runs it
    too, to check that the shipped .pot is current)."""
    return [
        *(sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg"),
        *("-o", str(output), "-c", "Translators:"),
        # N_(), NP_() and NPC_() mark the msgids of _present/copy.py, translated where shown.
        *("-k", "N_", "-k", "NP_:1,2", "-k", "NPC_:1c,2,3"),
        # Babel skips directories named "_*" by default; the stage packages are named so.
        *("--ignore-dirs", ".* __pycache__"),
        *("--project", "tactful", "--copyright-holder", "tactful contributors"),
        *("--sort-by-file", "--no-wrap", "."),
    ]


def extract() -> None:
    subprocess.run(extract_command(POT), cwd=ROOT, check=True)


def _set_plural_forms(catalog: Catalog, locale_id: str) -> None:
    headers = [(k, v) for k, v in catalog.mime_headers if k.lower() != "plural-forms"]
    headers.append(("Plural-Forms", cldr_plural_forms(locale_id)))
    catalog.mime_headers = headers


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def plural_problems(locale_id: str) -> list[str]:
    """How a catalog's plural headers disagree with the installed CLDR.

    Its categories must cover every category the installed CLDR can give (and be exactly
    those when this Babel is at least as new as the one that wrote the catalog); where they
    are the same, its Plural-Forms expression must choose the same form for every sample
    integer, as other gettext tools read it.
    """
    data = po_path(locale_id).read_bytes()
    try:
        named = read_catalog(data).plural_categories
    except ValueError as exc:
        return [f"tactful cannot read it: {exc}"]
    if named is None:
        return [f"no {PLURAL_CATEGORIES_HEADER} header (run: python tools/catalogs.py update)"]
    running = cldr_categories(locale_id)
    writer = re.search(rb"Generated-By: Babel ([0-9.]+)", data)
    newest = writer is None or _version(babel.__version__) >= _version(writer.group(1).decode())
    if (named != running) if newest else not set(running) <= set(named):
        return [
            f"{PLURAL_CATEGORIES_HEADER} {', '.join(named)} does not carry CLDR's "
            f"{', '.join(running)} (Babel {babel.__version__}; run: python tools/catalogs.py update)"
        ]
    if named != running:
        return []  # written for a newer CLDR: its expression is that CLDR's
    with po_path(locale_id).open("rb") as handle:
        expression = read_po(handle, locale=locale_id).plural_expr
    choose = gettext.c2py(expression)
    rule = Locale.parse(locale_id).plural_form
    wrong = [n for n in SAMPLE_INTEGERS if named[choose(n)] != rule(n)]
    return [f"Plural-Forms chooses the wrong form for {wrong[:5]}"] if wrong else []


def _write(catalog: Catalog, path: Path, locale_id: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=False, ignore_obsolete=True)
    # Babel's Catalog keeps only the headers it knows: the categories go in after it writes.
    text = path.read_text(encoding="utf-8")
    categories = f'"{PLURAL_CATEGORIES_HEADER}: {", ".join(cldr_categories(locale_id))}\\n"\n'
    plural_line = re.search(r'^"Plural-Forms: .*\n', text, re.MULTILINE)
    assert plural_line is not None, "write_po writes Plural-Forms"
    path.write_text(text[: plural_line.end()] + categories + text[plural_line.end() :], "utf-8")


def init(locale_id: str) -> None:
    with POT.open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(
        locale=locale_id, domain=DOMAIN, project="tactful", copyright_holder="tactful contributors"
    )
    catalog.update(template)
    catalog.fuzzy = False
    _set_plural_forms(catalog, locale_id)
    _write(catalog, po_path(locale_id), locale_id)


def update() -> None:
    with POT.open("rb") as handle:
        template = read_po(handle)
    for path in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale_id = path.parent.parent.name
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale_id)
        overrides = [m for m in catalog if m.id and m.context in PLURAL_OVERRIDE_CONTEXTS]
        catalog.update(template, no_fuzzy_matching=True)
        for message in overrides:  # not in the template: the translator's own, kept
            catalog.obsolete.pop((message.id, message.context), None)
            catalog[message.id] = message
        _set_plural_forms(catalog, locale_id)
        _write(catalog, path, locale_id)


def problems(locale_id: str) -> list[str]:
    """Everything wrong with one catalog; the test suite asserts this is empty."""
    out: list[str] = []
    with po_path(locale_id).open("rb") as handle:
        catalog = read_po(handle, locale=locale_id)
    out += plural_problems(locale_id)
    with POT.open("rb") as handle:
        template = read_po(handle)
    wanted = {singular_msgid(m.id) for m in template if m.id}
    have = {
        singular_msgid(m.id) for m in catalog if m.id and m.context not in PLURAL_OVERRIDE_CONTEXTS
    }
    out += _own_form_problems(catalog, template)
    out += [f"missing: {msgid!r}" for msgid in sorted(wanted - have)]
    out += [f"obsolete: {msgid!r}" for msgid in sorted(have - wanted)]
    for message in catalog:
        if message.id:
            out += _message_problems(catalog, message)
    return out


def singular_msgid(msgid: str | tuple[str, ...] | list[str]) -> str:
    """A message's msgid, or the singular msgid of a plural message."""
    return msgid if isinstance(msgid, str) else msgid[0]


def _own_form_problems(catalog: Catalog, template: Catalog) -> list[str]:
    """A catalog's own form for 0 or decimals must be for a plural message without a context
    (the units' phrases), the only messages it is used for."""
    plurals = {m.id[0] for m in template if isinstance(m.id, (tuple, list)) and not m.context}
    return [
        f"a {m.context!r} form for {m.id!r}, which is no plural message without a context"
        for m in catalog
        if m.context in PLURAL_OVERRIDE_CONTEXTS and m.id not in plurals
    ]


def _message_problems(catalog: Catalog, message: Message) -> list[str]:
    """What is wrong with one entry: fuzzy, untranslated, the wrong number of plural forms,
    and whatever Babel's own checkers find (placeholders, Python format)."""
    out = [f"fuzzy: {message.id!r}"] if message.fuzzy else []
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
