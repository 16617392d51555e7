"""Decoding what people hold when a provider error reaches them: bodies in every shape, SDK and
HTTP client exceptions read by duck typing, and the caps on what is read.

Each test asserts what a user of ``tactful.parse`` relies on: the kind, the numbers, the links
and the ids.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

import httpx
import openai
import pytest

import tactful
from tactful import Kind
from tactful._decode import MAX_DEPTH, MAX_INPUT_CHARS, MAX_ITEMS, decode

from ..clients.errors import openai_error

OPENAI_QUOTA = {
    "error": {
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "type": "insufficient_quota",
        "param": None,
        "code": "insufficient_quota",
    }
}
BALANCE = {"error": {"code": "INSUFFICIENT_BALANCE", "message": "Your balance is too low."}}


def kind_of(payload: Any, **kwargs: Any) -> Kind:
    return tactful.parse(payload, **kwargs).kind


# ---- decoding: every shape people hold --------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps(BALANCE).encode("utf-8"),
        codecs.BOM_UTF8 + json.dumps(BALANCE).encode("utf-8"),
        codecs.BOM_UTF16_LE + json.dumps(BALANCE).encode("utf-16-le"),
        json.dumps(BALANCE),
        "\ufeff" + json.dumps(BALANCE),
        BALANCE,
        [BALANCE],
    ],
    ids=["bytes", "utf8-bom", "utf16-bom", "str", "str-bom", "mapping", "list"],
)
def test_every_container_of_the_same_body_reads_the_same(raw: Any) -> None:
    notice = tactful.parse(raw)
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert notice.code == "INSUFFICIENT_BALANCE"
    assert notice.message == "Your balance is too low."


def test_invalid_utf8_bytes_are_replaced_not_fatal() -> None:
    raw = b'{"error":{"message":"Insufficient \xff\xfe balance \xc3"}}'
    notice = tactful.parse(raw)
    assert notice.kind is Kind.INSUFFICIENT_BALANCE or "\ufffd" in (notice.message or "")
    assert tactful.parse(b"\xff\xfe\xfd\x80\x81").kind is Kind.OTHER


def test_json_inside_json_strings_is_unwrapped_several_levels_deep() -> None:
    body: Any = OPENAI_QUOTA
    for _ in range(3):  # an SDK wrapping a gateway wrapping the provider
        body = {"error": {"message": json.dumps(body), "code": 429}}
    notice = tactful.parse(json.dumps(body))
    assert notice.kind is Kind.QUOTA_EXHAUSTED
    assert notice.code == "insufficient_quota"


def test_a_bare_json_string_and_a_double_encoded_body_are_read() -> None:
    assert kind_of('"Insufficient credits. Add more credits to continue."') is (
        Kind.INSUFFICIENT_BALANCE
    )
    assert kind_of(json.dumps(json.dumps(OPENAI_QUOTA))) is Kind.QUOTA_EXHAUSTED


def test_a_top_level_array_holding_the_error_is_read() -> None:
    body = '[{"error": {"code": 429, "message": "Resource exhausted.", "status": "RESOURCE_EXHAUSTED"}}]'
    notice = tactful.parse(body)
    assert notice.kind is Kind.RATE_LIMIT
    assert notice.http_status == 429


def test_python_reprs_are_read_as_literals_and_never_evaluated(tmp_path: Any) -> None:
    assert kind_of(repr(OPENAI_QUOTA)) is Kind.QUOTA_EXHAUSTED
    marker = tmp_path / "evaluated"
    hostile = (
        "{'error': {'message': 'Insufficient balance', "
        f"'code': __import__('pathlib').Path({str(marker)!r}).touch()}}}}"
    )
    notice = tactful.parse(hostile)
    assert not marker.exists()
    assert notice.kind is Kind.INSUFFICIENT_BALANCE  # salvaged from the text, not evaluated


def test_a_client_prefix_gives_the_status_and_the_body_after_it_is_read() -> None:
    notice = tactful.parse(f"Error code: 402 - {OPENAI_QUOTA!r}")
    assert notice.http_status == 402
    assert notice.kind is Kind.QUOTA_EXHAUSTED
    prefixed = "HTTP 402 Payment Required from https://api.deepseek.com/chat/completions " + (
        '{"error":{"message":"Insufficient Balance","type":"unknown_error"}}'
    )
    notice = tactful.parse(prefixed)
    assert (notice.http_status, notice.kind, notice.provider) == (
        402,
        Kind.INSUFFICIENT_BALANCE,
        "DeepSeek",
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('unexpected status 403 Forbidden: {"code":"X"}', 403),
        ("cohere.errors.TooManyRequestsError: status_code: 429, body: data=None", 429),
        ("Unauthorized (401)\n  Maximum credits exceeded", 401),
        ("BadRequestError: 400 Billing hard limit has been reached", 400),
        ('Error: 529 {"type":"error","error":{"type":"overloaded_error"}}', 529),
        ("402 Insufficient Balance", 402),
    ],
)
def test_the_status_a_client_printed_is_read(text: str, status: int) -> None:
    assert tactful.parse(text).http_status == status


def test_structures_with_prose_around_them_are_read_and_the_prose_kept() -> None:
    text = (
        "Error code: 429 - {'error': {'message': \"litellm.RateLimitError: inner {'a': 1}\", "
        "'type': 'throttling_error', 'code': '429'}}\nReceived Model Group=azure"
    )
    decoded = decode(text)
    assert decoded.data["error"]["type"] == "throttling_error"
    assert "Received Model Group" in decoded.prose


def test_a_provider_body_after_a_prefix_inside_a_string_is_unwrapped() -> None:
    inner = {"error": {"message": "Account is suspended for failure to pay past invoices."}}
    body = {"error": {"message": "Upstream failed: " + json.dumps(inner)}}
    decoded = decode(json.dumps(body))
    assert decoded.data["error"]["message"]["$text"] == "Upstream failed:"
    assert decoded.data["error"]["message"]["$embedded"] == inner
    assert tactful.parse(json.dumps(body)).kind is Kind.BILLING_DISABLED


def test_a_python_repr_inside_a_json_string_is_read() -> None:
    body = {
        "error": {
            "message": "{'error': 'credit_unresolved', 'upgrade_url': 'https://x.example/pay'}"
        }
    }
    decoded = decode(json.dumps(body))
    assert decoded.data["error"]["message"]["error"] == "credit_unresolved"


def test_truncated_json_is_salvaged_field_by_field() -> None:
    body = '{"error": {"code": "insufficient_quota", "message": "You exceeded your current quo'
    notice = tactful.parse(body)
    assert notice.kind is Kind.QUOTA_EXHAUSTED
    assert notice.code == "insufficient_quota"


def test_key_value_logs_and_objective_c_descriptions_are_salvaged() -> None:
    text = (
        "<SCPProcessPaymentError: 0x1; code = 9020; message = The request failed.; "
        "requestId = req_abc123; stripeApiError = Your card's expiration year is invalid.>"
    )
    notice = tactful.parse(text)
    assert notice.kind is Kind.PAYMENT_DECLINED
    assert notice.request_id == "req_abc123"
    assert notice.message == "The request failed. Your card's expiration year is invalid."
    yaml_log = "code: Arrearage, message: Access denied, please make sure your account is in good standing."
    assert kind_of(yaml_log) is Kind.BILLING_DISABLED


def test_plain_text_bodies_are_read() -> None:
    notice = tactful.parse("402 Insufficient Balance")
    assert (notice.kind, notice.http_status, notice.message) == (
        Kind.INSUFFICIENT_BALANCE,
        402,
        "Insufficient Balance",
    )


# ---- SDK and HTTP client exceptions, by duck typing ------------------------------------------


def test_openai_style_errors_give_body_status_headers_and_request_id() -> None:
    error = openai_error(429, OPENAI_QUOTA, {"x-request-id": "req_9", "retry-after": "21"})
    notice = tactful.parse(error)
    assert notice.kind is Kind.QUOTA_EXHAUSTED
    assert (notice.http_status, notice.request_id, notice.retry_after) == (429, "req_9", 21)


def test_httpx_status_errors_are_read_from_their_response() -> None:
    request = httpx.Request("POST", "https://api.deepseek.com/chat/completions")
    response = httpx.Response(
        402,
        headers={"x-request-id": "abc-123"},
        json={"error": {"message": "Insufficient Balance", "type": "unknown_error"}},
        request=request,
    )
    error = httpx.HTTPStatusError("402 Payment Required", request=request, response=response)
    notice = tactful.parse(error)
    assert (notice.kind, notice.http_status, notice.request_id) == (
        Kind.INSUFFICIENT_BALANCE,
        402,
        "abc-123",
    )


def test_an_unread_httpx_stream_does_not_break_reading() -> None:
    request = httpx.Request("POST", "https://api.example.com/v1")
    response = httpx.Response(
        429, stream=httpx.ByteStream(b"ignored"), headers={"retry-after": "3"}, request=request
    )
    with pytest.raises(httpx.ResponseNotRead):
        _ = response.text  # what a naive reader would trip over
    error = httpx.HTTPStatusError("429 Too Many Requests", request=request, response=response)
    notice = tactful.parse(error)
    assert (notice.kind, notice.http_status, notice.retry_after) == (Kind.RATE_LIMIT, 429, 3)


class Exploding:
    """An object whose every attribute and its text raise, like a half-closed response."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"cannot read {name}")

    def __str__(self) -> str:
        raise RuntimeError("no text either")


