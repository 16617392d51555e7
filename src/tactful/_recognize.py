"""Stage 2: decide what happened, and with which numbers, from decoded data.

Recognition is table-driven and additive: provider codes, phrases in English and Chinese (the
two languages providers answer in), statuses and hosts each add evidence for a :class:`Kind`;
the strongest evidence wins. The HTTP status alone never decides, because providers send
out-of-credit as 400, 402, 403, 429 and even 500, and some send 402 for limits that have nothing
to do with money. Applications can put their own recognizers ahead of the built-in ones.

>>> recognize(decode('{"error":{"code":"INSUFFICIENT_BALANCE","message":"Top up."}}')).kind
<Kind.INSUFFICIENT_BALANCE: 'insufficient_balance'>
>>> n = recognize(decode("402 You requested up to 4096 tokens, but can only afford 4000."))
>>> n.kind.value, n.cost, n.balance, n.shortfall
('insufficient_balance', Money(amount=Decimal('4096'), unit='tokens'), \
Money(amount=Decimal('4000'), unit='tokens'), Money(amount=Decimal('96'), unit='tokens'))
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from ._decode import Decoded, decode
from ._model import Kind, Money, Notice
from ._text import clean_text

Recognizer = Callable[[Any, "int | None"], "Kind | Notice | None"]
"""An application's own recognizer: ``(decoded_data, http_status) -> Kind | Notice | None``.

