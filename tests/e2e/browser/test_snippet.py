"""The HTML snippet in a plain host page, in every shipped locale, in headless Chromium.

One page per locale holds every variant of the notice (each title, sentence, call to action,
the wait line and the details), so each check covers the locale's longest translation.
Screenshots land in build/screenshots/snippet/ for a person to look at.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from . import _support as s
from .conftest import Site

LOCALES = s.shipped_locales()


def _open(
    page: Any, site: Site, locale: str, variants: tuple[str, ...] | None = None
) -> dict[str, str]:
    rendered = s.snippets(locale, variants)
    name = "all" if variants is None else "-".join(variants)
    url = site.add(f"/snippet/{locale}/{name}.html", s.host_page(locale, rendered))
    page.goto(url)
    return rendered


def _batches(size: int = 8) -> dict[str, list[str]]:
    """Locales in pages of ``size``, each page in one direction (an RTL page for RTL ones)."""
    out: dict[str, list[str]] = {}
    for direction in ("ltr", "rtl"):
        same = [locale for locale in LOCALES if s.direction(locale) == direction]
        for start in range(0, len(same), size):
            out[f"{direction}-{start // size + 1}"] = same[start : start + size]
    return out


BATCHES = _batches()


def test_batches_hold_every_locale_once() -> None:
    assert sorted(locale for batch in BATCHES.values() for locale in batch) == LOCALES


@pytest.mark.parametrize("batch", BATCHES)
def test_axe_finds_no_violations(page: Any, site: Site, axe: str, batch: str) -> None:
    """Every variant in every locale, several locales a page: each notice carries its own
    lang and dir, and the host page has the batch's direction."""
    locales = BATCHES[batch]
    rendered = {
        f"{locale}/{variant}": html
        for locale in locales
        for variant, html in s.snippets(locale).items()
    }
    page.goto(site.add(f"/axe/{batch}.html", s.host_page(locales[0], rendered)))
    found = s.axe_violations(page, axe)
    # A look at each locale in the dark at 1280 px: its first notice.
    page.emulate_media(color_scheme="dark")
    for locale in locales:
        first = f"{locale}/{next(iter(s.snippets(locale)))}"
        page.locator(f'[data-variant="{first}"]').screenshot(
            path=s.screenshot_path("snippet", f"{locale}-1280-dark.png")
        )
    assert found == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_nothing_overflows_or_overlaps_at_320px(page: Any, site: Site, locale: str) -> None:
    rendered = _open(page, site, locale)
    page.set_viewport_size({"width": 320, "height": 800})
    problems = {"closed": page.evaluate(s.LAYOUT_PROBLEMS)}
    page.evaluate(s.OPEN_DETAILS)
    problems["details open"] = page.evaluate(s.LAYOUT_PROBLEMS)
    worst = s.longest(rendered)
    page.locator(f'[data-variant="{worst}"]').screenshot(
        path=s.screenshot_path("snippet", f"{locale}-320-longest.png")
    )
    assert problems == {"closed": [], "details open": []}, f"longest variant: {worst}"


PAD = 8
KEYBOARD_FIRST = s.KEYBOARD_NOTICES[0]  # a top-up of $5, the first call to action


def _clip(box: dict[str, Any]) -> dict[str, float]:
    """The element's box and a margin around it, where a focus ring is drawn."""
    return {
        "x": box["x"] - PAD,
        "y": box["y"] - PAD,
        "width": box["width"] + 2 * PAD,
        "height": box["height"] + 2 * PAD,
    }


