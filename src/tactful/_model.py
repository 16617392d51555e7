"""The frozen data model: what tactful understood from a payload.

>>> from decimal import Decimal
>>> Money(Decimal("0.50"), "USD").is_currency
True
>>> Money(Decimal("4000"), "tokens").is_currency
False
>>> Kind("quota_exhausted") is Kind.QUOTA_EXHAUSTED
True
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


class Kind(str, enum.Enum):
    """What happened, as a careful human reads the provider's error."""

    INSUFFICIENT_BALANCE = "insufficient_balance"
    """Prepaid credit or balance ran out."""
    QUOTA_EXHAUSTED = "quota_exhausted"
    """A plan, key or spending quota is used up."""
    BILLING_DISABLED = "billing_disabled"
    """Billing is not set up, or the account is in arrears."""
    PAYMENT_DECLINED = "payment_declined"
    """A card or other payment was refused."""
    RATE_LIMIT = "rate_limit"
    """Too many requests for now; waiting fixes it. Not a money problem."""
    OTHER = "other"
    """Anything else, including look-alikes such as provider capacity limits."""

    @property
    def is_money(self) -> bool:
        """Whether paying (topping up, upgrading, fixing billing) is the way forward."""
        return self not in (Kind.RATE_LIMIT, Kind.OTHER)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Money:
    """An amount with its unit: an ISO 4217 currency code, or a unit such as ``credits``.

    ``unit`` is ``None`` when the payload gave a number without saying what it counts.
    """

    amount: Decimal
    unit: str | None = None

    @property
    def is_currency(self) -> bool:
        """Whether ``unit`` is an ISO 4217 currency code (three capital letters)."""
        return self.unit is not None and _CURRENCY_CODE.fullmatch(self.unit) is not None


@dataclass(frozen=True, slots=True)
class Notice:
    """What a payload says, as tactful understood it.

    ``message`` is the provider's own words, cleaned of control characters and capped in length;
    it is data to show, never markup or a template. ``raw`` is the decoded payload (capped in
    size and depth) for applications that want to look further.
    """

    kind: Kind
    provider: str | None = None
    http_status: int | None = None
    code: str | None = None
    message: str | None = None
    balance: Money | None = None
    cost: Money | None = None
    shortfall: Money | None = None
    limit: Money | None = None
    used: Money | None = None
    retry_after: int | None = None
    """Seconds to wait before retrying, when the provider said."""
    recharge_url: str | None = None
    """A top-up link found in the payload (http or https only; not yet checked against hosts)."""
    request_id: str | None = None
    raw: Any = field(default=None, compare=False, repr=False)

    @property
    def is_money(self) -> bool:
        """Whether the way forward is to pay: see :attr:`Kind.is_money`."""
        return self.kind.is_money


def holds_nothing(notice: Notice) -> bool:
    """Whether ``notice`` was read from a payload with nothing readable in it: kind ``other``,
    no code or HTTP status, and no message with a letter or digit in it (empty bytes, a
    failed download, binary noise that decodes to replacement characters).

    >>> holds_nothing(Notice(Kind.OTHER)), holds_nothing(Notice(Kind.OTHER, message="\ufffd"))
    (True, True)
    >>> holds_nothing(Notice(Kind.OTHER, http_status=500))
    False
    """
    return (
        notice.kind is Kind.OTHER
        and not any(char.isalnum() for char in notice.message or "")
        and not notice.code
        and notice.http_status is None
    )


AMOUNT_FIELDS = ("balance", "cost", "shortfall", "limit", "used")
"""The :class:`Notice` fields that hold amounts, in the order messages name them."""


def notice_amounts(notice: Notice) -> dict[str, Money]:
    """The amounts ``notice`` carries, by field name (absent ones left out)."""
    found = {name: getattr(notice, name) for name in AMOUNT_FIELDS}
    return {name: money for name, money in found.items() if money is not None}


def currency_of(notice: Notice) -> str | None:
    """The currency of the notice's first amount in money, if it has one: what a link's
    ``{currency}`` says even when there is no top-up amount to go with it.

    >>> currency_of(Notice(Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal("2"), "EUR")))
    'EUR'
    """
    return next((m.unit for m in notice_amounts(notice).values() if m.is_currency), None)