Return ``None`` to pass, a :class:`Kind` to set the kind (tactful still reads the numbers and
links), or a whole :class:`Notice` to take over.
"""

MAX_MESSAGE_CHARS = 500
_MAX_TEXT_CHARS = 16 * 1024
_MAX_AMOUNT_DIGITS = 15
_AMOUNT_PLACES = Decimal("0.00000001")

# Normalized code token (lower case, letters and digits only) -> kind.
_CODES: dict[Kind, frozenset[str]] = {
    Kind.PAYMENT_DECLINED: frozenset(
        {
            "carddeclined",
            "carderror",
            "expiredcard",
            "incorrectcvc",
            "incorrectnumber",
            "invalidcvc",
            "invalidexpirymonth",
            "invalidexpiryyear",
            "genericdecline",
            "donothonor",
            "lostcard",
            "stolencard",
            "paymentdeclined",
            "paymentfailed",
            "paymentintentpaymentattemptfailed",
            "cardnotsupported",
            "transactionnotallowed",
        }
    ),
    Kind.BILLING_DISABLED: frozenset(
        {
            "arrearage",
            "billingdisabled",
            "billingnotactive",
            "billingnotenabled",
            "billingaccountnotfound",
            "billingnotsetup",
            "paymentmethodrequired",
            "accountinarrears",
            "overduepayment",
            "ureqprojectbillingnotfound",
            "billingaccountdisabled",
            "accountoverdue",
            "nopaymentmethod",
        }
    ),
    Kind.QUOTA_EXHAUSTED: frozenset(
        {
            "insufficientquota",
            "quotaexceeded",
            "quotaexhausted",
            "billinghardlimitreached",
            "usagelimitexceeded",
            "usagelimitreached",
            "spendlimitexceeded",
            "spendinglimitreached",
            "monthlylimitexceeded",
            "servicequotaexceededexception",
            "freetierexhausted",
            "creditlimitexceeded",
            "planlimitexceeded",
            "allocationquota",
        }
    ),
    Kind.INSUFFICIENT_BALANCE: frozenset(
        {
            "insufficientbalance",
            "insufficientbalanceerror",
            "insufficientcredits",
            "insufficientcredit",
            "insufficientfunds",
            "creditbalancetoolow",
            "balancetoolow",
            "outofcredits",
            "outofcredit",
            "nocredits",
            "creditsexhausted",
            "balanceexhausted",
            "lowbalance",
            "notenoughcredits",
            "notenoughbalance",
            "insufficientaccountbalance",
            "accountbalanceinsufficient",
            "openroutercredits",
        }
    ),
    Kind.RATE_LIMIT: frozenset(
        {
            "ratelimitexceeded",
            "ratelimiterror",
            "ratelimited",
            "ratelimit",
            "toomanyrequests",
            "throttlingexception",
            "throttled",
            "throttling",
            "requestlimitexceeded",
            "resourceexhausted",
            "requestsperminute",
            "tokensperminute",
        }
    ),
    Kind.OTHER: frozenset(
        {
            "overloadederror",
            "overloaded",
            "capacityexceeded",
            "serviceunavailable",
            "modeloverloaded",
            "servertoobusy",
            "enginoverloaded",
        }
    ),
}
_CODE_KIND = {code: kind for kind, codes in _CODES.items() for code in codes}

_RE = re.IGNORECASE


def _phrases(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _RE)


# Phrases found in providers' prose. English and Chinese; URLs are removed before matching so
# that a link such as .../docs/rate-limits does not count as words.
_PHRASES: dict[Kind, re.Pattern[str]] = {
    Kind.PAYMENT_DECLINED: _phrases(
        r"\bcard\b[^.]{0,40}\b(?:was |has been |is )?(?:declined|refused|rejected)",
        r"\bcard has insufficient funds",
        r"\bcard\b[^.]{0,20}\b(?:has )?expired",
        r"\b(?:incorrect|invalid) (?:cvc|cvv|card number|expiry)",
        r"\b(?:payment|charge|transaction) (?:was |has been )?(?:declined|refused)",
        r"支付失败|扣款失败|银行卡被拒|付款被拒",
    ),
    Kind.BILLING_DISABLED: _phrases(
        r"\bbilling (?:is |has been )?(?:disabled|not (?:been )?(?:enabled|active|set ?up|configured))",
        r"\bhas billing disabled",
        r"\b(?:enable|set ?up|activate|configure) (?:a |your )?billing",
        r"\bbilling (?:to be|must be) enabled",
        r"\bbilling account\b[^.]{0,80}\bnot found",
        r"\bno (?:active |valid )?(?:billing account|payment method)",
        r"\b(?:in )?arrears?\b|\barrearage\b|\boverdue\b",
        r"\bgood standing\b",
        r"\b(?:add|set up) a payment method",
        r"\bpayment method (?:is )?required",
        r"\baccount (?:has been |is )?(?:suspended|deactivated|disabled) (?:due to|for) "
        r"(?:non-?payment|unpaid|billing)",
        r"欠费|未开通计费|开通付费|账户已停用|未绑定支付",
    ),
    Kind.QUOTA_EXHAUSTED: _phrases(
        r"\bexceeded (?:your |the )?(?:current |monthly |daily )?quota",
        r"\bexceeds your (?:\w+ )?quota",
        r"\bquota (?:has been |was |is )?(?:exceeded|exhausted|used up|reached|depleted)",
        r"\b(?:monthly|daily|usage|spend(?:ing)?|hard|plan|billing) limit\b"
        r"(?: (?:has been |was )?(?:reached|exceeded|hit))?",
        r"\breached (?:the|your) (?:\w+ ){0,2}limit of\b",
        r"\bfree (?:tier|trial|credits?|quota) (?:has |have )?(?:expired|ended|been used|run out)",
        r"额度已?(?:用完|用尽|不足|耗尽)|配额已?(?:用完|用尽|不足|耗尽)|超出(?:配额|额度)|免费额度",
    ),
    Kind.INSUFFICIENT_BALANCE: _phrases(
        r"\b(?:credit |account )?balance (?:is )?(?:too low|insufficient|not enough|exhausted|"
        r"depleted|negative)",
        r"\binsufficient (?:account )?(?:balance|credits?|funds|tokens)",
        r"\b(?:not|n't) (?:have )?enough (?:credits?|balance|funds|money|tokens)",
        r"\b(?:more|additional) credits? (?:are |is )?(?:required|needed)",
        r"\brequires? more credits",
        r"\bout of (?:credits?|balance|funds)",
        r"\b(?:no|zero) (?:credits?|balance) (?:left|remaining)",
        r"\bcan only afford\b",
        r"\bbalance not enough",
        r"\b(?:purchase|buy|add) (?:more )?credits?\b",
        r"\bplease recharge\b|\brecharge your\b|\btop[ -]?up your\b",
        r"\bcredits? (?:have |has )?(?:run out|been exhausted|exhausted)",
        r"\bnever purchased credits",
        r"余额不足|余额已用完|账户余额|积分不足|点数不足|请充值|请先充值",
    ),
    Kind.RATE_LIMIT: _phrases(
        r"\brate[ -]?limit",
        r"\btoo many requests",
        r"\b(?:requests?|tokens?|calls?) per (?:second|minute|min|hour|day)\b",
        r"\b(?:tpm|rpm|tpd|rpd|rps)\b",
        r"\b(?:try|retry) (?:again )?(?:in|after) ~?\d",
        r"\bslow down\b|\bthrottl",
        r"\bper-minute\b",
        r"请求过于频繁|限流|频率限制|速率限制|请求太频繁",
    ),
    Kind.OTHER: _phrases(
        # Look-alikes: provider capacity, load and plan entitlements are not the account's money.
        r"\bcapacity (?:exceeded|limit|is bigger|reached)\b|\bavailable capacity\b",
        r"\boverloaded\b|\b(?:server|service) (?:is )?(?:busy|unavailable|overloaded)",
        r"\bmemory (?:limit|cap)\b",
        r"\b(?:extra|additional) usage is required\b",
        r"\bnot (?:available|included) (?:on|in) your plan\b",
        r"服务繁忙|服务器繁忙|容量不足",
    ),
}

# When two kinds have equally strong evidence, the first in this order wins: paying problems
# name their cause more precisely than generic limits do, and a statement about capacity or
# entitlement explains a "per minute" figure better than a rate limit would.
_PRIORITY = (
    Kind.PAYMENT_DECLINED,
    Kind.BILLING_DISABLED,
    Kind.QUOTA_EXHAUSTED,
    Kind.INSUFFICIENT_BALANCE,
    Kind.OTHER,
    Kind.RATE_LIMIT,
)
_PHRASE_WEIGHT = 3
_CODE_WEIGHT = 2
_STATUS_WEIGHT = 1

# (host suffix, provider) pairs, matched against the hosts of links in the payload.
_PROVIDER_HOSTS = (
    ("openai.com", "OpenAI"),
    ("anthropic.com", "Anthropic"),
    ("claude.ai", "Anthropic"),
    ("deepseek.com", "DeepSeek"),
    ("openrouter.ai", "OpenRouter"),
    ("jina.ai", "Jina AI"),
    ("ai.google.dev", "Google Gemini API"),
    ("ai.dev", "Google Gemini API"),
    ("aistudio.google.com", "Google Gemini API"),
    ("googleapis.com", "Google Cloud"),
    ("cloud.google.com", "Google Cloud"),
    ("console.developers.google.com", "Google Cloud"),
    ("stripe.com", "Stripe"),
    ("elevenlabs.io", "ElevenLabs"),
    ("replicate.com", "Replicate"),
    ("aka.ms", "Azure OpenAI"),
    ("azure.com", "Azure OpenAI"),
    ("aliyun.com", "Alibaba Cloud DashScope"),
    ("aliyuncs.com", "Alibaba Cloud DashScope"),
    ("alibabacloud.com", "Alibaba Cloud DashScope"),
    ("amazonaws.com", "AWS Bedrock"),
    ("aws.amazon.com", "AWS Bedrock"),
    ("groq.com", "Groq"),
    ("mistral.ai", "Mistral AI"),
    ("cohere.com", "Cohere"),
    ("together.ai", "Together AI"),
    ("together.xyz", "Together AI"),
    ("perplexity.ai", "Perplexity"),
    ("fireworks.ai", "Fireworks AI"),
    ("x.ai", "xAI"),
    ("moonshot.cn", "Moonshot AI"),
    ("bigmodel.cn", "Zhipu AI"),
    ("siliconflow.cn", "SiliconFlow"),
)
# Words in the payload that name the provider when no link does.
_PROVIDER_WORDS = re.compile(
    r"\b(?P<name>Anthropic|OpenAI|Azure OpenAI|DeepSeek|OpenRouter|Gemini|DashScope|Bedrock|"
    r"ElevenLabs|Replicate|Stripe|Groq|Mistral)\b"
)
_PROVIDER_WORD_NAMES = {
    "Gemini": "Google Gemini API",
    "DashScope": "Alibaba Cloud DashScope",
    "Bedrock": "AWS Bedrock",
    "Mistral": "Mistral AI",
}
# Shapes that identify a provider: (test over the normalized codes, provider).
_PROVIDER_CODES = (
    ("arrearage", "Alibaba Cloud DashScope"),
    ("invalidrequesterror+anthropicenvelope", "Anthropic"),
    ("throttlingexception", "AWS Bedrock"),
    ("servicequotaexceededexception", "AWS Bedrock"),
)

_CODE_KEYS = frozenset(
    {
        "code",
        "type",
        "name",
        "status",
        "reason",
        "error",
        "errorcode",
        "error_code",
        "errortype",
        "error_type",
        "declinecode",
        "decline_code",
        "stripeerrorcode",
        "limit_source",
        "@type",
        "subcode",
        "kind",
    }
)
# Texts that help only when nothing else speaks (Google's link descriptions, hints).
_HINT_KEYS = frozenset({"description", "remedy_hint"})
_MESSAGE_KEYS = (
    "message",
    "detail",
    "readablemessage",
    "error_message",
    "errormessage",
    "localizedmessage",
    "error_description",
    "description",
    "title",
    "msg",
    "error",
    "remedy_hint",
    "errmsg",
)
_STATUS_KEYS = frozenset(
    {
        "code",
        "status",
        "statuscode",
        "status_code",
        "raw_status_code",
        "http_status",
        "httpstatus",
        "$status",
    }
)
_REQUEST_ID_KEYS = frozenset({"request_id", "requestid", "request-id", "x-request-id"})
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-ms-request-id")
_URL_KEYS = frozenset(
    {
        "recharge_url",
        "rechargeurl",
        "top_up_url",
        "topup_url",
        "topupurl",
        "billing_url",
        "billingurl",
        "payment_url",
        "paymenturl",
        "upgrade_url",
        "upgradeurl",
        "checkout_url",
        "purchase_url",
    }
)

_URL = re.compile(r"https?://[^\s<>\"'`\\)\]}]{1,2000}", _RE)
_TOP_UP_PATH = re.compile(
    r"credit|billing|recharge|top-?up|payment|purchase|plans|upgrade|subscribe|pricing|"
    r"settings/keys|buy|pay\b|account",
    _RE,
)
_DOCS_PATH = re.compile(
    r"^(?:help|docs|support)\.|/docs?/|error-codes?|rate-limits?|/help/|contact-sales|/api/", _RE
)

# ---- amounts in prose -----------------------------------------------------------------------

_UNIT_WORDS = {
    "credit": "credits",
    "credits": "credits",
    "token": "tokens",
    "tokens": "tokens",
    "character": "characters",
    "characters": "characters",
    "chars": "characters",
    "search": "searches",
    "searches": "searches",
    "request": "requests",
    "requests": "requests",
    "point": "points",
    "points": "points",
    "unit": "units",
    "units": "units",
    "minutes": "minutes",
    "seconds": "seconds",
    "积分": "points",
    "点数": "points",
    "元": "CNY",
}
_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "＄": "USD",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "R$": "BRL",
    "¥": "JPY",
    "￥": "CNY",
    "C$": "CAD",
    "A$": "AUD",
    "CA$": "CAD",
}
_CODES_ISO = (
    "USD|EUR|GBP|JPY|CNY|RMB|INR|KRW|BRL|CAD|AUD|CHF|SEK|NOK|DKK|PLN|CZK|HUF|RUB|TRY|MXN|"
    "HKD|TWD|SGD|NZD|ZAR|KWD|BHD|JOD|AED|SAR|ILS|IDR|THB|VND|PHP|MYR"
)
_NUMBER = r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d{1,16})(?:\.\d{1,12})?(?![\d,.]\d)"
_UNIT_ALTERNATION = (
    r"credits?|tokens?|characters?|chars|searches|search|requests?|points?|units?|积分|点数|元"
)
_AMOUNT = (
    rf"(?:(?P<sym>US\$|CA\$|[CAR]\$|[$＄€£¥￥₹₩₽])\s?(?P<n1>{_NUMBER})"
    rf"|(?P<n2>{_NUMBER})\s?(?:(?P<code>{_CODES_ISO})\b|(?P<word>credits?|tokens?|characters?|"
    rf"chars|searches|search|requests?|points?|units?|积分|点数|元)\b|(?P<sym2>[$€£¥￥])?))"
)
_AMOUNT_RE = re.compile(_AMOUNT, _RE)


def _amount_pattern(before: str, after: str = "") -> re.Pattern[str]:
    # Providers quote figures sometimes ("capacity '60'"); a quote may stand on either side.
    return re.compile(before + r"\s*~?['\"‘“]?(?P<amount>" + _AMOUNT + r")['\"’”]?" + after, _RE)


# (role, pattern): each pattern has one amount; later roles never overwrite earlier finds.
_PROSE_AMOUNTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("balance", _amount_pattern(r"\bbalance (?:is|of|:)(?: only)?")),
    ("balance", _amount_pattern(r"\bavailable capacity(?: is| of)?")),
    ("cost", _amount_pattern(r"\b(?:specified|requested|required) capacity(?: is| of)?")),
    ("balance", _amount_pattern(r"\bcan only afford")),
    ("balance", _amount_pattern(r"\byou have(?: only)?", r"\s*(?:left|remaining|available)")),
    ("balance", _amount_pattern(r"\brequired,", r"\s*available")),
    ("balance", _amount_pattern(r"\bremaining(?: balance)?(?: is|:)")),
    ("balance", _amount_pattern(r"余额(?:为|是|：|:)?")),
    ("cost", _amount_pattern(r"\b(?:that |it |this request |this )?costs?")),
    ("cost", _amount_pattern(r"\brequested up to")),
    ("cost", _amount_pattern(r"\brequested")),
    ("cost", _amount_pattern(r"\b(?:while|and)", r"\s*(?:are |is )?required")),
    ("cost", _amount_pattern(r"", r"\s*(?:token |credit )?(?:capacity )?required")),
    ("cost", _amount_pattern(r"\b(?:needs?|requires?)(?! more)")),
    (
        "shortfall",
        _amount_pattern(
            r"\b(?:need|needs|require|requires)",
            r"\s*more(?:\s+(?P<tail>" + _UNIT_ALTERNATION + r"))?\b",
        ),
    ),
    ("shortfall", _amount_pattern(r"\bshort (?:by|of)")),
    ("limit", _amount_pattern(r"\bquota of")),
    ("limit", _amount_pattern(r"\blimit(?: of| is|:)?")),
    ("used", _amount_pattern(r"\bused")),
)
_RETRY_PROSE = re.compile(
    r"\b(?:try|retry) (?:again )?(?:in|after) ~?(?:(?P<m>\d{1,4})m)?(?P<s>\d{1,6}(?:\.\d+)?)"
    r"\s?(?:s\b|sec|seconds?)|\b(?:try|retry) (?:again )?(?:in|after) ~?(?P<mo>\d{1,4})\s?"
    r"(?:m\b|min|minutes?)",
    _RE,
)
_RATE_UNIT = re.compile(
    r"\b(?P<unit>tokens?|requests?|characters?) per (?:second|minute|min|hour|day)\b", _RE
)

_FIELD_ROLES: dict[str, str] = {
    "balance": "balance",
    "current_balance": "balance",
    "available_balance": "balance",
    "account_balance": "balance",
    "credit_balance": "balance",
    "credits_remaining": "balance",
    "remaining_credits": "balance",
    "remaining": "balance",
    "available": "balance",
    "available_credits": "balance",
    "credits": "balance",
    "cost": "cost",
    "price": "cost",
    "required": "cost",
    "required_credits": "cost",
    "amount_required": "cost",
    "requested_amount": "cost",
    "estimated_cost": "cost",
    "shortfall": "shortfall",
    "deficit": "shortfall",
    "amount_due": "shortfall",
    "limit": "limit",
    "quota": "limit",
    "character_limit": "limit",
    "credit_limit": "limit",
    "hard_limit": "limit",
    "hard_limit_usd": "limit",
    "quota_limit": "limit",
    "used": "used",
    "usage": "used",
    "character_used": "used",
    "credits_used": "used",
    "total_usage": "used",
    "quota_used": "used",
}
_FIELD_UNITS = {"character_limit": "characters", "character_used": "characters"}
_CURRENCY_KEYS = ("currency", "currency_code", "currencycode", "unit")


@dataclass
class _Evidence:
    """What the decoded payload contains, gathered in one bounded walk."""

    codes: list[str] = field(default_factory=list)
    raw_codes: list[tuple[str, str]] = field(default_factory=list)
    messages: list[tuple[int, str]] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    currency: str | None = None
    request_id: str | None = None
    urls: list[str] = field(default_factory=list)
    payload_links: list[str] = field(default_factory=list)
    anthropic_envelope: bool = False


def parse(
    payload: Any,
    *,
    http_status: int | None = None,
    recognizers: Sequence[Recognizer] = (),
) -> Notice:
    """Read ``payload`` into a :class:`Notice`. Never raises for any payload."""
    return recognize(decode(payload, http_status=http_status), recognizers)


def recognize(decoded: Decoded, recognizers: Sequence[Recognizer] = ()) -> Notice:
    """Classify decoded data and extract its numbers and links."""
    evidence = _gather(decoded)
    status = decoded.http_status or _status_from(evidence.statuses)
    notice = _build(decoded, evidence, status)
    for recognizer in recognizers:
        verdict = recognizer(decoded.data, status)
        if isinstance(verdict, Notice):
            return verdict
        if isinstance(verdict, Kind):
            return replace(notice, kind=verdict)
    return notice


def _build(decoded: Decoded, ev: _Evidence, status: int | None) -> Notice:
    prose = _without_urls(" \n ".join(ev.texts))[:_MAX_TEXT_CHARS]
    kind = _classify(ev, prose, status)
    amounts = _amounts(ev, prose)
    balance, cost = amounts.get("balance"), amounts.get("cost")
    shortfall = amounts.get("shortfall") or _difference(cost, balance)
    return Notice(
        kind=kind,
        provider=_provider(ev, prose),
        http_status=status,
        code=_best_code(ev),
        message=_best_message(ev),
        balance=balance,
        cost=cost,
        shortfall=shortfall,
        limit=amounts.get("limit"),
        used=amounts.get("used"),
        retry_after=_retry_after(decoded, prose),
        recharge_url=_recharge_link(ev),
        request_id=ev.request_id or _header(decoded, _REQUEST_ID_HEADERS),
        raw=decoded.data,
    )


# ---- gathering ------------------------------------------------------------------------------


def _gather(decoded: Decoded) -> _Evidence:
    ev = _Evidence()
    data = decoded.data
    if isinstance(data, str):
        ev.texts.append(data)
        ev.messages.append((0, data))
    else:
        for key, value, depth in _walk(data):
            _note(ev, key, value, depth)
    if decoded.salvaged and decoded.text:
        ev.texts.append(decoded.text)
    if isinstance(data, Mapping):
        inner = data.get("error")
        ev.anthropic_envelope = data.get("type") == "error" and isinstance(inner, Mapping)
    for text in ev.texts:
        ev.urls.extend(m.group(0).rstrip(".,;:!?") for m in _URL.finditer(text[:_MAX_TEXT_CHARS]))
    return ev


def _walk(data: Any, key: str = "", depth: int = 0) -> Iterator[tuple[str, Any, int]]:
    """Yield ``(key, scalar, depth)`` for every leaf; the decoder already capped the size."""
    if isinstance(data, Mapping):
        for child_key, value in data.items():
            yield from _walk(value, str(child_key), depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value, key, depth + 1)
    else:
        yield key, data, depth


def _note(ev: _Evidence, key: str, value: Any, depth: int) -> None:
    lowered = key.lower()
    if isinstance(value, str):
        ev.texts.append(value)
        if lowered in _CODE_KEYS:
            # Shown as the code whatever it holds (cleaned and capped), so that the message's
            # shape does not depend on what a provider put there; only short values classify.
            ev.raw_codes.append((lowered, value))
            if len(value) <= 120:
                ev.codes.extend(_code_tokens(value))
        if lowered in _HINT_KEYS:
            ev.hints.append(value)
        elif lowered in _MESSAGE_KEYS:
            ev.messages.append((depth, value))
        if lowered in _REQUEST_ID_KEYS and ev.request_id is None:
            ev.request_id = clean_text(value, limit=128) or None
        if lowered in _URL_KEYS:
            ev.payload_links.append(value.strip())
        if lowered in _CURRENCY_KEYS and ev.currency is None:
            ev.currency = _unit_name(value)
    is_status = isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599
    if lowered in _STATUS_KEYS and is_status:
        ev.statuses.append(value)
    if lowered in _FIELD_ROLES and lowered not in ev.fields:
        ev.fields[lowered] = value
    if lowered in ("amount", "value") and isinstance(value, (int, Decimal, str)):
        ev.fields.setdefault("$amount", value)


def _code_tokens(value: str) -> list[str]:
    # Only ASCII codes are trusted: a homoglyph ("ІNSUFFICIENT_BALANCE" with a Cyrillic І) is
    # not the code it imitates. Dotted and slashed names give their last segment too.
    if not value.isascii():
        return []
    parts = [value, *re.split(r"[./:]", value)[-1:]]
    return [re.sub(r"[^a-z0-9]", "", part.lower()) for part in parts if part]


def _status_from(statuses: list[int]) -> int | None:
    return statuses[0] if statuses else None


# ---- classification -------------------------------------------------------------------------


def _classify(ev: _Evidence, prose: str, status: int | None) -> Kind:
    scores = dict.fromkeys(Kind, 0)
    for code in ev.codes:
        kind = _CODE_KIND.get(code)
        if kind is not None:
            scores[kind] = max(scores[kind], _CODE_WEIGHT)
    for kind, pattern in _PHRASES.items():
        if pattern.search(prose):
            scores[kind] = _PHRASE_WEIGHT
    # "Insufficient funds" on a card is the card holder's money, not the API account's.
    if scores[Kind.PAYMENT_DECLINED] and "insufficientfunds" in ev.codes:
        scores[Kind.INSUFFICIENT_BALANCE] = 0
    statuses = {status, *ev.statuses} - {None}
    if 402 in statuses or re.search(r"\bpayment required\b", prose, _RE):
        scores[Kind.INSUFFICIENT_BALANCE] = max(scores[Kind.INSUFFICIENT_BALANCE], _STATUS_WEIGHT)
    if 429 in statuses:
        scores[Kind.RATE_LIMIT] = max(scores[Kind.RATE_LIMIT], _STATUS_WEIGHT)
    best = max(scores.values())
    if best == 0:
        return Kind.OTHER
    return next(kind for kind in _PRIORITY if scores[kind] == best)


def _without_urls(text: str) -> str:
    return _URL.sub(" ", text)


# ---- amounts --------------------------------------------------------------------------------


def _amounts(ev: _Evidence, prose: str) -> dict[str, Money]:
    found: dict[str, Money] = {}
    for name, value in ev.fields.items():
        role = _FIELD_ROLES.get(name)
        if role is None or role in found:
            continue
        money = _field_money(value, _FIELD_UNITS.get(name) or ev.currency)
        if money is not None:
            found[role] = money
    for role, pattern in _PROSE_AMOUNTS:
        if role in found:
            continue
        match = pattern.search(prose)
        if match is not None:
            money = _prose_money(match)
            if money is not None:
                found[role] = money
    rate_unit = _RATE_UNIT.search(prose)
    if rate_unit is not None:
        unit = _UNIT_WORDS.get(rate_unit.group("unit").lower())
        found = {role: m if m.unit else Money(m.amount, unit) for role, m in found.items()}
    return _harmonize_units(found)


def _harmonize_units(found: dict[str, Money]) -> dict[str, Money]:
    # "balance is 30, but that costs $50": amounts in one sentence share the unit that was named.
    units = {m.unit for m in found.values() if m.unit}
    if len(units) != 1:
        return found
    unit = units.pop()
    return {role: m if m.unit else Money(m.amount, unit) for role, m in found.items()}


def _field_money(value: Any, unit: str | None) -> Money | None:
    if isinstance(value, Mapping):
        amount = value.get("amount", value.get("value"))
        nested_unit = value.get("currency") or value.get("unit")
        inner_unit = _unit_name(nested_unit) if isinstance(nested_unit, str) else None
        if isinstance(amount, Mapping):
            return None
        return _field_money(amount, inner_unit or unit)
    amount = _to_decimal(value)
    return _money(amount, unit) if amount is not None else None


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        # Plain ASCII decimals only: "1.000,00", "0xff", "１２３" and exponents are not read,
        # because guessing would show a made-up number.
        text = value.strip()
        if re.fullmatch(r"[+-]?\d{1,16}(?:\.\d{1,12})?", text):
            return Decimal(text)
    return None


def _prose_money(match: re.Match[str]) -> Money | None:
    number = match.group("n1") or match.group("n2")
    if number is None:
        return None
    try:
        amount = Decimal(number.replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None
    symbol = match.group("sym") or match.group("sym2")
    unit: str | None = None
    if symbol:
        unit = _SYMBOLS.get(symbol.upper(), _SYMBOLS.get(symbol))
    elif match.group("code"):
        unit = "CNY" if match.group("code").upper() == "RMB" else match.group("code").upper()
    elif match.group("word"):
        unit = _UNIT_WORDS.get(match.group("word").lower())
    elif "tail" in match.re.groupindex and match.group("tail"):
        unit = _UNIT_WORDS.get(match.group("tail").lower())
    return _money(amount, unit)


def _money(amount: Decimal, unit: str | None) -> Money | None:
    """A Money within sane bounds, or None: no NaN, no infinities, no 4,000-digit numbers."""
    if not amount.is_finite() or amount.adjusted() >= _MAX_AMOUNT_DIGITS:
        return None
    if amount.adjusted() < -len(str(_AMOUNT_PLACES)):
        amount = Decimal(0)
    try:
        amount = amount.quantize(_AMOUNT_PLACES, rounding=ROUND_HALF_EVEN).normalize()
    except InvalidOperation:
        return None
    if amount.is_zero():
        amount = Decimal(0)
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    return Money(amount, unit)


def _unit_name(value: str) -> str | None:
    text = value.strip()
    if re.fullmatch(r"[A-Za-z]{3}", text) and text.upper() in _CODES_ISO.split("|"):
        return "CNY" if text.upper() == "RMB" else text.upper()
    return _UNIT_WORDS.get(text.lower())


def _difference(cost: Money | None, balance: Money | None) -> Money | None:
    if cost is None or balance is None or cost.unit != balance.unit:
        return None
    missing = cost.amount - balance.amount
    return _money(missing, cost.unit) if missing > 0 else None


def _retry_after(decoded: Decoded, prose: str) -> int | None:
    header = _header(decoded, ("retry-after",))
    if header and re.fullmatch(r"\d{1,6}", header.strip()):
        return int(header.strip())
    match = _RETRY_PROSE.search(prose)
    if match is None:
        return None
    if match.group("mo"):
        return int(match.group("mo")) * 60
    seconds = Decimal(match.group("s")) + 60 * int(match.group("m") or 0)
    return math.ceil(seconds)


def _header(decoded: Decoded, names: Sequence[str]) -> str | None:
    for name in names:
        value = decoded.headers.get(name)
        if value:
            return clean_text(value, limit=128)
    return None


# ---- words and links ------------------------------------------------------------------------


def _best_code(ev: _Evidence) -> str | None:
    known = [raw for _, raw in ev.raw_codes if any(t in _CODE_KIND for t in _code_tokens(raw))]
    generic = {"error", "invalid_request_error", "unknown_error", "failed", "about:blank"}
    others = [raw for _, raw in ev.raw_codes if raw.lower() not in generic]
    for candidate in (*known, *others):
        cleaned = clean_text(candidate, limit=200)
        if cleaned:
            return cleaned
    return None


def _best_message(ev: _Evidence) -> str | None:
    # JSON held in strings was unwrapped by the decoder, so what is left here is prose, even
    # when it looks like "{{1337*1337}}".
    candidates = [(d, t) for d, t in ev.messages if t.strip()]
    return _combined_messages([t for _, t in candidates] or ev.hints)


def _combined_messages(texts: list[str]) -> str | None:
    """Every distinct human-readable member, in document order (title, then detail...).

    A provider's title and detail, or message and readableMessage, each say something; a
    text contained in another is shown once.
    """
    chosen: list[str] = []
    for text in texts:
        cleaned = clean_text(text, limit=MAX_MESSAGE_CHARS)
        folded = cleaned.casefold()
        if not cleaned or any(folded in c.casefold() for c in chosen):
            continue
        chosen = [c for c in chosen if c.casefold() not in folded]
        chosen.append(cleaned)
    joined = ""
    for text in chosen:
        if joined:
            joined += " " if joined.endswith((".", "!", "?", "。", "！", "？")) else " — "
        joined += text
    return clean_text(joined, limit=MAX_MESSAGE_CHARS) or None


def _recharge_link(ev: _Evidence) -> str | None:
    for link in ev.payload_links:
        if re.match(r"https?://", link, _RE):
            return link[:2000]
    for url in ev.urls:
        path = url.split("://", 1)[-1]
        if _TOP_UP_PATH.search(path) and not _DOCS_PATH.search(path):
            return url
    return None


def _provider(ev: _Evidence, prose: str) -> str | None:
    for url in ev.urls:
        host = url.split("://", 1)[-1].split("/", 1)[0].split("@")[-1].split(":")[0].lower()
        for suffix, name in _PROVIDER_HOSTS:
            if host == suffix or host.endswith("." + suffix):
                return name
    if ev.anthropic_envelope:
        return "Anthropic"
    for code, name in _PROVIDER_CODES:
        if code in ev.codes:
            return name
    match = _PROVIDER_WORDS.search(prose)
    if match is not None:
        return _PROVIDER_WORD_NAMES.get(match.group("name"), match.group("name"))
    if any(t.startswith("type.googleapis.com") for _, t in ev.raw_codes):
        return "Google Cloud"
    return None
