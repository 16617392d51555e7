"""Whatever the caller holds, dispatched by type; HTTP client and SDK exceptions read by duck
typing, without importing their packages."""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .copy import copy
from .decoded import MAX_CAUSES, MAX_ITEMS, MAX_JSON_CHARS, Budget, Decoded
from .text import decode_text

_UTF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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


def _bytes_to_text(raw: bytes) -> str:
    for bom, encoding in _UTF_BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    return raw.decode("utf-8", errors="replace")


def decode_object(obj: Any, status: int | None, causes: int) -> Decoded:
    """Read an HTTP client or SDK exception by duck typing, without importing its package.

    Attributes are read defensively: a property of someone else's object may raise anything
    (httpx raises ResponseNotRead for an unread streaming body).
    """
    response = _attr(obj, "response")
    # boto3's ClientError holds a dict response with the HTTP facts in ResponseMetadata.
    meta = _mapping(response, "ResponseMetadata") if isinstance(response, Mapping) else None
    status = (
        status
        or _status_attr(obj, "status_code", "http_status", "status", "code")
        or _status_attr(response, "status_code", "status", "status_int")
        or valid_status(meta.get("HTTPStatusCode") if meta else None)
    )
    headers = _object_headers(obj, response, meta)
    request_id = _first_attr(obj, "request_id", "requestId")
    if not isinstance(request_id, str) and meta:
        request_id = meta.get("RequestId")
    inner = _decode_body(obj, response, status) or _decode_cause(obj, status, causes)
    if inner is None:
        inner = decode_text(_safe_str(obj), status)
    return Decoded(
        data=inner.data,
        text=inner.text,
        http_status=status or inner.http_status,
        headers=headers or inner.headers,
        salvaged=inner.salvaged,
        prose=inner.prose,
        request_id=request_id[:128] if isinstance(request_id, str) else inner.request_id,
    )


def _object_headers(obj: Any, response: Any, meta: Mapping[str, Any] | None) -> dict[str, str]:
    """The response headers the exception carries: its own, its response's, or boto3's."""
    headers = _headers(_attr(obj, "headers"))
    if not headers and not isinstance(response, Mapping):
        headers = _headers(_attr(response, "headers"))
    if not headers and meta:
        headers = _headers(meta.get("HTTPHeaders"))
    return headers


def _decode_cause(obj: Any, status: int | None, causes: int) -> Decoded | None:
    """The structured body of the exception this one was raised from, if it has one."""
    if causes >= MAX_CAUSES:
        return None
    for name in ("__cause__", "__context__"):
        cause = _attr(obj, name)
        if isinstance(cause, BaseException) and cause is not obj:
            candidate = decode_any(cause, status, causes + 1)
            if isinstance(candidate.data, (dict, list)):
                return candidate
    return None


def _decode_body(obj: Any, response: Any, status: int | None) -> Decoded | None:
    """The provider's body as the exception holds it, if it holds one that reads as a record."""
    candidates = [_attr(obj, name) for name in ("body", "json_body", "http_body")]
    if isinstance(response, Mapping):
        candidates.append(response)
    elif response is not None:
        candidates.append(_response_text(response))
    details = _attr(obj, "details")
    if isinstance(details, (Mapping, list)):
        candidates.append(details)
    for candidate in candidates:
        if candidate is None or isinstance(candidate, bool):
            continue
        decoded = decode_any(candidate, status, MAX_CAUSES)
        if isinstance(decoded.data, (dict, list)) and decoded.data:
            return decoded
        if isinstance(decoded.data, str) and decoded.data:
            # A plain-text body ("402 Insufficient Balance") is the provider's own words too.
            return decoded
    message = _first_attr(obj, "message", "msg", "user_message")
    if isinstance(message, str) and message.strip():
        return decode_text(message, status)
    return None


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
