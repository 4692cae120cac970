"""Jobs of the goals domain: checking the signals goals watch."""

from __future__ import annotations

from flexperf.core.queue import periodic, task
from flexperf.goals.services import series


@task()
def check_signals_job(series_ids: list[int]) -> int:
    """Check the goals watching these series, after new points (or a new link) committed."""
    return len(series.check_signals(actor=series.SIGNALS_ACTOR, series_ids=series_ids))


@periodic(minute="30", hour="6")
def check_all_signals_daily() -> int:
    """Every morning, every active link: catches points written by any path, and retries
    what a failed job missed."""
    return len(series.check_signals(actor=series.SIGNALS_ACTOR))
