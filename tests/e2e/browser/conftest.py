"""One headless Chromium for all browser tests, a local web server, and axe-core.

The fixtures live as long as this package's tests (package scope), not the whole session:
Playwright's sync API keeps an asyncio loop running in the main thread while it is started,
and tests elsewhere call ``asyncio.run()``.

The browser is Debian's ``chromium``, driven by Playwright (no browser download), with the Noto
fonts for every script the catalogs use; axe-core comes bundled in ``axe-playwright-python``.
A missing one skips these tests with the install step, and fails them under ``CI=true``. Nothing leaves 127.0.0.1: the recharge
host is answered by Playwright itself, and every other host name fails to resolve.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ...conftest import require

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Only the loopback resolves: a page cannot reach the network even by mistake.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
TOP_UP_PAGE = "<!doctype html><html lang='en'><title>Top up</title><h1>Top up</h1></html>"


def _chromium() -> str | None:
    for candidate in (os.environ.get("TACTFUL_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Whatever runs in Chromium is marked, however it reaches the browser fixture: the inner
    # loop (-m "not e2e") and CI's minimum-versions run (-m "not browser") leave it out.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.browser)


def _has_fonts() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    return "Noto Sans CJK" in listed and "Noto Sans Arabic" in listed


@pytest.fixture(scope="package")
def chromium_path() -> str:
    path = _chromium()
    require(path is not None, "Chromium", "apt-get install chromium")
    require(
        _has_fonts(),
        "the Noto fonts for every script",
        "apt-get install --no-install-recommends fonts-noto-core fonts-noto-cjk",
    )
    assert path is not None
    return path


@pytest.fixture(scope="package")
def axe_source() -> bytes:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        require(False, "axe-core (axe-playwright-python)", 'python3 -m pip install -e ".[test]"')
    return Axe().axe_script.encode("utf-8")


@pytest.fixture(scope="package")
def browser(chromium_path: str) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright", 'python3 -m pip install -e ".[test]"')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class Site:
    """Pages served from memory on 127.0.0.1, so every page has a real http origin; also
    axe-core, cacheable, so that injecting it into page after page costs little."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.scripts: dict[str, bytes] = {}
        pages, scripts = self.pages, self.scripts

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if path in scripts:
                    self._send(200, "text/javascript", scripts[path], cache=True)
                elif path in pages:
                    self._send(200, "text/html; charset=utf-8", pages[path].encode("utf-8"))
                else:
                    self._send(404, "text/plain", b"not found")

            def _send(
                self, status: int, content_type: str, data: bytes, cache: bool = False
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                if cache:
                    self.send_header("Cache-Control", "max-age=3600")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, path: str, html: str) -> str:
        self.pages[path] = html
        return self.base + path


@pytest.fixture(scope="package")
def site() -> Iterator[Site]:
    served = Site()
    served.thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture(scope="package")
def axe(site: Site, axe_source: bytes) -> str:
    """The URL of axe-core on the local site, for ``page.add_script_tag(url=axe)``."""
    site.scripts["/axe.min.js"] = axe_source
    return site.base + "/axe.min.js"


@pytest.fixture(scope="package")
def _shared_page(browser: Any) -> Iterator[Any]:
    # One page for the whole session: a new page costs Chromium a renderer process (a good
    # part of a second on two cores); every test navigates it afresh.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    context.route(
        "https://billing.example.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=TOP_UP_PAGE),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def page(_shared_page: Any) -> Any:
    """The page, reset to 1280 px, light, no extra headers; recharge links go nowhere real."""
    _shared_page.goto("about:blank")
    _shared_page.set_viewport_size({"width": 1280, "height": 800})
    _shared_page.emulate_media(color_scheme="light")
    _shared_page.set_extra_http_headers({})
    return _shared_page
