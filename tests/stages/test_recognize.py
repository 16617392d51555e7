"""The mechanisms of reading a provider error: decoding, duck typing, caps, rules and amounts.

Each test feeds the shape people hold when an error reaches them, and asserts what a user of
``tactful.parse`` relies on: the kind, the numbers, the links and the ids.
"""

from __future__ import annotations

import codecs
import json
import logging
from decimal import Decimal
from typing import Any

import httpx
import pytest

import tactful
from tactful import Kind, Money, Notice
from tactful._decode import MAX_DEPTH, MAX_INPUT_CHARS, MAX_ITEMS, decode

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


class OpenAIStyleError(Exception):
    """The shape of openai/anthropic ``APIStatusError``: status_code, body, response."""

    def __init__(self, status: int, body: Any, headers: dict[str, str]) -> None:
        super().__init__(f"Error code: {status} - {body!r}")
        self.status_code = status
        self.body = body
        self.request_id = headers.get("x-request-id")
        self.response = httpx.Response(status, headers=headers, json=body)


def test_openai_style_errors_give_body_status_headers_and_request_id() -> None:
    error = OpenAIStyleError(429, OPENAI_QUOTA, {"x-request-id": "req_9", "retry-after": "21"})
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


class RequestsStyleResponse:
    status_code = 402

    @property
    def headers(self) -> dict[str, str]:
        raise ConnectionError("connection closed")

    @property
    def text(self) -> str:
        raise ConnectionError("connection closed")

    content = b'{"error": {"message": "Insufficient credits"}}'


class RequestsStyleError(Exception):
    def __init__(self) -> None:
        super().__init__("402 Client Error: Payment Required for url: https://api.example.com")
        self.response = RequestsStyleResponse()


def test_attributes_that_raise_are_skipped_not_fatal() -> None:
    notice = tactful.parse(RequestsStyleError())
    assert (notice.kind, notice.http_status, notice.message) == (
        Kind.INSUFFICIENT_BALANCE,
        402,
        "Insufficient credits",
    )
    assert tactful.parse(Exploding()).kind is Kind.OTHER


def test_botocore_style_errors_are_read_from_their_response_mapping() -> None:
    class ClientError(Exception):
        def __init__(self) -> None:
            super().__init__("An error occurred (ThrottlingException) when calling InvokeModel")
            self.response = {
                "Error": {
                    "Code": "ThrottlingException",
                    "Message": "Too many requests, please wait before trying again.",
                },
                "ResponseMetadata": {
                    "RequestId": "bc9af776-2940",
                    "HTTPStatusCode": 429,
                    "HTTPHeaders": {"retry-after": "2"},
                },
            }

    notice = tactful.parse(ClientError())
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


def test_stripe_and_google_style_attributes_are_read() -> None:
    class CardError(Exception):
        http_status = 402
        request_id = "req_stripe"
        json_body = {"error": {"code": "card_declined", "message": "Your card was declined."}}

    class GoogleClientError(Exception):
        code = 429
        status = "RESOURCE_EXHAUSTED"
        details = {"error": {"code": 429, "message": "Resource has been exhausted."}}

    card = tactful.parse(CardError("declined"))
    assert (card.kind, card.http_status, card.request_id) == (
        Kind.PAYMENT_DECLINED,
        402,
        "req_stripe",
    )
    assert tactful.parse(GoogleClientError()).kind is Kind.RATE_LIMIT


def test_a_wrapper_exception_is_followed_to_the_providers_error() -> None:
    provider = OpenAIStyleError(402, {"error": {"message": "Insufficient Balance"}}, {})
    try:
        try:
            raise provider
        except OpenAIStyleError as exc:
            raise RuntimeError("LLM call failed") from exc
    except RuntimeError as wrapper:
        notice = tactful.parse(wrapper)
    assert (notice.kind, notice.http_status) == (Kind.INSUFFICIENT_BALANCE, 402)


