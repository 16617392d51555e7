"""Starlette (and so FastAPI): a view's out-of-credit error becomes a 402 notice.

>>> from starlette.applications import Starlette
>>> from starlette.routing import Route
>>> from starlette.testclient import TestClient
>>> from tactful.contrib import OutOfCredit
>>> from tactful.contrib.starlette import Tactful
>>> async def generate(request):
...     raise OutOfCredit(b'{"error":{"code":"INSUFFICIENT_BALANCE"}}', http_status=402)
>>> app = Starlette(routes=[Route("/generate", generate)])
>>> tactful = Tactful(app, recharge_url="https://billing.example.com/top-up")
>>> response = TestClient(app).get("/generate", headers={"Accept-Language": "fr"})
>>> response.status_code, response.headers["content-language"]
(402, 'fr')

``Tactful(app)`` adds a small ASGI middleware that sees what a view lets escape:
:class:`~tactful.contrib.OutOfCredit`, an upstream HTTP error (``httpx``, ``urllib``) or a
provider SDK's exception that tactful reads as a money problem. Everything else passes through
to Starlette unchanged. :meth:`Tactful.exception_handler` is the same logic as an exception
handler, for ``app.add_exception_handler(SomeError, tactful.exception_handler)``. For Jinja2
templates, :meth:`Tactful.install_templates` adds ``tactful_notice(payload)`` and
``tactful_stylesheet()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    wants_fragment,
)

__all__ = ["OutOfCredit", "Tactful", "TactfulMiddleware"]

logger = logging.getLogger("tactful")


class Tactful:
    """The integration: ``Tactful(app, **renderer_settings)``, or ``init_app(app)`` later.

    ``renderer`` is a :class:`tactful.Renderer` to use; without one, one is built from the
    keyword ``settings``. ``locale_selector(request)`` returns the locale the app chose for the
    request, or ``None`` to use its ``Accept-Language`` header. ``rate_limits=True`` answers
    an upstream rate limit too (429, ``Retry-After``, the wait copy) instead of leaving it to
    the framework's 500.
    """

    def __init__(
        self,
        app: Any = None,
        *,
        renderer: Renderer | None = None,
        locale_selector: Callable[[Request], object] | None = None,
        rate_limits: bool = False,
        **settings: Any,
    ) -> None:
        self.renderer = renderer_for(renderer, settings)
        self.rate_limits = checked_flag(rate_limits, "rate_limits")
        self.locale_selector = locale_selector
        self._page = page_renderer(self.renderer)
        self._templates: Jinja2Templates | None = None
        self._page_template: str | None = None
        self._base_template: str | None = None
        self._wrapper: jinja2.Template | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Any) -> None:
        """Add the middleware to a Starlette or FastAPI ``app`` (before it starts)."""
        app.add_middleware(TactfulMiddleware, tactful=self)
        app.state.tactful = self

    def install_templates(
        self,
        templates: Jinja2Templates,
        *,
        page_template: str | None = None,
        base_template: str | None = None,
        content_block: str = "content",
    ) -> None:
        """Give ``templates`` the ``tactful_notice`` and ``tactful_stylesheet`` globals.

        With ``base_template`` (the app's own, such as ``"base.html"``), whole error pages
        place the notice in its ``content_block`` and its title in a ``title`` block, inside
        the app's header and navigation; with ``page_template``, that template renders them.
        Either receives ``request``, ``notice`` (the snippet), ``rendered``, ``tactful_title``,
        ``back_url``, ``back_label``, ``product_name`` and ``tactful_css``.
        """

        @jinja2.pass_context
        def tactful_notice(context: jinja2.runtime.Context, payload: Any, **options: Any) -> Markup:
            request = context.get("request")
            return self.notice(
                request if isinstance(request, Request) else None, payload, **options
            )

        templates.env.globals["tactful_notice"] = tactful_notice
        templates.env.globals["tactful_stylesheet"] = stylesheet
        self._templates = templates
        self._page_template = page_template
        self._base_template = base_template
        self._wrapper = templates.env.from_string(wrapper_source(content_block))

    # ---- for views and templates ------------------------------------------------------------

    def notice(
        self,
        request: Request | None,
        payload: Any,
        *,
        http_status: int | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
    ) -> Markup:
        """The HTML snippet for ``payload`` in the request's language, to place in a page."""
        locale, accept_language = self._request_locale(request)
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
        request: Request,
        payload: Any,
        *,
        http_status: int | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
    ) -> Response:
        """The response a view can return itself, as if it had raised ``OutOfCredit``."""
        return self._respond(
            request,
            upstream_for(
                self.renderer,
                payload,
                http_status=http_status,
                recharge_url=recharge_url,
                return_to=return_to,
            ),
        )

    async def exception_handler(self, request: Request, exc: Exception) -> Response:
        """An exception handler: the notice for an out-of-credit error, else re-raise."""
        upstream = find_upstream(exc, self.renderer, rate_limits=self.rate_limits)
        if upstream is None:
            raise exc
        return self._respond(request, upstream)

    # ---- internals --------------------------------------------------------------------------

    def _respond(self, request: Request, upstream: Upstream) -> Response:
        locale, accept_language = self._request_locale(request)
        page_template = None
        if self._templates is not None and (self._page_template or self._base_template):
            templates, name = self._templates, self._page_template
            wrapper, base = self._wrapper, self._base_template

            def page_template(page: Page) -> str:
                if name is not None:
                    return templates.get_template(name).render(request=request, **page.context())
                assert wrapper is not None
                return wrapper.render(request=request, tactful_base=base, **page.context())

        reply = build_reply(
            self.renderer,
            upstream,
            accept=request.headers.get("accept"),
            accept_language=accept_language,
            locale=locale,
            fragment=wants_fragment(request.headers.get),
            htmx=from_htmx(request.headers.get),
            # The notice is the page's content (its <h1>), unless the app's own page template
            # lays out the page around it.
            page=None if self._page_template else self._page,
            page_template=page_template,
        )
        return Response(
            reply.body,
            status_code=reply.status,
            headers=reply.headers,
            media_type=reply.content_type,
        )

    def _request_locale(self, request: Request | None) -> tuple[str | None, str | None]:
        if request is None:
            return None, None
        chosen: object = None
        if self.locale_selector is not None:
            try:
                chosen = self.locale_selector(request)
            except Exception:  # a failing selector must not fail the error page
                logger.exception("tactful: the locale selector raised; using Accept-Language")
        return (str(chosen) if chosen else None), request.headers.get("accept-language")


class TactfulMiddleware:
    """Pure ASGI middleware: answers an out-of-credit error a view let escape.

    It acts only while no response has started; everything else is re-raised untouched.
    """

    def __init__(self, app: ASGIApp, *, tactful: Tactful) -> None:
        self.app = app
        self.tactful = tactful

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            upstream = find_upstream(
                exc, self.tactful.renderer, rate_limits=self.tactful.rate_limits
            )
            if upstream is None:
                raise
            logger.info("tactful: answering %s from a view with a notice", type(exc).__name__)
            response = self.tactful._respond(Request(scope, receive), upstream)
            await response(scope, receive, send)
