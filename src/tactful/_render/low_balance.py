"""The arithmetic of a low-balance warning: how long the balance lasts, and its amounts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .._model import Kind, Money, Notice


@dataclass(frozen=True)
class LowBalance:
    """What a low-balance warning is about: the arguments of ``Renderer.render_low_balance``."""

    balance: Money
    threshold: Money | None
    burn_rate: Money | None
    burn_period: datetime.timedelta
    runs_out_in: datetime.timedelta | None

    def notice(self) -> Notice:
        """The notice a warning stands for (what a fallback and ``Rendered.notice`` show)."""
        return Notice(kind=Kind.INSUFFICIENT_BALANCE, balance=self.balance)

    def amounts(self) -> dict[str, Money]:
        """The amounts as data, for channels that carry them (problem details)."""
        threshold = {"threshold": self.threshold} if self.threshold is not None else {}
        return {"balance": self.balance, **threshold}

    def runs_out(self) -> datetime.timedelta | None:
        """When the balance runs out: as given, or estimated from the burn rate."""
        if self.runs_out_in is not None:
            return self.runs_out_in
        return runway(self.balance, self.burn_rate, self.burn_period)


MAX_RUNWAY = datetime.timedelta(days=366)


def runway(
    balance: Money, burn_rate: Money | None, period: datetime.timedelta
) -> datetime.timedelta | None:
    """How long ``balance`` lasts at ``burn_rate`` per ``period``; None if that cannot be said.

    Past a year the estimate says nothing useful, so it is left out.

    >>> runway(Money(Decimal("12"), "USD"), Money(Decimal("4"), "USD"), datetime.timedelta(days=1))
    datetime.timedelta(days=3)
    >>> runway(Money(Decimal("12"), "USD"), Money(Decimal("4"), "EUR"), datetime.timedelta(days=1))
    """
    if burn_rate is None or burn_rate.unit != balance.unit or period <= datetime.timedelta(0):
        return None
    left, rate = balance.amount, burn_rate.amount
    try:
        if not (left.is_finite() and rate.is_finite()) or left <= 0 or rate <= 0:
            return None
        seconds = left / rate * Decimal(str(period.total_seconds()))
        if seconds > Decimal(str(MAX_RUNWAY.total_seconds())):
            return None
        return datetime.timedelta(seconds=int(seconds))
    except ArithmeticError:  # overflow of extreme amounts: no estimate
        return None
