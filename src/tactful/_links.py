"""Links in output: https to allowed hosts only, normalized, and filled without format strings.

>>> hosts = frozenset({"billing.example.com"})
>>> safe_link("https://billing.example.com/top-up?x=<b>", hosts)
'https://billing.example.com/top-up?x=%3Cb%3E'
>>> safe_link("javascript:alert(1)", hosts) is None
True
>>> safe_link("https://user@billing.example.com/", hosts) is None
True
>>> fill_link("https://billing.example.com/pay?amount={amount}&c={currency}", {"amount": "5", "currency": "USD"})
'https://billing.example.com/pay?amount=5&c=USD'
>>> fill_link("https://billing.example.com/pay?amount={amount}&c={currency}", {"currency": "USD"})
'https://billing.example.com/pay?c=USD'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlsplit, urlunsplit

MAX_URL_CHARS = 2048
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
# Any control, space, bidi, zero-width or tag character anywhere makes a URL unusable: browsers
# strip some of them silently, which is how "java\tscript:" gets past naive checks.
_FORBIDDEN = re.compile(
    "[\x00-\x20\x7f-\x9f\u00a0\u00ad\u061c\u115f\u1160\u180e\u2000-\u200f\u2028-\u202f"
    "\u205f-\u206f\u3000\ufeff\U000e0000-\U000e0fff\ud800-\udfff\\\\]"
)
_PLACEHOLDER = re.compile(r"\{(amount|currency|return_to)\}")
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Exact match, or a suffix match for entries written ``.example.com`` or ``*.example.com``."""
    host = host.rstrip(".").lower()
    for entry in allowed:
        entry = entry.lower().rstrip(".")
        if entry.startswith("*."):
            entry = entry[1:]
        if host == entry or (entry.startswith(".") and host.endswith(entry)):
            return True
    return False


def safe_link(url: object, allowed_hosts: Iterable[str]) -> str | None:
    """The URL normalized for output, or ``None`` if it is not https to an allowed host.

    http is accepted for localhost only (for development), and the host must be allowed in
    every case. Userinfo, backslashes, controls and invisible
    characters are refused; internationalized hosts must be allowed in their ``xn--`` form and
    are returned in it; markup and spaces in the path and query are percent-encoded.
    """
    if not isinstance(url, str) or not url or len(url) > MAX_URL_CHARS:
        return None
    if isinstance(allowed_hosts, frozenset):
        return _safe_link(url, allowed_hosts)
    return _safe_link.__wrapped__(url, frozenset(allowed_hosts))


@functools.lru_cache(maxsize=512)
def _safe_link(url: str, allowed_hosts: frozenset[str]) -> str | None:
    # A pure function of its arguments, and called with the same few links (an application's
    # configured ones, filled with a handful of top-up amounts) again and again.
    url = url.strip(" ")
    if _FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not hostname or "@" in parts.netloc or not url.lower().startswith(scheme + "://"):
        return None
    host = _ascii_host(hostname)
    if host is None:
        return None
    if not (scheme == "https" or (scheme == "http" and host in LOCAL_HOSTS)):
        return None
    if not host_allowed(host, allowed_hosts):
        return None
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit(
        (
            scheme,
            netloc,
            quote(parts.path, safe=_SAFE_PATH),
            quote(parts.query, safe=_SAFE_PATH + "?"),
            quote(parts.fragment, safe=_SAFE_PATH + "?"),
        )
    )


def link_host(url: str) -> str | None:
    """The ASCII host of a URL, for building allowlists from configured links."""
    try:
        hostname = urlsplit(url).hostname
    except ValueError:
        return None
    return _ascii_host(hostname) if hostname else None


def fill_link(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{amount}``, ``{currency}`` and ``{return_to}``, URL-encoded; nothing else.

    Only these exact placeholders are replaced (no ``str.format``), so braces elsewhere in a
    URL stay as they are and a value can never inject a placeholder of its own. A query
    parameter with a placeholder that has no value is left out, never sent empty
    (``?amount=&`` is a 400 on many billing pages); elsewhere such a placeholder is removed.

    >>> fill_link("https://b.example/{amount}/pay?a={amount}&keep=1#{currency}", {})
    'https://b.example//pay?keep=1#'
    """
    before_fragment, hash_mark, fragment = template.partition("#")
    head, mark, query = before_fragment.partition("?")
    if mark:
        kept = "&".join(pair for pair in query.split("&") if not _lacks_value(pair, values))
        template = head + ("?" + kept if kept else "") + hash_mark + fragment
    return _PLACEHOLDER.sub(lambda m: quote(values.get(m.group(1), ""), safe=""), template)


def _lacks_value(pair: str, values: Mapping[str, str]) -> bool:
    # Whether a query parameter holds a placeholder with nothing to fill it.
    return any(not values.get(name) for name in _PLACEHOLDER.findall(pair))


def _ascii_host(hostname: str) -> str | None:
    host = hostname.rstrip(".").lower()
    if host.isascii():
        return host if re.fullmatch(r"[a-z0-9.\-_\[\]:]+", host) else None
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
