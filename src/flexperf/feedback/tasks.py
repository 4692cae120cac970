"""Jobs of the feedback domain: closing 360 campaigns after their last day."""

from __future__ import annotations

from flexperf.core.actors import Actor, Via
from flexperf.core.queue import periodic
from flexperf.feedback.services.campaigns import close_due_campaigns

JOB_ACTOR = Actor.system(via=Via.SYSTEM, username="system:feedback360")


@periodic(minute="15", hour="0")
def close_due_campaigns_daily() -> int:
    """Just after midnight: campaigns whose closing day has passed close, so their results
    become readable without anyone having to remember."""
    return len(close_due_campaigns(actor=JOB_ACTOR))
