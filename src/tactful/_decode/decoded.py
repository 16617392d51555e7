"""The record every reader of stage 1 makes, and the caps every reader keeps to."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

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


NO_HEADERS: Mapping[str, str] = MappingProxyType({})


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
    headers: Mapping[str, str] = NO_HEADERS
    salvaged: bool = False
    prose: str = ""
    request_id: str | None = None
    origin: Mapping[str, str] = NO_HEADERS
    """Where ``body``, ``http_status`` and ``headers`` were read from, for ``tactful inspect``:
    ``{"body": "response.text", "http_status": "status_code", ...}`` for an exception, the
    argument's name for what the caller gave. Never compared or remembered."""


class Budget:
    """Counts nodes while copying, so that no payload can make a huge structure."""

    __slots__ = ("nodes",)

    def __init__(self) -> None:
        self.nodes = 0
