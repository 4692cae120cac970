"""The day the product judges by.

Progress against the expected path, due and overdue check-ins, phase reminders and the
default "as of" of a score all depend on what today is. That is the local date, unless the
`FLEXPERF_TODAY` setting pins it: `flexperf demo` pins it to the demo's own date (30 June 2026)
so the demo's story — goals on track or behind, check-ins due — does not age with the
calendar. Timestamps of changes (created_at, the audit trail) stay real.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    pinned = getattr(settings, "FLEXPERF_TODAY", None)
    if isinstance(pinned, dt.date):
        return pinned
    return timezone.localdate()

