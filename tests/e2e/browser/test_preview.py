"""The preview gallery: every format the registry has, every locale, payload text kept inert;
and in a browser, every cell shows something a person can review."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import tactful
from tactful import _preview
from tactful._channels import BUILTIN_FORMATS as _CHANNELS
from tactful._cli import main

from . import _support as s
from .conftest import Site


class _Cells(HTMLParser):
    """(payload section, locale row, format) of every cell, and every href and src."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, str]] = []
        self.row_locale = ""
        self.links: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.add(tag)
        if tag == "h3" and found.get("id"):
            self.row_locale = str(found["id"])
        if found.get("data-format"):
            self.cells.append((self.row_locale, str(found["data-format"])))
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))


def _columns() -> list[str]:
    return [*_CHANNELS, "email"]


def test_cli_writes_every_format_for_every_sample_and_locale(tmp_path: Path, capsys: Any) -> None:
    assert main(["preview", "--out", str(tmp_path), "--locale", "de", "--locale", "ar"]) == 0
    page = tmp_path / "index.html"
    assert capsys.readouterr().out.strip() == str(page)
    parser = _Cells()
    parser.feed(page.read_text(encoding="utf-8"))
    expected = [
        (f"{sample.key}-{tag}", name)
        for sample in _preview.SAMPLES
        for tag in ("ar", "de")
        for name in _columns()
    ]
    assert parser.cells == expected
    assert "script" not in parser.tags


def test_payload_text_stays_inert(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.json"
    hostile.write_text(
        '{"error":{"code":"INSUFFICIENT_BALANCE","message":"<script>alert(1)</script> '
        "\\u001b]8;;javascript:alert(2)\\u001b\\\\click\\u001b]8;;\\u001b\\\\ "
        '<img src=x onerror=alert(3)>"}}',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["preview", "--out", str(out), "--locale", "en", "--payload", str(hostile)]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    parser = _Cells()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert all(link.startswith("https://") or link.startswith("#") for link in parser.links)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html


def test_every_locale_and_format_renders_without_falling_back(tmp_path: Path) -> None:
    """The whole default gallery, with a strict renderer: any failure raises here."""
    renderer = tactful.Renderer(
        recharge_url=_preview.RECHARGE_URL,
        pricing_url=_preview.PRICING_URL,
        heading_level=4,
        color=True,
        hyperlinks=True,
        strict=True,
    )
    page = _preview.write_gallery(tmp_path, renderer=renderer)
    parser = _Cells()
    parser.feed(page.read_text(encoding="utf-8"))
    tags = [locale.replace("_", "-") for locale in s.shipped_locales()]
    assert sorted(parser.cells) == sorted(
        (f"{sample.key}-{tag}", name)
        for sample in _preview.SAMPLES
        for tag in tags
        for name in _columns()
    )


def test_ansi_becomes_styles_and_links_and_nothing_else() -> None:
    out = str(_preview.ansi_to_html("\x1b[1;33m<b>\x1b[0m \x1b[2J\x1b]8;;javascript:x\x1b\\y"))
    assert out == '<span class="b fg-yellow">&lt;b&gt;</span> y'


def test_gallery_in_a_browser(page: Any, site: Site, tmp_path: Path) -> None:
    locales = ["en", "ar", "ja"]
    html = _preview.write_gallery(tmp_path, locales=locales).read_text(encoding="utf-8")
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(site.add("/preview/index.html", html))
    # Every HTML cell shows a notice, every terminal cell its styled text, every email its body.
    for sample in _preview.SAMPLES:
        for tag in locales:
            row = page.locator(f"#{sample.key}-{tag}").locator("xpath=../..")
            notice = row.locator("[data-format=html] .tactful")
            assert notice.count() == 1 and notice.is_visible()
            assert notice.get_attribute("lang") == tag
            assert row.locator("[data-format=terminal] .b").count() >= 1
            frame = row.locator("[data-format=email] iframe").content_frame
            assert frame is not None
            assert frame.locator(".tactful, h1, h2, p").first.inner_text().strip()
    page.screenshot(path=s.screenshot_path("preview", "gallery-top.png"))
