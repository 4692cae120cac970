"""Leaderboard periods: the month, quarter or year holding a day (pure, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Span:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)


def span(kind: str, on: dt.date) -> Span:
    if kind == "month":
        start = on.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    elif kind == "quarter":
        first = 3 * ((on.month - 1) // 3) + 1
        start = dt.date(on.year, first, 1)
        end = (dt.date(on.year + (first + 3 > 12), (first + 2) % 12 + 1, 1)
               - dt.timedelta(days=1))
    elif kind == "year":
        start, end = dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    else:
        raise ValueError(kind)
    return Span(kind, start, end)


def months_back(on: dt.date, n: int) -> list[Span]:
    """The `n` months ending with the month of `on`, oldest first."""
    out: list[Span] = []
    year, month = on.year, on.month
    for _ in range(n):
        out.append(span("month", dt.date(year, month, 1)))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]
