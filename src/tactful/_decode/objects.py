"""Whatever the caller holds, dispatched by type; HTTP client and SDK exceptions read by duck
typing, without importing their packages."""

from __future__ import annotations

import codecs
import http
import itertools
import re
import urllib.error
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from .copy import copy
from .decoded import MAX_CAUSES, MAX_ITEMS, MAX_JSON_CHARS, Budget, Decoded
from .text import decode_text
from .wrappers import read_http_error, unwrapped

_UTF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_REASON_PHRASES = frozenset(status.phrase.casefold() for status in http.HTTPStatus)


def decode_any(payload: Any, status: int | None, causes: int) -> Decoded:
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return decode_text(_bytes_to_text(bytes(payload[:MAX_JSON_CHARS])), status)
    if isinstance(payload, str):
        return decode_text(payload, status)
    if isinstance(payload, (Mapping, list, tuple)):
        data = copy(payload, 0, Budget())
        return Decoded(data=data, text="", http_status=status)
    if payload is None or isinstance(payload, (int, float, Decimal, bool)):
        return Decoded(data=None, text="", http_status=status)
    return decode_object(payload, status, causes)


def _read_from(**places: str | None) -> Mapping[str, str]:
    return MappingProxyType({name: place for name, place in places.items() if place})


def _bytes_to_text(raw: bytes) -> str:
    for bom, encoding in _UTF_BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    return raw.decode("utf-8", errors="replace")


def decode_object(obj: Any, status: int | None, causes: int) -> Decoded:
    """Read an HTTP client or SDK exception, or a response object, by duck typing, without
    importing its package.

    Attributes are read defensively: a property of someone else's object may raise anything
    (httpx raises ResponseNotRead for an unread streaming body). A client's own text (its
    ``str()``, a reason phrase, a repr) is never read as the provider's words: an object with
    a status and no readable body gives the status alone.
    """
    response = _attr(obj, "response")
    # boto3's ClientError holds a dict response with the HTTP facts in ResponseMetadata.
    meta = _mapping(response, "ResponseMetadata") if isinstance(response, Mapping) else None
    own_status, status_from = _own_status(obj, response, meta)
    status = status or own_status
    headers, headers_from = _object_headers(obj, response, meta)
    request_id = _first_attr(obj, "request_id", "requestId")
    if not isinstance(request_id, str) and meta:
        request_id = meta.get("RequestId")
    inner, body_from = _decode_body(obj, response, status)
    if inner is None:
        inner, body_from = _decode_cause(obj, status, causes)
        if inner is not None and own_status is not None and inner.http_status:
            # A wrapper that rewrote the status (litellm): the original error's is the real one.
            status, status_from = inner.http_status, inner.origin.get("http_status")
    if inner is None:
        inner, body_from = _decode_digest(
            obj, status, plain=own_status is None and response is None
        )
    return Decoded(
        data=inner.data,
        text=inner.text,
        http_status=status or inner.http_status,
        headers=headers or inner.headers,
        salvaged=inner.salvaged,
        prose=inner.prose,
        request_id=request_id[:128] if isinstance(request_id, str) else inner.request_id,
        origin=_read_from(
            body=body_from,
            http_status=status_from if status else None,
            headers=headers_from if headers else inner.origin.get("headers"),
        ),
    )


_Found = tuple[Decoded | None, str | None]
"""What was read, and from where (an attribute path: ``response.text``)."""


def _own_status(
    obj: Any, response: Any, meta: Mapping[str, Any] | None
) -> tuple[int | None, str | None]:
    """The status the object carries: its own, its response's, or boto3's, and where."""
    for holder, prefix, names in (
        (obj, "", ("status_code", "http_status", "status", "code")),
        (response, "response.", ("status_code", "status", "status_int")),
    ):
        for name in names:
            status = valid_status(_attr(holder, name))
            if status is not None:
                return status, prefix + name
    status = valid_status(meta.get("HTTPStatusCode") if meta else None)
    return status, "response['ResponseMetadata']['HTTPStatusCode']" if status else None


