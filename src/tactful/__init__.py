"""tactful: turn a paid API's raw out-of-credit error into a message a person is glad to read.

>>> import tactful
>>> notice = tactful.parse(b'{"error":{"code":"INSUFFICIENT_BALANCE","message":"Top up."}}')
>>> notice.kind
<Kind.INSUFFICIENT_BALANCE: 'insufficient_balance'>
>>> print(tactful.render(notice, format="text", locale="de", show_details=False))
Ihr Guthaben reicht nicht aus
<BLANKLINE>
Ihr Konto hat nicht genug Guthaben für diese Anfrage. Es wurde nichts
berechnet und Ihre Arbeit bleibt erhalten, sodass Sie dort weitermachen
können, wo Sie aufgehört haben.
<BLANKLINE>
"""

import functools as _functools
from collections.abc import Sequence as _Sequence
from typing import Any as _Any

from ._channels import FinishContext, Format, SafeMessage
from ._errors import ConfigError, Error, LocaleError, PayloadError, TemplateError
from ._locale import LocaleChoice
from ._model import Kind, Money, Notice
from ._recognize import Recognizer
from ._recognize import parse as _parse
from ._redact import DEFAULT_REDACTION as _DEFAULT_REDACTION
from ._redact import Redaction
from ._redact import checked_redaction as _checked_redaction
from ._render import Rendered, Renderer
from ._render.settings import ContentSettings, LinkSettings, LocaleSettings, OutputSettings
from ._render.site import SiteSettings
from ._resources import TEMPLATES_DIR as _TEMPLATES_DIR

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ContentSettings",
    "Error",
    "FinishContext",
    "Format",
    "Kind",
    "LinkSettings",
    "LocaleChoice",
    "LocaleError",
    "LocaleSettings",
    "Money",
    "Notice",
    "OutputSettings",
    "PayloadError",
    "Recognizer",
    "Redaction",
    "Rendered",
    "Renderer",
    "SafeMessage",
    "SiteSettings",
    "TemplateError",
    "parse",
    "render",
    "stylesheet",
]


@_functools.lru_cache(maxsize=1)
def _default() -> Renderer:
    # Built on first use, not at import: an application that builds its own Renderer never
    # pays for this one.
    return Renderer()


def parse(
    payload: _Any,
    *,
    http_status: int | None = None,
    headers: _Any = None,
    recognizers: _Sequence[Recognizer] = (),
    redaction: Redaction = _DEFAULT_REDACTION,
) -> Notice:
    """Read what a provider sent (bytes, str, mapping, list or exception) into a Notice.

    ``recognizers`` are the application's own (see :data:`Recognizer`), tried in order before
    the built-in ones. ``http_status`` and ``headers`` (a mapping or pairs) are those of a
    body the caller read itself; Retry-After and request ids are read from the headers.
    The notice's texts are redacted by ``redaction`` (see
    :class:`Redaction`); ``Notice.raw`` is the payload as read. Never raises: what cannot be
    read becomes a Notice of kind ``other``.
    """
    if recognizers or redaction is not _DEFAULT_REDACTION:
        notice = _parse(payload, http_status=http_status, recognizers=recognizers, headers=headers)
        return _checked_redaction(redaction).notice(notice)
    return _default().parse(payload, http_status=http_status, headers=headers)


def render(
    payload: _Any,
    *,
    format: str = "html",
    locale: str | None = None,
    accept_language: str | None = None,
    recharge_url: str | None = None,
    return_to: str | None = None,
    http_status: int | None = None,
    headers: _Any = None,
    **settings: _Any,
) -> str:
    """Render a payload or Notice with a default :class:`Renderer`. Never raises by default
    for what the payload does.

    ``settings`` are :class:`Renderer` settings (``pricing_url``, ``show_label``, ``strict``,
    ``links=LinkSettings(...)``...);
    with none, a shared immutable default Renderer is used. A ``recharge_url`` given here is
    trusted as configuration: its host is allowed for this call, and it is checked as the
    Renderer checks it (a :class:`ConfigError` for one that is not https, say). Applications
    that render often should build one Renderer and keep it.
    """
    if recharge_url is not None:  # a setting like the others (so not given twice with links=)
        settings["recharge_url"] = recharge_url
    renderer = Renderer(**settings) if settings else _default()
    return renderer.render(
        payload,
        format=format,
        locale=locale,
        accept_language=accept_language,
        return_to=return_to,
        http_status=http_status,
        headers=headers,
    )


def stylesheet() -> str:
    """The CSS for the HTML snippet, to include in a page or to start your own from."""
    return (_TEMPLATES_DIR / "tactful.css").read_text(encoding="utf-8")
