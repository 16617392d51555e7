"""Django: a view helper, a middleware and a template tag, configured from settings.

In ``settings.py``::

    INSTALLED_APPS = [..., "tactful.contrib.django"]          # for {% load tactful %}
    MIDDLEWARE = [..., "tactful.contrib.django.TactfulMiddleware"]
    TACTFUL = {"recharge_url": "https://billing.example.com/top-up"}   # Renderer settings
    TACTFUL_RATE_LIMITS = True   # optional: answer upstream rate limits too (429, Retry-After)
    TACTFUL_BASE_TEMPLATE = "base.html"   # optional: whole pages inside the site's own chrome
    TACTFUL_CONTENT_BLOCK = "content"     # the block of that template the notice goes in

The middleware answers an out-of-credit error a view let escape (``OutOfCredit``, an upstream
HTTP error, a provider SDK's exception) with a 402: a page (inside ``TACTFUL_BASE_TEMPLATE``
when set: the notice in its content block, its title in a ``title`` block; else tactful's own
page, which names the site and links back), the bare snippet for ``fetch``/htmx (200 for htmx,
which swaps nothing else by default), or problem+json, Markdown or plain text, as the ``Accept``
header prefers; other errors go on to Django. A view can
also ``return tactful_response(request, payload)``, and a template can place a notice with
``{% load tactful %}{% tactful_notice error %}`` (and ``<style>{% tactful_stylesheet %}</style>``).
The language is ``request.LANGUAGE_CODE`` when Django's ``LocaleMiddleware`` set it, else the
``Accept-Language`` header.

>>> from tactful.contrib.django import tactful_response
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from markupsafe import Markup

from ..._render import Renderer
from ..._render.checks import checked_flag
from .._page import wrapper_source
from .._web import (
    OutOfCredit,
    Page,
    Upstream,
    build_reply,
    find_upstream,
    from_htmx,
    page_renderer,
    snippet_for,
    upstream_for,
)
from .._web import wants_fragment as _wants_fragment

__all__ = ["OutOfCredit", "TactfulMiddleware", "get_renderer", "notice", "tactful_response"]


def get_renderer() -> Renderer:
    """The Renderer built from ``settings.TACTFUL`` (a dict of Renderer settings), kept."""
    from django.conf import settings  # lazy settings: read per call, never at import

    configured: dict[str, Any] = dict(getattr(settings, "TACTFUL", None) or {})
    frozen = tuple(
        sorted(
            (key, tuple(value) if isinstance(value, (list, set, frozenset)) else value)
            for key, value in configured.items()
        )
    )
    return _renderer(frozen)


def _rate_limits() -> bool:
    """``settings.TACTFUL_RATE_LIMITS``: whether the middleware answers rate limits too."""
    from django.conf import settings

    return checked_flag(getattr(settings, "TACTFUL_RATE_LIMITS", False), "TACTFUL_RATE_LIMITS")


@functools.lru_cache(maxsize=8)
def _renderer(frozen: tuple[tuple[str, Any], ...]) -> Renderer:
    return Renderer(**dict(frozen))


@functools.lru_cache(maxsize=8)
def _page(renderer: Renderer) -> Renderer:
    return page_renderer(renderer)


def _locale(request: HttpRequest | None) -> tuple[str | None, str | None]:
    if request is None:
        return None, None
    return getattr(request, "LANGUAGE_CODE", None), request.headers.get("Accept-Language")


def notice(request: HttpRequest | None, payload: Any, **options: Any) -> Markup:
    """The HTML snippet for ``payload`` in the request's language (what the tag renders)."""
    locale, accept_language = _locale(request)
    return snippet_for(
        get_renderer(), payload, locale=locale, accept_language=accept_language, **options
    )


def tactful_response(
    request: HttpRequest,
    payload: Any,
    *,
    http_status: int | None = None,
    recharge_url: str | None = None,
    return_to: str | None = None,
) -> HttpResponse:
    """A 402 response for ``payload`` (or an exception), negotiated like the middleware's."""
    upstream = upstream_for(
        get_renderer(),
        payload,
        http_status=http_status,
        recharge_url=recharge_url,
        return_to=return_to,
    )
    return _respond(request, upstream)


def _wrapper(content_block: str) -> Any:
    # Made per page, not kept: Django rebuilds its engines when TEMPLATES change (in tests).
    from django.template import engines

    return engines["django"].from_string(wrapper_source(content_block))


def _base_page(request: HttpRequest) -> Callable[[Page], str] | None:
    """The whole page inside ``settings.TACTFUL_BASE_TEMPLATE``, if the site names one."""
    from django.conf import settings

    base = getattr(settings, "TACTFUL_BASE_TEMPLATE", None)
    if not base:
        return None
    wrapper = _wrapper(getattr(settings, "TACTFUL_CONTENT_BLOCK", "content"))

    def render(page: Page) -> str:
        return str(wrapper.render({"tactful_base": base, **page.context()}, request))

    return render


def _respond(request: HttpRequest, upstream: Upstream) -> HttpResponse:
    renderer = get_renderer()
    locale, accept_language = _locale(request)
    reply = build_reply(
        renderer,
        upstream,
        accept=request.headers.get("Accept"),
        accept_language=accept_language,
        locale=locale,
        fragment=_wants_fragment(request.headers.get),
        htmx=from_htmx(request.headers.get),
        page=_page(renderer),
        page_template=_base_page(request),
    )
    response = HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
    for name, value in reply.headers.items():
        response[name] = value
    return response


class TactfulMiddleware:
    """Answers out-of-credit errors that views let escape; leaves every other error alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Django builds its middleware when the application is loaded: a mistake in
        # settings.TACTFUL is a tactful.ConfigError then, not a 500 at the first error.
        get_renderer()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        upstream = find_upstream(exception, get_renderer(), rate_limits=_rate_limits())
        return None if upstream is None else _respond(request, upstream)