def test_attributes_that_raise_are_skipped_not_fatal() -> None:
    assert tactful.parse(Exploding()).kind is Kind.OTHER


def test_botocore_errors_are_read_from_their_response_mapping() -> None:
    from botocore.exceptions import ClientError

    # What botocore raises: the parsed response and the operation's name.
    error = ClientError(
        {
            "Error": {
                "Code": "ThrottlingException",
                "Message": "Too many requests, please wait before trying again.",
            },
            "ResponseMetadata": {
                "RequestId": "bc9af776-2940",
                "HTTPStatusCode": 429,
                "HTTPHeaders": {"retry-after": "2"},
            },
        },
        "InvokeModel",
    )
    notice = tactful.parse(error)
    assert (notice.kind, notice.http_status, notice.code) == (
        Kind.RATE_LIMIT,
        429,
        "ThrottlingException",
    )
    assert (notice.request_id, notice.retry_after, notice.provider) == (
        "bc9af776-2940",
        2,
        "AWS Bedrock",
    )


def test_stripe_and_google_errors_are_read() -> None:
    import stripe
    from google.genai import errors

    body = {"error": {"code": "card_declined", "message": "Your card was declined."}}
    card = stripe.CardError(
        "Your card was declined.",
        None,
        "card_declined",
        http_body=json.dumps(body),
        http_status=402,
        json_body=body,
        headers={"request-id": "req_stripe"},
    )
    notice = tactful.parse(card)
    assert (notice.kind, notice.http_status, notice.request_id) == (
        Kind.PAYMENT_DECLINED,
        402,
        "req_stripe",
    )
    exhausted = {
        "error": {
            "code": 429,
            "message": "Resource has been exhausted.",
            "status": "RESOURCE_EXHAUSTED",
        }
    }
    assert tactful.parse(errors.ClientError(429, exhausted)).kind is Kind.RATE_LIMIT


