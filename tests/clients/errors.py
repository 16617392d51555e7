"""Real SDK exceptions for tests that need one: made by the real SDK, from a real answer of
the stand-in server on 127.0.0.1, so that they hold exactly what the SDK puts in them."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Mapping
from typing import Any

from . import calls
from .standin import StandIn

_LOCK = threading.Lock()  # one answer set and fetched at a time, from any thread


@functools.cache
def _stand_in() -> StandIn:
    return StandIn()  # a daemon: it ends with the test process


@functools.cache
def _openai() -> calls.Call:
    return calls.openai_sdk(_stand_in().url)


def openai_error(
    status: int, body: Mapping[str, Any] | str, headers: Mapping[str, str] | None = None
) -> Any:
    """The ``openai.APIStatusError`` the openai SDK raises for ``status`` and ``body``."""
    text = body if isinstance(body, str) else json.dumps(body)
    answer = {"Content-Type": "application/json", **(headers or {})}
    with _LOCK:
        _stand_in().answer(status, text, answer)
        return _openai()()