def _object_headers(
    obj: Any, response: Any, meta: Mapping[str, Any] | None
) -> tuple[dict[str, str], str | None]:
    """The response headers the exception carries: its own, its response's, a wrapper's copy
    of them (litellm), or boto3's; and where."""
    places: list[tuple[str, Any]] = [("headers", _attr(obj, "headers"))]
    if not isinstance(response, Mapping):
        places.append(("response.headers", _attr(response, "headers")))
    places.append(("litellm_response_headers", _attr(obj, "litellm_response_headers")))
    if meta:
        places.append(("response['ResponseMetadata']['HTTPHeaders']", meta.get("HTTPHeaders")))
    for place, raw in places:
        headers = _headers(raw)
        if headers:
            return headers, place
    return {}, None


def _decode_cause(obj: Any, status: int | None, causes: int) -> _Found:
    """The structured body of the exception this one was raised from, if it has one."""
    if causes >= MAX_CAUSES:
        return None, None
    for name in ("__cause__", "__context__"):
        cause = _attr(obj, name)
        if isinstance(cause, BaseException) and cause is not obj:
            candidate = decode_any(cause, None, causes + 1)
            if isinstance(candidate.data, (dict, list)):
                return candidate, f"{name}.{candidate.origin.get('body', '')}".rstrip(".")
    return None, None


def _decode_body(obj: Any, response: Any, status: int | None) -> _Found:
    """The provider's body as the object holds it: the rawest full body first (the response's
    text, ``http_body``), then an SDK's digested one (``body``, ``json_body``, ``details``),
    passing over any that reads as nothing."""
    prefix = "response."
    if not isinstance(obj, BaseException) and response is None:
        response, prefix = obj, ""  # a response object itself (httpx, requests)
    candidates: list[tuple[str, Any]] = []
    if isinstance(obj, urllib.error.HTTPError):
        candidates.append(("read()", read_http_error(obj)))
    if response is not None and not isinstance(response, Mapping):
        candidates.append((prefix + "content/text", _response_text(response)))
    candidates.extend((name, _attr(obj, name)) for name in ("http_body", "body", "json_body"))
    if isinstance(response, Mapping):
        candidates.append(("response", response))
    details = _attr(obj, "details")
    if isinstance(details, (Mapping, list)):
        candidates.append(("details", details))
    for place, candidate in candidates:
        if candidate is None or isinstance(candidate, bool) or candidate is obj:
            continue
        decoded = decode_any(candidate, status, MAX_CAUSES)
        if isinstance(decoded.data, (dict, list, str)) and decoded.data:
            # A plain-text body ("402 Insufficient Balance") is the provider's own words too.
            return decoded, place
    return None, None


def _problem_fields(obj: Any) -> dict[str, str] | None:
    """The members of an RFC 9457 problem an SDK keeps as attributes (replicate's error keeps
    ``type``, ``title`` and ``detail`` of the body, not the body)."""
    fields = {name: _attr(obj, name) for name in ("type", "title", "detail")}
    found = {name: value for name, value in fields.items() if isinstance(value, str) and value}
    return found if "title" in found or "detail" in found else None


def _decode_digest(obj: Any, status: int | None, plain: bool) -> tuple[Decoded, str | None]:
    """What an SDK kept of the body when it kept no body: problem fields, then its message."""
    problem = _problem_fields(obj)
    if problem:
        return decode_any(problem, status, MAX_CAUSES), "type/title/detail"
    return _decode_message(obj, status, plain)


def _decode_message(obj: Any, status: int | None, plain: bool) -> tuple[Decoded, str | None]:
    """What the exception's message says, when it is not the client's own text: an SDK's
    ``message`` that is not a reason phrase, with a wrapper's prefix taken off; the text of
    a ``plain`` exception (one with no status and no response). Otherwise the status alone."""
    for name in ("message", "msg", "user_message"):
        message = _attr(obj, name)
        if message is not None and not callable(message):
            break
    if isinstance(message, str) and not _is_reason_phrase(message, status):
        text = unwrapped(message)
        if text:
            return decode_text(text, status), name
    if plain:
        return decode_text(unwrapped(_safe_str(obj)), status), "str()"
    return Decoded(data=None, text="", http_status=status), None


