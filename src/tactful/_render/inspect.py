"""What tactful understood from a payload, and where it read it: ``Renderer.inspect`` and
``tactful inspect``.

The notice is read exactly as :meth:`tactful.Renderer.parse` reads it (the Renderer's
recognizers, then its redaction); ``read_from`` says where the body, the HTTP status and the
headers came from: an attribute of the exception or response object (``response.content/text``,
``http_body``, ``__cause__.body``, ``status_code``, ``response.headers``...), or the argument the
caller gave. Amounts and links have the shape problem+json gives them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._channels.problem import link_json, money_json
from .._decode import Decoded, decode
from .._model import AMOUNT_FIELDS, Money, Notice
from .._recognize import Recognizer, recognize
from .._redact import Redaction

# What the caller hands over as the body itself, rather than an object that holds one.
_BODIES = (bytes, bytearray, memoryview, str, Mapping, list, tuple)


def inspected(
    payload: Any,
    *,
    http_status: int | None,
    headers: Any,
    recognizers: Sequence[Recognizer],
    redaction: Redaction,
) -> dict[str, Any]:
    """The notice read from ``payload`` as JSON-ready data, with ``read_from``."""
    decoded = decode(payload, http_status=http_status, headers=headers)
    notice = redaction.notice(recognize(decoded, recognizers))
    return {
        **notice_as_json(notice),
        "read_from": read_from(payload, decoded, http_status, headers),
    }


def read_from(
    payload: Any, decoded: Decoded, http_status: int | None, headers: Any
) -> dict[str, str]:
    """Where the body, status and headers were read from.

    >>> read_from(b"{}", decode(b"{}", http_status=402), 402, None)
    {'body': 'payload', 'http_status': 'http_status='}
    """
    places = dict(decoded.origin)
    if isinstance(payload, _BODIES) and (decoded.text or decoded.data is not None):
        places["body"] = "payload"
    if http_status is not None and decoded.http_status == http_status:
        places["http_status"] = "http_status="
    if headers is not None and decoded.headers:
        places["headers"] = "headers=" + (
            " and " + places["headers"] if "headers" in places else ""
        )
    return {name: places[name] for name in ("body", "http_status", "headers") if name in places}


def notice_as_json(notice: Notice) -> dict[str, Any]:
    """The parts of a Notice a developer wants to see, JSON-ready: amounts and links in the
    shape problem+json gives them (``{"amount", "currency"}``; ``{"rel", "href"}``)."""

    def money(value: Money | None) -> dict[str, str] | None:
        return None if value is None else money_json(value)

    links = [link_json("payment", notice.recharge_url)] if notice.recharge_url else []
    return {
        "kind": notice.kind.value,
        "provider": notice.provider,
        "http_status": notice.http_status,
        "code": notice.code,
        "message": notice.message,
        **{name: money(getattr(notice, name)) for name in AMOUNT_FIELDS},
        "retry_after": notice.retry_after,
        "links": links,
        "request_id": notice.request_id,
    }
