"""What every web integration shares, with no framework imported.

Each integration asks the same three questions of a failed request, in its framework's terms:
is this exception an out-of-credit error (:func:`find_upstream`), what does the client accept
(:func:`preferred_format`, :func:`wants_fragment`), and what goes back (:func:`build_reply`).
Keeping the answers here keeps Flask, Starlette and Django behaving the same.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .._errors import ConfigError
from .._model import Kind, Notice
from .._render import Rendered, Renderer
from ._page import Page, html_page, page_of, stylesheet

__all__ = ["Page", "stylesheet"]

logger = logging.getLogger("tactful")

MAX_CAUSE_DEPTH = 8
"""How far along ``__cause__``/``__context__`` an upstream error is looked for."""
PROBLEM_FORMAT = "problem"
PROBLEM_MEDIA_TYPES = ("application/problem+json", "application/json")
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
# The formats a request may ask for besides HTML, in the order that breaks a tie between them.
OTHER_FORMATS = (
    (PROBLEM_FORMAT, PROBLEM_MEDIA_TYPES),
    ("markdown", ("text/markdown", "text/x-markdown")),
    ("text", ("text/plain",)),
)


class OutOfCredit(Exception):
    """Raise in a view with what the upstream sent; the integration answers with the notice.

    ``payload`` is anything :func:`tactful.parse` accepts (bytes, str, a decoded mapping, an
    HTTP client or SDK exception, or a :class:`tactful.Notice`). ``recharge_url`` and
    ``return_to`` are passed to the render for this one error.
    """

    def __init__(
        self,
        payload: Any,
        *,
        http_status: int | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
    ) -> None:
        # The payload stays out of the message: it may be long, and logs are not the place.
        super().__init__("the upstream service refused the request for lack of credit")
        self.payload = payload
        self.http_status = http_status
        self.recharge_url = recharge_url
        self.return_to = return_to


@dataclass(frozen=True)
class Upstream:
    """An out-of-credit error found in an exception: what to render, and what it says."""

    payload: Any
    notice: Notice
    http_status: int | None = None
    recharge_url: str | None = None
    return_to: str | None = None


def renderer_for(renderer: Renderer | None, settings: Mapping[str, Any]) -> Renderer:
    """The integration's Renderer: the one given, or one built from the keyword settings."""
    if renderer is not None and settings:
        raise ConfigError("pass either a Renderer or Renderer settings, not both")
    return renderer if renderer is not None else Renderer(**settings)


def upstream_for(
    renderer: Renderer,
    payload: Any,
    *,
    http_status: int | None = None,
    recharge_url: str | None = None,
    return_to: str | None = None,
) -> Upstream:
    """What a view's ``raise OutOfCredit(payload, ...)`` is answered with, for a view that
    returns the response itself."""
    error = OutOfCredit(
        payload, http_status=http_status, recharge_url=recharge_url, return_to=return_to
    )
    upstream = find_upstream(error, renderer)
    assert upstream is not None  # OutOfCredit is always taken
    return upstream


def snippet_for(
    renderer: Renderer,
    payload: Any,
    *,
    locale: str | None,
    accept_language: str | None,
    **options: Any,
) -> Markup:
    """The HTML snippet for ``payload``, as Markup for the app's own templates."""
    html = renderer.render(payload, locale=locale, accept_language=accept_language, **options)
    return Markup(html)  # noqa: S704 - the renderer's own escaped output


