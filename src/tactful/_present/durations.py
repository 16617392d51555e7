"""How long to wait, or how long a balance lasts: a whole count of one unit.

A duration is said as a count of one unit, and each sentence that says one is a catalog entry
per unit with plural forms (:data:`.copy.WAIT_COPY`, :data:`.copy.RUNWAY_COPY`): translators
then choose the case of the count, which a formatted duration (Babel's ``format_timedelta``)
would give in the nominative only. This module chooses the unit and the count; Babel still
formats the number (:func:`.money.format_count`).

The unit is the largest in which the duration is two or more, or exactly one ("1 hour", but
"90 minutes" rather than "2 hours" or "1.5 hours"); a duration shorter than every unit counts
one of the smallest.

>>> counted(datetime.timedelta(seconds=90), WAIT_UNITS, up=True)
('second', 90)
>>> counted(datetime.timedelta(seconds=3600), WAIT_UNITS, up=True)
('hour', 1)
>>> counted(datetime.timedelta(seconds=121), WAIT_UNITS, up=True)
('minute', 3)
>>> counted(datetime.timedelta(days=11), RUNWAY_UNITS, up=False)
('day', 11)
>>> counted(datetime.timedelta(days=21, hours=13), RUNWAY_UNITS, up=False)
('week', 3)
"""

from __future__ import annotations

import datetime

_SECOND = datetime.timedelta(seconds=1)
_MINUTE = datetime.timedelta(minutes=1)
_HOUR = datetime.timedelta(hours=1)
_DAY = datetime.timedelta(days=1)

WAIT_UNITS: tuple[tuple[str, datetime.timedelta], ...] = (
    ("day", _DAY),
    ("hour", _HOUR),
    ("minute", _MINUTE),
    ("second", _SECOND),
)
"""The units a wait is counted in, largest first (a wait is at most a week)."""

RUNWAY_UNITS: tuple[tuple[str, datetime.timedelta], ...] = (
    # A month as an estimate counts it: 30 days, so "about 2 months" is at least 60 days.
    ("month", 30 * _DAY),
    ("week", 7 * _DAY),
    ("day", _DAY),
    ("hour", _HOUR),
    ("minute", _MINUTE),
)
"""The units a balance's runway is counted in, largest first."""


def counted(
    duration: datetime.timedelta,
    units: tuple[tuple[str, datetime.timedelta], ...],
    *,
    up: bool,
) -> tuple[str, int]:
    """``duration`` as (unit, whole count) in the largest of ``units`` (largest first) in
    which it is at least two, or exactly one.

    ``up`` rounds a part unit up, as a wait must (never say less than was asked); otherwise
    to the nearest, half up, as an estimate may ("about").
    """
    for name, size in units[:-1]:
        whole, rest = divmod(duration, size)
        if whole >= 2 or (whole == 1 and not rest):
            return name, whole + _part(rest, size, up)
    name, size = units[-1]
    whole, rest = divmod(duration, size)
    return name, max(1, whole + _part(rest, size, up))


def _part(rest: datetime.timedelta, size: datetime.timedelta, up: bool) -> int:
    # What a remainder adds to the count: one if rounding up and there is any, or if it is
    # at least half a unit.
    return int(rest > datetime.timedelta(0) if up else rest * 2 >= size)
