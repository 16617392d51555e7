"""The notice fits the host, in headless Chromium: htmx with its default configuration, the
host's theme, a warning that looks unlike a stop, a whole page with a way back, and an email
that stands alone. Screenshots land in build/screenshots/host/.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tactful
from tactful.contrib import OutOfCredit

from . import _support as s
from .conftest import Site

HTMX = Path(__file__).resolve().parents[2] / "fixtures" / "htmx" / "htmx.min.js"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
PROBLEM = (
    b'{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.",'
    b'"status":402,"detail":"Your current balance is $0.12, but that costs $4.50.",'
    b'"balance":"0.12","currency":"USD"}'
)

# A host whose page follows its color-scheme (system colours), and one with a dark theme of its
# own switched on by an attribute or class on <html>.
_FOLLOWS = ":root { color-scheme: %s; } html { background: Canvas; color: CanvasText; }"
_DARK_BY_ATTRIBUTE = (
    "html { background: #ffffff; color: #1f2328; }"
    " html[data-theme=dark], html.dark { background: #0d1117; color: #e6edf3; }"
)

_HTMX_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>htmx host</title>
<script src="/htmx.min.js"></script>
<style>{{ tactful_stylesheet() }}</style>
</head>
<body>
<main>
<h1>Drafts</h1>
<button hx-post="/generate" hx-target="#result">Write a draft</button>
<div id="result"><p>No draft yet.</p></div>
</main>
</body>
</html>
"""


@pytest.fixture(scope="module")
def flask_app() -> Iterator[str]:
    """A real Flask app with tactful: an htmx page, and a view that runs out of credit."""
    from flask import Flask, render_template_string, request
    from werkzeug.serving import make_server

    from tactful.contrib.flask import Tactful

    app = Flask(__name__)
    Tactful(app, recharge_url=s.RECHARGE, product_name="Draft assistant", return_to="/drafts")
    script = HTMX.read_bytes()

    @app.get("/")
    def index() -> str:
        return render_template_string(_HTMX_PAGE)

    @app.get("/htmx.min.js")
    def htmx() -> tuple[bytes, int, dict[str, str]]:
        return script, 200, {"Content-Type": "text/javascript"}

    @app.route("/generate", methods=["GET", "POST"])
    def generate() -> str:
        raise OutOfCredit(PROBLEM, http_status=402, return_to=request.args.get("back"))

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_vendored_htmx_is_the_npm_release() -> None:
    assert hashlib.sha256(HTMX.read_bytes()).hexdigest() == HTMX_SHA256
    assert 'version:"2.0.11"' in HTMX.read_text(encoding="utf-8")


def test_htmx_swaps_the_notice_in_with_its_default_configuration(
    page: Any, flask_app: str, axe: str
) -> None:
    page.goto(flask_app + "/")
    assert page.evaluate("() => htmx.version") == "2.0.11"
    # htmx's own default: 4xx and 5xx are not swapped. tactful answers htmx with 200.
    assert (
        page.evaluate("() => htmx.config.responseHandling.find(r => r.code === '[45]..').swap")
        is False
    )
    with page.expect_response(lambda r: r.url.endswith("/generate")) as answer:
        page.click("text=Write a draft")
    assert answer.value.status == 200
    assert answer.value.headers["x-tactful-status"] == "402"
    notice = page.wait_for_selector("#result .tactful[role=alert]")
    assert "Your balance is too low" in notice.inner_text()
    assert page.locator("#result p", has_text="No draft yet").count() == 0
    page.screenshot(path=s.screenshot_path("host", "htmx-default-swap-1280.png"))
    assert s.axe_violations(page, axe) == {}


def test_a_whole_page_names_the_app_and_leads_back(page: Any, flask_app: str, axe: str) -> None:
    for back, expected in (("/projects/7", "/projects/7"), (None, "/drafts")):
        query = f"?back={back}" if back else ""
        response = page.goto(flask_app + "/generate" + query)
        assert response is not None and response.status == 402
        assert page.locator(".tactful-page__product").inner_text() == "Draft assistant"
        link = page.get_by_role("link", name="Back to Draft assistant")
        assert link.get_attribute("href") == expected
        assert page.locator("h1").inner_text().endswith("Your balance is too low")
    assert s.axe_violations(page, axe) == {}
    for width in s.WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=s.screenshot_path("host", f"whole-page-{width}.png"))
    page.get_by_role("link", name="Back to Draft assistant").click()
    assert page.url.endswith("/drafts")


# ---- the host decides the theme -------------------------------------------------------------

