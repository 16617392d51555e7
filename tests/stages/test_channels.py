"""Every channel a user meets: terminal, Markdown, problem details, email, low-balance warnings.

The same words reach every channel; each channel's syntax is escaped for it; hostile payloads
(tests/fixtures/hostile_inputs.jsonl, fed into each human-readable member of the three base
shapes) add nothing to any channel: no escape sequence, no Markdown link, no header, no element.
"""

from __future__ import annotations

import dataclasses
import datetime
import email
import email.policy
import json
import logging
import os
import pickle
import re
import subprocess
import sys
import unicodedata
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markupsafe import Markup

import tactful
import tactful._channels
from tactful import Money

from .. import oracles
from ..conftest import B1, B2, B3, HOSTILE_INPUTS, RECHARGE, ROOT, with_member

PRICING = "https://billing.example.com/pricing"
EXAMPLE = ROOT / "examples" / "payloads" / "problem-details.json"
TOP_UP = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
_BASES = {"B1": B1, "B2": B2, "B3": B3}
_MEMBERS = [
    ("B1", ("error", "message")),
    ("B2", ("message",)),
    ("B2", ("readableMessage",)),
    ("B2", ("name",)),
    ("B3", ("title",)),
    ("B3", ("detail",)),
]
_OSC8 = re.compile(r"\x1b\]8;;([^\x1b]*)\x1b\\(.*?)\x1b\]8;;\x1b\\", re.DOTALL)
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_MARKDOWN = MarkdownIt("gfm-like")  # CommonMark with GitHub's tables, strikethrough, autolinks


def _hostile_cases() -> list[tuple[str, str]]:
    """(id, body): each text entry in each human-readable member, and each whole-body entry."""
    cases: list[tuple[str, str]] = []
    for entry in HOSTILE_INPUTS:
        value = entry.get("input")
        if not isinstance(value, str):
            continue
        if entry["where"] == "payload_field" and entry["category"] != "numeric":
            for base, path in _MEMBERS:
                cases.append(
                    (
                        f"{entry['id']}-{base}.{'.'.join(path)}",
                        with_member(_BASES[base], path, value),
                    )
                )
        elif entry["where"] == "payload_body":
            cases.append((f"{entry['id']}-body", value))
    return cases


def twin(notice: tactful.Notice) -> tactful.Notice:
    """The same notice with plain words wherever the payload gave text.

    Rendered side by side with the notice, it shows exactly what the payload's characters
    added to a channel: the structure (which parts, facts and amounts exist) is the same.
    """
    return dataclasses.replace(
        notice,
        message="Plain words" if notice.message else None,
        code="PLAIN_CODE" if notice.code else None,
        provider="Provider" if notice.provider else None,
        request_id="req_plain" if notice.request_id else None,
    )


HOSTILE = _hostile_cases()


@pytest.fixture
def renderer() -> tactful.Renderer:
    return tactful.Renderer(
        recharge_url=RECHARGE,
        pricing_url=PRICING,
        allowed_hosts={"billing.example.com"},
        color=False,
    )


