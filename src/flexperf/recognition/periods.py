"""Budget periods: calendar months written "YYYY-MM"."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse(period: str, field: str = "period") -> str:
    if not _PERIOD.match((period or "").strip()):
        raise ServiceError(Problem(field, _('Write the month as YYYY-MM, e.g. "2026-06".')))
    return period.strip()


def bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of the month."""
    year, month = int(period[:4]), int(period[5:7])
    start = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def shift(period: str, months: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def between(first: str, last: str) -> list[str]:
    out, current = [], first
    while current <= last:
        out.append(current)
        current = shift(current, 1)
    return out
