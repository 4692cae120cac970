"""Jobs of the recognition domain: the monthly giving budgets."""

from __future__ import annotations

from flexperf.core.actors import Actor, Via
from flexperf.core.queue import periodic
from flexperf.recognition.services.budgets import allocate_budgets

JOB_ACTOR = Actor.system(via=Via.SYSTEM, username="system:recognition-budgets")


@periodic(minute="5", hour="0")
def allocate_budgets_daily() -> int:
    """Every night: this month's budgets for everyone active (idempotent, so a new joiner gets
    theirs the next night and the first night of a month expires last month's leftovers)."""
    return allocate_budgets(actor=JOB_ACTOR).allocated
