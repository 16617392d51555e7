"""The safe built-in message is byte-identical to the one recorded in ``fallback_snapshot.json``.

Every format (and a format no channel has), several locales, a few notices, with and without a
recharge link; and the email. The record was written from the message as it was built before it
was assembled from each channel's own fallback; rewrite it (``python -m
tests.stages.test_fallback``) only for a change of the message that is meant.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import tactful
from tactful import Kind, Money, Notice

SNAPSHOT = Path(__file__).with_name("fallback_snapshot.json")
FORMATS = ("html", "text", "terminal", "markdown", "problem", "no-such-format")
LOCALES = ("en", "de", "ar", "ja", "pt-BR", "xx")
NOTICES = {
    "money": Notice(kind=Kind.INSUFFICIENT_BALANCE, code="INSUFFICIENT_BALANCE"),
    "rate": Notice(kind=Kind.RATE_LIMIT, retry_after=30),
    "other": Notice(kind=Kind.OTHER, http_status=503),
    "low": Notice(kind=Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal("2"), "USD")),
}
LINKS = {
    "none": None,
    "good": "https://billing.example.com/top-up?amount={amount}&currency={currency}",
}


def _fail(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("broken")


def _broken() -> Any:
    # Whatever fails between negotiation and finishing: the presentation itself.
    return mock.patch("tactful._render.present", _fail)


def _email(message: Any) -> dict[str, Any]:
    return {
        "subject": message["Subject"],
        "parts": [part.get_content() for part in message.iter_parts()],
    }


def fallbacks() -> Iterator[tuple[str, Any]]:
    """``(key, output)`` for every case, rendered with the presentation broken."""
    for link_name, link in LINKS.items():
        renderer = tactful.Renderer(
            recharge_url=link,
            pricing_url="https://billing.example.com/pricing",
            on_error=lambda _exc: None,
        )
        with _broken():
            for notice_name, notice in NOTICES.items():
                for locale in LOCALES:
                    for format in FORMATS:
                        result = renderer.render_result(notice, format=format, locale=locale)
                        yield (
                            f"{link_name} {notice_name} {locale} {format}",
                            [result.body, result.media_type, result.status, result.fallback],
                        )
                    email = renderer.render_email(notice, locale=locale)
                    yield f"{link_name} {notice_name} {locale} email", _email(email)


def test_the_fallback_is_byte_identical_to_the_record() -> None:
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = dict(fallbacks())
    assert now.keys() == recorded.keys()
    for key, value in now.items():
        assert json.loads(json.dumps(value)) == recorded[key], key


if __name__ == "__main__":  # rewrite the record
    logging.getLogger("tactful").disabled = True
    SNAPSHOT.write_text(
        json.dumps(dict(fallbacks()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    sys.exit(0)