def _focus_stops(page: Any, limit: int = 30) -> list[dict[str, Any]]:
    """Tab from the top until focus leaves the page: each stop, with a shot of it focused."""
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(s.FOCUSED)
        if focused is None or (
            stops and focused["x"] == stops[0]["x"] and focused["y"] == stops[0]["y"]
        ):
            break
        if focused["inNotice"]:
            focused["shot"] = base64.b64encode(page.screenshot(clip=_clip(focused))).decode()
        stops.append(focused)
    return stops


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (320, "dark")])
def test_keyboard_reaches_every_link_with_a_visible_ring_and_enter_follows_it(
    page: Any, site: Site, locale: str, width: int, scheme: str
) -> None:
    # Tall enough that nothing scrolls: page and viewport coordinates are the same.
    page.set_viewport_size({"width": width, "height": 2400})
    page.emulate_media(color_scheme=scheme)
    _open(page, site, locale, s.KEYBOARD_NOTICES)
    assert page.evaluate("() => document.documentElement.scrollHeight") <= 2400
    focusables = page.evaluate(
        """() => [...document.querySelectorAll('.tactful a, .tactful summary')]
                 .map(el => el.textContent.trim())"""
    )
    region = page.evaluate(
        """() => { const r = document.querySelector('main').getBoundingClientRect();
                   return {x: 0, y: 0, width: innerWidth, height: Math.ceil(r.bottom) + 16}; }"""
    )
    before = base64.b64encode(page.screenshot(clip=region)).decode()
    stops = [stop for stop in _focus_stops(page) if stop["inNotice"]]
    # Every link and summary, in document order: nothing skipped, nothing out of order.
    assert [stop["text"] for stop in stops] == focusables
    assert any("tactful__button" in stop["cls"] for stop in stops)
    for stop in stops:
        assert stop["focusVisible"], stop
        assert stop["outlineStyle"] not in ("none", "hidden") and stop["outlineWidth"] >= 2, stop
        assert s.contrast(stop["outlineColor"], stop["background"]) >= 3, stop
        assert stop["width"] >= 24 and stop["height"] >= 24, stop
    rings = page.evaluate(
        s.RING_PIXELS, [before, region, stops, PAD, page.evaluate("devicePixelRatio")]
    )
    # The ring is really drawn: nearly all of the band around each element changed, with a
    # contrast of at least 3:1 to what was there before (WCAG 2.2, 2.4.13's measure).
    assert [r for r in rings if not (r["band"] > 0 and r["changed"] >= 0.9)] == []
    # Tab on round to the first call to action; Enter opens the recharge URL it shows.
    expected = s.presentation(locale, KEYBOARD_FIRST).action
    assert expected is not None
    for _ in range(len(stops) + 5):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('tactful__button')"):
            break
    else:
        pytest.fail("Tab never came back to the call to action")
    label = page.evaluate("() => document.activeElement.textContent.trim()")
    assert label == s.squash(str(expected.label))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == expected.url
    assert page.url.startswith("https://billing.example.com/top-up?amount=5&currency=USD")


@pytest.mark.parametrize("locale", LOCALES)
def test_screen_readers_hear_an_alert_or_a_status_with_the_right_heading_and_links(
    page: Any, site: Site, locale: str
) -> None:
    rendered = _open(page, site, locale)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Accessibility.enable")
    nodes = s.ax_nodes(cdp.send("Accessibility.getFullAXTree")["nodes"])
    # A stop is an alert (read at once); the low-balance warning is a status (read politely).
    regions = [node_id for node_id, node in nodes.items() if node.role in ("alert", "status")]
    assert len(regions) == len(rendered)
    for node_id, variant in zip(regions, rendered, strict=True):
        expected = s.presentation(locale, variant)
        alert = nodes[node_id]
        warning = variant == "low-balance"
        assert alert.role == ("status" if warning else "alert"), variant
        assert alert.properties.get("live") == ("polite" if warning else "assertive"), variant
        inside = [n for n in s.descendants(nodes, node_id) if not n.ignored]
        headings = [n for n in inside if n.role == "heading"]
        assert [(h.name, h.properties.get("level")) for h in headings] == [
            (s.squash(f"{expected.error_prefix} {expected.title}"), 2)
        ], variant
        links = [s.squash(n.name) for n in inside if n.role == "link"]
        wanted = [
            s.squash(str(link.label)) for link in (expected.action, expected.secondary) if link
        ]
        assert links == wanted, variant
        # The details disclosure is announced by its summary text, as a button-like control.
        if expected.details is not None:
            assert any(n.name == expected.details.heading for n in inside), variant
