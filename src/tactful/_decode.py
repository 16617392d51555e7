"""Stage 1: whatever the caller holds becomes plain, size-capped Python data.

Callers hand tactful what they have when an error reaches them: raw bytes, a str, a decoded
mapping, an SDK exception. This module turns each into a :class:`Decoded` without raising:
JSON (also inside JSON strings, several levels deep), Python reprs read with a literal parser,
fragments and truncated bodies salvaged field by field, and ``<status> <text>`` lines.

>>> d = decode(b'402 Insufficient Balance')
>>> d.http_status, d.data
(402, 'Insufficient Balance')
>>> decode('"{\\\\"error\\\\": {\\\\"code\\\\": 402}}"').data
{'error': {'code': 402}}
>>> decode("{'error': {'code': None, 'ok': True}}").data
{'error': {'code': None, 'ok': True}}
"""

from __future__ import annotations

import ast
import codecs
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_JSON_CHARS = 1024 * 1024
"""Valid JSON up to this size is parsed whole (the C parser is linear and fast)."""
MAX_INPUT_CHARS = 64 * 1024
"""Longer input is cut to this before parsing; the rest is classified from what fits."""
MAX_DEPTH = 24
MAX_ITEMS = 256
"""Members kept per object or array; later ones are dropped."""
MAX_NODES = 4096
MAX_STRING_CHARS = 8 * 1024
MAX_NESTED_JSON = 4
"""How many levels of JSON-inside-a-JSON-string are unwrapped."""
MAX_NUMBER_DIGITS = 40

_STATUS_LINE = re.compile(r"\s*(?:HTTP/\d(?:\.\d)?\s+)?([1-5]\d\d)\b[\s:,-]*(.*)", re.DOTALL)
_SALVAGE_QUOTED = re.compile(
    r"""(?P<q>["'])(?P<key>[A-Za-z_@$][\w@$.-]{0,48})(?P=q)\s*:\s*"""
    r"""(?:"(?P<dq>(?:[^"\\]|\\.){0,4000})"?"""
    r"""|'(?P<sq>(?:[^'\\]|\\.){0,4000})'?"""
    r"""|(?P<num>-?\d{1,40}(?:\.\d{1,40})?(?![\w.]))"""
    r"""|(?P<lit>true|false|null|True|False|None)\b)"""
)
# key: value lines from YAML dumps and SDK log lines such as "code: Arrearage, message: ...".
_SALVAGE_BARE_KEY = re.compile(
    r"""(?:^|(?<=[\s,{(]))(?:-[ \t])?(?P<key>[A-Za-z_][\w-]{0,48})[ \t]*[:=][ \t]+(?=\S)""",
    re.MULTILINE,
)
_SALVAGE_SIGNAL_KEYS = frozenset(
    {
        "code",
        "message",
        "status",
        "type",
        "error",
        "reason",
        "detail",
        "title",
        "status_code",
        "statuscode",
        "decline_code",
        "error_code",
        "errorcode",
        "error_message",
    }
)
_BARE_TOKEN_KEYS = frozenset(
    {
        "code",
        "type",
        "status",
        "status_code",
        "statusCode",
        "reason",
        "decline_code",
        "error_code",
        "errorCode",
        "domain",
        "name",
        "request_id",
        "requestId",
    }
)
_UTF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    """The decoded payload: ``data`` is a dict, list, str or ``None``; ``text`` the input text."""

    data: Any
    text: str
    http_status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    salvaged: bool = False


class _Budget:
    """Counts nodes while copying, so that no payload can make a huge structure."""

    __slots__ = ("nodes",)

    def __init__(self) -> None:
        self.nodes = 0


def decode(payload: Any, *, http_status: int | None = None) -> Decoded:
    """Decode ``payload`` (bytes, str, mapping, list or exception object). Never raises."""
    try:
        return _decode(payload, http_status)
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError):
        return Decoded(data=None, text="", http_status=_valid_status(http_status))


def _decode(payload: Any, http_status: int | None) -> Decoded:
    status = _valid_status(http_status)
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return _decode_text(_bytes_to_text(bytes(payload[:MAX_JSON_CHARS])), status)
    if isinstance(payload, str):
        return _decode_text(payload, status)
    if isinstance(payload, (Mapping, list, tuple)):
        data = _copy(payload, 0, _Budget())
        return Decoded(data=data, text="", http_status=status)
    if payload is None:
        return Decoded(data=None, text="", http_status=status)
    return _decode_object(payload, status)


def _bytes_to_text(raw: bytes) -> str:
    for bom, encoding in _UTF_BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    return raw.decode("utf-8", errors="replace")


