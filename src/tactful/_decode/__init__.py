"""Stage 1: whatever the caller holds becomes plain, size-capped Python data.

Callers hand tactful what they have when an error reaches them: raw bytes, a str, a decoded
mapping, an SDK exception. This module turns each into a :class:`Decoded` without raising:
JSON (also inside JSON strings, several levels deep), Python reprs read with a literal parser
(never evaluated), bodies after a client's prefix ("Error code: 402 - {...}"), fragments and
truncated bodies salvaged field by field, and ``<status> <text>`` lines.

>>> d = decode(b'402 Insufficient Balance')
>>> d.http_status, d.data
(402, 'Insufficient Balance')
>>> decode('"{\\\\"error\\\\": {\\\\"code\\\\": 402}}"').data
{'error': {'code': 402}}
>>> decode("{'error': {'code': None, 'ok': True}}").data
{'error': {'code': None, 'ok': True}}
>>> d = decode('Error code: 429 - {"error": {"type": "rate_limit"}}\\nRetrying...')
>>> d.http_status, d.data, d.prose
(429, {'error': {'type': 'rate_limit'}}, 'Error code: 429 -\\nRetrying...')
"""

from __future__ import annotations

import ast
import codecs
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, NamedTuple

from .._text import lazy_pattern

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
"""How many levels of JSON-inside-a-JSON-string are unwrapped at the top level."""
MAX_NUMBER_DIGITS = 40
MAX_SEGMENTS = 8
"""Structures read out of one text with prose around them ("headers: {...}, body: {...}")."""
MAX_PROSE_CHARS = 4 * 1024
MAX_CAUSES = 3
"""Exceptions followed along ``__cause__`` / ``__context__`` to find a provider's body."""

_STATUS_LINE = lazy_pattern(r"\s*(?:HTTP/\d(?:\.\d)?\s+)?([1-5]\d\d)\b[\s:,-]*(.*)", re.DOTALL)
_REASONS = (
    "Payment Required|Too Many Requests|Forbidden|Unauthorized|Bad Request|Precondition Failed|"
    "Service Unavailable|Internal Server Error|Request Entity Too Large|Payload Too Large|"
    "Not Found|Conflict|Unprocessable Entity|Gateway Timeout|Bad Gateway|Site is overloaded"
)
# Where clients and SDKs print the status before or around a body.
_STATUS_HINTS = tuple(
    lazy_pattern(pattern, flags)
    for pattern, flags in (
        (
            r"\b(?:HTTP(?:/\d(?:\.\d)?)?|status(?:[ _]?code)?|error[ _]?code|API error|"
            r"response code|code)\s*[:=]?\s*\(?([1-5]\d\d)(?![\d.])",
            re.IGNORECASE,
        ),
        (r"^\W{0,8}([1-5]\d\d)(?![\d.])", 0),
        (rf"\b([1-5]\d\d)\s+(?:{_REASONS})\b", re.IGNORECASE),
        (r"(?:Error|Exception)\W{1,3}([1-5]\d\d)(?![\d.])(?=\s)", 0),
        (rf"\b(?:{_REASONS})\s*\(([1-5]\d\d)\)", re.IGNORECASE),
    )
)
_SALVAGE_QUOTED = lazy_pattern(
    r"""(?P<q>["'])(?P<key>[A-Za-z_@$][\w@$.-]{0,48})(?P=q)\s*:\s*"""
    r"""(?:"(?P<dq>(?:[^"\\]|\\.){0,4000})"?"""
    r"""|'(?P<sq>(?:[^'\\]|\\.){0,4000})'?"""
    r"""|(?P<num>-?\d{1,40}(?:\.\d{1,40})?(?![\w.]))"""
    r"""|(?P<lit>true|false|null|True|False|None)\b)"""
)
# key: value lines from YAML dumps and SDK log lines such as "code: Arrearage, message: ...",
# and "key = value;" pairs from Objective-C descriptions.
_SALVAGE_BARE_KEY = lazy_pattern(
    r"""(?:^|(?<=[\s,;{(<]))(?:-[ \t])?(?P<key>[A-Za-z_$][\w$-]{0,48})[ \t]*[:=][ \t]+(?=\S)""",
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
        "name",
    }
)
_BARE_TOKEN_KEYS = frozenset(
    {
        "code",
        "type",
        "status",
        "status_code",
        "statuscode",
        "reason",
        "decline_code",
        "error_code",
        "errorcode",
        "domain",
        "name",
        "request_id",
        "requestid",
    }
)
# A bare value ends where the next known key starts on the same line ("...; requestId = x").
_BARE_VALUE_END = lazy_pattern(
    r"[,;][ \t]*(?:" + "|".join(sorted(_BARE_TOKEN_KEYS | _SALVAGE_SIGNAL_KEYS)) + r")[ \t]*[:=]",
    re.IGNORECASE,
)
# The characters str.isspace() accepts (tests/equivalence/test_fast_paths.py checks the list).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# A string ending otherwise cannot hold a structure for _copy_string to read: it is plain.
_NOT_PLAIN_ENDS = frozenset("}]" + WHITE_SPACE)
_STRUCTURE_CHARS = re.compile(r"""[\[\]{}"'\\]""")
_QUOTED_VALUE = lazy_pattern(
    r"""(?P<q>["'])(?P<body>(?:[^"'\\\n]|\\.|(?!(?P=q))["']){0,4000})(?P=q)"""
)
_PY_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_PY_ESCAPES = frozenset("\\'\"abfnrtv01234567xuUN\n")
_UTF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_NO_HEADERS: Mapping[str, str] = MappingProxyType({})


