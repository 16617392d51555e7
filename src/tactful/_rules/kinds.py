"""What each :class:`Kind` is called in codes, and how strong each kind of evidence is.

Edit this file to teach the recognizer a new error code (``CODES``), or to change how ties
between kinds are broken (``PRIORITY``). Phrases in prose are in ``phrases.py``.

>>> CODES[Kind.INSUFFICIENT_BALANCE] >= {"insufficientbalance", "insufficientcredits"}
True
>>> set(PRIORITY) == set(Kind)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .._model import Kind

# ---- weights ------------------------------------------------------------------------------

STRONG = 4
"""A phrase that names the way out as well as the cause ("please recharge")."""
PHRASE = 3
"""A phrase that says what happened."""
HINT = 2
"""A code, or a phrase that leans one way ("account suspended", "temporarily")."""
WEAK = 1
"""A status such as 402 or 429, or "try again in 5s": true of several kinds."""

# ---- error codes --------------------------------------------------------------------------

# Normalized code token (lower case, letters and digits only) -> kind. A code is read from the
# fields that carry codes (code, type, status, reason, decline_code, name...) and from
# identifiers in prose (RESOURCE_EXHAUSTED, ThrottlingException).
CODES: Mapping[Kind, frozenset[str]] = MappingProxyType(
    {
        Kind.PAYMENT_DECLINED: frozenset(
            {
                "carddeclined",
                "carderror",
                "expiredcard",
                "cardexpired",
                "incorrectcvc",
                "incorrectnumber",
                "invalidcvc",
                "invalidexpirymonth",
                "invalidexpiryyear",
                "genericdecline",
                "donothonor",
                "lostcard",
                "stolencard",
                "pickupcard",
                "restrictedcard",
                "cardvelocityexceeded",
                "paymentdeclined",
                "paymentfailed",
                "paymentintentpaymentattemptfailed",
                "cardnotsupported",
                "transactionnotallowed",
                "instrumentdeclined",
                "processordeclined",
                "paymentmethoddeclined",
            }
        ),
        Kind.BILLING_DISABLED: frozenset(
            {
                "arrearage",
                "billingdisabled",
                "billingnotactive",
                "billingnotenabled",
                "billingaccountnotfound",
                "billingaccountdisabled",
                "billingaccountclosed",
                "billingnotsetup",
                "billingrequired",
                "paymentmethodrequired",
                "invalidpaymentinstrument",
                "nopaymentmethod",
                "accountinarrears",
                "accountoverdue",
                "accountoverdueerror",
                "overduepayment",
                "paymentpastdue",
                "ureqprojectbillingnotfound",
            }
        ),
        Kind.QUOTA_EXHAUSTED: frozenset(
            {
                "insufficientquota",
                "quotaexceeded",
                "quotaexhausted",
                "exceededcurrentquotaerror",
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
                "insufficientaccountbalance",
                "accountbalanceinsufficient",
                "balanceinsufficient",
                "insufficientcredits",
                "insufficientcredit",
                "insufficientcreditbalance",
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
                "openroutercredits",
                # one-api / new-api gateways call the user's prepaid credit a "quota".
                "insufficientuserquota",
            }
        ),
        Kind.RATE_LIMIT: frozenset(
            {
                "ratelimitexceeded",
                "ratelimiterror",
                "ratelimited",
                "ratelimit",
                "toomanyrequests",
                "toomanyrequestserror",
                "toomanyconcurrentrequests",
                "concurrencylimitexceeded",
                "throttlingexception",
                "throttled",
                "throttling",
                "ratequota",
                "requestlimitexceeded",
                "requestthrottled",
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
                "serviceunavailableexception",
                "modeloverloaded",
                "servertoobusy",
                "systembusy",
                "enginoverloaded",
                "datainspectionfailed",
                "contentfilter",
                "contentpolicyviolation",
                "accessdeniedexception",
                "permissiondenied",
            }
        ),
    }
)

# When two kinds have equally strong evidence, the first in this order wins: paying problems
# name their cause more precisely than generic limits do, a plan limit stops a request even
# with credit left, and a statement about capacity or entitlement explains a "per minute"
# figure better than a rate limit would.
PRIORITY = (
    Kind.PAYMENT_DECLINED,
    Kind.BILLING_DISABLED,
    Kind.QUOTA_EXHAUSTED,
    Kind.INSUFFICIENT_BALANCE,
    Kind.OTHER,
    Kind.RATE_LIMIT,
)

# A status alone is weak evidence (providers send out-of-credit as 400, 402, 403, 429 and 500):
# what each of these leans to. 529 is "overloaded".
STATUS_KINDS: Mapping[int, Kind] = MappingProxyType(
    {
        402: Kind.INSUFFICIENT_BALANCE,
        429: Kind.RATE_LIMIT,
        503: Kind.OTHER,
        529: Kind.OTHER,
    }
)

# Codes that, beside a declined payment, speak of the card holder's money, not the API
# account's ("insufficient_funds" on a card): they are no evidence of a low balance then.
CARD_HOLDER_CODES = frozenset({"insufficientfunds"})

# Code values, as written in lower case, that say nothing about what happened: shown as the
# code only when nothing better is there.
UNINFORMATIVE_CODES = frozenset(
    {"error", "invalid_request_error", "unknown_error", "failed", "about:blank"}
)