_HOSTS = {
    # name: (the host's CSS, <html> attributes, the scheme the host shows, the OS's scheme).
    # A light-only host paints its own white page: it declares no color-scheme at all.
    "light-host-dark-os": ("html { background: #ffffff; color: #1f2328; }", "", "light", "dark"),
    "light-dark-host-dark-os": (_FOLLOWS % "light dark", "", "dark", "dark"),
    "light-dark-host-light-os": (_FOLLOWS % "light dark", "", "light", "light"),
    "dark-host": (_FOLLOWS % "dark", "", "dark", "light"),
    "data-theme-dark": (_DARK_BY_ATTRIBUTE, ' data-theme="dark"', "dark", "light"),
    "class-dark": (_DARK_BY_ATTRIBUTE, ' class="dark"', "dark", "light"),
}


def _themed_page(css: str, attributes: str, snippets: dict[str, str]) -> str:
    slots = "\n".join(f'<div data-variant="{k}">{v}</div>' for k, v in snippets.items())
    return f"""<!doctype html>
<html lang="en"{attributes}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Theme</title>
<style>{css}</style>
<style>{tactful.stylesheet()}</style>
</head>
<body><main><h1>Host</h1>{slots}</main></body>
</html>"""


def _luminance_of(page: Any, selector: str) -> float:
    color = page.evaluate(
        f"() => getComputedStyle(document.querySelector('{selector}')).backgroundColor"
    )
    return s.luminance(s.parse_rgb(color))


@pytest.mark.parametrize("host", _HOSTS)
def test_the_host_decides_the_theme(page: Any, site: Site, axe: str, host: str) -> None:
    css, body, shown, os_scheme = _HOSTS[host]
    snippets = {
        "stop": s.snippets("en")["balance-cost"],
        "warning": s.snippets("en")["low-balance"],
        "rate": s.snippets("en")["rate-limit"],
    }
    page.goto(site.add(f"/theme/{host}.html", _themed_page(css, body, snippets)))
    page.emulate_media(color_scheme=os_scheme)
    for variant in snippets:
        light = _luminance_of(page, f'[data-variant="{variant}"] .tactful') > 0.5
        assert light == (shown == "light"), (host, variant)
    page.screenshot(path=s.screenshot_path("host", f"theme-{host}.png"), full_page=True)
    # axe at 320 and 1280 px, the OS light and dark: the page's own scheme holds in each.
    page.add_script_tag(url=axe)
    page.evaluate(s.OPEN_DETAILS)
    for width in s.WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for scheme in s.SCHEMES:
            page.emulate_media(color_scheme=scheme)
            assert page.evaluate(s.RUN_AXE) == [], (host, width, scheme)


@pytest.mark.parametrize("theme", ["light", "dark", "system"])
def test_the_theme_setting_wins_over_the_page(page: Any, site: Site, theme: str) -> None:
    renderer = tactful.Renderer(recharge_url=s.RECHARGE, theme=theme)
    snippet = str(renderer.render(PROBLEM, http_status=402))
    # A dark page: the setting decides all the same.
    page.goto(
        site.add(f"/theme/setting-{theme}.html", _themed_page("", ' class="dark"', {"x": snippet}))
    )
    for os_scheme in ("light", "dark"):
        page.emulate_media(color_scheme=os_scheme)
        light = _luminance_of(page, ".tactful") > 0.5
        expected = {"light": True, "dark": False, "system": os_scheme == "light"}[theme]
        assert light == expected, (theme, os_scheme)


def test_brand_colours_from_custom_properties(page: Any, site: Site) -> None:
    css = ":root { --tactful-accent: rgb(120, 20, 140); --tactful-accent-fg: rgb(255, 255, 255); }"
    snippets = {"stop": s.snippets("en")["balance-cost"]}
    page.goto(site.add("/theme/brand.html", _themed_page(css, "", snippets)))
    button = page.locator(".tactful__button").first
    assert button.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(120, 20, 140)"


# ---- a warning looks like a warning ---------------------------------------------------------


def _badge(page: Any, selector: str) -> str:
    return page.evaluate(
        f"() => getComputedStyle(document.querySelector('{selector} .tactful__title'), '::before').content"
    )


@pytest.mark.parametrize("locale", ["en", "ru", "ja", "ar"])
def test_warning_and_stop_look_and_read_different(
    page: Any, site: Site, axe: str, locale: str
) -> None:
    rendered = s.snippets(locale)
    chosen = {"stop": rendered["balance-cost"], "warning": rendered["low-balance"]}
    page.goto(site.add(f"/states/{locale}.html", s.host_page(locale, chosen)))
    stop, warning = '[data-variant="stop"]', '[data-variant="warning"]'
    assert page.locator(f"{stop} .tactful").get_attribute("role") == "alert"
    assert page.locator(f"{warning} .tactful").get_attribute("role") == "status"
    assert _badge(page, stop) not in ("none", "normal") and _badge(page, warning) == "none"
    colours = [
        page.evaluate(
            f"() => getComputedStyle(document.querySelector('{v} .tactful')).borderInlineStartColor"
        )
        for v in (stop, warning)
    ]
    assert colours[0] != colours[1]
    # The figures are set apart: bold, never split.
    figures = page.locator(f"{stop} .tactful__figure")
    assert figures.count() == 2
    assert figures.first.evaluate("(f) => getComputedStyle(f).fontWeight") == "700"
    # Titles balance their lines; Japanese breaks them by phrase.
    title = page.locator(f"{stop} .tactful__title")
    assert title.evaluate("(t) => getComputedStyle(t).textWrap").startswith("balance") or (
        title.evaluate("(t) => getComputedStyle(t).textWrapStyle") == "balance"
    )
    if locale == "ja":
        assert title.evaluate("(t) => getComputedStyle(t).wordBreak") == "auto-phrase"
    page.set_viewport_size({"width": 320, "height": 900})
    for scheme in s.SCHEMES:
        page.emulate_media(color_scheme=scheme)
        page.screenshot(
            path=s.screenshot_path("host", f"states-{locale}-320-{scheme}.png"), full_page=True
        )
    assert s.axe_violations(page, axe) == {}