class Decoded(NamedTuple):
    """The decoded payload.

    ``data`` is a dict, list, str or ``None``; ``text`` the input text (capped); ``prose`` the
    words around the structures read out of it (a client's prefix, a trailing log line).
    A named tuple rather than a frozen dataclass: one is made per payload, and a frozen
    dataclass sets each field with a call of its own.
    """

    data: Any
    text: str
    http_status: int | None = None
    headers: Mapping[str, str] = _NO_HEADERS
    salvaged: bool = False
    prose: str = ""
    request_id: str | None = None


class _Budget:
    """Counts nodes while copying, so that no payload can make a huge structure."""

    __slots__ = ("nodes",)

    def __init__(self) -> None:
        self.nodes = 0


def decode(payload: Any, *, http_status: int | None = None) -> Decoded:
    """Decode ``payload`` (bytes, str, mapping, list or exception object). Never raises."""
    try:
        return _decode(payload, _valid_status(http_status), 0)
    except Exception:  # the error path of someone else's app: whatever broke, read nothing
        return Decoded(data=None, text="", http_status=_valid_status(http_status))


def _decode(payload: Any, status: int | None, causes: int) -> Decoded:
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return _decode_text(_bytes_to_text(bytes(payload[:MAX_JSON_CHARS])), status)
    if isinstance(payload, str):
        return _decode_text(payload, status)
    if isinstance(payload, (Mapping, list, tuple)):
        data = _copy(payload, 0, _Budget())
        return Decoded(data=data, text="", http_status=status)
    if payload is None or isinstance(payload, (int, float, Decimal, bool)):
        return Decoded(data=None, text="", http_status=status)
    return _decode_object(payload, status, causes)


def _bytes_to_text(raw: bytes) -> str:
    for bom, encoding in _UTF_BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    return raw.decode("utf-8", errors="replace")


# ---- text -----------------------------------------------------------------------------------


@dataclass
class _Read:
    data: Any = None
    salvaged: bool = False
    status: int | None = None
    prose: list[str] = field(default_factory=list)


