"""Periods: created by HR admins from a code ("2026", "2026-H1", "2026-Q3", "2026-11")."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.goals import periods
from flexperf.goals.models import Period

PERIOD_FIELDS = ("code", "kind", "start", "end")


def create_period(*, actor: Actor, code: str) -> Period:
    if not actor.is_hr_admin:
        raise Forbidden
    try:
        span = periods.parse(code)
    except periods.PeriodCodeError as exc:
        raise ServiceError(Problem("code", str(exc))) from exc
    with transaction.atomic():
        if Period.objects.filter(code=span.code).exists():
            raise ServiceError(Problem("code", _("Period %(code)s already exists.")
                                       % {"code": span.code}))
        period = Period.objects.create(code=span.code, kind=span.kind, start=span.start,
                                       end=span.end)
        audit.record(actor, audit.draft_for(period, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(period, PERIOD_FIELDS))))
    return period

