"""Catalogs: complete, consistent with CLDR, with the code, and with the copy rules."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

import tactful
from tactful._locale import load_catalog, supported_locales
from tactful._resources import LOCALES_DIR

from .conftest import B1, B3, RECHARGE, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import catalogs

LOCALES = sorted(supported_locales(LOCALES_DIR) - {"en"})


def test_core_locales_are_shipped() -> None:
    assert {"de", "fr"} <= set(LOCALES)


@pytest.mark.parametrize("locale_id", LOCALES)
def test_catalog_has_no_problems(locale_id: str) -> None:
    # Parses; Babel's checkers pass (placeholders match); no fuzzy, untranslated, missing or
    # obsolete entry; plural entries have every CLDR form.
    assert catalogs.problems(locale_id) == []


@pytest.mark.parametrize("locale_id", LOCALES)
def test_plural_header_agrees_with_cldr(locale_id: str) -> None:
    with (LOCALES_DIR / locale_id / "LC_MESSAGES" / "tactful.po").open("rb") as handle:
        po = read_po(handle, locale=locale_id)
    choose = gettext.c2py(re.search(r"plural=(.+?);?$", po.plural_forms).group(1))  # type: ignore[union-attr]
    rule = Locale.parse(locale_id).plural_form
    order = [
        t for t in ("zero", "one", "two", "few", "many", "other") if t in rule.tags or t == "other"
    ]
    assert po.num_plurals == len(order)
    for n in [*range(0, 230), 1000, 1001, 1000000, 2000000]:
        assert choose(n) == order.index(rule(n)), n


def test_the_pot_matches_the_code_and_templates(tmp_path: Path) -> None:
    # A string added to the code or a template without a catalog entry fails here.
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
    )

    def ids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}

    assert ids(fresh) == ids(LOCALES_DIR / "tactful.pot")


def test_decimal_amounts_take_the_cldr_plural_of_the_shown_number() -> None:
    fr, de = load_catalog(LOCALES_DIR, "fr"), load_catalog(LOCALES_DIR, "de")
    en = load_catalog(LOCALES_DIR, "en")
    assert en.ngettext("%(count)s credit", "%(count)s credits", Decimal("1")) == "%(count)s credit"
    assert (
        en.ngettext("%(count)s credit", "%(count)s credits", Decimal("1.5")) == "%(count)s credits"
    )
    assert (
        fr.ngettext("%(count)s credit", "%(count)s credits", Decimal("1.5")) == "%(count)s crédit"
    )
    assert fr.ngettext("%(count)s credit", "%(count)s credits", 1000000) == "%(count)s de crédits"
    assert (
        de.ngettext("%(count)s credit", "%(count)s credits", Decimal("1.5")) == "%(count)s Credits"
    )


@pytest.mark.parametrize("locale_id", LOCALES)
def test_every_locale_renders_differently_from_english(locale_id: str) -> None:
    english = tactful.render(B3, format="text", recharge_url=RECHARGE)
    local = tactful.render(B3, format="text", locale=locale_id, recharge_url=RECHARGE)
    assert local != english
    html = tactful.render(B1, locale=locale_id, recharge_url=RECHARGE)
    assert f'lang="{locale_id.replace("_", "-")}"' in html


_TITLES = (
    "Your balance is too low",
    "You reached your usage limit",
    "Billing is not active",
    "Your payment was declined",
    "Too many requests right now",
    "This request could not run",
    "Your balance is running low",
)
_ACTIONS = (
    "Add credit",
    "Raise your limit",
    "Set up billing",
    "Update payment method",
    "See pricing",
    "Top up %(amount)s",
)


@pytest.mark.parametrize("locale_id", ["en", *LOCALES])
def test_copy_rules_hold_in_every_language(locale_id: str) -> None:
    catalog = load_catalog(LOCALES_DIR, locale_id)
    with (LOCALES_DIR / "tactful.pot").open("rb") as handle:
        msgids = [m.id for m in read_po(handle) if m.id]
    for msgid in msgids:
        singular = msgid if isinstance(msgid, str) else msgid[0]
        text = (
            catalog.gettext(singular) if isinstance(msgid, str) else catalog.ngettext(*msgid[:2], 2)
        )
        assert "!" not in text and "！" not in text and "¡" not in text, (msgid, text)
    for title in _TITLES:
        translated = catalog.gettext(title)
        assert len(translated) <= 36, translated
        assert not translated.endswith((".", "。")), translated
    for action in _ACTIONS:
        translated = catalog.gettext(action).replace("%(amount)s", "$500")
        assert len(translated) <= 26, translated
