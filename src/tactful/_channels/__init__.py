"""Stage 6: finish rendered output for the channel it travels through.

Each channel has its own hazards: a terminal obeys escape sequences, a mail header ends at a
line break, a Markdown renderer reads ``*`` and ``[``. The presenter already removed controls
from payload text; each channel's finishing step holds the final line for the whole output.

One module per channel, each defining one :class:`Format` record (template, media type,
finishing step, safe built-in message): :mod:`.html`, :mod:`.text`, :mod:`.terminal`,
:mod:`.markdown`, :mod:`.problem`. :data:`BUILTIN_FORMATS` is their registry; an application
adds its own through ``Renderer(formats=...)``. :mod:`.email` holds the two parts of an email
(not a format of its own); :mod:`.wrap` wraps text to the reader's width.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from .._errors import ConfigError
from .base import (
    DEFAULT_WIDTH,
    TEMPLATE_NAME,
    FinishContext,
    Format,
    SafeMessage,
    content_language,
    http_status,
)
from .html import HTML
from .markdown import MARKDOWN
from .problem import PROBLEM
from .terminal import TERMINAL
from .text import TEXT

__all__ = [
    "BUILTIN_FORMATS",
    "DEFAULT_WIDTH",
    "TEMPLATE_NAME",
    "TEXT",
    "FinishContext",
    "Format",
    "SafeMessage",
    "http_headers",
    "http_status",
    "registry",
]

BUILTIN_FORMATS: Mapping[str, Format] = MappingProxyType(
    {"html": HTML, "text": TEXT, "terminal": TERMINAL, "markdown": MARKDOWN, "problem": PROBLEM}
)


# An application's format name: short, lower case, usable in a URL or a command line.
_FORMAT_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}")
# Not a format: Renderer.render_email makes the email, with both its parts.
_RESERVED = frozenset({"email"})


def registry(added: Mapping[str, Format] | None = None) -> Mapping[str, Format]:
    """The built-in formats and an application's own, read-only, each checked.

    A name of a built-in format cannot be given (change a built-in format's words and markup
    with your own template instead): a message must not break because a setting replaced a
    channel everything else relies on.

    >>> sorted(registry())
    ['html', 'markdown', 'problem', 'terminal', 'text']
    >>> registry({"html": HTML})
    Traceback (most recent call last):
    ...
    tactful.ConfigError: format 'html' is built in; use your own template to change it
    """
    if not added:
        return BUILTIN_FORMATS
    for name, channel in added.items():
        _check_format(name, channel)
    return MappingProxyType({**BUILTIN_FORMATS, **added})


def _check_format(name: object, channel: object) -> None:
    if not isinstance(name, str) or not _FORMAT_NAME.fullmatch(name):
        raise ConfigError(f"format name {name!r}: lower-case letters, digits, - and _ only")
    if name in BUILTIN_FORMATS or name in _RESERVED:
        raise ConfigError(f"format {name!r} is built in; use your own template to change it")
    if not isinstance(channel, Format):
        raise ConfigError(f"format {name!r} must be a tactful.Format, not {type(channel)!r}")
    problems = _record_problems(channel)
    if problems:
        raise ConfigError(f"format {name!r}: {'; '.join(problems)}")


def _record_problems(channel: Format) -> list[str]:
    template, media_type = channel.template, channel.media_type
    checks = (
        (
            template is None or (isinstance(template, str) and TEMPLATE_NAME.fullmatch(template)),
            "template must be None or a template name",
        ),
        (
            isinstance(media_type, str) and _MEDIA_TYPE.fullmatch(media_type),
            "media_type must be a type/subtype such as 'application/json'",
        ),
        (callable(channel.finish), "finish must be callable"),
        (callable(channel.fallback), "fallback must be callable"),
        (channel.context is None or callable(channel.context), "context must be None or callable"),
        (isinstance(channel.markup, bool), "markup must be True or False"),
        # Markup is returned as safe to embed: only a template Jinja2 autoescapes may make it.
        (
            not channel.markup or template is None or _AUTOESCAPED.search(str(template)),
            "markup=True needs an autoescaped template (.html, .htm or .xml)",
        ),
    )
    return [problem for ok, problem in checks if not ok]


_AUTOESCAPED = re.compile(r"\.(?:html|htm|xml)$")
_HEADER_URL = re.compile(r"[!#-;=?-~]{1,2048}")  # printable ASCII without space, " < >


def http_headers(
    media_type: str,
    language: str,
    *,
    payment_url: str | None = None,
    retry_after: int | None = None,
) -> dict[str, str]:
    """Response headers for a rendered body: type, language, cache key, and the top-up link.

    >>> http_headers("application/problem+json", "de", payment_url="https://b.example/top-up")
    {'Content-Type': 'application/problem+json', 'Content-Language': 'de', 'Vary': 'Accept-Language', 'Link': '<https://b.example/top-up>; rel="payment"'}
    """
    content_type = media_type if media_type.endswith("json") else f"{media_type}; charset=utf-8"
    headers = {
        "Content-Type": content_type,
        "Content-Language": content_language(language),
        "Vary": "Accept-Language",
    }
    if payment_url and _HEADER_URL.fullmatch(payment_url):
        headers["Link"] = f'<{payment_url}>; rel="payment"'
    if retry_after is not None and 0 < retry_after <= 7 * 24 * 3600:
        headers["Retry-After"] = str(int(retry_after))
    return headers