def unread_response(payload: Any) -> bool:
    """Whether ``payload`` is a response object (not an exception) whose body cannot be read
    without waiting on the network: aiohttp's ``ClientResponse``, an unread httpx stream."""
    if payload is None or isinstance(payload, (BaseException, str, bytes, bytearray, Mapping)):
        return False
    if isinstance(payload, (memoryview, list, tuple, int, float, Decimal)):
        return False
    status = _status_attr(payload, "status_code", "status")
    return status is not None and _response_text(payload) is None


def given_headers(headers: Any) -> dict[str, str]:
    """Headers a caller gave (a mapping, a multidict, pairs), lowercased and capped."""
    if isinstance(headers, (list, tuple)):
        pairs = itertools.islice(headers, MAX_ITEMS)
        headers = dict(tuple(p) for p in pairs if isinstance(p, (list, tuple)) and len(p) == 2)
    return _headers(headers)


def _is_reason_phrase(text: str, status: int | None) -> bool:
    """Whether ``text`` is only an HTTP reason phrase ("Too Many Requests", "429 Too Many
    Requests"), which a client prints and a provider did not write."""
    words = re.sub(r"^\s*(?:HTTP/[\d.]+\s+)?\d{3}\s*", "", text).strip().casefold()
    return not words or words in _REASON_PHRASES


def _attr(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    try:
        return getattr(obj, name, None)
    except Exception:  # a property of someone else's object may raise anything
        return None


def _first_attr(obj: Any, *names: str) -> Any:
    for name in names:
        value = _attr(obj, name)
        if value is not None and not callable(value):
            return value
    return None


def _status_attr(obj: Any, *names: str) -> int | None:
    for name in names:
        status = valid_status(_attr(obj, name))
        if status is not None:
            return status
    return None


def _mapping(value: Any, key: str) -> Mapping[str, Any] | None:
    try:
        inner = value.get(key)
    except Exception:  # a mapping of someone else's making
        return None
    return inner if isinstance(inner, Mapping) else None


def _safe_str(obj: Any) -> str:
    try:
        text = str(obj)
    except Exception:  # __str__ of someone else's object may raise anything
        return ""
    return text if isinstance(text, str) else ""


def _response_text(response: Any) -> Any:
    """The body a response object holds: its bytes when they are UTF-8 (a client guessing the
    charset of ``text/plain`` reads them as Latin-1), else its text, else whatever it has."""
    content = _attr(response, "content")
    if isinstance(content, (bytes, bytearray)):
        try:
            bytes(content[:MAX_JSON_CHARS]).decode("utf-8")
        except UnicodeDecodeError:
            pass  # cut inside a character, or another charset: the client's text is better
        else:
            return content
    for name in ("text", "content", "body", "data"):
        value = _attr(response, name)
        if isinstance(value, (str, bytes, bytearray, Mapping)):
            return value
    return None


def _headers(raw: Any) -> dict[str, str]:
    headers: dict[str, str] = {}
    try:
        items: Iterable[Any] = list(itertools.islice(raw.items(), MAX_ITEMS)) if raw else []
    except Exception:  # header containers from unknown clients
        return headers
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            continue
        key, value = item
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(key, str) and isinstance(value, str):
            headers[key.lower()[:64]] = value[:256]
    return headers


def valid_status(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, Decimal)) and value == int(value) and 100 <= value <= 599:
            return int(value)
    except (ValueError, OverflowError, InvalidOperation):
        return None
    if isinstance(value, str) and re.fullmatch(r"[1-5]\d\d", value.strip()):
        return int(value)
    return None
