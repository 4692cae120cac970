"""The one task interface. Domains define jobs in their ``tasks.py`` with :func:`task` or
:func:`periodic` and call them like functions; where they run depends on the deployment:

* embedded default (``FLEXPERF_QUEUE=inprocess``): a queue in a SQLite file in the data folder,
  drained by worker threads inside the web process (started by ``flexperf serve``);
* production (``FLEXPERF_QUEUE=redis``): a Redis queue drained by ``flexperf worker`` processes;
* tests (``FLEXPERF_QUEUE=immediate``): run at once, in the caller's thread.

Call jobs from event handlers or ``transaction.on_commit`` so they never see uncommitted data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import autodiscover_modules
from huey import crontab
from huey.consumer import Consumer
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

logger = logging.getLogger("flexperf.queue")


def task(*, retries: int = 2, retry_delay: int = 10) -> Callable[[Callable[..., Any]], Any]:
    """A background job. Arguments must be JSON-like values (ids, not model instances)."""
    return db_task(retries=retries, retry_delay=retry_delay)  # type: ignore[no-any-return]


def periodic(**schedule: str) -> Callable[[Callable[..., Any]], Any]:
    """A scheduled job, e.g. ``@periodic(minute="0", hour="2")`` for 02:00 every day."""
    return db_periodic_task(crontab(**schedule))  # type: ignore[no-any-return]


def backend_name() -> str:
    if HUEY.immediate:
        return "immediate"
    return type(HUEY).__name__


class _InProcessConsumer(Consumer):
    """Worker threads inside the web process: leave the server's signal handling alone."""

    def _set_signal_handlers(self) -> None:
        return None


_consumer: _InProcessConsumer | None = None


def start_inprocess_workers(workers: int = 2) -> bool:
    """Start queue workers as threads of this process, for the embedded default.

    Returns False (and starts nothing) when jobs run immediately or a real queue with separate
    worker processes is configured.
    """
    global _consumer
    if HUEY.immediate or type(HUEY).__name__ != "SqliteHuey" or _consumer is not None:
        return False
    autodiscover_modules("tasks")
    _consumer = _InProcessConsumer(
        HUEY, workers=workers, worker_type="thread", periodic=True, check_worker_health=False
    )
    _consumer.start()
    logger.info("in-process queue workers started (%d threads)", workers)
    return True


def stop_inprocess_workers() -> None:
    global _consumer
    if _consumer is not None:
        _consumer.stop(graceful=True)
        _consumer = None
