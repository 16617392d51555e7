"""Flask: a view's out-of-credit error becomes a 402 notice, in the reader's language.

>>> from flask import Flask
>>> from tactful.contrib import OutOfCredit
>>> from tactful.contrib.flask import Tactful
>>> app = Flask(__name__)
>>> tactful = Tactful(app, recharge_url="https://billing.example.com/top-up")
>>> @app.get("/generate")
... def generate():
...     raise OutOfCredit(b'{"error":{"code":"INSUFFICIENT_BALANCE"}}', http_status=402)
>>> response = app.test_client().get("/generate", headers={"Accept-Language": "de"})
>>> response.status_code, response.headers["Content-Language"]
(402, 'de')

What a view may let escape: :class:`~tactful.contrib.OutOfCredit`, an upstream HTTP error
(``urllib``, ``httpx``, ``requests``) or a provider SDK's exception that tactful reads as a
money problem. Other errors go to Flask's own handling unchanged. The answer is a whole HTML
page for a navigation (inside the app's ``base_template`` when given), the bare snippet for
``fetch``/htmx (200 for htmx, which swaps nothing else by default), or problem+json, Markdown
or plain text when the ``Accept`` header prefers them. The language is the app's own choice when it has one (``locale_selector``,
or flask-babel's ``get_locale()`` when flask-babel is set up), else the ``Accept-Language``
header. Templates get ``tactful_notice(payload)`` and ``tactful_stylesheet()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import (
    Flask,
    Response,
    current_app,
    has_request_context,
    render_template,
    render_template_string,
    request,
)
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from .._render import Renderer
from .._render.checks import checked_flag
from ._page import wrapper_source
from ._web import (
    OutOfCredit,
    Page,
    Upstream,
    build_reply,
    find_upstream,
    from_htmx,
    page_renderer,
    renderer_for,
    snippet_for,
    stylesheet,
    upstream_for,
)
from ._web import wants_fragment as _wants_fragment

__all__ = ["OutOfCredit", "Tactful"]

logger = logging.getLogger("tactful")

_ErrorHandler = Callable[[Exception], Any]


class Tactful:
    """The Flask extension: ``Tactful(app, **renderer_settings)`` or ``init_app`` later.

    ``renderer`` is a :class:`tactful.Renderer` to use; without one, one is built from the
    keyword ``settings`` (``recharge_url=``, ``pricing_url=``...). ``locale_selector`` returns
    the locale the app chose for this request (or ``None``).

    A browser that navigated gets a whole page: with ``base_template`` (the app's own, such as
    ``"base.html"``), the notice is placed in that template's ``content_block`` (default
    ``"content"``) and its title in a ``title`` block, so the app's header and navigation stay
    around it; with ``page_template``, an app template of its own renders the page; otherwise
    tactful's page names the app (``product_name``) and links back (``return_to``). Both
    templates receive ``notice`` (the snippet), ``rendered``, ``tactful_title``, ``back_url``,
    ``back_label``, ``product_name`` and ``tactful_css``.
    ``rate_limits=True`` answers an upstream rate limit too (429, ``Retry-After``, the wait
    copy) instead of leaving it to Flask's 500.
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        renderer: Renderer | None = None,
        locale_selector: Callable[[], object] | None = None,
        page_template: str | None = None,
        rate_limits: bool = False,
        base_template: str | None = None,
        content_block: str = "content",
        **settings: Any,
    ) -> None:
        self.renderer = renderer_for(renderer, settings)
        self.rate_limits = checked_flag(rate_limits, "rate_limits")
        self.locale_selector = locale_selector
        self.page_template = page_template
        self.base_template = base_template
        self._wrapper = wrapper_source(content_block)
        self._page = page_renderer(self.renderer)
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Handle out-of-credit errors in ``app`` and give its templates the helpers.

        An ``Exception`` handler the app registered before is kept: errors that are not
        out-of-credit go to it.
        """
        previous = app.error_handler_spec[None][None].get(Exception)

        def handle(exc: Exception) -> Any:
            return self._handle(exc, previous)

        app.register_error_handler(Exception, handle)
        app.extensions["tactful"] = self
        app.jinja_env.globals["tactful_notice"] = self.notice
        app.jinja_env.globals["tactful_stylesheet"] = stylesheet

    # ---- for views and templates ------------------------------------------------------------

    def notice(
        self,
        payload: Any,
        *,
        http_status: int | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
    ) -> Markup:
        """The HTML snippet for ``payload`` in this request's language, to place in a page."""
        locale, accept_language = self._request_locale()
        return snippet_for(
            self.renderer,
            payload,
            locale=locale,
            accept_language=accept_language,
            recharge_url=recharge_url,
            return_to=return_to,
            http_status=http_status,
        )

    def response(
        self,
        payload: Any,
        *,
        http_status: int | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
    ) -> Response:
        """The response a view can return itself, as if it had raised ``OutOfCredit``."""
        return self._respond(
            upstream_for(
                self.renderer,
                payload,
                http_status=http_status,
                recharge_url=recharge_url,
                return_to=return_to,
            )
        )

    # ---- internals --------------------------------------------------------------------------

    def _handle(self, exc: Exception, previous: _ErrorHandler | None) -> Any:
        if isinstance(exc, HTTPException):  # Flask's own 404s and aborts stay as they are
            return previous(exc) if previous is not None else exc
        upstream = find_upstream(exc, self.renderer, rate_limits=self.rate_limits)
        if upstream is None:
            if previous is not None:
                return previous(exc)
            raise exc
        logger.info("tactful: answering %s from a view with a notice", type(exc).__name__)
        return self._respond(upstream)

    def _respond(self, upstream: Upstream) -> Response:
        locale, accept_language = self._request_locale()
        reply = build_reply(
            self.renderer,
            upstream,
            accept=request.headers.get("Accept"),
            accept_language=accept_language,
            locale=locale,
            fragment=_wants_fragment(request.headers.get),
            # The notice is the page's content (its <h1>), unless the app's own page template
            # lays out the page around it.
            page=None if self.page_template else self._page,
            htmx=from_htmx(request.headers.get),
            page_template=self._render_page if self.page_template or self.base_template else None,
        )
        return Response(
            reply.body, status=reply.status, headers=reply.headers, content_type=reply.content_type
        )

    def _render_page(self, page: Page) -> str:
        if self.page_template is not None:
            return render_template(self.page_template, **page.context())
        return render_template_string(
            self._wrapper, tactful_base=self.base_template, **page.context()
        )

    def _request_locale(self) -> tuple[str | None, str | None]:
        """The app's chosen locale, if any, and the request's Accept-Language header."""
        if not has_request_context():
            return None, None
        return self._selected_locale(), request.headers.get("Accept-Language")

    def _selected_locale(self) -> str | None:
        try:
            if self.locale_selector is not None:
                chosen = self.locale_selector()
            elif "babel" in current_app.extensions:
                from flask_babel import get_locale  # type: ignore[import-untyped]  # set-up apps only

                chosen = get_locale()
            else:
                return None
        except Exception:  # a failing selector must not fail the error page
            logger.exception("tactful: the locale selector raised; using Accept-Language")
            return None
        return str(chosen) if chosen else None
