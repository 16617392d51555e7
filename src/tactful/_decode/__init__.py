"""Stage 1: whatever the caller holds becomes plain, size-capped Python data.

Callers hand tactful what they have when an error reaches them: raw bytes, a str, a decoded
mapping, an SDK exception. This module turns each into a :class:`Decoded` without raising:
JSON (also inside JSON strings, several levels deep), Python reprs read with a literal parser
(never evaluated), bodies after a client's prefix ("Error code: 402 - {...}"), fragments and
truncated bodies salvaged field by field, and ``<status> <text>`` lines.

The stage, module by module: ``objects`` dispatches on what the caller holds and reads
exceptions by duck typing; ``text`` reads text (JSON, status lines, structures in prose);
``literal`` reads Python reprs; ``salvage`` reads broken bodies; ``copy`` copies within the
caps; ``decoded`` holds the :class:`Decoded` record and the caps, re-exported here.

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

from typing import Any

from .decoded import (
    MAX_CAUSES,
    MAX_DEPTH,
    MAX_INPUT_CHARS,
    MAX_ITEMS,
    MAX_JSON_CHARS,
    MAX_NESTED_JSON,
    MAX_NODES,
    MAX_NUMBER_DIGITS,
    MAX_PROSE_CHARS,
    MAX_SEGMENTS,
    MAX_STRING_CHARS,
    Decoded,
)
from .objects import decode_any, given_headers, unread_response, valid_status

__all__ = [
    "MAX_CAUSES",
    "MAX_DEPTH",
    "MAX_INPUT_CHARS",
    "MAX_ITEMS",
    "MAX_JSON_CHARS",
    "MAX_NESTED_JSON",
    "MAX_NODES",
    "MAX_NUMBER_DIGITS",
    "MAX_PROSE_CHARS",
    "MAX_SEGMENTS",
    "MAX_STRING_CHARS",
    "Decoded",
    "decode",
    "unread_response",
]


def decode(payload: Any, *, http_status: int | None = None, headers: Any = None) -> Decoded:
    """Decode ``payload`` (bytes, str, mapping, list, exception or response object), with the
    response ``headers`` a caller read beside the body (they win over the object's own).
    Never raises.

    >>> decode(b'{"error": "Rate limited"}', headers={"Retry-After": "7"}).headers
    {'retry-after': '7'}
    """
    try:
        decoded = decode_any(payload, valid_status(http_status), 0)
        if headers is not None:
            given = given_headers(headers)
            if given:
                decoded = decoded._replace(headers={**decoded.headers, **given})
        return decoded
    except Exception:  # the error path of someone else's app: whatever broke, read nothing
        return Decoded(data=None, text="", http_status=valid_status(http_status))