def _decode_text(text: str, status: int | None) -> Decoded:
    full = text[:MAX_JSON_CHARS].lstrip("\ufeff").strip()
    if len(full) > MAX_INPUT_CHARS and full[:1] in "{[":
        # One huge member must not hide the members after it: parse valid JSON whole, and cap
        # what it holds while copying. Only the slower salvage paths work on the shorter cut.
        value = _loads(full)
        if isinstance(value, (dict, list)):
            return Decoded(_copy(value, 0, _Budget()), full[:MAX_INPUT_CHARS], status)
    text = full[:MAX_INPUT_CHARS]
    read = _read_text(text, 0)
    prose = ""
    if read.prose:  # words around structures read out of prose; most payloads have none
        prose = "\n".join(p.strip() for p in read.prose if p.strip())[:MAX_PROSE_CHARS]
    return Decoded(read.data, text, status or read.status, _NO_HEADERS, read.salvaged, prose)


def _read_text(text: str, level: int) -> _Read:
    """Structured data if any can be read, else the text itself; and the status it names."""
    if not text:
        return _Read()
    if level > MAX_NESTED_JSON:
        return _Read(data=text)
    head = text[0]
    if head in '{["':
        value = _loads(text)
        if value is not _FAILED:
            if isinstance(value, str):
                return _read_text(value.strip(), level + 1)
            return _Read(data=_copy(value, 0, _Budget()))
    if head in "{[":
        value = _literal(text)
        if value is not _FAILED:
            return _Read(data=_copy(value, 0, _Budget()))
    line_status, rest = _split_status_line(text)
    if line_status is not None:
        # "402 Insufficient Balance", "403 {json}", '403 "a JSON string"'
        inner = _read_text(rest, level + 1)
        inner.status = inner.status or line_status
        if isinstance(inner.data, str):
            inner.data = rest
        return inner
    if _looks_like_fragment(text):
        value = _loads("{" + text + "}")
        if value is not _FAILED:
            return _Read(data=_copy(value, 0, _Budget()))
    segments, prose = _segments(text)
    if segments:
        data = segments[0] if len(segments) == 1 else segments
        hinted = _status_hint(prose[0]) if prose else None
        return _Read(data=data, status=hinted, prose=prose)
    hinted = _status_hint(text)
    fields = _salvage(text)
    if fields:
        return _Read(data=fields, salvaged=True, status=hinted)
    return _Read(data=text, status=hinted)


def _split_status_line(text: str) -> tuple[int | None, str]:
    match = _STATUS_LINE().fullmatch(text)
    if match is None:
        return None, text
    return int(match.group(1)), match.group(2).strip()


def _status_hint(text: str) -> int | None:
    """The HTTP status a client printed near a body: "Error code: 429 -", "(401)", "HTTP 402"."""
    head = text[:500]
    for pattern in _STATUS_HINTS:
        match = pattern().search(head)
        if match is not None:
            return int(match.group(1))
    return None


def _segments(text: str) -> tuple[list[Any], list[str]]:
    """Read the balanced ``{...}``/``[...]`` structures out of prose; return them and the prose.

    Each candidate is scanned once for its closing bracket (quotes and escapes respected) and
    parsed as JSON, then as a Python literal; one that fails is skipped, and the next opening
    bracket inside it is tried, a bounded number of times.
    """
    found: list[Any] = []
    prose: list[str] = []
    last = 0
    position = 0
    attempts = 0
    # The scans share one budget of about two passes over the text, so that no arrangement of
    # brackets and quotes makes the work grow faster than the input.
    budget = [2 * len(text) + 64]
    while len(found) < MAX_SEGMENTS and attempts < MAX_SEGMENTS * 4 and budget[0] > 0:
        start = _next_opening(text, position)
        if start < 0:
            break
        attempts += 1
        end = _closing(text, start, budget)
        if end < 0:
            position = start + 1
            continue
        candidate = text[start : end + 1]
        value = _loads(candidate)
        if value is _FAILED or isinstance(value, str):
            value = _literal(candidate)
        if value is _FAILED or not isinstance(value, (dict, list)) or not value:
            position = start + 1
            continue
        found.append(_copy(value, 0, _Budget()))
        prose.append(text[last:start])
        last = position = end + 1
    if found:
        prose.append(text[last:])
    return found, prose


def _next_opening(text: str, start: int) -> int:
    positions = [p for p in (text.find("{", start), text.find("[", start)) if p >= 0]
    return min(positions) if positions else -1


