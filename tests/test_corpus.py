"""Every real provider payload in the corpus is read as a careful human reads it."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

import tactful
from tactful import Kind

from .conftest import PROVIDER_PAYLOADS

# Which corpus amount names correspond to which Notice fields. The corpus names what the body
# says; several names mean the same role ("affordable" and "available" are what is left).
_ROLES = {
    "available": "balance",
    "affordable": "balance",
    "remaining": "balance",
    "requested": "cost",
    "required": "cost",
    "limit": "limit",
    "quota": "limit",
    "used": "used",
}


def _ids(entry: dict[str, Any]) -> str:
    return str(entry["id"])


@pytest.mark.parametrize("entry", PROVIDER_PAYLOADS, ids=_ids)
def test_kind_is_read_as_labelled(entry: dict[str, Any]) -> None:
    for payload in (entry["body"], entry["body"].encode("utf-8")):
        notice = tactful.parse(payload, http_status=entry["http_status"])
        assert notice.kind.value == entry["kind"], entry["notes"]


@pytest.mark.parametrize("entry", [e for e in PROVIDER_PAYLOADS if e["amounts"]], ids=_ids)
def test_amounts_are_read_where_the_body_has_them(entry: dict[str, Any]) -> None:
    notice = tactful.parse(entry["body"], http_status=entry["http_status"])
    for name, value in entry["amounts"].items():
        role = _ROLES.get(name)
        if role is None or isinstance(value, bool):
            continue
        money = getattr(notice, role)
        assert money is not None, f"{name} -> {role} missing"
        assert money.amount == Decimal(str(value)), f"{name} -> {role}"
    if "retry_after_seconds" in entry["amounts"]:
        assert notice.retry_after is not None
        assert abs(notice.retry_after - float(entry["amounts"]["retry_after_seconds"])) < 1


@pytest.mark.parametrize("entry", PROVIDER_PAYLOADS, ids=_ids)
def test_every_entry_renders_in_every_format(entry: dict[str, Any]) -> None:
    renderer = tactful.Renderer(recharge_url="https://billing.example.com/recharge")
    result = renderer.render_result(entry["body"], format="html", http_status=entry["http_status"])
    assert not result.fallback
    has_button = "tactful__button" in result.body
    assert has_button == (entry["kind"] not in ("rate_limit", "other"))
    text = renderer.render(entry["body"], format="text", http_status=entry["http_status"])
    assert text.strip()


def test_accuracy_over_the_whole_corpus() -> None:
    # A figure for the issue note; the parametrized test above already asserts each entry.
    confusion: Counter[tuple[str, str]] = Counter()
    for entry in PROVIDER_PAYLOADS:
        kind = tactful.parse(entry["body"], http_status=entry["http_status"]).kind.value
        confusion[(entry["kind"], kind)] += 1
    right = sum(n for (want, got), n in confusion.items() if want == got)
    assert right == len(PROVIDER_PAYLOADS), sorted(confusion.items())


def test_sdk_exception_objects_are_read_by_duck_typing() -> None:
    class Response:
        status_code = 402
        headers = {"Retry-After": "7", "x-request-id": "req_42"}
        text = '{"error":{"message":"Insufficient credits","code":402}}'

    class APIStatusError(Exception):
        def __init__(self) -> None:
            super().__init__("Error code: 402")
            self.response = Response()
            self.status_code = 402
            self.body = {"error": {"message": "Insufficient credits", "code": 402}}

    notice = tactful.parse(APIStatusError())
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert notice.http_status == 402
    assert notice.request_id == "req_42"
    assert notice.retry_after == 7


def test_provider_is_named_from_links_and_shapes() -> None:
    providers = {e["id"]: tactful.parse(e["body"]).provider for e in PROVIDER_PAYLOADS}
    assert providers["openai-quota-d"] == "OpenAI"
    assert providers["anthropic-400-b"] == "Anthropic"
    assert providers["openrouter-402-a"] == "OpenRouter"
    assert providers["dashscope-400-a"] == "Alibaba Cloud DashScope"
    assert providers["replicate-402-a"] == "Replicate"
