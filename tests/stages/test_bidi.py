"""Bidi isolation in the plain-text channels: right-to-left messages isolate every value and
every payload text (U+2068 ... U+2069, as HTML uses <bdi>), nothing else may add a bidi
control, and one amount reads the same in every channel."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import tactful
from tactful._channels import bidi
from tactful._locale import load_catalog
from tactful._resources import LOCALES_DIR

from ..conftest import PROVIDER_PAYLOADS, RECHARGE
from ..oracles import invisible_problems, isolate_problems, terminal_problems
from .test_channels import columns

RTL = ("ar", "fa", "he", "ur")
PLAIN_FORMATS = ("text", "terminal", "markdown")
FSI, PDI = "\u2068", "\u2069"
_ISOLATE = re.compile(f"{FSI}([^{FSI}{PDI}]*){PDI}")
_BDI = re.compile(r"<bdi>(.*?)</bdi>")

MESSAGE = "You do not have enough credit. Your balance is $0.12, but that costs $4.50."
PAYLOAD = json.dumps(
    {
        "error": {
            "code": "insufficient_balance",
            "message": MESSAGE,
            "balance": "0.12",
            "cost": "4.50",
            "currency": "USD",
        },
        "request_id": "req_8f3a2c",
    }
)


def _renderer(**settings: object) -> tactful.Renderer:
    return tactful.Renderer(
        recharge_url=RECHARGE, allowed_hosts={"billing.example.com"}, **settings
    )


def outputs(renderer: tactful.Renderer, payload: object, locale: str) -> dict[str, str]:
    """Every plain-text output of ``payload`` in ``locale``, the email's text part included."""
    out = {name: renderer.render(payload, format=name, locale=locale) for name in PLAIN_FORMATS}
    email = renderer.render_email(payload, locale=locale)
    text_part = next(p for p in email.walk() if p.get_content_type() == "text/plain")
    out["email"] = str(text_part.get_content())
    return out


def outside_isolates(text: str) -> str:
    return _ISOLATE.sub("", text)


@pytest.mark.parametrize("locale", RTL)
def test_rtl_plain_outputs_isolate_every_value_and_payload_run(locale: str) -> None:
    catalog = load_catalog(LOCALES_DIR, locale)
    for name, text in outputs(_renderer(), PAYLOAD, locale).items():
        assert FSI in text, (locale, name)
        assert isolate_problems(text) == [], (locale, name)
        assert invisible_problems(text, allow_bidi=True) == [], (locale, name)
        outside = outside_isolates(text)
        # Every number is a value (amounts, the top-up) and every Latin word here is the
        # payload's (its message, code and request id) or the link: none is outside an isolate
        # (but a Markdown link's destination, which is not shown).
        outside = outside.replace(f"]({RECHARGE})", "]")
        # (Nor a Latin word of the catalog's own labels: Urdu writes "درخواست ID".)
        for label in ("Request ID", "HTTP status"):
            outside = outside.replace(catalog.gettext(label), "")
        assert not re.search(r"[0-9A-Za-z]", outside), (locale, name, outside)


@pytest.mark.parametrize("locale", RTL)
@pytest.mark.parametrize("width", [20, 40, 80])
def test_a_long_payload_isolate_is_closed_and_opened_again_on_each_line(
    locale: str, width: int
) -> None:
    text = _renderer(text_width=width).render(PAYLOAD, format="text", locale=locale)
    assert isolate_problems(text) == []
    lines = [line.strip() for line in text.splitlines()]
    message_lines = [line for line in lines if any(w in line for w in ("credit.", "costs"))]
    # The message is wrapped, and every piece of it is inside an isolate of its own line.
    assert all(not re.search("[A-Za-z]", outside_isolates(line)) for line in message_lines)
    for line in text.splitlines():
        # (Details are indented past the width: they are wrapped as every locale's are.)
        assert line.startswith(" ") or columns(line) <= width or RECHARGE in line, line


def test_an_isolated_value_that_fits_is_never_broken() -> None:
    wrapped = bidi.wrap_marked(
        "abc abc abc abc \ufdd0four and fifty\ufdd1 abc",
        20,
        tactful._channels.wrap.wrap,
        tactful._channels.wrap.text_width,
    )
    assert wrapped == ["abc abc abc abc", "\ufdd0four and fifty\ufdd1 abc"]


@pytest.mark.parametrize("locale", ["en", "de", "ja", "ru", "hi"])
def test_left_to_right_outputs_hold_no_isolate(locale: str) -> None:
    for name, text in outputs(_renderer(), PAYLOAD, locale).items():
        assert FSI not in text and PDI not in text, (locale, name)
        assert "\ufdd0" not in text and "\ufdd1" not in text