def _decode_text(text: str, status: int | None) -> Decoded:
    full = text[:MAX_JSON_CHARS].lstrip("\ufeff").strip()
    if len(full) > MAX_INPUT_CHARS and full[:1] in "{[":
        # One huge member must not hide the members after it: parse valid JSON whole, and cap
        # what it holds while copying. Only the slower salvage paths work on the shorter cut.
        value = _loads(full)
        if isinstance(value, (dict, list)):
            return Decoded(_copy(value, 0, _Budget()), full[:MAX_INPUT_CHARS], status)
    text = full[:MAX_INPUT_CHARS]
    data, salvaged = _parse_text(text, 0)
    if isinstance(data, str):
        line_status, rest = _split_status_line(data)
        if line_status is not None:
            status = status or line_status
            inner, inner_salvaged = _parse_text(rest, 1)
            data, salvaged = (
                (inner, inner_salvaged) if not isinstance(inner, str) else (rest, False)
            )
    return Decoded(data=data, text=text, http_status=status, salvaged=salvaged)


def _split_status_line(text: str) -> tuple[int | None, str]:
    match = _STATUS_LINE.fullmatch(text)
    if match is None:
        return None, text
    return int(match.group(1)), match.group(2).strip()


def _parse_text(text: str, level: int) -> tuple[Any, bool]:
    """Return ``(data, salvaged)``: structured data if any can be read, else the text itself."""
    if not text:
        return None, False
    if level > MAX_NESTED_JSON:
        return text, False
    head = text[0]
    if head in '{["':
        value = _loads(text)
        if value is not _FAILED:
            if isinstance(value, str):
                return _parse_text(value.strip(), level + 1)
            return _copy(value, 0, _Budget()), False
    if head in "{[":
        value = _literal(text)
        if value is not _FAILED:
            return _copy(value, 0, _Budget()), False
    start = _first_structure(text) if head not in "{[" else -1
    if start > 0:
        # A client prefix such as "Error code: 402 - {...}" or "Error: 400 {...}".
        prefix_status, _ = _split_status_line(text[:start])
        inner, salvaged = _parse_text(text[start:], level + 1)
        if not isinstance(inner, str) and inner is not None:
            if prefix_status is not None and isinstance(inner, dict):
                inner.setdefault("$status", prefix_status)
            return inner, salvaged
    if _looks_like_fragment(text):
        value = _loads("{" + text + "}")
        if value is not _FAILED:
            return _copy(value, 0, _Budget()), False
    fields = _salvage(text)
    if fields:
        return fields, True
    return text, False


_FAILED: Any = object()


def _loads(text: str) -> Any:
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_reject_constant,
            object_pairs_hook=_first_wins,
            strict=False,
        )
    except (ValueError, RecursionError, MemoryError):
        return _FAILED


def _literal(text: str) -> Any:
    # Python reprs from SDK exceptions: read as literals only, never evaluated.
    if len(text) > MAX_INPUT_CHARS // 2 or ("'" not in text and "None" not in text):
        return _FAILED
    candidate = text
    for _ in range(3):
        try:
            return ast.literal_eval(candidate)
        except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
            # Reporters cut or over-close reprs; drop one stray closing bracket and retry.
            if candidate.endswith(("}}", "]]", "})", "])")):
                candidate = candidate[:-1]
                continue
            return _FAILED
    return _FAILED


def _first_structure(text: str) -> int:
    positions = [p for p in (text.find("{"), text.find("[")) if p > 0]
    return min(positions) if positions else -1


def _looks_like_fragment(text: str) -> bool:
    return text.startswith(('"', "'")) and ":" in text[:64]


def _salvage(text: str) -> dict[str, Any]:
    """Read whatever ``"key": value`` or ``key: value`` pairs a broken body still has."""
    fields: dict[str, Any] = {}
    for match in _SALVAGE_QUOTED.finditer(text):
        if len(fields) >= MAX_ITEMS:
            break
        key = match.group("key")
        if key in fields:
            continue
        if match.group("num") is not None:
            fields[key] = _parse_number_text(match.group("num"))
        elif match.group("lit") is not None:
            fields[key] = {"true": True, "false": False, "True": True, "False": False}.get(
                match.group("lit")
            )
        else:
            raw = match.group("dq") if match.group("dq") is not None else match.group("sq")
            fields[key] = _unescape(raw or "")
    if not fields:
        for match in _SALVAGE_BARE_KEY.finditer(text):
            key = match.group("key")
            if key in fields or len(fields) >= MAX_ITEMS:
                continue
            line_end = text.find("\n", match.end())
            value = text[match.end() : line_end if line_end >= 0 else len(text)].strip()
            if key in _BARE_TOKEN_KEYS:
                value = re.split(r"[\s,;]", value, maxsplit=1)[0].strip("'\"")
            fields[key] = _parse_number_text(value) if re.fullmatch(r"-?\d{1,9}", value) else value
    # Prose such as "go here: https://..." is not a record; keep fields only if one names an error.
    if not any(key.lower() in _SALVAGE_SIGNAL_KEYS for key in fields):
        return {}
    return fields


