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

from .base import DEFAULT_WIDTH, Format, Job, SafeMessage, http_status
from .html import HTML
from .markdown import MARKDOWN
from .problem import PROBLEM
from .terminal import TERMINAL
from .text import TEXT

__all__ = [
    "BUILTIN_FORMATS",
    "DEFAULT_WIDTH",
    "Format",
    "Job",
    "SafeMessage",
    "http_headers",
    "http_status",
]

BUILTIN_FORMATS: Mapping[str, Format] = MappingProxyType(
    {"html": HTML, "text": TEXT, "terminal": TERMINAL, "markdown": MARKDOWN, "problem": PROBLEM}
)


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
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
        "Content-Language": language if _LANGUAGE_TAG.fullmatch(language) else "en",
        "Vary": "Accept-Language",
    }
    if payment_url and _HEADER_URL.fullmatch(payment_url):
        headers["Link"] = f'<{payment_url}>; rel="payment"'
    if retry_after is not None and 0 < retry_after <= 7 * 24 * 3600:
        headers["Retry-After"] = str(int(retry_after))
    return headers