def test_a_wrapper_exception_is_followed_to_the_providers_error() -> None:
    provider = openai_error(402, {"error": {"message": "Insufficient Balance"}})
    try:
        try:
            raise provider
        except openai.APIStatusError as exc:
            raise RuntimeError("LLM call failed") from exc
    except RuntimeError as wrapper:
        notice = tactful.parse(wrapper)
    assert (notice.kind, notice.http_status) == (Kind.INSUFFICIENT_BALANCE, 402)


def test_retry_after_as_an_http_date_counts_from_the_responses_date() -> None:
    error = openai_error(
        429,
        {"error": {"message": "Rate limit reached"}},
        {"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT", "date": "Wed, 21 Oct 2015 07:28:00 GMT"},
    )
    assert tactful.parse(error).retry_after == 30
    error_ms = openai_error(429, {"error": {"message": "slow down"}}, {"retry-after-ms": "1500"})
    assert tactful.parse(error_ms).retry_after == 2


def test_retry_delay_fields_and_prose_give_seconds() -> None:
    body = {"error": {"code": 429, "message": "Quota hit.", "details": [{"retryDelay": "20s"}]}}
    assert tactful.parse(body).retry_after == 20
    assert tactful.parse("Rate limit reached. Please try again in 9m38.016s.").retry_after == 579
    assert tactful.parse("请求过于频繁，请在 30 秒后重试").retry_after == 30
    assert tactful.parse("All keys are limited. Please wait 8s.").retry_after == 8
    assert tactful.parse("Too many requests; wait for 2 minutes.").retry_after == 120