def test_retry_after_as_an_http_date_counts_from_the_responses_date() -> None:
    error = OpenAIStyleError(
        429,
        {"error": {"message": "Rate limit reached"}},
        {"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT", "date": "Wed, 21 Oct 2015 07:28:00 GMT"},
    )
    assert tactful.parse(error).retry_after == 30
    error_ms = OpenAIStyleError(
        429, {"error": {"message": "slow down"}}, {"retry-after-ms": "1500"}
    )
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


# ---- the application's own recognizers --------------------------------------------------------


def my_recognizer(data: Any, status: int | None) -> Kind | None:
    if isinstance(data, dict) and data.get("reason") == "wallet_empty":
        return Kind.INSUFFICIENT_BALANCE
    return None


def test_an_apps_recognizer_decides_the_kind_and_tactful_still_reads_numbers() -> None:
    body = {"reason": "wallet_empty", "detail": "Your balance is $0.40, but that costs $2."}
    assert kind_of(body) is Kind.OTHER
    for notice in (
        tactful.parse(body, recognizers=[my_recognizer]),
        tactful.Renderer(recognizers=[my_recognizer]).parse(body),
    ):
        assert notice.kind is Kind.INSUFFICIENT_BALANCE
        assert notice.balance == Money(Decimal("0.40"), "USD")
        assert notice.cost == Money(Decimal("2"), "USD")


def test_recognizers_run_before_the_built_in_ones_and_in_order() -> None:
    seen: list[str] = []

    def passes(data: Any, status: int | None) -> None:
        seen.append("passes")

    def says_other(data: Any, status: int | None) -> Kind:
        seen.append("other")
        return Kind.OTHER

    def never(data: Any, status: int | None) -> Kind:
        seen.append("never")
        return Kind.RATE_LIMIT

    notice = tactful.parse(BALANCE, recognizers=[passes, says_other, never])
    assert notice.kind is Kind.OTHER  # overrides what the built-in rules would say
    assert seen == ["passes", "other"]


def test_a_recognizer_may_return_a_whole_notice() -> None:
    mine = Notice(kind=Kind.QUOTA_EXHAUSTED, provider="Internal", message="Team budget used.")

    def takes_over(data: Any, status: int | None) -> Notice:
        assert status == 402
        return mine

    assert tactful.parse(b"402 whatever", recognizers=[takes_over]) is mine
    renderer = tactful.Renderer(recognizers=[takes_over])
    assert renderer.parse(b"whatever", http_status=402) is mine


def test_a_recognizer_that_raises_is_logged_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    def broken(data: Any, status: int | None) -> Kind:
        raise KeyError("bug in the app")

    with caplog.at_level(logging.WARNING, logger="tactful"):
        notice = tactful.parse(BALANCE, recognizers=[broken, my_recognizer])
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert any("recognizer" in record.getMessage() for record in caplog.records)


