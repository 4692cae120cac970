"""Cadence windows, pure: which month or quarter a day falls in, when its check-in opens and
when it is due. No ORM, no clock.

Settings (read when used, with defaults): ``FLEXPERF_CHECKIN_DUE_DAYS`` (7: a window's check-in
is due that many days after the window ends), ``FLEXPERF_CHECKIN_OPEN_DAYS`` (7: it is created
that many days before the window ends), ``FLEXPERF_CHECKIN_LOW_CONFIDENCE`` (4: a confidence at
or below it puts the person on the board's at-risk list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

MONTHLY = "monthly"
QUARTERLY = "quarterly"
CADENCES = (MONTHLY, QUARTERLY)


def due_days() -> int:
    return int(getattr(settings, "FLEXPERF_CHECKIN_DUE_DAYS", 7))


def open_days() -> int:
    return int(getattr(settings, "FLEXPERF_CHECKIN_OPEN_DAYS", 7))


def low_confidence() -> int:
    return int(getattr(settings, "FLEXPERF_CHECKIN_LOW_CONFIDENCE", 4))


@dataclass(frozen=True, order=True)
class Window:
    start: dt.date
    end: dt.date
    code: str
    cadence: str

    def due(self, days: int) -> dt.date:
        return self.end + dt.timedelta(days=days)

    def opens(self, days: int) -> dt.date:
        return self.end - dt.timedelta(days=days)


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def window_of(cadence: str, day: dt.date) -> Window:
    """The month (``2026-03``) or quarter (``2026-Q1``) that holds the day."""
    if cadence == MONTHLY:
        return Window(dt.date(day.year, day.month, 1), _month_end(day.year, day.month),
                      f"{day.year}-{day.month:02d}", MONTHLY)
    if cadence == QUARTERLY:
        quarter = (day.month - 1) // 3 + 1
        first = 3 * quarter - 2
        return Window(dt.date(day.year, first, 1), _month_end(day.year, first + 2),
                      f"{day.year}-Q{quarter}", QUARTERLY)
    raise ValueError(f"unknown cadence {cadence!r}")


def previous(window: Window) -> Window:
    return window_of(window.cadence, window.start - dt.timedelta(days=1))


def following(window: Window) -> Window:
    return window_of(window.cadence, window.end + dt.timedelta(days=1))


def current_windows(cadence: str, on: dt.date, *, opens: int, due: int) -> list[Window]:
    """The windows whose check-in is open on the day: from `opens` days before the window
    ends until its due date (`due` days after it ends), earliest first."""
    here = window_of(cadence, on)
    return [w for w in (previous(here), here) if w.opens(opens) <= on <= w.due(due)]


def windows_between(cadence: str, start: dt.date, end: dt.date) -> list[Window]:
    """Every window that ends within [start, end], in order."""
    out: list[Window] = []
    window = window_of(cadence, start)
    while window.end <= end:
        if window.end >= start:
            out.append(window)
        window = following(window)
    return out
