"""Every real provider payload in the corpora is read as a careful human reads it.

Two corpora of verbatim bodies with their sources: ``provider_payloads.jsonl`` (the shared one)
and ``extra_payloads.jsonl`` (more providers, shapes and look-alikes, collected the same way).
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import tactful
from tactful import Kind

from ..clients.errors import openai_error
from ..conftest import PROVIDER_PAYLOADS, load_jsonl

EXTRA_PAYLOADS = load_jsonl("extra_payloads.jsonl")
CORPUS = PROVIDER_PAYLOADS + EXTRA_PAYLOADS

# Which corpus amount names correspond to which Notice fields. The corpus names what the body
# says; several names mean the same role ("affordable" and "available" are what is left).
_ROLES = {
    "balance": "balance",
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


# What tactful reads wrongly today, entry by entry, with why (known_misreads.jsonl). Each runs as
# a strict xfail: accuracy is measured on every entry and field, and a misread that starts to
# read right fails until its line is removed.
_MISREADS_FILE = Path(__file__).with_name("known_misreads.jsonl")
KNOWN_MISREADS = {
    (m["id"], m["field"]): m
    for m in map(json.loads, _MISREADS_FILE.read_text(encoding="utf-8").splitlines())
}
# Names a label may use for the provider tactful names (a brand and its company).
_SAME_PROVIDER = {"z.ai": "zhipu ai", "google maps platform": "google cloud"}
FIELDS = ("kind", "provider", "amounts")


def read_field(entry: dict[str, Any], field: str, payload: str | bytes) -> Any:
    """What tactful reads for one field of a corpus entry, in the corpus's own terms."""
    notice = tactful.parse(payload, http_status=entry["http_status"])
    if field == "kind":
        return notice.kind.value
    if field == "provider":
        return notice.provider
    roles = {_ROLES[name] for name in entry["amounts"] or () if name in _ROLES}
    if (entry["id"], "amounts") in KNOWN_MISREADS:
        roles = set(_ROLES.values())  # the misread is an amount the labels do not hold
    return {role: str(getattr(notice, role).amount) for role in roles if getattr(notice, role)}


def expected_field(entry: dict[str, Any], field: str, read: Any) -> Any:
    """What a careful human reads: the labels, or the known misread's own expectation."""
    known = KNOWN_MISREADS.get((entry["id"], field))
    if known is not None:
        return known["expected"]
    if field == "kind":
        return entry["kind"]
    if field == "provider":
        # Labels describe the path ("OpenAI (via LiteLLM)"); tactful may name the provider or
        # stay silent, never name another one.
        label = (entry["provider"] or "").lower()
        if (
            read is None
            or read.lower() in label
            or _SAME_PROVIDER.get(label.split(" (")[0]) == read.lower()
        ):
            return read
        return f"a provider named in {label!r}, or none"
    return {
        _ROLES[name]: str(Decimal(str(value)))
        for name, value in (entry["amounts"] or {}).items()
        if name in _ROLES and not isinstance(value, bool)
    }


def _cases() -> list[Any]:
    cases = []
    for entry in CORPUS:
        for field in FIELDS:
            known = KNOWN_MISREADS.get((entry["id"], field))
            marks = [pytest.mark.xfail(strict=True, reason=known["why"])] if known else []
            cases.append(pytest.param(entry, field, marks=marks, id=f"{entry['id']}-{field}"))
    return cases


@pytest.mark.parametrize(("entry", "field"), _cases())
def test_every_field_is_read_as_labelled(entry: dict[str, Any], field: str) -> None:
    for payload in (entry["body"], entry["body"].encode("utf-8")):
        read = read_field(entry, field, payload)
        assert read == expected_field(entry, field, read), entry["notes"]


def test_known_misreads_name_real_entries_and_say_why() -> None:
    ids = {entry["id"] for entry in CORPUS}
    for (entry_id, field), misread in KNOWN_MISREADS.items():
        assert entry_id in ids and field in FIELDS and misread["why"], entry_id


@pytest.mark.parametrize("entry", [e for e in CORPUS if e["amounts"]], ids=_ids)
def test_retry_after_is_read_where_the_body_has_it(entry: dict[str, Any]) -> None:
    notice = tactful.parse(entry["body"], http_status=entry["http_status"])
    if "retry_after_seconds" in entry["amounts"]:
        assert notice.retry_after is not None
        assert abs(notice.retry_after - float(entry["amounts"]["retry_after_seconds"])) < 1


@pytest.mark.parametrize("entry", CORPUS, ids=_ids)
def test_every_entry_renders_in_every_format(entry: dict[str, Any]) -> None:
    renderer = tactful.Renderer(recharge_url="https://billing.example.com/recharge")
    result = renderer.render_result(entry["body"], format="html", http_status=entry["http_status"])
    assert not result.fallback
    has_button = "tactful__button" in result.body
    assert has_button == (entry["kind"] not in ("rate_limit", "other"))
    text = renderer.render(entry["body"], format="text", http_status=entry["http_status"])
    assert text.strip()


