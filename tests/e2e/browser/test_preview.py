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


def _gallery(index: Path) -> _Cells:
    """Every locale page the index links to, read in the index's order."""
    parser = _Cells()
    listed = _Cells()
    listed.feed(index.read_text(encoding="utf-8"))
    for link in listed.links:
        parser.feed((index.parent / link).read_text(encoding="utf-8"))
    return parser


def test_cli_writes_every_format_for_every_sample_and_locale(tmp_path: Path, capsys: Any) -> None:
    assert main(["preview", "--out", str(tmp_path), "--locale", "de", "--locale", "ar"]) == 0
    page = tmp_path / "index.html"
    assert capsys.readouterr().out.strip() == str(page)
    parser = _gallery(page)
    expected = [  # one page per locale, each with every sample
        (f"{sample.key}-{tag}", name)
        for tag in ("ar", "de")
        for sample in _preview.SAMPLES
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
    html = (out / "en.html").read_text(encoding="utf-8")
    parser = _Cells()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert all(link.startswith(("https://", "#")) or link == "index.html" for link in parser.links)
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
    parser = _gallery(page)
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


def _serve(site: Site, index: Path) -> str:
    for path in index.parent.glob("*.html"):
        site.add(f"/preview/{path.name}", path.read_text(encoding="utf-8"))
    return f"{site.base}/preview/index.html"


def test_gallery_in_a_browser(page: Any, site: Site, tmp_path: Path) -> None:
    locales = ["en", "ar", "ja"]
    index = _serve(site, _preview.write_gallery(tmp_path, locales=locales))
    page.set_viewport_size({"width": 1600, "height": 1000})
    for tag in locales:
        page.goto(index)
        page.get_by_role("link", name=tag, exact=True).click()
        # Every HTML cell shows a notice, every terminal cell its styled text, every email
        # its body (each iframe loads when scrolled to).
        for sample in _preview.SAMPLES:
            row = page.locator(f"#{sample.key}-{tag}").locator("xpath=../..")
            notice = row.locator("[data-format=html] .tactful")
            assert notice.count() == 1 and notice.is_visible()
            assert notice.get_attribute("lang") == tag
            assert row.locator("[data-format=terminal] .b").count() >= 1
            row.locator("[data-format=email] iframe").scroll_into_view_if_needed()
            frame = row.locator("[data-format=email] iframe").content_frame
            assert frame is not None
            assert frame.locator(".tactful, h1, h2, p").first.inner_text().strip()
        page.goto(f"{site.base}/preview/{tag}.html")
        page.screenshot(path=s.screenshot_path("preview", f"gallery-{tag}-top.png"))


def test_text_is_shown_exactly_as_produced(page: Any, site: Site, tmp_path: Path) -> None:
    """Each line of the text and terminal cells is one line of the channel's output: the
    browser wraps nothing (a line wider than the column scrolls)."""
    index = _serve(site, _preview.write_gallery(tmp_path, locales=["de"]))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(index.replace("index.html", "de.html"))
    renderer = tactful.Renderer(
        recharge_url=_preview.RECHARGE_URL, pricing_url=_preview.PRICING_URL, heading_level=4
    )
    for sample in _preview.SAMPLES:
        text = renderer.render(
            sample.body, format="text", locale="de", http_status=sample.http_status
        )
        row = page.locator(f"#{sample.key}-de").locator("xpath=../..")
        cell = row.locator("[data-format=text] pre")
        # One line box per produced line: the rendered height is the line count times the
        # line height, so no line was wrapped by the browser.
        lines = page.evaluate(
            """(pre) => Math.round(pre.scrollHeight / parseFloat(getComputedStyle(pre).lineHeight))""",
            cell.element_handle(),
        )
        assert cell.text_content() == text, sample.key
        assert lines == len(text.rstrip("\n").split("\n")), sample.key
        assert cell.evaluate("(pre) => getComputedStyle(pre).whiteSpace") == "pre"
        terminal = row.locator("[data-format=terminal] pre")
        assert terminal.evaluate("(pre) => getComputedStyle(pre).whiteSpace") == "pre"


def test_a_locale_page_loads_in_under_two_seconds(page: Any, site: Site, tmp_path: Path) -> None:
    """The whole default gallery (every shipped locale): each page is one locale's, with its
    emails' frames loaded when scrolled to, so a page is ready at once. The figure is printed
    (run with -s) and kept in build/screenshots/preview/load-times.txt."""
    index = _serve(site, _preview.write_gallery(tmp_path))
    page.set_viewport_size({"width": 1280, "height": 900})
    times = {}
    for tag in ("en", "ar", "ja", "de"):
        page.goto("about:blank")
        page.goto(index.replace("index.html", f"{tag}.html"), wait_until="load")
        times[tag] = page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].loadEventEnd"
        )
    page.goto(index, wait_until="load")
    times["index"] = page.evaluate(
        "() => performance.getEntriesByType('navigation')[0].loadEventEnd"
    )
    height = page.evaluate("() => document.documentElement.scrollHeight")
    report = ", ".join(f"{tag} {ms:.0f} ms" for tag, ms in times.items())
    print(f"gallery load times: {report}")
    s.screenshot_path("preview", "load-times.txt").write_text(report + "\n", encoding="utf-8")
    assert max(times.values()) < 2000, report
    assert height < 5000