def find_upstream(
    exc: BaseException, renderer: Renderer, *, rate_limits: bool = False
) -> Upstream | None:
    """The out-of-credit error ``exc`` is or wraps, or ``None`` if it is something else.

    :class:`OutOfCredit` is always taken, whatever its payload says. Other exceptions are
    taken only if they look like an HTTP error (a 4xx or 5xx status on the exception or its
    ``response``) and tactful reads their payload as a money problem, or, with
    ``rate_limits``, as a rate limit (answered 429 with ``Retry-After``): anything else stays
    the framework's business.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    for _ in range(MAX_CAUSE_DEPTH):
        if current is None or id(current) in seen:
            break
        seen.add(id(current))
        found = _upstream_of(current, renderer, rate_limits)
        if found is not None:
            return found
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return None


def _upstream_of(exc: BaseException, renderer: Renderer, rate_limits: bool) -> Upstream | None:
    if isinstance(exc, OutOfCredit):
        given = exc.payload
        notice = (
            given
            if isinstance(given, Notice)
            else renderer.parse(given, http_status=exc.http_status)
        )
        return Upstream(given, notice, exc.http_status, exc.recharge_url, exc.return_to)
    status = _http_status(exc)
    if status is None:
        return None
    # tactful reads a urllib error's body and leaves it readable for the app's own handler.
    notice = renderer.parse(exc, http_status=status)
    if not (notice.kind.is_money or (rate_limits and notice.kind is Kind.RATE_LIMIT)):
        return None
    return Upstream(exc, notice, status)


def _http_status(exc: BaseException) -> int | None:
    response = _attribute(exc, "response")
    for holder in (exc, response):
        if holder is None:
            continue
        for name in ("status_code", "status", "http_status", "code"):
            value = _attribute(holder, name)
            if isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599:
                return value
    return None


def _attribute(obj: Any, name: str) -> Any:
    try:
        return getattr(obj, name, None)
    except Exception:  # a property of someone else's object may raise anything
        return None


# ---- what the client wants ------------------------------------------------------------------

_MEDIA_RANGE = re.compile(r"\s*([\w.+*-]+)/([\w.+*-]+)\s*(.*)")
_QUALITY = re.compile(r";\s*q\s*=\s*([01](?:\.\d{0,3})?)", re.IGNORECASE)


def _acceptance(accept: str, media_type: str) -> tuple[float, int]:
    """The quality ``accept`` gives ``media_type`` and how specific the matching range was."""
    kind, _, subtype = media_type.partition("/")
    best = (-1, 0.0)  # (specificity, quality) of the most specific matching range
    for entry in accept[:2048].split(",")[:64]:
        match = _MEDIA_RANGE.fullmatch(entry)
        if match is None:
            continue
        range_type, range_subtype, params = match.groups()
        if range_type == "*" and range_subtype == "*":
            specificity = 0
        elif range_type.lower() == kind and range_subtype == "*":
            specificity = 1
        elif range_type.lower() == kind and range_subtype.lower() == subtype:
            specificity = 2
        else:
            continue
        quality_match = _QUALITY.search(params)
        quality = float(quality_match.group(1)) if quality_match else 1.0
        if specificity > best[0]:
            best = (specificity, quality)
    specificity, quality = best
    return (quality, specificity) if specificity >= 0 else (0.0, -1)


def preferred_format(accept: str | None) -> str:
    """The format the ``Accept`` header prefers: ``"problem"`` (JSON), ``"markdown"``,
    ``"text"``, or ``"html"``, which also wins every tie and an absent header.

    >>> [preferred_format(a) for a in ("text/plain", "text/markdown, text/plain;q=0.5", "*/*")]
    ['text', 'markdown', 'html']
    >>> preferred_format("application/json, text/plain, */*")  # axios: JSON before text
    'problem'
    """
    if not accept:
        return "html"
    best, best_score = "html", max(_acceptance(accept, t) for t in HTML_MEDIA_TYPES)
    for name, media_types in OTHER_FORMATS:
        score = max(_acceptance(accept, t) for t in media_types)
        if score[0] > 0 and score > best_score:
            best, best_score = name, score
    return best


def from_htmx(header: Callable[[str], object]) -> bool:
    """Whether htmx sent the request (it says so in ``HX-Request: true``).

    >>> from_htmx({"HX-Request": "true"}.get), from_htmx({}.get)
    (True, False)
    """
    return str(header("HX-Request") or "").lower() == "true"


def wants_fragment(header: Callable[[str], object]) -> bool:
    """Whether the request came from script (``fetch``, XHR, htmx) rather than navigation.

    ``header(name)`` returns a request header or ``None``. Script gets the bare snippet to
    insert into its page; a navigation (or a client that does not say, or an htmx-boosted
    link, which swaps in a whole page's body) gets a whole page.

    >>> wants_fragment({"Sec-Fetch-Mode": "cors"}.get), wants_fragment({}.get)
    (True, False)
    >>> wants_fragment({"HX-Request": "true", "HX-Boosted": "true"}.get)
    False
    """
    if header("HX-Request"):
        return not header("HX-Boosted")
    if header("X-Requested-With") == "XMLHttpRequest":
        return True
    mode = header("Sec-Fetch-Mode")
    return bool(mode) and mode != "navigate"


# ---- what goes back -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """A finished response, for an integration to hand to its framework as it is."""

    status: int
    body: str
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    rendered: Rendered | None = None


def page_renderer(renderer: Renderer) -> Renderer:
    """The same Renderer with its notice heading at level 1, for a page of its own.

    A page whose whole content is the notice needs the notice's title as its ``<h1>``.
    """
    if renderer.heading_level == 1:
        return renderer
    return renderer.replace(heading_level=1)


def build_reply(
    renderer: Renderer,
    upstream: Upstream,
    *,
    accept: str | None,
    accept_language: str | None,
    locale: str | None = None,
    fragment: bool = False,
    htmx: bool = False,
    page: Renderer | None = None,
    page_template: Callable[[Page], str] | None = None,
) -> Reply:
    """Render ``upstream`` for this request: HTML (page or fragment), problem+json, Markdown
    or plain text, as ``accept`` prefers.

    The status is the renderer's for the notice: 402 when paying is the way forward, 429 for
    a rate limit, 502 (or the upstream's 5xx) for anything else. An ``htmx`` request gets 200
    with the real status in ``X-Tactful-Status``: htmx 2, as configured by default, swaps only
    2xx responses into the page, and drops every other answer without a trace.

    ``page`` is the Renderer for whole pages (see :func:`page_renderer`; None: ``renderer``);
    ``page_template`` replaces the built-in page with the application's own (it receives the
    :class:`Page`).
    """
    format = preferred_format(accept)
    whole_page = format == "html" and not fragment
    used = (page or renderer) if whole_page else renderer
    result = used.render_result(
        upstream.notice,
        format=format,
        locale=locale,
        accept_language=accept_language,
        recharge_url=upstream.recharge_url,
        return_to=upstream.return_to,
    )
    # The renderer's own headers (type, language, a Link to the top-up page, Retry-After),
    # varied by Accept as well, since this response also chose between HTML and JSON.
    headers = result.headers()
    content_type = headers.pop("Content-Type")
    headers["Vary"] = "Accept, Accept-Language"
    headers["Cache-Control"] = "no-store"
    status = result.status if result.status is not None else 402
    if htmx:
        headers["X-Tactful-Status"] = str(status)
        status = 200
    body = str(result.body)
    if whole_page:
        shown = page_of(used, result, upstream.return_to)
        body = page_template(shown) if page_template is not None else html_page(shown)
    return Reply(status, body, content_type, headers, result)
