"""Speaking the user's language: negotiation, money, plurals, right-to-left."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import tactful
from tactful import Kind, Money, Notice, _render
from tactful._locale import supported_locales
from tactful._resources import LOCALES_DIR

from ..conftest import B1, RECHARGE

REQUIRED = {
    "ar",
    "bg",
    "bn",
    "cs",
    "da",
    "de",
    "el",
    "es",
    "es_419",
    "et",
    "fa",
    "fi",
    "fil",
    "fr",
    "he",
    "hi",
    "hr",
    "hu",
    "id",
    "it",
    "ja",
    "ko",
    "lt",
    "lv",
    "ms",
    "nb",
    "nl",
    "pl",
    "pt_BR",
    "pt_PT",
    "ro",
    "ru",
    "sk",
    "sl",
    "sr",
    "sv",
    "th",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh_Hans",
    "zh_Hant",
}


def test_an_apps_own_locale_dir_is_read_per_renderer_and_the_shipped_one_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tactful.Renderer().supported_locales
    assert shipped == supported_locales(LOCALES_DIR)

    def add(locale_id: str) -> None:
        target = tmp_path / locale_id / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(LOCALES_DIR / locale_id / "LC_MESSAGES" / "tactful.po", target)

    add("de")
    assert tactful.Renderer(locale_dir=tmp_path).supported_locales == {"en", "de"}
    add("fr")  # an app that adds a catalog and builds a new Renderer sees it
    renderer = tactful.Renderer(locale_dir=tmp_path)
    assert renderer.supported_locales == {"en", "de", "fr"}
    assert "Guthaben" in renderer.render(B1, locale="de", format="text")

    # The shipped catalogs are package data: listed once per process, not per Renderer (the
    # module-level tactful.render builds a Renderer per call when given settings).
    def listing(_directory: Path) -> frozenset[str]:
        raise AssertionError("the shipped catalogs were listed again")

    monkeypatch.setattr(_render.settings, "supported_locales", listing)
    assert tactful.Renderer(recharge_url=RECHARGE).supported_locales == shipped
    assert "Guthaben" in tactful.render(B1, format="text", locale="de", recharge_url=RECHARGE)


def test_every_required_locale_ships_with_a_style_note() -> None:
    assert supported_locales(LOCALES_DIR) >= REQUIRED
    for locale_id in REQUIRED:
        assert (LOCALES_DIR / locale_id / "STYLE.md").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize(
    ("requested", "resolved"),
    [
        ("pt-BR", "pt-BR"),
        ("pt_BR", "pt-BR"),
        ("pt", "pt-BR"),
        ("pt-PT", "pt-PT"),
        ("pt-AO", "pt-PT"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("es-MX", "es-419"),
        ("es-AR", "es-419"),
        ("es-ES", "es"),
        ("no", "nb"),
        ("nb-NO", "nb"),
        ("iw", "he"),
        ("tl", "fil"),
        ("sr-Cyrl-RS", "sr"),
        ("en-GB", "en"),
        ("de_DE.UTF-8", "de"),
        ("xx", "en"),
        ("../../etc/passwd", "en"),
        ("", "en"),
    ],
)
def test_negotiation_is_script_aware_and_ends_at_the_default(requested: str, resolved: str) -> None:
    assert tactful.Renderer().negotiate(locale=requested).tag == resolved


def test_accept_language_honours_quality_wildcards_and_malformed_entries() -> None:
    renderer = tactful.Renderer()
    assert renderer.negotiate(accept_language="fr-CH, fr;q=0.9, en;q=0.8").tag == "fr"
    assert renderer.negotiate(accept_language="xx, de;q=0.5, fr;q=0").tag == "de"
    assert renderer.negotiate(accept_language="*;q=1, ja;q=0.1").tag == "en"  # "*": ours to pick
    assert renderer.negotiate(accept_language="ja;q=0.9, *;q=0.1").tag == "ja"
    assert renderer.negotiate(accept_language="de;q=bogus, ;;, ja;q=0.4").tag == "ja"
    assert renderer.negotiate(locale="ko", accept_language="de").tag == "ko"  # explicit wins


def test_fallback_chain_is_configurable_and_ends_at_the_default() -> None:
    renderer = tactful.Renderer(default_locale="de", locale_fallbacks={"ca": ["es"], "gsw": ["de"]})
    assert renderer.negotiate(locale="ca").tag == "es"
    assert renderer.negotiate(locale="xx").tag == "de"


def test_the_result_reports_requested_and_resolved_for_content_language() -> None:
    result = tactful.Renderer().render_result(B1, accept_language="pt-AO, en;q=0.1")
    assert (result.locale.requested, result.locale.tag, result.locale.is_fallback) == (
        "pt-AO",
        "pt-PT",
        False,
    )
    missing = tactful.Renderer().render_result(B1, locale="xx-YY")
    assert (missing.locale.requested, missing.locale.tag, missing.locale.is_fallback) == (
        "xx-YY",
        "en",
        True,
    )


def _mirror(notice: Notice, locale: str) -> str:
    text = tactful.render(
        notice, format="text", locale=locale, show_label=False, show_details=False
    )
    return text.split("\n\n")[1].replace("\n", " ")  # keeps CLDR's no-break spaces


@pytest.mark.parametrize(
    ("unit", "amount", "locale", "shown"),
    [
        ("USD", "4.5", "en", "$4.50"),
        ("JPY", "1234", "ja", "￥1,234"),
        ("KWD", "12.5", "en", "KWD\xa012.500"),
        ("EUR", "1234.5", "de", "1.234,50\xa0€"),
        ("USD", "-3.2", "en", "-$3.20"),
        ("EUR", "-3.2", "fr", "-3,20\xa0€"),
    ],
)
def test_money_uses_cldr_minor_units_and_signs(
    unit: str, amount: str, locale: str, shown: str
) -> None:
    notice = Notice(kind=Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal(amount), unit))
    assert shown in _mirror(notice, locale)


@pytest.mark.parametrize(
    ("amount", "locale", "shown"),
    [
        ("1", "en", "1 credit,"),
        ("1.00", "en", "1 credit,"),
        ("1.5", "en", "1.5 credits,"),
        ("1.5", "fr", "1,5 crédit"),
        ("2", "fr", "2 crédits"),
        ("1", "ru", "1 кредит"),
        ("3", "ru", "3 кредита"),
        ("5", "ru", "5 кредитов"),
        ("1.5", "ru", "1,5 кредита"),
        ("2", "pl", "2 kredyty"),
        ("5", "pl", "5 kredytów"),
    ],
)
def test_units_take_the_plural_cldr_gives_the_shown_number(
    amount: str, locale: str, shown: str
) -> None:
    notice = Notice(kind=Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal(amount), "credits"))
    assert shown in _mirror(notice, locale)


@pytest.mark.parametrize("locale", ["ar", "he", "fa", "ur"])
def test_right_to_left_locales_set_dir_and_isolate_values(locale: str) -> None:
    notice = Notice(
        kind=Kind.INSUFFICIENT_BALANCE,
        balance=Money(Decimal("0.12"), "USD"),
        cost=Money(Decimal("4.5"), "USD"),
        message="Insufficient balance",
    )
    html = tactful.render(notice, locale=locale, recharge_url=RECHARGE)
    assert f'lang="{locale}" dir="rtl"' in html
    mirror = html.split('class="tactful__mirror">', 1)[1].split("</p>", 1)[0]
    assert mirror.count("<bdi>") == 2  # both amounts isolated inside the sentence
    assert "<bdi>Insufficient balance</bdi>" in html  # provider text too
    assert f'href="{RECHARGE}"' in html  # the URL attribute is never reordered


def test_text_output_has_no_bidi_controls_even_where_cldr_puts_them() -> None:
    # CLDR's Arabic currency pattern holds U+200F; text output must not carry it. Only the
    # amount's own isolate (FSI ... PDI, see test_bidi.py) is there.
    notice = Notice(kind=Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal("12.5"), "KWD"))
    text = tactful.render(notice, format="text", locale="ar")
    assert not set(text) & set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067")
    assert "\u206812.500\xa0د.ك.\u2069" in text
    plain = tactful.render(notice, format="text", locale="ar", bidi_isolates=False)
    assert not set(plain) & set(
        "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )


def test_persian_keeps_its_zero_width_non_joiner() -> None:
    # ZWNJ is part of Persian spelling (می‌توانید); only payload text loses invisible characters.
    text = tactful.render(B1, format="text", locale="fa")
    assert "\u200c" in text
