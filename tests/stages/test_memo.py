"""The memos (tactful._memo): a recurring error is read and presented once, and a memo never
gives one payload what belongs to another.

The whole suite runs with _memo.CHECK on (tests/conftest.py): every hit is recomputed without
the memo and compared. These tests check what the keys must tell apart, that the check itself
catches a key that misses something, and the request id, the one thing put in after a hit.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

import tactful
from tactful import Kind, Money, Notice, _memo, _present, _recognize
from tactful._decode import decode

from ..conftest import RECHARGE


def body(request_id: Any = "req_1", **error: Any) -> str:
    member = {"code": "INSUFFICIENT_BALANCE", "message": "Your balance is too low.", **error}
    return json.dumps({"error": member, "request_id": request_id})


def test_the_same_error_with_a_fresh_request_id_is_read_once() -> None:
    before = _recognize._remembered.cache_info()
    first = tactful.parse(body("req_first", unique="a1"))
    second = tactful.parse(body("req_second", unique="a1"))
    after = _recognize._remembered.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
    assert (first.request_id, second.request_id) == ("req_first", "req_second")
    assert second.raw["request_id"] == "req_second"  # each notice holds its own payload
    assert replace(second, request_id="req_first") == first


def test_request_ids_are_taken_as_recognition_took_them() -> None:
    # The first request-id member that is not blank once cleaned, at any depth, in lists too.
    nested = {"error": {"trace_id": ["\u200b", "trace-7"], "code": "INSUFFICIENT_BALANCE"}}
    assert tactful.parse(json.dumps(nested)).request_id == "trace-7"
    assert tactful.parse(json.dumps({**nested, "request_id": "  "})).request_id == "trace-7"
    # None in the members: the client's, then a header's, then the prose's.
    plain = {"error": {"code": "INSUFFICIENT_BALANCE", "message": "request_id: abc123def"}}
    assert tactful.parse(json.dumps(plain)).request_id == "abc123def"


def test_a_request_id_is_an_identifier_not_words() -> None:
    # Its words do not classify: the same body reads the same whatever id it carries.
    quota = tactful.parse(body("req_rate_limit_exceeded_too_many_requests"))
    assert quota.kind is Kind.INSUFFICIENT_BALANCE


def test_what_recognition_reads_of_a_request_id_is_kept_in_the_key() -> None:
    # Anthropic's envelope is Anthropic's only with its own req_ ids (gateways copy it).
    def envelope(request_id: str) -> str:
        error = {"type": "billing_error", "message": "Your credit balance is too low."}
        return json.dumps({"type": "error", "error": error, "request_id": request_id})

    assert tactful.parse(envelope("req_011CXyz")).provider == "Anthropic"
    assert tactful.parse(envelope("gw-12345")).provider != "Anthropic"
    assert tactful.parse(envelope("req_011CAbc")).provider == "Anthropic"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (1, True),
        (1, 1.0),
        (Decimal("1"), Decimal("1.0")),
        ("1", 1),
        ([1, 2], [2, 1]),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # document order decides which member wins
        ({"request_id": "x"}, {"request": "x"}),
    ],
)
def test_shapes_tell_apart_what_equality_does_not(one: Any, other: Any) -> None:
    assert _memo.shape_of({"balance": one}) != _memo.shape_of({"balance": other})


def test_the_status_headers_and_prose_are_part_of_the_key() -> None:
    text = body("req_1", unique="b2")
    assert tactful.parse(text, http_status=402).http_status == 402
    assert tactful.parse(text, http_status=429).http_status == 429
    waits = [
        _recognize.recognize(decode(text)._replace(headers={"retry-after": s})).retry_after
        for s in ("7", "30")
    ]
    assert waits == [7, 30]


def test_large_payloads_have_a_memo_of_their_own() -> None:
    # A 20 KB SDK envelope recurs too, but the memo keeps only a few of that size.
    large = body("req_1", details=[{"n": n, "text": "x" * 40} for n in range(200)])
    shape = _memo.shape_of(decode(large).data)
    assert shape is not None and not shape.small
    before = _recognize._remembered_large.cache_info()
    tactful.parse(large)
    tactful.parse(large.replace("req_1", "req_2"))
    after = _recognize._remembered_large.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
    assert _recognize._remembered_large.cache_info().maxsize == 8


def test_payloads_over_the_caps_are_read_without_the_memo() -> None:
    big = body("req_1", details=["credit " * 100] * 100)  # 70,000 characters
    assert _memo.shape_of(decode(big).data) is None
    caches = (_recognize._remembered, _recognize._remembered_large)
    before = [cache.cache_info() for cache in caches]
    assert tactful.parse(big).kind is Kind.INSUFFICIENT_BALANCE
    assert [cache.cache_info() for cache in caches] == before


def test_check_mode_catches_a_key_that_misses_something(monkeypatch: pytest.MonkeyPatch) -> None:
    # A key without the status would give a 429 body the 402's notice: CHECK says so.
    monkeypatch.setattr(_recognize, "_shape_extra", lambda decoded: ())
    text = body("req_1", unique="c3")
    tactful.parse(text, http_status=402)
    with pytest.raises(AssertionError, match="recognition memo"):
        tactful.parse(text, http_status=429)
    assert len(_memo.MISMATCHES) == 1
    _memo.MISMATCHES.clear()


def test_check_mode_catches_a_bad_key_even_where_a_render_recovers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A render shows the safe built-in message when anything fails, a mismatch included, so
    # mismatches are recorded too (the suite asserts after every test that there were none).
    fields = tuple(name for name in _present._NOTICE_KEY_FIELDS if name != "balance")
    monkeypatch.setattr(_present, "_NOTICE_KEY_FIELDS", fields)
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    for amount in ("3", "7"):
        notice = Notice(Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal(amount), "USD"))
        renderer.render(replace(notice, request_id="req_x"), format="text")
    assert len(_memo.MISMATCHES) == 1 and "presentation memo" in _memo.MISMATCHES[0]
    _memo.MISMATCHES.clear()


def test_a_blank_request_id_is_not_shown() -> None:
    notice = Notice(Kind.INSUFFICIENT_BALANCE, code="X_Y", request_id="")
    assert "Request ID" not in tactful.render(notice, format="text", recharge_url=RECHARGE)


def test_the_request_id_is_the_last_fact_of_a_remembered_presentation() -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    texts = [renderer.render(body(f"req_{n}", unique="d4"), format="text") for n in range(3)]
    assert [t.count("Request ID: req_") for t in texts] == [1, 1, 1]
    assert texts[0].replace("req_0", "req_2") == texts[2]
    # Not shown when ids are off; a notice whose only detail is its id still gets details.
    hidden = tactful.Renderer(recharge_url=RECHARGE, show_ids=False)
    assert "Request ID" not in hidden.render(body("req_9", unique="d4"), format="text")
    only_id = Notice(Kind.INSUFFICIENT_BALANCE, request_id="req_only")
    assert "Request ID: req_only" in renderer.render(only_id, format="text")


def test_a_message_that_changes_reuses_everything_but_the_details() -> None:
    # A provider that puts a time or a counter in its words: the rest of the presentation is
    # remembered once, the details are made for each message (CHECK compares every render
    # with a fresh presentation).
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    _present._present_remembered.cache_clear()
    texts = [
        renderer.render(
            Notice(Kind.INSUFFICIENT_BALANCE, message=f"No credit (attempt {n})", code="NO_CREDIT"),
            format="text",
        )
        for n in range(3)
    ]
    assert _present._present_remembered.cache_info().misses == 1
    assert [f"attempt {n})" in text for n, text in enumerate(texts)] == [True] * 3
    # Whether the message holds anything readable is in the key: without, an unreadable notice.
    bare = renderer.render(Notice(Kind.OTHER), format="text")
    noise = renderer.render(Notice(Kind.OTHER, message="\ufffd~"), format="text")
    said = renderer.render(Notice(Kind.OTHER, message="Upstream timed out"), format="text")
    assert "could not read" in bare and "could not read" in noise
    assert "could not read" not in said


def test_presentations_tell_apart_amounts_equal_in_value() -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    one = Notice(Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal("1"), "credits"))
    other = Notice(Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal("1.0"), "credits"))
    assert one == other  # Decimal equality ignores the spelling; the memo key does not
    key = _present._notice_key
    assert key(one) != key(other)
    renderer.render(one, format="text")
    renderer.render(other, format="text")  # CHECK compares it with a fresh presentation


def test_a_hand_made_notice_that_cannot_be_a_key_is_presented_all_the_same() -> None:
    odd = Notice(Kind.INSUFFICIENT_BALANCE, code=["NOT", "HASHABLE"])  # type: ignore[arg-type]
    assert "Your balance is too low" in tactful.render(odd, format="text", recharge_url=RECHARGE)


def test_memos_are_shared_safely_between_threads() -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    results: dict[int, str] = {}

    def work(n: int) -> None:
        for round_ in range(20):
            text = renderer.render(body(f"req_{n}_{round_}", unique="e5"), format="text")
            assert f"req_{n}_{round_}" in text
        results[n] = text

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(8))
    assert len({text.replace(f"req_{n}_19", "ID") for n, text in results.items()}) == 1
