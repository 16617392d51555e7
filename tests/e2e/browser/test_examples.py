"""The example apps in a real browser: a person picks an account that is out of credit, and the
notice arrives in their language, inside the app's own page (script) or as a page of its own
(no script). Both apps run for real on 127.0.0.1 against the stand-in upstream.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import tactful
from tactful._locale import load_catalog
from tactful._present import Options, Presentation, present
from tactful._resources import LOCALES_DIR

from . import _support as s

LOCALES = s.shipped_locales()
APPS = ("flask", "fastapi")
ACCOUNT = "problem"  # RFC 9457 details with USD amounts: the notice offers "Top up $5"


def _serve_flask(upstream_url: str) -> tuple[str, Any]:
    from werkzeug.serving import make_server

    app = s.load_example("flask_app").create_app(upstream_url)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server.shutdown


def _serve_fastapi(upstream_url: str) -> tuple[str, Any]:
    import uvicorn

    app = s.load_example("fastapi_app").create_app(upstream_url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        threading.Event().wait(0.01)
    assert server.started, "uvicorn did not start"

    def stop() -> None:
        server.should_exit = True
        thread.join(10)
        sock.close()

    return f"http://127.0.0.1:{sock.getsockname()[1]}", stop


@pytest.fixture(scope="module")
def apps() -> Iterator[dict[str, str]]:
    upstream = s.load_example("upstream")
    with upstream.running() as upstream_url:
        served = {"flask": _serve_flask(upstream_url), "fastapi": _serve_fastapi(upstream_url)}
        yield {name: url for name, (url, _) in served.items()}
        for _, stop in served.values():
            stop()


def _expected(locale: str) -> Presentation:
    """What the notice for the stand-in's problem details says, from the presenter."""
    upstream = s.load_example("upstream").answers()[ACCOUNT]
    notice = tactful.parse(upstream.body, http_status=upstream.status)
    app = s.load_example("flask_app")
    options = Options(
        recharge_url=app.RECHARGE_URL, pricing_url=app.PRICING_URL, allowed_hosts=s.HOSTS
    )
    return present(notice, load_catalog(LOCALES_DIR, locale), options)


def _speak(page: Any, cdp: Any, locale: str) -> str:
    """Set the browser's own language: what it sends as Accept-Language when it navigates."""
    tag = locale.replace("_", "-")
    user_agent = page.evaluate("() => navigator.userAgent")
    cdp.send(
        "Emulation.setUserAgentOverride",
        {"userAgent": user_agent, "acceptLanguage": f"{tag},en;q=0.1"},
    )
    return tag


def _alerts(page: Any) -> list[tuple[s.AxTreeNode, list[s.AxTreeNode]]]:
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Accessibility.enable")
        nodes = s.ax_nodes(cdp.send("Accessibility.getFullAXTree")["nodes"])
    finally:
        cdp.detach()
    return [
        (node, [n for n in s.descendants(nodes, node_id) if not n.ignored])
        for node_id, node in nodes.items()
        if node.role == "alert"
    ]


def _check_semantics(page: Any, locale: str, level: int) -> None:
    expected = _expected(locale)
    [(alert, inside)] = _alerts(page)
    assert alert.properties.get("live") == "assertive"
    headings = [(h.name, h.properties.get("level")) for h in inside if h.role == "heading"]
    assert headings == [(s.squash(f"{expected.error_prefix} {expected.title}"), level)]
    links = [s.squash(n.name) for n in inside if n.role == "link"]
    assert expected.action is not None and expected.secondary is not None
    assert links == [s.squash(str(expected.action.label)), s.squash(str(expected.secondary.label))]


@pytest.mark.parametrize("app", APPS)
def test_script_inserts_the_notice_in_each_locale(
    page: Any, apps: dict[str, str], axe: str, app: str
) -> None:
    """The app's own page, the real form, each locale in turn; then every notice side by side."""
    page.goto(apps[app] + "/")
    collected = []
    for locale in LOCALES:
        # The page's script sends what the browser says; fetch() takes the header as given.
        tag = locale.replace("_", "-")
        page.set_extra_http_headers({"Accept-Language": f"{tag},en;q=0.1"})
        page.select_option("#account", ACCOUNT)
        page.evaluate("() => document.querySelector('#result').replaceChildren()")
        with page.expect_response(lambda r: r.url.endswith("/generate")) as answer:
            page.click("button[type=submit]")
        assert answer.value.status == 402
        assert answer.value.headers["content-language"] == tag
        notice = page.wait_for_selector("#result .tactful[role=alert]")
        assert notice.get_attribute("lang") == tag
        assert notice.get_attribute("dir") == s.direction(locale)
        _check_semantics(page, locale, level=2)
        # From the button that asked, Tab goes straight to the call to action, with a ring.
        page.keyboard.press("Tab")
        focused = page.evaluate(s.FOCUSED)
        assert focused is not None and "tactful__button" in focused["cls"], focused
        assert focused["focusVisible"] and focused["outlineWidth"] >= 2
        assert s.contrast(focused["outlineColor"], focused["background"]) >= 3
        assert focused["width"] >= 24 and focused["height"] >= 24
        collected.append(page.evaluate("() => document.querySelector('#result').innerHTML"))
        page.set_viewport_size({"width": 320, "height": 900})
        page.screenshot(path=s.screenshot_path(app, f"{locale}-320-light.png"))
        page.set_viewport_size({"width": 1280, "height": 900})
    # Every locale's notice in the app's page at once, for axe at both widths and schemes.
    page.evaluate(
        """(all) => { document.querySelector('#result').innerHTML = all.join('\\n'); }""",
        collected,
    )
    assert page.locator("#result .tactful").count() == len(LOCALES)
    assert s.axe_violations(page, axe) == {}
    page.emulate_media(color_scheme="dark")
    page.screenshot(path=s.screenshot_path(app, "all-locales-1280-dark.png"), full_page=True)


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("locale", LOCALES)
def test_without_script_the_notice_is_a_page_of_its_own(
    page: Any, apps: dict[str, str], axe: str, app: str, locale: str
) -> None:
    cdp = page.context.new_cdp_session(page)
    tag = _speak(page, cdp, locale)
    page.goto(apps[app] + "/")
    page.select_option("#account", ACCOUNT)
    # form.submit() navigates without the submit event, as a browser without script does.
    with page.expect_navigation() as navigation:
        page.evaluate("() => document.getElementById('generate').submit()")
    response = navigation.value
    assert response is not None and response.status == 402
    # The page is the app's (its language); the notice carries its own language and direction.
    notice = page.locator("main .tactful")
    assert [notice.get_attribute("lang"), notice.get_attribute("dir")] == [
        tag,
        s.direction(locale),
    ]
    expected = _expected(locale)
    assert page.title() == s.squash(f"{expected.error_prefix} {expected.title}")
    _check_semantics(page, locale, level=1)
    # The app's own page around the notice (its base.html), and a way back.
    assert page.locator("header .app-name").inner_text() == "Draft assistant"
    assert page.locator(".tactful-back a").get_attribute("href") == "/"
    assert s.axe_violations(page, axe) == {}
    # Tab passes the app's header links, then reaches the call to action.
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate(s.FOCUSED)
        if focused is not None and "tactful__button" in focused["cls"]:
            break
    assert focused is not None and "tactful__button" in focused["cls"], focused
    assert focused["focusVisible"]
    assert s.contrast(focused["outlineColor"], focused["background"]) >= 3
    assert expected.action is not None
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == expected.action.url
    cdp.detach()