def _closing(text: str, start: int, budget: list[int]) -> int:
    """Index of the bracket closing the one at ``start``, or -1 (also when ``budget``, the
    characters left to scan, runs out)."""
    stack: list[str] = []
    quote = ""
    skip = -1
    for match in _STRUCTURE_CHARS.finditer(text, start):
        at = match.start()
        budget[0] -= 1
        if budget[0] <= 0:
            return -1
        if at == skip:
            continue
        ch = text[at]
        if quote:
            if ch == "\\":
                skip = at + 1  # the escaped character, whatever it is
            elif ch == quote:
                quote = ""
            continue
        if ch == "\\":
            continue
        if ch in "\"'":
            # An apostrophe in a word ("doesn't") outside a string is text, not a quote.
            if ch == "'" and at > 0 and text[at - 1].isalnum():
                continue
            quote = ch
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
            if len(stack) > MAX_DEPTH * 4:
                return -1
        elif not stack or stack.pop() != ch:
            return -1
        elif not stack:
            return at
    return -1


_FAILED: Any = object()


def _loads(text: str) -> Any:
    try:
        return _JSON.decode(text)
    except (ValueError, RecursionError, MemoryError):
        return _FAILED


def _literal(text: str) -> Any:
    """A Python repr (as SDK exceptions print bodies), read as literals only: never evaluated."""
    if len(text) > MAX_INPUT_CHARS // 2 or ("'" not in text and "None" not in text):
        return _FAILED
    # An invalid escape ("\{") means a backslash in a Python literal but makes the parser warn;
    # spelling it "\\{" gives the same value without a warning in the application's logs.
    candidate = _PY_ESCAPE.sub(_valid_escape, text)
    for _ in range(3):
        try:
            tree = ast.parse(candidate, mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError, Warning):
            # Reporters cut or over-close reprs; drop one stray closing bracket and retry.
            if candidate.endswith(("}}", "]]", "})", "])")):
                candidate = candidate[:-1]
                continue
            return _FAILED
        try:
            return _literal_value(tree.body, 0, _Budget())
        except (ValueError, RecursionError):
            return _FAILED
    return _FAILED


def _valid_escape(match: re.Match[str]) -> str:
    escaped = match.group(1)
    return match.group(0) if escaped in _PY_ESCAPES else "\\\\" + escaped


def _literal_value(node: ast.AST, depth: int, budget: _Budget) -> Any:
    """The value of a literal node: constants, dicts (first key wins), lists, tuples, signs."""
    budget.nodes += 1
    if depth > MAX_DEPTH or budget.nodes > MAX_NODES:
        return None
    if isinstance(node, ast.Constant) and isinstance(
        node.value, (str, int, float, bool, type(None))
    ):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _literal_value(node.operand, depth + 1, budget)
        if isinstance(operand, (int, float)) and not isinstance(operand, bool):
            return -operand if isinstance(node.op, ast.USub) else operand
        raise ValueError("not a literal")
    if isinstance(node, ast.Dict):
        out: dict[Any, Any] = {}
        for key_node, value_node in itertools.islice(
            zip(node.keys, node.values, strict=False), MAX_ITEMS
        ):
            if key_node is None:
                raise ValueError("not a literal")
            key = _literal_value(key_node, depth + 1, budget)
            value = _literal_value(value_node, depth + 1, budget)
            if isinstance(key, str) and key not in out:
                out[key] = value
        return out
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal_value(n, depth + 1, budget) for n in node.elts[:MAX_ITEMS]]
    raise ValueError("not a literal")


def _looks_like_fragment(text: str) -> bool:
    return text.startswith(('"', "'")) and ":" in text[:64]