def test_the_badge_is_level_with_the_first_line_of_a_long_title(page: Any, site: Site) -> None:
    rendered = s.snippets("ru")
    page.goto(site.add("/states/badge-ru.html", s.host_page("ru", {"q": rendered["quota-limit"]})))
    page.set_viewport_size({"width": 320, "height": 900})
    page.add_style_tag(content=".tactful__title { max-width: 9rem; }")  # a title of three lines
    found = page.evaluate(
        """() => {
          const t = document.querySelector('.tactful__title');
          const style = getComputedStyle(t);
          const lines = Math.round(t.getBoundingClientRect().height / parseFloat(style.lineHeight));
          const text = [...t.childNodes].filter(n => n.nodeType === 3).pop();
          const range = document.createRange(); range.selectNodeContents(text);
          const first = range.getClientRects()[0];
          // The ::before badge has no DOM box to measure: an element with the same box, put
          // first in the same flex line, is aligned by the same rule (first baseline).
          const probe = document.createElement('span');
          probe.style.cssText = 'flex:none;width:1.25rem;height:1.25rem;font-size:0.875rem;line-height:1.25rem';
          probe.textContent = '!';
          t.prepend(probe);
          const box = probe.getBoundingClientRect();
          probe.remove();
          return {lines, firstTop: first.top, firstBottom: first.bottom, top: box.top, bottom: box.bottom};
        }"""
    )
    assert found["lines"] >= 2, found
    assert found["firstTop"] - 4 <= found["top"] and found["bottom"] <= found["firstBottom"] + 4, (
        found
    )


# ---- an email that stands alone -------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "de", "ja", "ar"])
def test_the_email_stands_alone(page: Any, site: Site, axe: str, locale: str) -> None:
    renderer = tactful.Renderer(
        recharge_url=s.RECHARGE,
        product_name="Draft assistant",
        logo_url="https://billing.example.com/logo.png",
        greeting=True,
        alerts_url="https://billing.example.com/alerts",
    )
    message = renderer.render_email(PROBLEM, http_status=402, locale=locale, recipient_name="Ada")
    html = message.get_body(("html",)).get_content()
    page.goto(site.add(f"/email/{locale}.html", html))
    text = page.locator("body").inner_text()
    envelope = renderer.envelope(renderer.negotiate(locale=locale), recipient_name="Ada")
    assert "Draft assistant" in text
    assert str(envelope.greeting) in text
    assert envelope.link_intro in text
    assert str(envelope.why_sent) in text
    assert page.get_by_role("link", name=str(envelope.alerts.label)).get_attribute("href") == (
        "https://billing.example.com/alerts"
    )
    assert page.locator("img").get_attribute("src") == "https://billing.example.com/logo.png"
    if locale == "en":
        assert "this request" not in text.lower() and "The cost of a request was $4.50" in text
    for width in (375, 800):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("() => document.documentElement.scrollWidth > innerWidth")
        assert not overflow, width
        for scheme in s.SCHEMES:
            page.emulate_media(color_scheme=scheme)
            page.screenshot(
                path=s.screenshot_path("host", f"email-{locale}-{width}-{scheme}.png"),
                full_page=True,
            )
    # A mail client shows the email inside its own page, which has its landmarks: the page
    # rules (one main landmark, content in regions) are the client's; every other rule runs.
    page.add_script_tag(url=axe)
    for scheme in s.SCHEMES:
        page.emulate_media(color_scheme=scheme)
        found = page.evaluate(_RUN_AXE_ON_EMAIL)
        assert found == [], (locale, scheme, found)


_RUN_AXE_ON_EMAIL = s.RUN_AXE.replace(
    '{ resultTypes: ["violations"] }',
    '{ resultTypes: ["violations"], rules: { "landmark-one-main": { enabled: false },'
    " region: { enabled: false } } }",
)
assert _RUN_AXE_ON_EMAIL != s.RUN_AXE
