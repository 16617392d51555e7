"""Copying decoded data within the caps, JSON held in strings unwrapped, numbers as Decimal.

``_copy_container`` is the fast path of :func:`copy` for dicts and lists (their plain strings
copied in line); tests/equivalence/test_decode.py checks it against the general way.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .decoded import (
    MAX_DEPTH,
    MAX_INPUT_CHARS,
    MAX_ITEMS,
    MAX_NODES,
    MAX_NUMBER_DIGITS,
    MAX_STRING_CHARS,
    Budget,
)
from .literal import FAILED, read_literal

# The characters str.isspace() accepts (tests/equivalence/test_decode.py checks the list).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# A string ending otherwise cannot hold a structure for _copy_string to read: it is plain.
_NOT_PLAIN_ENDS = frozenset("}]" + WHITE_SPACE)


def loads(text: str) -> Any:
    try:
        return _JSON.decode(text)
    except (ValueError, RecursionError, MemoryError):
        return FAILED


def next_opening(text: str, start: int) -> int:
    positions = [p for p in (text.find("{", start), text.find("[", start)) if p >= 0]
    return min(positions) if positions else -1


# CC 20: one case per type decoded data may hold, the exact JSON types first because they
# are nearly all of it; each case caps what it copies.
def copy(value: Any, depth: int, budget: Budget) -> Any:
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
                out[key[:128]] = copy(item, depth + 1, budget)
        return out
    if isinstance(value, (list, tuple)):
        return [copy(item, depth + 1, budget) for item in itertools.islice(value, MAX_ITEMS)]
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


def _copy_container(value: dict[Any, Any] | list[Any], depth: int, budget: Budget) -> Any:
    """:func:`copy` of a dict or list: its plain strings, most of what a payload holds, are
    copied here without a call each, and counted as copy counts them (the count is kept in a
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
                out[name] = copy(item, child, budget)
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
            copied.append(copy(item, child, budget))
            nodes = budget.nodes
    budget.nodes = nodes
    return copied


def _copy_string(value: str, depth: int, budget: Budget) -> Any:
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
        start = next_opening(stripped, 0)
        if 0 <= start <= 300:
            inner = _structure(stripped[start:])
            if inner is not FAILED:
                copied = copy(inner, depth + 1, budget)
                if start == 0:
                    return copied
                return {"$text": stripped[:start].strip()[:MAX_STRING_CHARS], "$embedded": copied}
    return value[:MAX_STRING_CHARS]


def _structure(text: str) -> Any:
    value = loads(text)
    if isinstance(value, (dict, list)):
        return value
    value = read_literal(text)
    if isinstance(value, (dict, list)):
        return value
    return FAILED


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


def parse_number_text(text: str) -> int | Decimal | None:
    return _parse_int(text) if re.fullmatch(r"-?\d+", text) else _parse_float(text)


def _reject_constant(_name: str) -> None:
    return None


def first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
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
    object_pairs_hook=first_wins,
    strict=False,
)
