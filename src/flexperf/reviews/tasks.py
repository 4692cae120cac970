"""Jobs of the reviews domain: deadline reminders."""

from __future__ import annotations

from flexperf.core import clock
from flexperf.core.actors import Actor, Via
from flexperf.core.queue import periodic
from flexperf.reviews.services.reminders import send_reminders


@periodic(minute="0", hour="8")
def review_reminders_daily() -> int:
    """Every morning: remind whoever still has to write, three days before a deadline and on
    the day."""
    return send_reminders(actor=Actor.system(via=Via.SYSTEM, username="reviews"),
                          today=clock.today())