# ---- classification rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "status", "kind"),
    [
        # The status alone never decides.
        ('{"error": {"message": "Rate limit exceeded"}}', 402, Kind.RATE_LIMIT),
        ('{"error": {"message": "Insufficient balance"}}', 429, Kind.INSUFFICIENT_BALANCE),
        ("Insufficient Credits Available", 500, Kind.INSUFFICIENT_BALANCE),
        ('{"detail": "Memory limit exceeded for this model."}', 402, Kind.OTHER),
        # A 429 rate limit that mentions billing or an upgrade is still a rate limit.
        (
            "Rate limit reached on tokens per minute (TPM): Limit 6000. Need more tokens? "
            "Upgrade at https://console.groq.com/settings/billing",
            429,
            Kind.RATE_LIMIT,
        ),
        (
            "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free "
            "model requests per day",
            429,
            Kind.RATE_LIMIT,
        ),
        # A quota per second, minute or hour is a rate limit; a daily or monthly one is not.
        ("Quota exceeded for metric tokens_per_minute_per_model.", 429, Kind.RATE_LIMIT),
        ("Quota exceeded for metric generate_requests_per_day.", 429, Kind.QUOTA_EXHAUSTED),
        (
            '{"error": "quota_exceeded", "hourly": {"limit": 100}, "window": "hour"}',
            None,
            Kind.RATE_LIMIT,
        ),
        (
            '{"error": "quota_exceeded", "monthly": {"limit": 5000}, "window": "month"}',
            None,
            Kind.QUOTA_EXHAUSTED,
        ),
        ("You have exhausted your daily quota on this model.", 429, Kind.QUOTA_EXHAUSTED),
        # An allocation or allowance used up is a quota, even where the status says 429.
        ("You have used up your monthly free allocation of 500 jobs.", 429, Kind.QUOTA_EXHAUSTED),
        ("This index exceeds the project quota of 5 collections.", 403, Kind.QUOTA_EXHAUSTED),
        # A spending cap an administrator set: not a balance the user can top up.
        (
            "Team budget 'research' has been exhausted; ask an admin to raise it.",
            402,
            Kind.QUOTA_EXHAUSTED,
        ),
        # Paying to raise a rate limit is advice, not a billing problem.
        (
            "Rate limit reached: 3 requests per min. Add a payment method to get higher rate "
            "limits. Go to https://platform.example.com/billing to add a payment method.",
            429,
            Kind.RATE_LIMIT,
        ),
        ("Please add a payment method to use this model.", 403, Kind.BILLING_DISABLED),
        ("This endpoint requires you to add a credit card first.", None, Kind.BILLING_DISABLED),
        ("All workers are busy for your key. Please wait 12s.", None, Kind.RATE_LIMIT),
        # one-api and new-api gateways call prepaid credit a quota.
        ("user quota is not enough, remain quota: $0.02", 403, Kind.INSUFFICIENT_BALANCE),
        # Capacity, overload, entitlements and moderation are not the account's money.
        ("The service is temporarily out of capacity. Try again later.", 429, Kind.OTHER),
        ("The system is experiencing high demand.", 429, Kind.OTHER),
        (
            '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
            529,
            Kind.OTHER,
        ),
        ("Model access is denied: you are not authorized to use it.", 403, Kind.OTHER),
        ("Input data may contain inappropriate content.", 400, Kind.OTHER),
        # Card problems are declined payments, even when they say "insufficient funds".
        (
            '{"error": {"code": "card_declined", "decline_code": "insufficient_funds"}}',
            402,
            Kind.PAYMENT_DECLINED,
        ),
        ("Your card has insufficient funds.", None, Kind.PAYMENT_DECLINED),
        ("You have insufficient funds in your Stripe account.", None, Kind.INSUFFICIENT_BALANCE),
        # Arrears with a top-up remedy is a balance to top up; without one, billing.
        ("Your account is in arrears.", None, Kind.BILLING_DISABLED),
        (
            "Your account is suspended due to insufficient balance, please recharge.",
            429,
            Kind.INSUFFICIENT_BALANCE,
        ),
        ("Account suspended: failure to pay past invoices.", 412, Kind.BILLING_DISABLED),
        ("Billing hard limit has been reached", 400, Kind.QUOTA_EXHAUSTED),
        ("You have exceeded your monthly included credits.", 402, Kind.QUOTA_EXHAUSTED),
        ("", 402, Kind.INSUFFICIENT_BALANCE),
        ("", 429, Kind.RATE_LIMIT),
        ("", None, Kind.OTHER),
    ],
)
def test_classification_rules(payload: str, status: int | None, kind: Kind) -> None:
    assert kind_of(payload, http_status=status) is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("余额不足，请充值后重试", Kind.INSUFFICIENT_BALANCE),
        ("您的账户已欠费，请充值后重试。", Kind.INSUFFICIENT_BALANCE),
        ("账户已欠费，服务已停止", Kind.BILLING_DISABLED),
        ("免费额度已用完", Kind.QUOTA_EXHAUSTED),
        ("请求过于频繁，请稍后再试", Kind.RATE_LIMIT),
        ("访问过于频繁，请稍候再试", Kind.RATE_LIMIT),
        ("服务器繁忙，请稍后再试", Kind.OTHER),
        ("银行卡被拒", Kind.PAYMENT_DECLINED),
        ("残高が不足しています", Kind.INSUFFICIENT_BALANCE),
        ("リクエストが多すぎます", Kind.RATE_LIMIT),
        ("Saldo insuficiente para completar la solicitud", Kind.INSUFFICIENT_BALANCE),
        ("Tarjeta rechazada", Kind.PAYMENT_DECLINED),
        ("Solde insuffisant", Kind.INSUFFICIENT_BALANCE),
        ("Zu viele Anfragen", Kind.RATE_LIMIT),
        ("Недостаточно средств на балансе", Kind.INSUFFICIENT_BALANCE),
    ],
)
def test_providers_answering_in_other_languages_are_understood(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


def test_provider_specific_numeric_codes_apply_only_to_that_provider() -> None:
    zhipu = {"error": {"code": "1113", "message": "?"}, "url": "https://open.bigmodel.cn/api"}
    other = {"error": {"code": "1113", "message": "?"}, "url": "https://api.example.com"}
    assert kind_of(zhipu) is Kind.INSUFFICIENT_BALANCE
    assert kind_of(other) is Kind.OTHER


# ---- amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role", "money"),
    [
        ("Your current balance is 30, but that costs 50.", "balance", Money(Decimal(30))),
        ("Your current balance is 30, but that costs 50.", "cost", Money(Decimal(50))),
        (
            "You requested up to 4096 tokens, but can only afford 4000.",
            "balance",
            Money(Decimal(4000), "tokens"),
        ),
        (
            "Your balance is $0.12, but that costs $4.50.",
            "shortfall",
            Money(Decimal("4.38"), "USD"),
        ),
        ("用户额度不足, 剩余额度: ＄-0.000002", "balance", Money(Decimal("-0.000002"), "USD")),
        ("余额为 ￥12.5，请充值", "balance", Money(Decimal("12.5"), "CNY")),
        ("Your balance is -$3.20.", "balance", Money(Decimal("-3.20"), "USD")),
        ("Your balance is −5 credits.", "balance", Money(Decimal(-5), "credits")),
        ("Your balance is 1,250.75 EUR.", "balance", Money(Decimal("1250.75"), "EUR")),
        ("insufficient balance of 61 to make a payout", "balance", Money(Decimal(61))),
        (
            "You have 119 characters remaining, while 965 characters are required.",
            "cost",
            Money(Decimal(965), "characters"),
        ),
        (
            "You are using a Trial key, which is limited to 10 API calls / minute.",
            "limit",
            Money(Decimal(10), "requests"),
        ),
        ("The current quota usage is 1 and the quota limit is 1.", "used", Money(Decimal(1))),
        ("You need 5.00 more credits.", "shortfall", Money(Decimal(5), "credits")),
        (
            "This request would exceed the rate limit for your organization (d3f27ff7-9afe) "
            "of 40,000 input tokens per minute.",
            "limit",
            Money(Decimal(40000), "tokens"),
        ),
    ],
)
def test_amounts_are_read_from_prose(text: str, role: str, money: Money) -> None:
    found = getattr(tactful.parse(text), role)
    assert found == money
    assert isinstance(found.amount, Decimal)


