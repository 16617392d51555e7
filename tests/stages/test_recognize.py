"""The mechanisms of recognition: the application's recognizers, the classification rules,
amounts, links and names, and the provider records.

Each test feeds the shape people hold when an error reaches them, and asserts what a user of
``tactful.parse`` relies on: the kind, the numbers, the links and the ids.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest

import tactful
from tactful import Kind, Money, Notice
from tactful._decode import decode

from ..conftest import B3

BALANCE = {"error": {"code": "INSUFFICIENT_BALANCE", "message": "Your balance is too low."}}


def kind_of(payload: Any, **kwargs: Any) -> Kind:
    return tactful.parse(payload, **kwargs).kind


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
        # A path entry holds the pages below it, not every path that starts with its letters.
        ("https://developers.google.com/maps/billing", "Google Maps Platform"),
        ("https://developers.google.com/maps?hl=de", "Google Maps Platform"),
        ("https://developers.google.com/mapsx", None),
    ],
)
def test_the_most_specific_host_entry_names_the_provider(link: str, provider: str | None) -> None:
    from tactful._recognize import providers

    assert providers.INDEX.of_link(link) == provider


def test_a_problem_type_uri_names_the_problem_and_is_never_the_recharge_link() -> None:
    # "https://example.com/probs/out-of-credit" has "credit" in its path, like a billing page.
    notice = tactful.parse(B3)
    assert notice.code == "https://example.com/probs/out-of-credit"
    assert notice.recharge_url is None
    # A top-up link the payload gives beside it is still found.
    with_link = {**B3, "detail": "Add credits at https://example.com/account/credits."}
    assert tactful.parse(with_link).recharge_url == "https://example.com/account/credits"