def _unescape(raw: str) -> str:
    try:
        value = json.loads('"' + raw + '"', strict=False)
    except ValueError:
        return raw.replace("\\/", "/")
    return value if isinstance(value, str) else raw


def _decode_object(obj: Any, status: int | None) -> Decoded:
    """Read an HTTP client or SDK exception by duck typing, without importing its package."""
    response = getattr(obj, "response", None)
    status = status or _valid_status(
        _first_attr(obj, "status_code", "status", "http_status")
        or _first_attr(response, "status_code", "status")
    )
    headers = _headers(getattr(obj, "headers", None) or getattr(response, "headers", None))
    body = getattr(obj, "body", None)
    if body is None and response is not None:
        body = _response_text(response)
    if body is None:
        body = _first_attr(obj, "message", "text", "content")
    if body is None:
        body = str(obj)
    inner = _decode(body, status)
    return Decoded(
        data=inner.data,
        text=inner.text,
        http_status=inner.http_status or status,
        headers=headers,
        salvaged=inner.salvaged,
    )


def _first_attr(obj: Any, *names: str) -> Any:
    for name in names:
        try:
            value = getattr(obj, name, None)
        except Exception:  # a property of someone else's object may raise anything
            value = None
        if value is not None and not callable(value):
            return value
    return None


def _response_text(response: Any) -> Any:
    for name in ("text", "content", "body", "data"):
        try:
            value = getattr(response, name, None)
        except Exception:  # noqa: S112 - e.g. httpx raises ResponseNotRead for streams
            continue
        if isinstance(value, (str, bytes, bytearray, Mapping)):
            return value
    return None


def _headers(raw: Any) -> dict[str, str]:
    headers: dict[str, str] = {}
    try:
        items = list(raw.items())[:MAX_ITEMS] if raw is not None else []
    except Exception:  # header containers from unknown clients
        return headers
    for key, value in items:
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(key, str) and isinstance(value, str):
            headers[key.lower()[:64]] = value[:256]
    return headers


def _copy(value: Any, depth: int, budget: _Budget) -> Any:
    """Copy decoded data within the caps; unwrap JSON held in strings; numbers to Decimal."""
    budget.nodes += 1
    if budget.nodes > MAX_NODES or depth > MAX_DEPTH:
        return None
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in list(value.items())[:MAX_ITEMS]:
            if isinstance(key, str) and key not in out:
                out[key[:128]] = _copy(item, depth + 1, budget)
        return out
    if isinstance(value, (list, tuple)):
        return [_copy(item, depth + 1, budget) for item in list(value)[:MAX_ITEMS]]
    if isinstance(value, str):
        return _copy_string(value, depth, budget)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if abs(value) < 10**MAX_NUMBER_DIGITS else None
    if isinstance(value, float):
        return _parse_float(repr(value))
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    return None


def _copy_string(value: str, depth: int, budget: _Budget) -> Any:
    stripped = value.strip()
    if (
        len(stripped) > 1
        and stripped[0] in "{["
        and stripped[-1] in "}]"
        and depth < MAX_DEPTH - 2
        and len(stripped) <= MAX_INPUT_CHARS
    ):
        inner = _loads(stripped)
        if isinstance(inner, (dict, list)):
            return _copy(inner, depth + 1, budget)
    return value[:MAX_STRING_CHARS]


def _parse_int(text: str) -> int | None:
    # Python 3.11+ refuses over 4300 digits with ValueError; refuse much earlier, quietly.
    return int(text) if len(text.lstrip("-")) <= MAX_NUMBER_DIGITS else None


def _parse_float(text: str) -> Decimal | None:
    if len(text) > MAX_NUMBER_DIGITS * 2:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _parse_number_text(text: str) -> int | Decimal | None:
    return _parse_int(text) if re.fullmatch(r"-?\d+", text) else _parse_float(text)


def _reject_constant(_name: str) -> None:
    return None


def _first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Duplicate keys: the first one wins, documented, so a later duplicate cannot override.
    out: dict[str, Any] = {}
    for key, value in pairs[:MAX_ITEMS]:
        out.setdefault(key, value)
    return out


def _valid_status(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)) and value == int(value) and 100 <= value <= 599:
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[1-5]\d\d", value.strip()):
        return int(value)
    return None
