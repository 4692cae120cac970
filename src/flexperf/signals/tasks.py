"""Background jobs: recompute touched weeks after ingestion; purge old events nightly."""

from __future__ import annotations

from typing import Any

from flexperf.core.queue import periodic, task


@task()
def refresh_touched_weeks() -> None:
    from flexperf.signals.services.refresh import refresh_dirty

    refresh_dirty()


@periodic(minute="30", hour="3")
def purge_old_events() -> Any:
    from flexperf.signals.services.retention import purge_events

    return purge_events(actor=None)
