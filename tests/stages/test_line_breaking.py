"""Line breaking in the text and terminal channels, per the rules of each script: no space
between a number and its unit in Chinese and Japanese durations, Korean wrapped at spaces,
opening brackets never at a line's end, no stub of one or two characters before a final "。",
and Thai broken only at the word boundaries its catalog marks with U+200B, which never
reaches the output."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest

import tactful
from tactful._channels import wrap
from tactful._locale import load_catalog
from tactful._resources import LOCALES_DIR

from ..conftest import RECHARGE
from .test_channels import columns

CJK = ("ja", "zh_Hans", "zh_Hant")
WIDTHS = (20, 40, 80)
ZWSP = "\u200b"
KINDS = [
    {
        "error": {
            "code": "insufficient_balance",
            "balance": "0.12",
            "cost": "4.5",
            "currency": "USD",
        }
    },
    {"error": {"code": "insufficient_quota", "message": "You exceeded your current quota."}},
    {"error": {"type": "rate_limit_error", "message": "Rate limit reached"}},
    {"error": {"code": "billing_not_active"}},
    {"error": {"code": "card_declined"}},
    {"error": {"code": "server_error", "message": "boom"}},
]


def _texts(locale: str, width: int) -> list[str]:
    renderer = tactful.Renderer(recharge_url=RECHARGE, text_width=width)
    out = [
        renderer.render(json.dumps(payload), format=name, locale=locale)
        for payload in KINDS
        for name in ("text", "terminal")
    ]
    out.append(
        renderer.render(
            tactful.Notice(tactful.Kind.RATE_LIMIT, retry_after=3 * 86400),
            format="text",
            locale=locale,
        )
    )
    out.append(
        renderer.render_low_balance(
            tactful.Money(Decimal("2.5"), "USD"),
            threshold=tactful.Money(Decimal("5"), "USD"),
            runs_out_in=datetime.timedelta(days=3),
            format="text",
            locale=locale,
        )
    )
    return out


def _paragraphs(text: str) -> list[list[str]]:
    return [block.split("\n") for block in text.strip("\n").split("\n\n") if block]


@pytest.mark.parametrize("locale", CJK)
@pytest.mark.parametrize("seconds", [1, 20, 90, 3600, 3 * 86400, 7 * 86400])
def test_chinese_and_japanese_durations_have_no_space_before_the_unit(
    locale: str, seconds: int
) -> None:
    notice = tactful.Notice(tactful.Kind.RATE_LIMIT, retry_after=seconds)
    wait = tactful.render(notice, format="text", locale=locale).split("\n\n")[2]
    assert re.search(r"\d", wait) and not re.search(r"\d[ \u00a0\u202f]", wait), wait


@pytest.mark.parametrize("width", WIDTHS)
def test_korean_breaks_only_at_spaces(width: int) -> None:
    for text, whole in zip(_texts("ko", width), _texts("ko", 1000), strict=True):
        for lines, one in zip(_paragraphs(text), _paragraphs(whole), strict=True):
            if lines[0].startswith("  "):
                continue  # details: wrapped the same way, but indented line by line
            assert " ".join(lines) == one[0], (lines, one)


def test_a_number_and_its_korean_counter_stay_together() -> None:
    for width in range(20, 40):
        lines = wrap.wrap("잔액이 부족합니다. 약 3일 후에 다시 시도하세요. 3일", width)
        assert all(not line.endswith("3") for line in lines)


@pytest.mark.parametrize("locale", CJK)
def test_an_opening_bracket_never_ends_a_line(locale: str) -> None:
    for width in range(20, 81, 3):
        for text in _texts(locale, width):
            for line in text.splitlines():
                assert line.rstrip()[-1:] not in wrap._OPENING, (width, line)
    for width in range(20, 30):
        for line in wrap.wrap(
            "残高が" * 3 + "「しきい値（$5.00）」を" + "下回りました。" * 2, width
        ):
            assert line[-1] not in wrap._OPENING, line


@pytest.mark.parametrize("locale", CJK)
def test_no_paragraph_ends_in_a_stub_before_its_full_stop(locale: str) -> None:
    for width in range(20, 81):
        for text in _texts(locale, width):
            for lines in _paragraphs(text):
                last = lines[-1].strip()
                if len(lines) > 1 and last.endswith("。"):
                    assert len(last.rstrip("。」』）")) > 2, (width, lines)


def test_zero_width_space_is_a_break_that_never_reaches_the_output() -> None:
    assert wrap.wrap("ab" * 8 + ZWSP + "cd" * 8, 20) == ["ab" * 8, "cd" * 8]
    assert wrap.wrap("ab" + ZWSP + "cd", 20) == ["abcd"]
    # A break opportunity never lets a full stop start a line.
    assert wrap.wrap("残高" * 9 + ZWSP + "。", 20) == ["残高" * 5, "残高" * 4 + "。"]


def _thai_messages() -> list[str]:
    catalog = load_catalog(LOCALES_DIR, "th")
    found = []
    for value in catalog._messages.values():  # every msgstr of the catalog
        for text in (value,) if isinstance(value, str) else value:
            if text:
                found.append(text)
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_thai_breaks_only_where_its_catalog_marks_a_word_boundary(width: int) -> None:
    for message in _thai_messages():
        bare = message.replace(ZWSP, "")
        # Where a line may end in ``bare``: before a space, or where a U+200B was.
        allowed = {m.start() for m in re.finditer(" ", bare)}
        position = 0
        for piece in message.split(ZWSP)[:-1]:
            position += len(piece)
            allowed.add(position)
        lines = wrap.wrap(message, width)
        offset = 0
        for line in lines[:-1]:
            start = bare.index(line, offset)
            offset = start + len(line)
            assert offset in allowed, (width, line, message)
        assert all(ZWSP not in line for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_thai_text_fits_the_terminal_and_holds_no_zero_width_space(width: int) -> None:
    for text in _texts("th", width):
        assert ZWSP not in text
        for line in text.splitlines():
            if not line.startswith(" ") and RECHARGE not in line:
                assert columns(line) <= width, (width, line)
    for name in ("html", "markdown", "problem"):
        for payload in KINDS:
            out = tactful.Renderer(recharge_url=RECHARGE).render(
                json.dumps(payload), format=name, locale="th"
            )
            assert ZWSP not in out, name
    email = tactful.Renderer(recharge_url=RECHARGE).render_email(json.dumps(KINDS[0]), locale="th")
    assert ZWSP not in email.as_string() and ZWSP not in str(email["Subject"])