@pytest.mark.parametrize(
    "text",
    [
        "Your balance is 1.000,00 today.",
        "Your balance is 0xff.",
        "Your balance is 1e999.",
        "Your balance is NaN.",
        "Your balance is Infinity.",
        "Your balance is v1.5.",
        "Your balance is １２３.",
    ],
)
def test_numbers_that_are_not_plain_amounts_are_not_read(text: str) -> None:
    assert tactful.parse(text).balance is None


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        "true",
        "false",
        "null",
        '"1.000,00"',
        '"0xff"',
        '"1e5"',
    ],
)
def test_fields_that_are_not_plain_amounts_are_not_read(value: str) -> None:
    body = '{"error": {"message": "Insufficient balance"}, "balance": ' + value + "}"
    notice = tactful.parse(body)
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert notice.balance is None


def test_field_amounts_stay_decimal_with_their_currency() -> None:
    body = '{"balance": 0.1, "cost": {"amount": "4.50", "currency": "usd"}, "currency": "EUR"}'
    notice = tactful.parse(body)
    assert notice.balance == Money(Decimal("0.1"), "EUR")
    assert notice.cost == Money(Decimal("4.50"), "USD")
    assert tactful.parse({"balance": 0.1}).balance == Money(
        Decimal("0.1")
    )  # not 0.1000000000000000055


