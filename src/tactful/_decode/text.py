"""Text payloads: JSON, reprs, status lines and hints, structures inside prose, salvage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .._text import lazy_pattern
from .copy import copy, loads, next_opening
from .decoded import (
    MAX_DEPTH,
    MAX_INPUT_CHARS,
    MAX_JSON_CHARS,
    MAX_NESTED_JSON,
    MAX_PROSE_CHARS,
    MAX_SEGMENTS,
    NO_HEADERS,
    Budget,
    Decoded,
)
from .literal import FAILED, read_literal
from .markup import read_xml
from .salvage import salvage

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
# A log line that wraps a status line: a wrapper's words up to a colon, then "<4xx|5xx> Words".
_WRAPPED_STATUS_LINE = lazy_pattern(
    r"(?P<wrapper>[^\n{}]{1,300}?[:;]\s+)(?:HTTP/?[\d.]*\s+)?(?P<status>[45]\d\d)\s+"
    r"(?P<words>[A-Za-z\u00c0-\uffff][^\n]*)",
)
_STRUCTURE_CHARS = re.compile(r"""[\[\]{}"'\\]""")


@dataclass
class _Read:
    data: Any = None
    salvaged: bool = False
    status: int | None = None
    prose: list[str] = field(default_factory=list)


def decode_text(text: str, status: int | None) -> Decoded:
    full = text[:MAX_JSON_CHARS].lstrip("\ufeff").strip()
    if len(full) > MAX_INPUT_CHARS and full[:1] in "{[":
        # One huge member must not hide the members after it: parse valid JSON whole, and cap
        # what it holds while copying. Only the slower salvage paths work on the shorter cut.
        value = loads(full)
        if isinstance(value, (dict, list)):
            return Decoded(copy(value, 0, Budget()), full[:MAX_INPUT_CHARS], status)
    text = full[:MAX_INPUT_CHARS]
    read = _read_text(text, 0)
    prose = ""
    if read.prose:  # words around structures read out of prose; most payloads have none
        prose = "\n".join(p.strip() for p in read.prose if p.strip())[:MAX_PROSE_CHARS]
    return Decoded(read.data, text, status or read.status, NO_HEADERS, read.salvaged, prose)


# CC 17: one try per shape a text can have, in order of trust (JSON, a repr, a status line,
# a fragment, structures in prose, salvage); the order is the rule, so it stays in one place.
def _read_text(text: str, level: int) -> _Read:
    """Structured data if any can be read, else the text itself; and the status it names."""
    if not text:
        return _Read()
    if level > MAX_NESTED_JSON:
        return _Read(data=text)
    head = text[0]
    if head in '{["':
        value = loads(text)
        if value is not FAILED:
            if isinstance(value, str):
                return _read_text(value.strip(), level + 1)
            return _Read(data=copy(value, 0, Budget()))
    if head in "{[":
        value = read_literal(text)
        if value is not FAILED:
            return _Read(data=copy(value, 0, Budget()))
    line_status, rest = _split_status_line(text)
    if line_status is not None:
        # "402 Insufficient Balance", "403 {json}", '403 "a JSON string"'
        inner = _read_text(rest, level + 1)
        inner.status = inner.status or line_status
        if isinstance(inner.data, str):
            inner.data = rest
        return inner
    if _looks_like_fragment(text):
        value = loads("{" + text + "}")
        if value is not FAILED:
            return _Read(data=copy(value, 0, Budget()))
    segments, prose = _segments(text)
    if segments:
        data = segments[0] if len(segments) == 1 else segments
        hinted = _status_hint(prose[0]) if prose else None
        return _Read(data=data, status=hinted, prose=prose)
    return _read_prose(text)


def _read_prose(text: str) -> _Read:
    """Text with no JSON or repr in it: an XML record, fields salvaged from it, the provider's
    words after a wrapper's log line, or the text itself; and the status it names."""
    if text.startswith("<") and (record := read_xml(text)) is not None:
        return _Read(data=record)
    hinted = _status_hint(text)
    fields = salvage(text)
    if fields:
        return _Read(data=fields, salvaged=True, status=hinted)
    wrapped = _WRAPPED_STATUS_LINE().match(text)
    if wrapped is not None:
        # "... retrying in 1186ms: 429 You exceeded ...": the provider's words are after the
        # status; the wrapper's line before it is prose, read but not shown as theirs.
        words = wrapped.group("words").strip()
        return _Read(data=words, status=hinted or int(wrapped.group("status")), prose=[text])
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
        start = next_opening(text, position)
        if start < 0:
            break
        attempts += 1
        end = _closing(text, start, budget)
        if end < 0:
            position = start + 1
            continue
        candidate = text[start : end + 1]
        value = loads(candidate)
        if value is FAILED or isinstance(value, str):
            value = read_literal(candidate)
        if value is FAILED or not isinstance(value, (dict, list)) or not value:
            position = start + 1
            continue
        found.append(copy(value, 0, Budget()))
        prose.append(text[last:start])
        last = position = end + 1
    if found:
        prose.append(text[last:])
    return found, prose


# CC 18: a scanner's states (in a quote, after an escape, inside brackets) in one loop, so
# that the work stays within the budget of characters it is given.
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


def _looks_like_fragment(text: str) -> bool:
    return text.startswith(('"', "'")) and ":" in text[:64]
