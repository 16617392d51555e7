"""Property tests of ``tactful.parse``: whatever arrives, it returns a sane Notice and never raises.

Random bytes, random JSON, random text built from the characters that structure payloads, and
mutations of every real payload in both corpora (cut, spliced, re-quoted, nested, wrapped).
Deterministic (``derandomize``) and sized for a 2-core CI; the generous deadline only catches a
hang (a runaway regex or parser), it is not a speed check.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tactful
from tactful import Kind, Money, Notice

from ..clients.errors import openai_error
from ..conftest import PROVIDER_PAYLOADS, load_jsonl

BODIES = [e["body"] for e in PROVIDER_PAYLOADS + load_jsonl("extra_payloads.jsonl")]
PROFILE = settings(
    max_examples=120,
    deadline=timedelta(seconds=5),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_sane(notice: Notice) -> None:
    """What every caller relies on, whatever the payload was."""
    assert isinstance(notice, Notice)
    assert isinstance(notice.kind, Kind)
    for money in (notice.balance, notice.cost, notice.shortfall, notice.limit, notice.used):
        if money is not None:
            assert isinstance(money, Money)
            assert isinstance(money.amount, Decimal) and money.amount.is_finite()
            assert abs(money.amount) < Decimal(10) ** 15
    if notice.shortfall is not None:
        assert notice.shortfall.amount > 0
    if notice.http_status is not None:
        assert 100 <= notice.http_status <= 599
    if notice.retry_after is not None:
        assert notice.retry_after >= 0
    if notice.recharge_url is not None:
        assert notice.recharge_url.lower().startswith(("http://", "https://"))
    for text in (notice.message, notice.code, notice.request_id, notice.provider):
        if text is not None:
            assert isinstance(text, str) and "\x1b" not in text and "\n" not in text
    assert notice.message is None or len(notice.message) <= 500


def parse_all_ways(payload: Any) -> Notice:
    notice = tactful.parse(payload)
    assert_sane(notice)
    if isinstance(payload, str):
        assert_sane(tactful.parse(payload.encode("utf-8", "surrogatepass")))
        assert tactful.parse(payload) == notice  # deterministic
    return notice


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(
            st.sampled_from(
                [
                    "error",
                    "message",
                    "code",
                    "type",
                    "status",
                    "balance",
                    "cost",
                    "detail",
                    "currency",
                ]
            )
            | st.text(max_size=10),
            children,
            max_size=6,
        )
    ),
    max_leaves=40,
)

# Text made of what structures payloads: brackets, quotes, escapes, separators, digits and
# currency signs, the words the rules look for, and characters from other scripts.
structural = st.lists(
    st.sampled_from(
        [
            *"{}[]()<>\"'\\:,;=.-_ \n\t0123456789$€￥＄−e",
            "balance ",
            "insufficient ",
            "quota ",
            "rate limit ",
            "per minute ",
            "Error code: 429 - ",
            "https://",
            "None",
            "null",
            "余额不足",
            "\u0406",
            "\ud800",
        ]
    ),
    max_size=80,
).map("".join)


@PROFILE
@given(st.binary(max_size=2048))
def test_random_bytes_never_raise(raw: bytes) -> None:
    assert_sane(tactful.parse(raw))


@PROFILE
@given(json_values)
def test_random_json_never_raises_in_any_container(value: Any) -> None:
    assert_sane(tactful.parse(value))
    text = json.dumps(value, allow_nan=True)
    parse_all_ways(text)
    parse_all_ways(json.dumps(text))  # the same body inside a JSON string
    assert_sane(tactful.parse(repr(value)))  # and as a Python repr


@PROFILE
@given(structural, st.sampled_from([None, 200, 402, 429, 500]))
def test_text_built_from_structure_characters_never_raises(text: str, status: int | None) -> None:
    assert_sane(tactful.parse(text, http_status=status))


@st.composite
def mutated_corpus_bodies(draw: st.DrawFn) -> str:
    body = draw(st.sampled_from(BODIES))
    mutation = draw(
        st.sampled_from(["cut", "splice", "delete", "requote", "nest", "wrap", "repeat", "swap"])
    )
    at = draw(st.integers(min_value=0, max_value=len(body)))
    if mutation == "cut":
        return body[:at]
    if mutation == "splice":
        return body[:at] + draw(structural) + body[at:]
    if mutation == "delete":
        end = draw(st.integers(min_value=at, max_value=len(body)))
        return body[:at] + body[end:]
    if mutation == "requote":
        return body.replace('"', "'") if draw(st.booleans()) else body.replace("'", '"')
    if mutation == "nest":
        return json.dumps({"error": {"message": body, "code": draw(st.integers(100, 599))}})
    if mutation == "wrap":
        return f"Error code: {draw(st.integers(100, 599))} - {body}\nTraceback (most recent call last):"
    if mutation == "repeat":
        return body * draw(st.integers(min_value=2, max_value=20))
    return body[at:] + body[:at]


@PROFILE
@given(mutated_corpus_bodies())
def test_mutations_of_the_corpus_never_raise(body: str) -> None:
    parse_all_ways(body)


@PROFILE
@given(st.sampled_from(BODIES), st.sampled_from([None, 400, 402, 403, 429, 500]))
def test_every_corpus_body_reads_the_same_as_text_bytes_and_inside_an_sdk_error(
    body: str, status: int | None
) -> None:
    as_text = tactful.parse(body, http_status=status)
    assert tactful.parse(body.encode("utf-8"), http_status=status).kind is as_text.kind
    if status is not None:  # an SDK raises for an answer, and every answer has a status
        assert tactful.parse(openai_error(status, body)).kind is as_text.kind


@PROFILE
@given(st.text(alphabet="[{(\"'\\", min_size=1, max_size=4000))
def test_bracket_and_quote_runs_stay_bounded(text: str) -> None:
    assert_sane(tactful.parse(text * 4))
