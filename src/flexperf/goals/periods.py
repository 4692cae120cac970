"""Period codes, read without the database: "2026" (year), "2026-H1"/"2026-H2" (half),
"2026-Q1".."2026-Q4" (quarter), "2026-01".."2026-12" (month). Start and end are inclusive."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from flexperf.goals.models.choices import PeriodKind

MIN_YEAR, MAX_YEAR = 1900, 2999
_CODE = re.compile(r"^(?P<year>[0-9]{4})(?:-(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|"
                   r"(?P<month>0[1-9]|1[0-2])))?$")


class PeriodCodeError(ValueError):
    """The text is not a period code; the message says what is expected."""


@dataclass(frozen=True)
class Span:
    code: str
    kind: PeriodKind
    start: dt.date
    end: dt.date

    def encloses(self, other: Span) -> bool:
        return encloses(self.start, self.end, other.start, other.end)


def parse(code: str) -> Span:
    """The period a code names; `PeriodCodeError` when it names none."""
    text = (code or "").strip().upper()
    match = _CODE.match(text)
    if match is None:
        raise PeriodCodeError(_("'%(code)s' is not a period: use 2026, 2026-H1, 2026-Q3 or "
                                "2026-11.") % {"code": code})
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodCodeError(_("The year must be between %(min)d and %(max)d.")
                              % {"min": MIN_YEAR, "max": MAX_YEAR})
    if match["half"]:
        first = 1 if match["half"] == "H1" else 7
        return Span(text, PeriodKind.HALF, dt.date(year, first, 1), _month_end(year, first + 5))
    if match["quarter"]:
        first = 3 * int(match["quarter"][1]) - 2
        return Span(text, PeriodKind.QUARTER, dt.date(year, first, 1),
                    _month_end(year, first + 2))
    if match["month"]:
        month = int(match["month"])
        return Span(text, PeriodKind.MONTH, dt.date(year, month, 1), _month_end(year, month))
    return Span(text, PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))


def code_for(kind: str, day: dt.date) -> str:
    """The code of the period of `kind` that contains `day`."""
    if kind == PeriodKind.YEAR:
        return f"{day.year}"
    if kind == PeriodKind.HALF:
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if kind == PeriodKind.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind == PeriodKind.MONTH:
        return f"{day.year}-{day.month:02d}"
    raise PeriodCodeError(_("Unknown period kind '%(kind)s'.") % {"kind": kind})


def encloses(outer_start: dt.date, outer_end: dt.date, inner_start: dt.date,
             inner_end: dt.date) -> bool:
    """Whether the outer period covers every day of the inner one (a period encloses itself)."""
    return outer_start <= inner_start and inner_end <= outer_end


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
