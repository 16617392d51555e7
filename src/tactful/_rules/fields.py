"""The names of the members that carry codes, messages, statuses, request ids, links and amounts.

Edit this file when a provider puts something the recognizer reads in a member of a new name
(lower case, as the recognizer compares them).

>>> FIELD_ROLES["credit_balance"], FIELD_ROLES["hard_limit_usd"]
('balance', 'limit')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CODE_KEYS = frozenset(
    {
        "code",
        "type",
        "name",
        "status",
        "reason",
        "reasons",
        "reason_codes",
        "causes",
        "error",
        "errorcode",
        "error_code",
        "errortype",
        "error_type",
        "__type",
        "declinecode",
        "decline_code",
        "stripeerrorcode",
        "limit_source",
        "@type",
        "subcode",
        "kind",
    }
)
MESSAGE_KEYS = frozenset(
    {
        "message",
        "detail",
        "readablemessage",
        "error_message",
        "errormessage",
        "error_msg",
        "localizedmessage",
        "user_message",
        "error_description",
        "title",
        "msg",
        "error",
        "errmsg",
        "stripeapierror",
    }
)
# Texts that help only when nothing else speaks (Google's link descriptions, hints).
HINT_KEYS = frozenset({"description", "remedy_hint"})
# Members that list the reasons behind a generic label ({"error": "Rate limited", "reasons":
# ["premium-usage-exceeded", "not-enough-credits"]}): each code there is the specific cause,
# so it weighs as much as a code member alone and more than the label's words.
REASON_KEYS = frozenset({"reasons", "reason_codes", "causes"})
STATUS_KEYS = frozenset(
    {
        "code",
        "status",
        "statuscode",
        "status_code",
        "raw_status_code",
        "http_status",
        "httpstatus",
        "httpstatuscode",
        "upstreamstatus",
        "upstream_status",
        "$status",
    }
)
REQUEST_ID_KEYS = frozenset(
    {
        "request_id",
        "requestid",
        "request-id",
        "x-request-id",
        "aws_request_id",
        "debug_id",
        "trace_id",
    }
)
REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "apim-request-id",
    "cf-ray",
)
URL_KEYS = frozenset(
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
# The members of an amount object: {"amount": "4.50", "currency": "USD"}.
AMOUNT_KEYS = frozenset({"amount", "value"})
PROVIDER_KEYS = frozenset({"provider_name", "providername", "provider"})
RETRY_KEYS = frozenset({"retry_after", "retryafter", "retry_after_seconds", "retrydelay"})
CURRENCY_KEYS = frozenset({"currency", "currency_code", "currencycode", "unit"})

# Field name (lower case) -> the role of the amount it holds.
FIELD_ROLES: Mapping[str, str] = MappingProxyType(
    {
        "balance": "balance",
        "current_balance": "balance",
        "available_balance": "balance",
        "account_balance": "balance",
        "credit_balance": "balance",
        "remaining_balance": "balance",
        "total_balance": "balance",
        "totalbalance": "balance",
        "credits_remaining": "balance",
        "remaining_credits": "balance",
        "credits_left": "balance",
        "remaining": "balance",
        "available": "balance",
        "available_credits": "balance",
        "credits": "balance",
        "cost": "cost",
        "price": "cost",
        "required": "cost",
        "required_credits": "cost",
        "required_amount": "cost",
        "amount_required": "cost",
        "requested_amount": "cost",
        "estimated_cost": "cost",
        "shortfall": "shortfall",
        "deficit": "shortfall",
        "amount_due": "shortfall",
        "limit": "limit",
        "quota": "limit",
        "quotavalue": "limit",
        "character_limit": "limit",
        "credit_limit": "limit",
        "hard_limit": "limit",
        "hard_limit_usd": "limit",
        "quota_limit": "limit",
        "used": "used",
        "usage": "used",
        "character_used": "used",
        "character_count": "used",
        "credits_used": "used",
        "total_usage": "used",
        "quota_used": "used",
    }
)
FIELD_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "character_limit": "characters",
        "character_used": "characters",
        "character_count": "characters",
    }
)


# A member naming the window of the limit that was hit ("window": "hour"): a quota counted per
# second, minute or hour is a rate limit, whatever its code says.
WINDOW_KEYS = frozenset({"window", "period", "interval", "time_window", "limit_window"})
