"""Jobs of the checkins domain: the daily scheduling of check-ins and reminders."""

from __future__ import annotations

from flexperf.checkins.services.schedule import schedule_checkins
from flexperf.core import clock
from flexperf.core.actors import Actor, Via
from flexperf.core.queue import periodic

SCHEDULER = Actor.system(via=Via.SYSTEM, username="system:checkins")


@periodic(minute="15", hour="7")
def schedule_checkins_daily() -> dict[str, int]:
    """Every morning: create the check-ins that opened, remind who is due or overdue."""
    return schedule_checkins(actor=SCHEDULER, on=clock.today())