def _salvage(text: str) -> dict[str, Any]:
    """Read whatever ``"key": value`` or ``key: value`` pairs a broken body still has."""
    fields: dict[str, Any] = {}
    for match in _SALVAGE_QUOTED().finditer(text):
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
        for match in _SALVAGE_BARE_KEY().finditer(text):
            key = match.group("key")
            if key in fields or len(fields) >= MAX_ITEMS:
                continue
            line_end = text.find("\n", match.end())
            line_end = line_end if line_end >= 0 else len(text)
            cut = _BARE_VALUE_END().search(text, match.end(), line_end)
            quoted = _QUOTED_VALUE().match(text, match.end())
            if quoted is not None:
                # key: "value", as Rust's Debug and YAML print strings
                value = (
                    _unescape(quoted.group("body"))
                    if quoted.group("q") == '"'
                    else quoted.group("body")
                )
            else:
                value = text[match.end() : cut.start() if cut else line_end].strip()
                if cut is None and line_end == len(text):
                    value = _without_closer(text, value)
            if key.lower() in _BARE_TOKEN_KEYS:
                value = re.split(r"[\s,;]", value, maxsplit=1)[0].strip("'\"")
            fields[key] = _parse_number_text(value) if re.fullmatch(r"-?\d{1,9}", value) else value
    # Prose such as "go here: https://..." is not a record; keep fields only if one names an error.
    if not any(key.lower() in _SALVAGE_SIGNAL_KEYS for key in fields):
        return {}
    return fields


def _without_closer(text: str, value: str) -> str:
    """The last value of ``<Error: a = 1; b = 2>`` without the description's closing bracket."""
    closer = {"<": ">", "(": ")", "{": "}", "[": "]"}.get(text[:1])
    return value[:-1].rstrip() if closer and value.endswith(closer) else value


def _unescape(raw: str) -> str:
    try:
        value = json.loads('"' + raw + '"', strict=False)
    except ValueError:
        return raw.replace("\\/", "/")
    return value if isinstance(value, str) else raw


# ---- objects --------------------------------------------------------------------------------


def _decode_object(obj: Any, status: int | None, causes: int) -> Decoded:
    """Read an HTTP client or SDK exception by duck typing, without importing its package.

    Attributes are read defensively: a property of someone else's object may raise anything
    (httpx raises ResponseNotRead for an unread streaming body).
    """
    response = _attr(obj, "response")
    meta = _mapping(response, "ResponseMetadata") if isinstance(response, Mapping) else None
    status = (
        status
        or _status_attr(obj, "status_code", "http_status", "status", "code")
        or _status_attr(response, "status_code", "status", "status_int")
        or _valid_status(meta.get("HTTPStatusCode") if meta else None)
    )
    headers = _headers(_attr(obj, "headers"))
    if not headers:
        headers = _headers(
            _attr(response, "headers") if not isinstance(response, Mapping) else None
        )
    if not headers and meta:
        headers = _headers(meta.get("HTTPHeaders"))
    request_id = _first_attr(obj, "request_id", "requestId")
    if not isinstance(request_id, str) and meta:
        request_id = meta.get("RequestId")
    inner = _decode_body(obj, response, status)
    if inner is None and causes < MAX_CAUSES:
        for name in ("__cause__", "__context__"):
            cause = _attr(obj, name)
            if isinstance(cause, BaseException) and cause is not obj:
                candidate = _decode(cause, status, causes + 1)
                if isinstance(candidate.data, (dict, list)):
                    inner = candidate
                    break
    if inner is None:
        inner = _decode_text(_safe_str(obj), status)
    return Decoded(
        data=inner.data,
        text=inner.text,
        http_status=status or inner.http_status,
        headers=headers or inner.headers,
        salvaged=inner.salvaged,
        prose=inner.prose,
        request_id=request_id[:128] if isinstance(request_id, str) else inner.request_id,
    )


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
        decoded = _decode(candidate, status, MAX_CAUSES)
        if isinstance(decoded.data, (dict, list)) and decoded.data:
            return decoded
        if isinstance(decoded.data, str) and decoded.data:
            # A plain-text body ("402 Insufficient Balance") is the provider's own words too.
            return decoded
    message = _first_attr(obj, "message", "msg", "user_message")
    if isinstance(message, str) and message.strip():
        return _decode_text(message, status)
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
        status = _valid_status(_attr(obj, name))
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


# ---- copying within the caps -----------------------------------------------------------------