@pytest.mark.parametrize("locale", ["he", "en"])
def test_bidi_controls_and_markers_from_a_payload_never_reach_the_output(locale: str) -> None:
    hostile = "\u2068\u202eevil\u2069 \ufdd0x\ufdd1 \u2067\u2066y \ufdd1\ufdd1\ufdd0"
    payload = json.dumps({"error": {"code": "insufficient_quota", "message": hostile}})
    for name, text in outputs(_renderer(), payload, locale).items():
        assert "\u202e" not in text and "\u2066" not in text and "\u2067" not in text
        assert "\ufdd0" not in text and "\ufdd1" not in text, name
        if locale == "en":
            assert FSI not in text and PDI not in text, name
        else:
            assert isolate_problems(text) == [], name
            # The payload's words are one isolate, whatever marks it tried to bring.
            assert any("evil x y" in inner for inner in _ISOLATE.findall(text)), name


def test_isolates_can_be_turned_off_and_the_setting_is_checked() -> None:
    for name, text in outputs(_renderer(bidi_isolates=False), PAYLOAD, "he").items():
        assert FSI not in text and PDI not in text, name
        assert "\ufdd0" not in text and "\ufdd1" not in text, name
    assert _renderer().bidi_isolates is True
    with pytest.raises(tactful.ConfigError, match="bidi_isolates"):
        _renderer(bidi_isolates="no")
    with pytest.raises(tactful.ConfigError, match="bidi_isolates"):
        tactful.OutputSettings(bidi_isolates=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", ["ar", "fa", "he", "ur"])
def test_an_amount_reads_the_same_in_html_and_in_text(locale: str) -> None:
    # One currency order per locale across channels: the amount's text as CLDR writes it,
    # isolated by <bdi> in HTML and FSI/PDI in text, both of which take its direction from its
    # first strong letter, so every channel lays it out alike.
    renderer = _renderer(show_details=False)
    html = renderer.render(PAYLOAD, format="html", locale=locale)
    text = renderer.render(PAYLOAD, format="text", locale=locale, http_status=402)
    in_html = {v for v in _BDI.findall(html) if re.search("[0-9۰-۹]", v)}
    in_text = {v for v in _ISOLATE.findall(text) if re.search("[0-9۰-۹]", v)}
    assert in_html and in_html == in_text


def test_every_rtl_corpus_payload_isolates_its_provider_text() -> None:
    renderer = _renderer()
    for entry in PROVIDER_PAYLOADS:
        for locale in RTL:
            text = renderer.render(entry["body"], format="text", locale=locale)
            assert isolate_problems(text) == [], (entry["id"], locale)
            notice = renderer.parse(entry["body"])
            for run in (notice.message, notice.code, notice.request_id):
                if run:
                    # Wrapped or not, no word of it is shown outside an isolate.
                    words = set(re.findall(r"[A-Za-z]{3,}", run))
                    outside = set(re.findall(r"[A-Za-z]{3,}", outside_isolates(text)))
                    assert not words & outside - {"https"}, (entry["id"], locale)


def test_low_balance_values_are_isolated_in_rtl_text() -> None:
    text = _renderer().render_low_balance(
        tactful.Money(Decimal("2.5"), "USD"),
        threshold=tactful.Money(Decimal("10"), "USD"),
        format="text",
        locale="he",
    )
    assert isolate_problems(text) == []
    assert not re.search("[0-9]", outside_isolates(text))


def test_the_command_line_can_leave_the_isolates_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tactful._cli import main

    payload = tmp_path / "payload.json"
    payload.write_text(PAYLOAD, encoding="utf-8")
    args = ["render", str(payload), "--format", "text", "--locale", "he"]
    assert main(args) == 0
    assert FSI in capsys.readouterr().out
    assert main([*args, "--no-isolates"]) == 0
    out = capsys.readouterr().out
    assert FSI not in out and PDI not in out and "4.50" in out


def test_hostile_payload_text_in_a_right_to_left_message_brings_no_bidi_control() -> None:
    from ..security.test_hostile import CASES

    renderer = _renderer()
    cases = [c for c in CASES if c.entry["where"] in ("payload_field", "payload_body")]
    assert len(cases) > 100
    for case in cases:
        for name in PLAIN_FORMATS:
            text = renderer.render(case.body, format=name, locale="he")
            assert isolate_problems(text) == [], (case.entry["id"], name, text)
            bare = text.replace(FSI, "").replace(PDI, "")
            assert terminal_problems(bare) == [], (case.entry["id"], name)
