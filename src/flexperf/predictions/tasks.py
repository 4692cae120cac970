"""Jobs of the predictions domain: retraining the own-history attrition model every week."""

from __future__ import annotations

import logging

from flexperf.core import clock
from flexperf.core.actors import Actor, Via
from flexperf.core.errors import ServiceError
from flexperf.core.queue import periodic
from flexperf.predictions.services import train_attrition_from_history

log = logging.getLogger(__name__)


@periodic(minute="15", hour="3", day_of_week="1")
def retrain_attrition_weekly() -> int | None:
    """Mondays 03:15: a new own-history version (the newest becomes active). Too few leavers to
    cross-validate is not a failure: logged, and the current version stays."""
    try:
        version = train_attrition_from_history(
            actor=Actor.system(via=Via.SYSTEM, username="system:predictions"),
            as_of=clock.today())
    except ServiceError as exc:
        log.info("attrition model not retrained: %s", exc)
        return None
    return version.pk
