"""Salvage of broken bodies: whatever ``"key": value`` or ``key: value`` pairs they still have."""

from __future__ import annotations

import json
import re
from typing import Any

from .._text import lazy_pattern
from .copy import parse_number_text
from .decoded import MAX_ITEMS

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
_QUOTED_VALUE = lazy_pattern(
    r"""(?P<q>["'])(?P<body>(?:[^"'\\\n]|\\.|(?!(?P=q))["']){0,4000})(?P=q)"""
)


_LITERALS = {"true": True, "false": False, "True": True, "False": False}


def salvage(text: str) -> dict[str, Any]:
    """Read whatever ``"key": value`` or ``key: value`` pairs a broken body still has."""
    fields = _quoted_pairs(text) or _bare_pairs(text)
    # Prose such as "go here: https://..." is not a record; keep fields only if one names an error.
    if not any(key.lower() in _SALVAGE_SIGNAL_KEYS for key in fields):
        return {}
    return fields


def _quoted_pairs(text: str) -> dict[str, Any]:
    """``"key": value`` pairs, as JSON writes them; the first of a key wins."""
    fields: dict[str, Any] = {}
    for match in _SALVAGE_QUOTED().finditer(text):
        if len(fields) >= MAX_ITEMS:
            break
        key = match.group("key")
        if key in fields:
            continue
        if match.group("num") is not None:
            fields[key] = parse_number_text(match.group("num"))
        elif match.group("lit") is not None:
            fields[key] = _LITERALS.get(match.group("lit"))
        else:
            raw = match.group("dq") if match.group("dq") is not None else match.group("sq")
            fields[key] = _unescape(raw or "")
    return fields


def _bare_pairs(text: str) -> dict[str, Any]:
    """``key: value`` and ``key = value`` pairs, as logs and debug printers write them."""
    fields: dict[str, Any] = {}
    for match in _SALVAGE_BARE_KEY().finditer(text):
        key = match.group("key")
        if key in fields or len(fields) >= MAX_ITEMS:
            continue
        value = _bare_value(text, match.end())
        if key.lower() in _BARE_TOKEN_KEYS:
            value = re.split(r"[\s,;]", value, maxsplit=1)[0].strip("'\"")
        fields[key] = parse_number_text(value) if re.fullmatch(r"-?\d{1,9}", value) else value
    return fields


def _bare_value(text: str, start: int) -> str:
    """The value after a bare key: quoted, or up to the next known key or the line's end."""
    quoted = _QUOTED_VALUE().match(text, start)
    if quoted is not None:
        # key: "value", as Rust's Debug and YAML print strings
        body = quoted.group("body")
        return _unescape(body) if quoted.group("q") == '"' else body
    line_end = text.find("\n", start)
    line_end = line_end if line_end >= 0 else len(text)
    cut = _BARE_VALUE_END().search(text, start, line_end)
    value = text[start : cut.start() if cut else line_end].strip()
    if cut is None and line_end == len(text):
        value = _without_closer(text, value)
    return value


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