def test_request_ids_are_read_from_fields_headers_and_prose() -> None:
    assert tactful.parse({"error": {"message": "x"}, "request_id": "req_1"}).request_id == "req_1"
    text = 'unexpected status 403: {"code":"INSUFFICIENT_BALANCE"}, request id: ff94236c-2cf0'
    assert tactful.parse(text).request_id == "ff94236c-2cf0"


# ---- caps ---------------------------------------------------------------------------------------


def test_a_payload_over_the_cap_is_classified_from_what_fits() -> None:
    text = "Insufficient balance. " + "x" * (MAX_INPUT_CHARS * 3)
    assert kind_of(text) is Kind.INSUFFICIENT_BALANCE
    assert len(decode(text).text) <= MAX_INPUT_CHARS
    # What lies beyond the cut is not read.
    assert kind_of("x" * (MAX_INPUT_CHARS + 10) + " Insufficient balance") is Kind.OTHER


def test_deep_nesting_and_wide_arrays_are_capped() -> None:
    deep: Any = BALANCE
    for _ in range(MAX_DEPTH * 4):
        deep = {"wrapped": deep}
    assert tactful.parse(deep).kind is Kind.OTHER  # too deep to see: nothing made up
    nested_text = "[" * 100_000 + "]" * 100_000
    assert kind_of(nested_text) is Kind.OTHER
    wide = {"error": {"message": "Insufficient balance"}, "items": list(range(10_000))}
    decoded = decode(json.dumps(wide))
    assert len(decoded.data["items"]) == MAX_ITEMS
    assert tactful.parse(wide).kind is Kind.INSUFFICIENT_BALANCE


def test_huge_numbers_are_dropped_not_parsed() -> None:
    body = '{"error": {"message": "Insufficient balance"}, "balance": ' + "9" * 5000 + "}"
    notice = tactful.parse(body)
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert notice.balance is None


def test_duplicate_keys_keep_the_first_value_in_json_and_in_reprs() -> None:
    json_text = '{"error": {"code": "card_declined", "code": "insufficient_balance"}}'
    repr_text = "{'error': {'code': 'card_declined', 'code': 'insufficient_balance'}}"
    for text in (json_text, repr_text):
        notice = tactful.parse(text)
        assert (notice.code, notice.kind) == ("card_declined", Kind.PAYMENT_DECLINED)


def test_homoglyph_codes_are_not_trusted() -> None:
    cyrillic_i = "\u0406"
    for code in (f"{cyrillic_i}NSUFFICIENT_BALANCE", f"insufficient_b{chr(0x430)}lance"):
        assert kind_of({"error": {"code": code}}) is Kind.OTHER
        assert kind_of(f"error {code} happened") is Kind.OTHER
