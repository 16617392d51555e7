"""The arithmetic of a low-balance warning: how long the balance lasts, its amounts, and
whether what it would say is true (a balance above its alert level is no warning)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
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

    def mistakes(self) -> tuple[str, ...]:
        """What in these arguments cannot be said truthfully, one line each (none: all can).

        >>> usd = lambda amount: Money(Decimal(amount), "USD")
        >>> LowBalance(usd("7"), usd("5"), usd("-1"), datetime.timedelta(days=1), None).mistakes()
        ('balance 7 USD is not below the alert level 5 USD', 'burn_rate must not be negative: -1 USD')
        >>> LowBalance(usd("3"), Money(Decimal("5"), "EUR"), None, datetime.timedelta(days=1),
        ...            None).mistakes()
        ('threshold is in EUR, the balance in USD',)
        """
        if not isinstance(self.balance, Money) or not self.balance.amount.is_finite():
            return (f"balance must be a finite tactful.Money, not {self.balance!r}",)
        found = [*self._threshold_mistakes(), *self._burn_rate_mistakes()]
        if self.balance.amount <= 0:
            # A warning comes before the hard stop; at zero the stop has come.
            found.insert(0, f"balance {_shown(self.balance)} is not above zero: nothing is low")
        if self.runs_out_in is not None and self.runs_out_in <= datetime.timedelta(0):
            found.append(f"runs_out_in must be positive, not {self.runs_out_in}")
        return tuple(found)

    def _threshold_mistakes(self) -> list[str]:
        balance, threshold = self.balance, self.threshold
        if threshold is None:
            return []
        if threshold.unit != balance.unit:
            return [f"threshold is in {threshold.unit}, the balance in {balance.unit}"]
        if not threshold.amount.is_finite() or threshold.amount <= 0:
            return [f"threshold must be a positive amount: {_shown(threshold)}"]
        if balance.amount >= threshold.amount:
            return [f"balance {_shown(balance)} is not below the alert level {_shown(threshold)}"]
        return []

    def _burn_rate_mistakes(self) -> list[str]:
        rate = self.burn_rate
        if rate is None:
            return []
        if rate.unit != self.balance.unit:
            return [f"burn_rate is in {rate.unit}, the balance in {self.balance.unit}"]
        if not rate.amount.is_finite() or rate.amount < 0:
            return [f"burn_rate must not be negative: {_shown(rate)}"]
        if self.burn_period <= datetime.timedelta(0):
            return [f"burn_period must be positive, not {self.burn_period}"]
        return []

    def sayable(self) -> LowBalance:
        """This warning without the parts that would make it untrue: a threshold it is not
        below, or in another unit, and a burn rate that cannot be a pace."""
        threshold = self.threshold if not self._threshold_mistakes() else None
        burn_rate = self.burn_rate if not self._burn_rate_mistakes() else None
        return replace(self, threshold=threshold, burn_rate=burn_rate)

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


def _shown(money: Money) -> str:
    # An amount as a mistake's line shows it: "5.00 USD", "300 credits".
    return f"{money.amount} {money.unit or ''}".rstrip()


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