def unlinked(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with each OSC 8 link replaced by its visible text, and the (target, text) pairs."""
    return _OSC8.sub(lambda m: m.group(2), text), _OSC8.findall(text)


def columns(line: str) -> int:
    # The isolates of a right-to-left message take no column (a terminal draws nothing).
    return sum(
        0
        if unicodedata.combining(ch) or ch in "\u2068\u2069"
        else 2
        if unicodedata.east_asian_width(ch) in "WF"
        else 1
        for ch in line
    )


class FakeTerminal:
    """Standard output as a terminal (``isatty``), without one."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


# ---- terminal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "tty", "colour"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # no-color.org: set and non-empty
        ({"FORCE_COLOR": "1"}, False, True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
        ({"TERM": "dumb"}, True, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
    ],
)
def test_terminal_colour_follows_the_environment_and_the_stream(
    environ: dict[str, str], tty: bool, colour: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "FORCE_HYPERLINK"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", FakeTerminal(tty))
    out = tactful.Renderer(recharge_url=RECHARGE).render(B1, format="terminal")
    assert ("\x1b" in out) is colour
    plain = tactful.Renderer(recharge_url=RECHARGE).render(B1, format="text")
    assert _SGR.sub("", unlinked(out)[0]) == plain  # the same words, only decorated


def test_terminal_colour_mode_has_only_sgr_and_one_link_whose_text_is_its_url() -> None:
    renderer = tactful.Renderer(
        recharge_url=TOP_UP, pricing_url=PRICING, color=True, hyperlinks=True
    )
    out = renderer.render(EXAMPLE.read_bytes(), format="terminal", locale="de")
    text, links = unlinked(out)
    url = "https://billing.example.com/top-up?amount=5&currency=USD"
    assert links == [(url, url)]  # the URL stays visible: the link text is the URL itself
    assert oracles.terminal_problems(text, allow_sgr=True) == []
    assert "\x1b[1;33mIhr Guthaben reicht nicht aus\x1b[0m" in text  # title: bold, coloured
    assert f"\x1b[4m{PRICING}\x1b[0m" in text  # the secondary link: underlined, not an OSC 8


@pytest.mark.parametrize(
    ("settings", "environ"),
    [({"hyperlinks": False}, {}), ({}, {"FORCE_HYPERLINK": "0"})],
    ids=["setting", "FORCE_HYPERLINK=0"],
)
def test_terminal_links_can_be_turned_off(
    settings: dict[str, Any], environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    out = tactful.Renderer(recharge_url=RECHARGE, color=True, **settings).render(
        B1, format="terminal"
    )
    assert "\x1b]" not in out and "\x1b[1m" in out
    assert f"\x1b[4m{RECHARGE}\x1b[0m" in out  # still shown and underlined


@pytest.mark.parametrize("locale", ["ja", "zh-Hans", "ko", "de", "ar"])
@pytest.mark.parametrize("width", [24, 40])
def test_terminal_wraps_to_the_terminal_width_counting_wide_characters(
    locale: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    body = json.dumps({"error": {"code": "INSUFFICIENT_BALANCE", "message": "残高不足 " * 30}})
    out = tactful.Renderer(recharge_url=RECHARGE, color=False).render(
        body, format="terminal", locale=locale
    )
    lines = out.splitlines()
    assert len(lines) > 6
    for line in lines:
        # A URL is never broken, so it may be the one thing longer than the width.
        assert columns(line) <= width or RECHARGE in line, line


def test_terminal_width_is_capped_by_the_configured_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = tactful.Renderer(recharge_url=RECHARGE, text_width=50, color=False).render(
        B3, format="terminal"
    )
    assert max(columns(line) for line in out.splitlines()) <= 50


@pytest.mark.parametrize(("case_id", "body"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_terminal_payload_adds_no_escape_sequence(case_id: str, body: str) -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE, color=True, hyperlinks=True, text_width=72)
    result = renderer.render_result(body, format="terminal")
    notice = result.notice
    assert notice is not None and not result.fallback
    for out, baseline in (
        (result.body, None),
        (
            renderer.render(notice, format="terminal"),
            renderer.render(twin(notice), format="terminal"),
        ),
    ):
        text, links = unlinked(out)
        assert [target for target, _ in links] == ([RECHARGE] if notice.is_money else [])
        assert all(target == shown for target, shown in links)
        base_text = unlinked(baseline)[0] if baseline is not None else None
        assert oracles.terminal_problems(text, base_text, allow_sgr=True) == []
    plain = tactful.Renderer(recharge_url=RECHARGE, color=False).render(body, format="terminal")
    assert "\x1b" not in plain and oracles.terminal_problems(plain) == []


# ---- Markdown -------------------------------------------------------------------------------


def markdown_summary(source: str) -> dict[str, Any]:
    """What a CommonMark + GFM renderer makes of ``source``: links, markup, and the shown text."""
    links: list[str] = []
    markup: list[str] = []
    text: list[str] = []

    def walk(tokens: list[Any]) -> None:
        for token in tokens:
            if token.type == "link_open":
                links.append(str(token.attrGet("href")))
            elif token.type in ("image", "html_inline", "html_block", "code_inline", "fence") or (
                token.type.endswith("_open") and token.type not in ("paragraph_open",)
            ):
                markup.append(token.type)
            elif token.type == "text":
                text.append(token.content)
            if token.children:
                walk(token.children)

    walk(_MARKDOWN.parse(source))
    return {"links": links, "markup": sorted(markup), "text": " ".join(text)}


def test_markdown_shows_the_message_with_the_call_to_action_as_a_link(
    renderer: tactful.Renderer,
) -> None:
    out = renderer.render(B3, format="markdown")
    assert out.startswith("**Your balance is too low**\n\n")
    seen = markdown_summary(out)
    assert seen["links"] == [RECHARGE, PRICING]
    assert "The cost of this request is 50, and your balance is 30." in seen["text"]
    assert "You do not have enough credit." in seen["text"]  # the provider's words, literally


def test_markdown_escapes_metacharacters_in_payload_text(renderer: tactful.Renderer) -> None:
    message = "**Top up** at [evil](https://evil.example/x) <b>now</b> @everyone `x` #1 ~~no~~"
    out = renderer.render(
        {"error": {"message": message, "code": "insufficient_quota"}}, format="markdown"
    )
    seen = markdown_summary(out)
    assert seen["links"] == [RECHARGE, PRICING]
    assert message in seen["text"]  # shown literally, every character
    assert "\\@everyone" in out  # a mention is not a mention
    baseline = markdown_summary(renderer.render(B1, format="markdown"))
    assert seen["markup"] == baseline["markup"]


@pytest.mark.parametrize(("case_id", "body"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_markdown_payload_adds_no_link_or_markup(
    case_id: str, body: str, renderer: tactful.Renderer
) -> None:
    notice = renderer.parse(body)
    out = renderer.render(body, format="markdown")
    seen = markdown_summary(out)
    # A body with nothing readable in it is said to be unreadable: no button, no pricing.
    assert seen["links"] == ([RECHARGE, PRICING] if notice.is_money else [])
    assert all(oracles.url_ok(link) for link in seen["links"])
    assert oracles.terminal_problems(out) == []
    from_notice = markdown_summary(renderer.render(notice, format="markdown"))
    plain = markdown_summary(renderer.render(twin(notice), format="markdown"))
    assert from_notice["markup"] == plain["markup"] and from_notice["links"] == plain["links"]
    if notice.message:  # shown literally: every escape is undone by a Markdown renderer
        assert notice.message[:40] in from_notice["text"]


# ---- problem details ------------------------------------------------------------------------


def test_problem_details_document_and_headers() -> None:
    renderer = tactful.Renderer(
        recharge_url=TOP_UP,
        pricing_url=PRICING,
        problem_type="https://api.example.com/problems/{kind}",
    )
    result = renderer.render_result(EXAMPLE.read_bytes(), format="problem", locale="fr")
    doc = json.loads(result.body)
    assert doc["type"] == "https://api.example.com/problems/insufficient_balance"
    assert doc["title"] == "Solde insuffisant" and doc["status"] == 402 == result.status
    assert doc["detail"].startswith("Cette requête coûte 4,50")
    assert doc["balance"] == {"amount": "0.12", "currency": "USD"}
    assert doc["cost"] == {"amount": "4.50", "currency": "USD"}
    payment = "https://billing.example.com/top-up?amount=5&currency=USD"
    assert doc["links"][0] == {"rel": "payment", "href": payment, "title": "Recharger 5\xa0$US"}
    assert result.headers() == {
        "Content-Type": "application/problem+json",
        "Content-Language": "fr",
        "Vary": "Accept-Language",
        "Link": f'<{payment}>; rel="payment"',
    }


def test_problem_details_for_a_rate_limit_has_no_payment_link_and_says_when() -> None:
    notice = tactful.Notice(kind=tactful.Kind.RATE_LIMIT, retry_after=30, http_status=429)
    result = tactful.Renderer(recharge_url=RECHARGE).render_result(notice, format="problem")
    doc = json.loads(result.body)
    assert doc["status"] == 429 and "links" not in doc and "30 seconds" in doc["detail"]
    assert "type" not in doc  # absent means about:blank (RFC 9457)
    assert result.headers()["Retry-After"] == "30" and "Link" not in result.headers()


def test_problem_json_is_safe_to_embed_in_a_page(renderer: tactful.Renderer) -> None:
    body = {"error": {"message": "</script><script>alert(1)</script>\u2028", "code": "quota"}}
    out = renderer.render(body, format="problem")
    assert "<" not in out and "\u2028" not in out
    json.loads(out)


def test_problem_type_must_be_an_https_url() -> None:
    for uri in ("javascript:alert(1)", "http://x/{kind}", "https://x/{knd}", "https://u@x/"):
        with pytest.raises(tactful.ConfigError, match="problem_type"):
            tactful.Renderer(problem_type=uri)  # in every mode: it is the integrator's own
    assert tactful.Renderer(problem_type="https://x/{kind}").problem_type == "https://x/{kind}"


# ---- email ----------------------------------------------------------------------------------


def wire(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=email.policy.SMTP)


def test_email_has_subject_language_and_two_parts_text_first(renderer: tactful.Renderer) -> None:
    msg = renderer.render_email(B3, locale="de")
    assert msg["Subject"] == "Ihr Guthaben reicht nicht aus"
    assert msg["Content-Language"] == "de"
    assert [p.get_content_type() for p in msg.walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    assert text.get_content_charset() == html.get_content_charset() == "utf-8"
    assert f"Guthaben aufladen: {RECHARGE}" in text.get_content()
    page = html.get_content()
    assert page.startswith('<!DOCTYPE html>\n<html lang="de" dir="ltr">')
    assert f'href="{RECHARGE}"' in page and "<img" not in page
    assert 'bgcolor="#0b57d0"' in page  # the bulletproof button: a coloured cell, not an image
    assert "From" not in msg and "To" not in msg  # the caller's to set


def test_email_html_styles_are_inline_and_layout_is_tables(renderer: tactful.Renderer) -> None:
    msg = renderer.render_email(B2)
    page = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    body = page.split("<body", 1)[1]
    tree = oracles.parse_tree(body)
    assert tree.elements["table"] >= 3  # page, card, button: layout by tables
    assert tree.elements["div"] == 1  # the hidden preview line only
    # Every element that shows text carries its own style: the <style> block only adds dark
    # mode, for the clients that read it.
    for tag in ("h1", "p", "a"):
        openings = re.findall(rf"<{tag}\b[^>]*>", body)
        assert openings, tag
        assert all('style="' in opening for opening in openings), tag
    assert "@media (prefers-color-scheme: dark)" in page
    assert 'name="color-scheme" content="light dark"' in page


def test_email_is_deterministic_crlf_and_short_lined(renderer: tactful.Renderer) -> None:
    long_url = "https://billing.example.com/top-up?" + "x" * 1500
    r = tactful.Renderer(recharge_url=long_url, allowed_hosts={"billing.example.com"})
    first, second = wire(r.render_email(B1, locale="ja")), wire(r.render_email(B1, locale="ja"))
    assert first == second
    assert oracles.email_problems(first, first) == []
    msg = email.message_from_bytes(first, policy=email.policy.default)
    assert long_url in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


@pytest.mark.parametrize("locale", ["en", "ja", "ar", "de"])
def test_email_headers_fold_as_the_email_package_folds_them(locale: str) -> None:
    # Headers fold as headers the email package makes itself, under every policy; and the
    # message still pickles.
    rendered = tactful.Renderer(recharge_url=RECHARGE).render_email(B3, locale=locale)
    narrow = email.policy.default.clone(max_line_length=20)
    policies = (email.policy.default, email.policy.SMTP, email.policy.SMTPUTF8, narrow)
    for msg in (rendered, pickle.loads(pickle.dumps(rendered))):
        for policy in policies:
            for part in msg.walk():
                for name, value in part.raw_items():
                    plain = email.policy.default.header_factory(name, str(value))
                    expected = policy.fold_binary(name, plain)
                    assert policy.fold_binary(name, value) == expected
                    assert policy.fold_binary(name, value) == expected  # the kept form


@pytest.mark.parametrize(("case_id", "body"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_email_payload_adds_no_header_part_or_element(
    case_id: str, body: str, renderer: tactful.Renderer
) -> None:
    msg = renderer.render_email(body)
    data = wire(msg)
    # Headers and the MIME tree never depend on the payload: compare with plain B1.
    assert oracles.email_problems(data, wire(renderer.render_email(B1))) == []
    assert len(data) <= 256 * 1024 and len(str(msg["Subject"])) <= 255
    assert oracles.terminal_problems(str(msg["Subject"])) == []
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert oracles.terminal_problems(text) == []
    # The HTML body, beside its twin with plain words: the payload added no element, attribute,
    # URL or comment, and no invisible character.
    notice = renderer.parse(body)
    html = renderer.render_email(notice).get_body(("html",)).get_content()  # type: ignore[union-attr]
    twin_msg = renderer.render_email(twin(notice))
    base_html = twin_msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert oracles.html_problems(html, base_html) == []
    assert oracles.invisible_problems(html) == []
    for tag in ("img", "link", "style", "base", "meta", "iframe", "form"):
        assert html.count(f"<{tag}") == base_html.count(f"<{tag}"), tag


def test_email_falls_back_with_the_same_headers_and_parts(tmp_path: Path) -> None:
    (tmp_path / "email.html").write_text("{{ no_such_name }}", encoding="utf-8")
    seen: list[BaseException] = []
    broken = tactful.Renderer(template_dirs=[tmp_path], recharge_url=RECHARGE, on_error=seen.append)
    good = tactful.Renderer(recharge_url=RECHARGE)
    msg = broken.render_email(B1, locale="fr")
    assert seen and isinstance(seen[0], tactful.TemplateError)
    assert oracles.email_problems(wire(msg), wire(good.render_email(B1, locale="fr"))) == []
    assert msg["Subject"] == "Solde insuffisant"
    assert RECHARGE in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f'href="{RECHARGE}"' in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    with pytest.raises(tactful.TemplateError):
        tactful.Renderer(template_dirs=[tmp_path], strict=True).render_email(B1)


# ---- low-balance warnings -------------------------------------------------------------------

BALANCE = Money(Decimal("3.20"), "USD")
THRESHOLD = Money(Decimal("5"), "USD")


@pytest.mark.parametrize("format", ["html", "text", "terminal", "markdown", "problem"])
def test_low_balance_warning_in_every_format(format: str) -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE, color=False)
    out = renderer.render_low_balance(
        BALANCE, threshold=THRESHOLD, burn_rate=Money(Decimal("1.10"), "USD"), format=format
    )
    plain = {
        "problem": lambda: json.loads(out)["detail"],
        "markdown": lambda: markdown_summary(out)["text"],
        "html": lambda: re.sub(r"<[^>]+>", "", out),
    }.get(format, lambda: out)()
    plain = " ".join(plain.split())
    assert "$3.20, below your alert level ($5.00)" in plain
    assert "your balance lasts about 3 more days" in plain
    assert "Your balance is running low" in out
    assert RECHARGE in out


def test_low_balance_problem_is_a_warning_with_its_amounts() -> None:
    doc = json.loads(
        tactful.Renderer(recharge_url=RECHARGE).render_low_balance(
            BALANCE, threshold=THRESHOLD, format="problem"
        )
    )
    assert "status" not in doc and doc["kind"] == "low_balance"
    assert doc["balance"] == {"amount": "3.20", "currency": "USD"}
    assert doc["threshold"] == {"amount": "5.00", "currency": "USD"}
    assert doc["links"] == [{"rel": "payment", "href": RECHARGE, "title": "Add credit"}]


@pytest.mark.parametrize(
    ("burn_rate", "period", "says"),
    [
        (Money(Decimal("0.80"), "USD"), datetime.timedelta(hours=1), "about 4 more hours"),
        (Money(Decimal("1"), "EUR"), datetime.timedelta(days=1), None),  # other currency
        (Money(Decimal("0.001"), "USD"), datetime.timedelta(days=1), None),  # over a year
        (Money(Decimal("0"), "USD"), datetime.timedelta(days=1), None),
        (Money(Decimal("NaN"), "USD"), datetime.timedelta(days=1), None),
    ],
)
def test_low_balance_burn_rate_says_roughly_when_it_runs_out(
    burn_rate: Money, period: datetime.timedelta, says: str | None
) -> None:
    out = tactful.Renderer().render_low_balance(
        BALANCE, burn_rate=burn_rate, burn_period=period, format="text"
    )
    out = " ".join(out.split())
    assert ("lasts about" in out) is (says is not None)
    if says:
        assert says in out


USD, EUR = (lambda a: Money(Decimal(a), "USD")), (lambda a: Money(Decimal(a), "EUR"))


@pytest.mark.parametrize(
    ("arguments", "mistake", "says"),
    [
        ({"balance": USD("7"), "threshold": USD("5")}, "balance 7 USD is not below", "is now $7"),
        ({"balance": USD("0")}, "balance 0 USD is not above zero", "is now $0.00"),
        ({"balance": USD("5"), "threshold": USD("5")}, "is not below the alert", "is now $5"),
        ({"balance": USD("3"), "threshold": EUR("5")}, "threshold is in EUR", "is now $3"),
        ({"balance": USD("3"), "threshold": USD("-5")}, "must be a positive", "is now $3"),
        ({"balance": USD("3"), "threshold": USD("0")}, "must be a positive", "is now $3"),
        (
            {"balance": USD("3"), "threshold": USD("5"), "burn_rate": USD("-1")},
            "burn_rate must not be negative",
            "below your alert level ($5.00)",
        ),
        (
            {"balance": USD("3"), "burn_rate": EUR("1")},
            "burn_rate is in EUR",
            "is now $3",
        ),
    ],
)
def test_low_balance_input_that_cannot_be_true_is_refused(
    arguments: dict[str, Any], mistake: str, says: str, caplog: pytest.LogCaptureFixture
) -> None:
    balance = arguments.pop("balance")
    with pytest.raises(tactful.ConfigError, match=mistake):
        tactful.Renderer(strict=True).render_low_balance(balance, format="text", **arguments)
    with pytest.raises(tactful.ConfigError, match=mistake):
        tactful.Renderer(strict=True).render_low_balance_email(balance, **arguments)
    with caplog.at_level(logging.ERROR, logger="tactful"):
        text = " ".join(
            tactful.Renderer().render_low_balance(balance, format="text", **arguments).split()
        )
    assert says in text  # a sensible message: what is true of the arguments, nothing false
    assert "lasts about" not in text
    if "not below" in mistake or "threshold" in mistake:
        assert "alert level" not in text
    assert any(mistake in record.getMessage() for record in caplog.records)


def test_low_balance_email(renderer: tactful.Renderer) -> None:
    msg = renderer.render_low_balance_email(
        BALANCE, threshold=THRESHOLD, burn_rate=Money(Decimal("1.10"), "USD"), locale="de"
    )
    assert msg["Subject"] == "Ihr Guthaben wird knapp"
    assert [p.get_content_type() for p in msg.walk()][1:] == ["text/plain", "text/html"]
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "3,20" in text and RECHARGE in text
    assert oracles.email_problems(wire(msg), wire(renderer.render_email(B1))) == []


# ---- never raise: each channel falls back in its own syntax ---------------------------------


@pytest.mark.parametrize("format", ["terminal", "markdown"])
def test_broken_template_falls_back_in_the_same_channel(format: str, tmp_path: Path) -> None:
    name = {"terminal": "notice.txt", "markdown": "notice.md"}[format]
    (tmp_path / name).write_text("{{ title ", encoding="utf-8")
    result = tactful.Renderer(template_dirs=[tmp_path], recharge_url=RECHARGE).render_result(
        B1, format=format, locale="de"
    )
    assert result.fallback and result.body.startswith(
        "**Ihr Guthaben reicht nicht aus**" if format == "markdown" else "Ihr Guthaben"
    )
    assert (f"]({RECHARGE})" if format == "markdown" else f": {RECHARGE}") in result.body


def test_problem_falls_back_to_a_problem_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import tactful._channels.problem

    def broken(_: Money) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(tactful._channels.problem, "money_json", broken)
    result = tactful.Renderer(recharge_url=RECHARGE).render_result(B3, format="problem")
    doc = json.loads(result.body)
    assert result.fallback and result.media_type == "application/problem+json"
    assert doc["status"] == 402 and doc["links"][0]["href"] == RECHARGE
    assert result.headers()["Content-Type"] == "application/problem+json"


# ---- the command line -----------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tactful", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")},
    )


@pytest.mark.parametrize("format", sorted(tactful._channels.BUILTIN_FORMATS))
def test_cli_render_accepts_every_format(format: str) -> None:
    done = cli("render", str(EXAMPLE), "--format", format, "--recharge-url", TOP_UP)
    assert done.returncode == 0, done.stderr
    assert done.stdout == tactful.Renderer(recharge_url=TOP_UP, color=False).render(
        EXAMPLE.read_bytes(), format=format
    )


def test_cli_colour_switch() -> None:
    always = cli("render", str(EXAMPLE), "-f", "terminal", "--color", "always")
    never = cli("render", str(EXAMPLE), "-f", "terminal", "--color", "never")
    assert "\x1b[1;33m" in always.stdout and "\x1b" not in never.stdout
    assert _SGR.sub("", unlinked(always.stdout)[0]) == never.stdout


def test_cli_email_prints_the_whole_message_and_writes_an_eml(tmp_path: Path) -> None:
    done = cli("email", str(EXAMPLE), "--to", "ana@example.com", "--locale", "fr")
    assert done.returncode == 0, done.stderr
    msg = email.message_from_string(done.stdout, policy=email.policy.default)
    assert msg["To"] == "ana@example.com" and msg["Subject"] == "Solde insuffisant"
    assert [p.get_content_type() for p in msg.walk()][1:] == ["text/plain", "text/html"]
    eml = tmp_path / "notice.eml"
    written = cli("email", str(EXAMPLE), "--to", "ana@example.com", "-o", str(eml))
    assert written.returncode == 0 and written.stdout == ""
    data = eml.read_bytes()
    assert oracles.email_problems(data, data) == []
    assert email.message_from_bytes(data, policy=email.policy.default)["From"]


def test_cli_email_refuses_an_address_with_a_line_break() -> None:
    done = cli("email", str(EXAMPLE), "--to", "ana@example.com\nBcc: eve@example.com")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, False),  # unknown terminal: plain URL, no sequence it might print raw
        ({"TERM_PROGRAM": "WezTerm"}, True),
        ({"TERM_PROGRAM": "vscode"}, True),
        ({"WT_SESSION": "1"}, True),
        ({"VTE_VERSION": "7600"}, True),
        ({"VTE_VERSION": "4800"}, False),
        ({"TERM": "xterm-kitty"}, True),
        ({"TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/tmux-0/default,1,0"}, False),
        ({"TERM_PROGRAM": "WezTerm", "CI": "true"}, False),
        ({"FORCE_HYPERLINK": "1"}, True),
        ({"FORCE_HYPERLINK": "0", "TERM_PROGRAM": "WezTerm"}, False),
    ],
)
def test_hyperlinks_are_on_only_where_the_terminal_supports_them(
    environ: dict[str, str], expected: bool
) -> None:
    from tactful._channels.terminal import hyperlinks_wanted

    assert hyperlinks_wanted(environ) is expected


@pytest.mark.parametrize(
    ("shortfall", "suggested"),
    [("1E+2", "100"), ("100", "100"), ("99.5", "100"), ("1.2E+3", "2000"), ("0.38", "1")],
)
def test_the_suggested_top_up_reads_the_amount_not_its_spelling(
    shortfall: str, suggested: str
) -> None:
    # An application's own Notice may carry a Decimal with an exponent; it is the same amount.
    notice = tactful.Notice(
        kind=tactful.Kind.INSUFFICIENT_BALANCE, shortfall=Money(Decimal(shortfall), "USD")
    )
    out = tactful.Renderer(recharge_url=TOP_UP).render(notice, format="text")
    assert f"?amount={suggested}&currency=USD" in out


# ---- an application's own channels ------------------------------------------------------------


def _chat_message(rendered: str, job: tactful.FinishContext) -> str:
    return json.dumps({"text": rendered.strip(), "status": job.status}, ensure_ascii=False)


def _chat_fallback(message: tactful.SafeMessage) -> str:
    return json.dumps({"text": message.title, "link": message.url}, ensure_ascii=False)


CHAT = tactful.Format("notice.txt", "application/json", _chat_message, _chat_fallback)


def test_an_applications_own_channel_renders() -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE, formats={"chat": CHAT})
    result = renderer.render_result(B3, format="chat", locale="de")
    doc = json.loads(result.body)
    assert doc["status"] == 402 and doc["text"].startswith("Ihr Guthaben reicht nicht aus")
    assert not result.fallback and result.media_type == "application/json"
    assert result.headers()["Content-Type"] == "application/json"
    assert type(result.body) is str  # not markup
    assert sorted(renderer.formats) == ["chat", "html", "markdown", "problem", "terminal", "text"]


def test_a_markup_channel_returns_markup() -> None:
    snippet = tactful.Format("notice.html", "text/html", lambda r, _j: r, str, markup=True)
    body = tactful.Renderer(formats={"snippet": snippet}).render(B3, format="snippet")
    assert isinstance(body, Markup) and "<h2" in body


def test_a_channels_own_fallback_is_used_when_its_template_breaks(tmp_path: Path) -> None:
    (tmp_path / "chat.txt").write_text("{{ no_such_value }}", encoding="utf-8")
    chat = tactful.Format("chat.txt", "application/json", _chat_message, _chat_fallback)
    errors: list[BaseException] = []
    renderer = tactful.Renderer(
        template_dirs=[tmp_path],
        recharge_url=RECHARGE,
        formats={"chat": chat},
        on_error=errors.append,
    )
    result = renderer.render_result(B3, format="chat", locale="de")
    assert result.fallback and result.media_type == "application/json"
    assert json.loads(result.body) == {"text": "Ihr Guthaben reicht nicht aus", "link": RECHARGE}
    assert len(errors) == 1
    with pytest.raises(tactful.TemplateError):
        renderer.replace(strict=True).render(B3, format="chat")


def test_a_failing_fallback_of_a_channel_gives_the_text_one(tmp_path: Path) -> None:
    (tmp_path / "chat.txt").write_text("{{ no_such_value }}", encoding="utf-8")

    def broken(_message: tactful.SafeMessage) -> str:
        raise RuntimeError("a bug")

    chat = tactful.Format("chat.txt", "application/json", _chat_message, broken)
    renderer = tactful.Renderer(template_dirs=[tmp_path], formats={"chat": chat})
    result = renderer.render_result(B3, format="chat")
    assert result.fallback and result.media_type == "text/plain"
    assert result.body.startswith("Your balance is too low\n")


@pytest.mark.parametrize(
    ("formats", "why"),
    [
        ({"Chat Room": CHAT}, "format name"),
        ({"email": CHAT}, "built in"),
        ({"chat": {"template": "notice.txt"}}, "must be a tactful.Format"),
        ({"chat": dataclasses.replace(CHAT, template="../secret")}, "template"),
        ({"chat": dataclasses.replace(CHAT, media_type="json")}, "media_type"),
        ({"chat": dataclasses.replace(CHAT, finish="finish")}, "finish must be callable"),
        ({"chat": dataclasses.replace(CHAT, fallback=None)}, "fallback must be callable"),
        ({"chat": dataclasses.replace(CHAT, context="context")}, "context"),
        ({"chat": dataclasses.replace(CHAT, markup="yes")}, "markup"),
        # Markup is safe to embed only when Jinja2 escaped the template: a .txt one is not.
        ({"chat": dataclasses.replace(CHAT, markup=True)}, "autoescaped template"),
    ],
)
def test_a_bad_channel_is_refused_at_construction(formats: dict[str, Any], why: str) -> None:
    with pytest.raises(tactful.ConfigError, match=why):
        tactful.Renderer(formats=formats)


@pytest.mark.parametrize("name", sorted(tactful._channels.BUILTIN_FORMATS))
def test_built_in_channels_cannot_be_replaced_or_changed(name: str) -> None:
    with pytest.raises(tactful.ConfigError, match="built in"):
        tactful.Renderer(formats={name: CHAT})
    renderer = tactful.Renderer(formats={"chat": CHAT})
    with pytest.raises(TypeError):
        renderer.formats[name] = CHAT  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        renderer.formats[name].media_type = "application/json"  # type: ignore[misc]
    # Nothing is global: another Renderer has the built-in formats only.
    assert "chat" not in tactful.Renderer().formats
    assert "chat" not in tactful._channels.BUILTIN_FORMATS


def test_replace_keeps_the_applications_channels() -> None:
    renderer = tactful.Renderer(formats={"chat": CHAT}).replace(heading_level=1)
    assert renderer.formats["chat"] is CHAT


def test_a_finish_or_fallback_that_returns_no_text_gives_a_safe_message(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    silent = dataclasses.replace(CHAT, finish=lambda _r, _j: None)
    renderer = tactful.Renderer(formats={"chat": silent}, on_error=errors.append)
    result = renderer.render_result(B3, format="chat")
    assert result.fallback and json.loads(result.body)["text"] == "Your balance is too low"
    assert errors and "finish returned NoneType" in str(errors[0])
    (tmp_path / "chat.txt").write_text("{{ no_such_value }}", encoding="utf-8")
    mute = tactful.Format("chat.txt", "application/json", _chat_message, lambda _m: None)
    result = tactful.Renderer(template_dirs=[tmp_path], formats={"chat": mute}).render_result(
        B3, format="chat"
    )
    assert result.fallback and result.body.startswith("Your balance is too low\n")


def test_an_applications_context_is_not_written_to() -> None:
    kept: dict[str, Any] = {}

    def context(presentation: Any) -> dict[str, Any]:
        kept.update(presentation.context())
        return kept

    chat = dataclasses.replace(CHAT, context=context)
    tactful.Renderer(formats={"chat": chat}).render(B3, format="chat")
    assert "heading_level" not in kept
