"""Catalogs: complete, consistent with CLDR, with the code, and with the copy rules."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import tactful
from tactful._errors import LocaleError
from tactful._locale import load_catalog, supported_locales
from tactful._resources import LOCALES_DIR

from ..conftest import B1, B3, RECHARGE, ROOT, load_tool

catalogs = load_tool("catalogs")

LOCALES = sorted(supported_locales(LOCALES_DIR) - {"en"})


def test_core_locales_are_shipped() -> None:
    assert {"de", "fr"} <= set(LOCALES)


@pytest.mark.parametrize("locale_id", LOCALES)
def test_catalog_has_no_problems(locale_id: str) -> None:
    # Parses; Babel's checkers pass (placeholders match); no fuzzy, untranslated, missing or
    # obsolete entry; plural entries have every CLDR form.
    assert catalogs.problems(locale_id) == []


@pytest.mark.parametrize("locale_id", LOCALES)
def test_plural_headers_agree_with_the_installed_cldr(locale_id: str) -> None:
    # X-Plural-Categories covers every category this Babel's CLDR gives (exactly those when
    # this Babel is as new as the one that wrote the catalog); Plural-Forms chooses as CLDR.
    assert catalogs.plural_problems(locale_id) == []


def _po(locale_id: str, categories: list[str], forms: list[str]) -> bytes:
    """A real catalog file whose "%(count)s credit" message has one marked form per category."""
    header = (
        f"Language: {locale_id}\\n"
        f"Plural-Forms: nplurals={len(forms)}; plural=0;\\n"
        + (f"X-Plural-Categories: {', '.join(categories)}\\n" if categories else "")
        + "Content-Type: text/plain; charset=UTF-8\\n"
    )
    lines = ['msgid ""', f'msgstr "{header}"', "", 'msgid "%(count)s credit"']
    lines.append('msgid_plural "%(count)s credits"')
    lines += [f'msgstr[{i}] "{form}"' for i, form in enumerate(forms)]
    return ("\n".join(lines) + "\n").encode()


def _catalog_dir(tmp_path: Path, locale_id: str, data: bytes) -> Path:
    target = tmp_path / locale_id / "LC_MESSAGES" / "tactful.po"
    target.parent.mkdir(parents=True)
    target.write_bytes(data)
    return tmp_path


def test_a_catalog_with_fewer_forms_than_the_running_cldr_still_renders_right(
    tmp_path: Path,
) -> None:
    # Russian written for a CLDR without "many": a number CLDR now calls "many" takes the
    # catalog's "other" form, never the form of another category.
    data = _po("ru", ["one", "few", "other"], ["%(count)s ONE", "%(count)s FEW", "%(count)s OTHER"])
    catalog = load_catalog(_catalog_dir(tmp_path, "ru", data), "ru")
    credit = ("%(count)s credit", "%(count)s credits")
    assert catalog.ngettext(*credit, 1) == "%(count)s ONE"
    assert catalog.ngettext(*credit, 3) == "%(count)s FEW"
    assert catalog.ngettext(*credit, 5) == "%(count)s OTHER"  # CLDR: many
    assert catalog.ngettext(*credit, Decimal("1.5")) == "%(count)s OTHER"  # CLDR: other


def test_a_catalog_with_more_forms_than_the_running_cldr_uses_the_right_ones(
    tmp_path: Path,
) -> None:
    # German written for a CLDR with a "zero" category it does not have: never chosen.
    data = _po(
        "de", ["zero", "one", "other"], ["ZERO %(count)s", "ONE %(count)s", "OTHER %(count)s"]
    )
    renderer = tactful.Renderer(
        recharge_url=RECHARGE, locale_dir=_catalog_dir(tmp_path, "de", data)
    )
    catalog = load_catalog(tmp_path, "de")
    credit = ("%(count)s credit", "%(count)s credits")
    assert catalog.plural_tags == ("zero", "one", "other")
    assert catalog.ngettext(*credit, 0) == "OTHER %(count)s"
    assert catalog.ngettext(*credit, 1) == "ONE %(count)s"
    # Through a whole render: each amount in credits takes the form CLDR gives it.
    payload = {
        "error": {
            "code": "INSUFFICIENT_CREDITS",
            "message": "Your balance is 0 credits, but this request needs 1 credit.",
        }
    }
    text = renderer.render(payload, format="text", locale="de")
    assert "OTHER 0" in text and "ONE 1" in text and "ZERO" not in text


def test_a_catalog_without_the_categories_header_follows_the_running_cldr(tmp_path: Path) -> None:
    data = _po("de", [], ["EIN %(count)s", "VIELE %(count)s"])
    catalog = load_catalog(_catalog_dir(tmp_path, "de", data), "de")
    assert catalog.plural_tags == ("one", "other")
    assert catalog.ngettext("%(count)s credit", "%(count)s credits", 2) == "VIELE %(count)s"


@pytest.mark.parametrize(
    "categories",
    [["one", "many"], ["other", "one"], ["one", "few", "other"], ["one", "lots", "other"]],
)
def test_a_categories_header_that_cannot_be_right_refuses_the_catalog(
    tmp_path: Path, categories: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    data = _po("de", categories, ["A %(count)s", "B %(count)s"])
    with pytest.raises(LocaleError, match="X-Plural-Categories"):
        load_catalog(_catalog_dir(tmp_path, "de", data), "de")
    # Rendering never raises for it: the locale falls back to the source language, logged.
    renderer = tactful.Renderer(recharge_url=RECHARGE, locale_dir=tmp_path)
    assert "Your balance is too low" in renderer.render(B3, format="text", locale="de")


def test_the_pot_matches_the_code_and_templates(tmp_path: Path) -> None:
    # A string added to the code or a template without a catalog entry fails here.
    fresh = tmp_path / "fresh.pot"
    command = catalogs.extract_command(fresh)
    subprocess.run(command, cwd=ROOT, check=True, timeout=120, capture_output=True)

    def ids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {catalogs.singular_msgid(m.id) for m in read_po(handle) if m.id}

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
    "Too many requests in a short time",
    "A request could not run",
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
        # "payment method" is two words in most languages: that label may take 30.
        assert len(translated) <= (30 if action == "Update payment method" else 26), translated


def test_every_amount_bearing_msgid_says_what_its_values_are() -> None:
    # A translator must know what a placeholder holds and in which case it arrives.
    with (LOCALES_DIR / "tactful.pot").open("rb") as handle:
        template = read_po(handle)
    bare = [
        m.id
        for m in template
        if m.id
        and re.search(
            r"%\((cost|balance|limit|used|shortfall|threshold|amount|count)\)s", str(m.id)
        )
        and not any(c.startswith("Translators:") for c in m.auto_comments)
    ]
    assert bare == []
