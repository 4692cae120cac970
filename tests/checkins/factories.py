"""Check-ins for tests, made through the scheduling service where it matters."""

from __future__ import annotations

import datetime as dt

from flexperf.checkins import windows
from flexperf.checkins.models import Checkin
from flexperf.org.models import Person


def checkin(person: Person, window: str = "2026-Q1", *, cadence: str = "quarterly"
            ) -> Checkin:
    """A due check-in of the person for the window ('2026-Q1' or '2026-03')."""
    year, _dash, part = window.partition("-")
    if part.startswith("Q"):
        day = dt.date(int(year), 3 * int(part[1:]), 1)
    else:
        day = dt.date(int(year), int(part), 1)
    span = windows.window_of(cadence, day)
    return Checkin.objects.create(person=person, cadence=cadence, window=span.code,
                                  window_start=span.start, window_end=span.end,
                                  due_date=span.due(windows.due_days()))
