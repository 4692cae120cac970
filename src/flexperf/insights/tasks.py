"""Jobs of the insights domain: the daily refresh and the follow-up of raised insights."""

from __future__ import annotations

from flexperf.core import clock
from flexperf.core.actors import Actor, Via
from flexperf.core.queue import periodic
from flexperf.insights.services import follow_up_due, refresh_insights

JOB_ACTOR = Actor.system(via=Via.SYSTEM, username="system:insights")


@periodic(minute="30", hour="3")
def refresh_insights_daily() -> int:
    """After the night's ingestion: features, rules and models as of today; returns how many
    insights were raised."""
    return refresh_insights(actor=JOB_ACTOR, as_of=clock.today()).insights_created


@periodic(minute="45", hour="3")
def follow_up_insights_daily() -> int:
    """Insights whose follow-up day has come get their risk measured again (also part of the
    refresh; this job keeps outcomes current when the refresh is switched off)."""
    return follow_up_due(actor=JOB_ACTOR, as_of=clock.today())