def _copy(value: Any, depth: int, budget: _Budget) -> Any:
    """Copy decoded data within the caps; unwrap JSON held in strings; numbers to Decimal."""
    budget.nodes += 1
    if budget.nodes > MAX_NODES or depth > MAX_DEPTH:
        return None
    # The types JSON gives first (the exact types only: subclasses take the general way).
    kind = type(value)
    if kind is str:
        return _copy_string(value, depth, budget)
    if kind is dict or kind is list:
        return _copy_container(value, depth, budget)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in itertools.islice(value.items(), MAX_ITEMS):
            if isinstance(key, str) and key[:128] not in out:
                out[key[:128]] = _copy(item, depth + 1, budget)
        return out
    if isinstance(value, (list, tuple)):
        return [_copy(item, depth + 1, budget) for item in itertools.islice(value, MAX_ITEMS)]
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


def _copy_container(value: dict[Any, Any] | list[Any], depth: int, budget: _Budget) -> Any:
    """:func:`_copy` of a dict or list: its plain strings, most of what a payload holds, are
    copied here without a call each, and counted as _copy counts them (the count is kept in a
    local between the calls that copy the rest)."""
    child = depth + 1
    deep = child > MAX_DEPTH  # every member is None, though still counted
    nodes = budget.nodes
    if type(value) is dict:
        out: dict[str, Any] = {}
        for key, item in itertools.islice(value.items(), MAX_ITEMS):
            if not isinstance(key, str):
                continue
            name = key[:128]
            if name in out:
                continue
            if type(item) is str and item[-1:] not in _NOT_PLAIN_ENDS:
                nodes += 1
                out[name] = None if deep or nodes > MAX_NODES else item[:MAX_STRING_CHARS]
            else:
                budget.nodes = nodes
                out[name] = _copy(item, child, budget)
                nodes = budget.nodes
        budget.nodes = nodes
        return out
    copied: list[Any] = []
    for item in itertools.islice(value, MAX_ITEMS):
        if type(item) is str and item[-1:] not in _NOT_PLAIN_ENDS:
            nodes += 1
            copied.append(None if deep or nodes > MAX_NODES else item[:MAX_STRING_CHARS])
        else:
            budget.nodes = nodes
            copied.append(_copy(item, child, budget))
            nodes = budget.nodes
    budget.nodes = nodes
    return copied


def _copy_string(value: str, depth: int, budget: _Budget) -> Any:
    """A string, or the structure it holds: JSON or a repr, alone or after a short prefix.

    ``"Provider failed: {json}"`` becomes ``{"$text": "Provider failed:", "$embedded": {...}}``
    so that the provider's own code and message can be read while its prefix stays prose.
    """
    stripped = value.strip()
    if (
        len(stripped) > 1
        and stripped[-1] in "}]"
        and depth < MAX_DEPTH - 2
        and len(stripped) <= MAX_INPUT_CHARS
    ):
        start = _next_opening(stripped, 0)
        if 0 <= start <= 300:
            inner = _structure(stripped[start:])
            if inner is not _FAILED:
                copied = _copy(inner, depth + 1, budget)
                if start == 0:
                    return copied
                return {"$text": stripped[:start].strip()[:MAX_STRING_CHARS], "$embedded": copied}
    return value[:MAX_STRING_CHARS]


def _structure(text: str) -> Any:
    value = _loads(text)
    if isinstance(value, (dict, list)):
        return value
    value = _literal(text)
    if isinstance(value, (dict, list)):
        return value
    return _FAILED


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
    if len(pairs) <= MAX_ITEMS:
        out = dict(pairs)
        if len(out) == len(pairs):  # no duplicates: built in one call
            return out
    out = {}
    for key, value in pairs[:MAX_ITEMS]:
        out.setdefault(key, value)
    return out


# Built once and shared, as json.loads shares its own default decoder: decoding keeps no state
# between calls.
_JSON = json.JSONDecoder(
    parse_int=_parse_int,
    parse_float=_parse_float,
    parse_constant=_reject_constant,
    object_pairs_hook=_first_wins,
    strict=False,
)


def _valid_status(value: Any) -> int | None:
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