# ---- links and names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Add credits at https://grok.com/?_s=usage or upgrade.", "https://grok.com/?_s=usage"),
        ("You can purchase those on https://console.x.ai/team/42.", "https://console.x.ai/team/42"),
        (
            "Insufficient credits. Add more using http://localhost:8080/credits",
            "http://localhost:8080/credits",
        ),
        (
            "Top up your balance at https://gitlawb.com/opengateway/credits",
            "https://gitlawb.com/opengateway/credits",
        ),
        ("Insufficient balance. See https://docs.example.com/errors for details.", None),
        ("Insufficient balance. Pay at javascript:alert(1) or ftp://pay.example.com/", None),
    ],
)
def test_top_up_links_are_taken_from_the_providers_words(text: str, url: str | None) -> None:
    assert tactful.parse(text).recharge_url == url


def test_a_link_too_long_to_show_is_passed_over_not_cut() -> None:
    long_link = "https://billing.example.com/top-up/" + "a" * 20_000
    fitting = "https://billing.example.com/top-up/" + "a" * 1_000
    for link, taken in ((long_link, None), (fitting, fitting)):
        assert (
            tactful.parse({"error": {"message": "x"}, "recharge_url": link}).recharge_url == taken
        )
        prose = f"Insufficient balance. Top up your balance at {link} now."
        assert tactful.parse(prose).recharge_url == taken
    # Nor is it shown, cut, as the button when the application configured no link of its own.
    html = tactful.Renderer(allowed_hosts=["billing.example.com"]).render(
        {"error": {"code": "INSUFFICIENT_BALANCE"}, "recharge_url": long_link}
    )
    assert "billing.example.com/top-up" not in html


@pytest.mark.parametrize(
    ("payload", "provider"),
    [
        ({"error": {"message": "x"}, "metadata": {"provider_name": "Moonshot AI"}}, "Moonshot AI"),
        (
            "See https://help.aliyun.com/zh/model-studio/error-code for details",
            "Alibaba Cloud DashScope",
        ),
        ("https://generativelanguage.googleapis.com/v1beta/models", "Google Gemini API"),
        ("https://myres.openai.azure.com/openai/deployments", "Azure OpenAI"),
        ('{"type":"error","error":{"type":"invalid_request_error","message":"x"}}', "Anthropic"),
        (
            '{"type":"error","error":{"type":"billing_error","message":"x"},"request_id":"req_1"}',
            "Anthropic",
        ),
        # Gateways copy Anthropic's envelope with their own error types or request ids.
        ('{"type":"error","error":{"type":"new_api_error","message":"x"}}', None),
        ('{"type":"error","error":{"type":"api_error","message":"x"},"request_id":"0599fe"}', None),
        ('{"type":"error","error":{"type":["api_error"],"message":"x"}}', None),
        ("cohere.errors.too_many_requests_error.TooManyRequestsError", "Cohere"),
        ("PayPal SDK: Request has failed with error: INSTRUMENT_DECLINED", "PayPal"),
        ("Insufficient balance", None),
    ],
)
def test_the_provider_is_named_when_the_payload_reveals_it(
    payload: Any, provider: str | None
) -> None:
    assert tactful.parse(payload).provider == provider