@pytest.mark.parametrize("corpus", [PROVIDER_PAYLOADS, EXTRA_PAYLOADS], ids=["shared", "extra"])
def test_accuracy_over_the_whole_corpus(corpus: list[dict[str, Any]]) -> None:
    # A figure for the issue note; the parametrized test above already asserts each entry.
    confusion: Counter[tuple[str, str]] = Counter()
    for entry in corpus:
        kind = tactful.parse(entry["body"], http_status=entry["http_status"]).kind.value
        confusion[(entry["kind"], kind)] += 1
    right = sum(n for (want, got), n in confusion.items() if want == got)
    known = sum(1 for entry in corpus if (entry["id"], "kind") in KNOWN_MISREADS)
    assert right == len(corpus) - known, sorted(confusion.items())


def test_the_extra_corpus_is_new_and_sourced() -> None:
    # Entries are verbatim bodies from public sources, none repeated from the shared corpus.
    shared = {e["body"] for e in PROVIDER_PAYLOADS}
    ids = [e["id"] for e in CORPUS]
    assert len(ids) == len(set(ids))
    kinds = {kind.value for kind in Kind}
    for entry in EXTRA_PAYLOADS:
        assert entry["body"] not in shared, entry["id"]
        assert entry["source"].startswith("https://"), entry["id"]
        assert entry["kind"] in kinds and entry["notes"], entry["id"]
    # Every kind, and the look-alikes, are represented.
    assert {e["kind"] for e in EXTRA_PAYLOADS} == kinds


def test_the_status_alone_never_decides_in_the_corpus() -> None:
    # The same statuses carry different kinds: reading them needs the body, not the number.
    by_status: dict[int, set[str]] = {}
    for entry in CORPUS:
        if entry["http_status"] is not None:
            by_status.setdefault(entry["http_status"], set()).add(entry["kind"])
    assert len(by_status[429]) >= 4 and len(by_status[402]) >= 4 and len(by_status[403]) >= 3
    for entry in CORPUS:
        bare = tactful.parse(b"", http_status=entry["http_status"]).kind.value
        read = tactful.parse(entry["body"], http_status=entry["http_status"]).kind.value
        if bare != entry["kind"]:
            assert read == entry["kind"], entry["id"]


def test_sdk_exception_objects_are_read_by_duck_typing() -> None:
    body = {"error": {"message": "Insufficient credits", "code": 402}}
    error = openai_error(402, body, {"Retry-After": "7", "x-request-id": "req_42"})
    notice = tactful.parse(error)
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert notice.http_status == 402
    assert notice.request_id == "req_42"
    assert notice.retry_after == 7


def test_provider_is_named_from_links_and_shapes() -> None:
    providers = {e["id"]: tactful.parse(e["body"]).provider for e in CORPUS}
    assert providers["openai-quota-d"] == "OpenAI"
    assert providers["anthropic-400-b"] == "Anthropic"
    assert providers["openrouter-402-a"] == "OpenRouter"
    assert providers["dashscope-400-a"] == "Alibaba Cloud DashScope"
    assert providers["replicate-402-a"] == "Replicate"
    # From links, from a gateway's provider_name member, from codes and from names in prose.
    assert providers["deepseek-402-continue-prefixed"] == "DeepSeek"
    assert providers["moonshot-via-openrouter-raw"] == "Moonshot AI"
    assert providers["zai-vercel-gateway"] == "Zhipu AI"
    assert providers["fireworks-412-suspended-deep-nesting"] == "Fireworks AI"
    assert providers["bedrock-throttling-botocore"] == "AWS Bedrock"
    assert providers["dashscope-data-inspection-failed"] == "Alibaba Cloud DashScope"
    assert providers["gemini-429-per-minute-region"] == "Google Gemini API"
    assert providers["xai-403-new-team-no-credits"] == "xAI"
    assert providers["paypal-instrument-declined-json"] == "PayPal"
    assert providers["cohere-trial-key-429"] == "Cohere"


def test_request_ids_and_top_up_links_are_read_from_real_bodies() -> None:
    notices = {e["id"]: tactful.parse(e["body"]) for e in EXTRA_PAYLOADS}
    assert notices["sub2api-403-insufficient-balance"].request_id == (
        "ff94236c-2cf0-4bed-806d-dd01b5f938f4"
    )
    assert notices["dashscope-data-inspection-failed"].request_id == (
        "c2b25c93-9684-4d7e-91df-793f0cdbef88"
    )
    assert notices["bedrock-throttling-rust-debug"].request_id == (
        "bc9af776-2940-485e-ba33-d7933e178873"
    )
    assert notices["grok-403-run-out-of-credits"].recharge_url == "https://grok.com/?_s=usage"
    assert notices["opengateway-402-insufficient-credits"].recharge_url == (
        "https://gitlawb.com/opengateway/credits"
    )
    assert notices["together-402-credit-limit"].recharge_url == (
        "https://api.together.xyz/settings/billing"
    )


def test_the_providers_own_words_are_shown_from_deep_inside_wrappers() -> None:
    notices = {e["id"]: tactful.parse(e["body"]) for e in EXTRA_PAYLOADS}
    fireworks = notices["fireworks-412-suspended-deep-nesting"].message or ""
    assert fireworks.startswith("Account pollinations is suspended")
    moonshot = notices["moonshot-via-openrouter-raw"].message or ""
    assert "suspended due to insufficient balance" in moonshot