def test_amounts_in_a_gateways_quota_words_and_full_width_signs_are_read() -> None:
    notice = tactful.parse(
        '{"error":{"type":"new_api_error","message":"token quota is not enough, token remain '
        'quota: ＄1.25, need quota: ＄3.50"},"type":"error"}',
        http_status=403,
    )
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert (notice.balance, notice.cost) == (
        Money(Decimal("1.25"), "USD"),
        Money(Decimal("3.50"), "USD"),
    )
    assert notice.provider is None


# ---- provider records: order-free -------------------------------------------------------------


def _host_probes() -> list[str]:
    """Links at every host entry of the records, at subdomains of it and at other paths."""
    from tactful._rules.providers import PROVIDERS

    entries = [entry for record in PROVIDERS for entry in record.hosts]
    paths = {"/" + entry.partition("/")[2] for entry in entries} | {"/billing", "/x/y"}
    probes = []
    for entry in entries:
        host = entry.partition("/")[0]
        for name in (host, "api." + host, "x" + host, host.split(".", 1)[-1]):
            probes += ["https://" + name + path for path in sorted(paths)]
        probes.append("https://user@" + entry.upper() + ":443/more")
    return probes


def _fixture_payloads() -> list[tuple[Any, int | None]]:
    from ..conftest import FIXTURES, load_jsonl

    found: list[tuple[Any, int | None]] = []
    for path in sorted(FIXTURES.glob("*.jsonl")):
        for entry in load_jsonl(path.name):
            if "body" in entry:
                found.append((entry["body"], entry.get("http_status")))
            elif isinstance(entry.get("input"), str):
                found.append((entry["input"], None))
                found.append(({"error": {"message": entry["input"]}}, 402))
    return found


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_provider_records_are_order_free(order: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Reordering the records cannot change a result: the most specific host wins, the earliest
    # name in a text wins, the first code in the payload wins.
    import random

    from tactful import _recognize
    from tactful._recognize import providers
    from tactful._rules.providers import PROVIDERS

    payloads, probes = _fixture_payloads(), _host_probes()
    assert len(payloads) > 300

    def results() -> list[Any]:
        notices = [_recognize._recognize_with(decode(p, http_status=s), ()) for p, s in payloads]
        return notices + [providers.INDEX.of_link(url) for url in probes]

    expected = results()
    records = list(reversed(PROVIDERS))
    if order == "shuffled":
        random.Random(14).shuffle(records)
    shuffled = providers.ProviderIndex(records, providers.WORD_GATES)
    monkeypatch.setattr(providers, "INDEX", shuffled)
    assert results() == expected


def test_two_provider_records_cannot_hold_one_host_or_code() -> None:
    # Such a pair would make the answer depend on the records' order.
    from tactful._recognize.providers import ProviderIndex
    from tactful._rules.providers import Provider

    with pytest.raises(ValueError, match=r"example\.com"):
        ProviderIndex(
            [Provider("A", hosts=("example.com",)), Provider("B", hosts=("example.com",))], {}
        )
    with pytest.raises(ValueError, match="someerror"):
        ProviderIndex(
            [
                Provider("A", codes=frozenset({"someerror"})),
                Provider("B", codes=frozenset({"someerror"})),
            ],
            {},
        )


@pytest.mark.parametrize(
    ("link", "provider"),
    [
        ("https://cloud.google.com/vertex-ai/docs", "Google Vertex AI"),  # a longer path
        ("https://cloud.google.com/billing", "Google Cloud"),
        ("https://generativelanguage.googleapis.com/v1", "Google Gemini API"),  # a longer host
        ("https://storage.googleapis.com/x", "Google Cloud"),
        ("https://aka.ms/oai/quotas", "Azure OpenAI"),
        ("https://example.com/openai.com", None),
    ],
)
def test_the_most_specific_host_entry_names_the_provider(link: str, provider: str | None) -> None:
    from tactful._recognize import providers

    assert providers.INDEX.of_link(link) == provider
