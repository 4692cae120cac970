"""Submitting a check-in (the person) and discussing it (a manager up the line).

Submitting records each line's value through the goals measurement service (source
"check-in"), so progress and the audit trail hold it, all in one transaction: one bad value
and nothing at all is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.checkins import events
from flexperf.checkins.models import Checkin, CheckinLine, CheckinStatus
from flexperf.checkins.selectors import access_checkin, manages
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.goals.models import Goal, GoalStatus, MeasurementSource, Metric, OwnerKind
from flexperf.goals.services import Checks
from flexperf.goals.services import measurements as measurement_services
from flexperf.goals.services.measurements import VALUE_KINDS
from flexperf.notifications.services import message, notify

TEXT_MAX = 5000
CHECKIN_FIELDS = ("status", "obstacles", "resource_needs", "context", "coaching_note",
                  "discussed_by")
OPEN_GOALS = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION)


@dataclass(frozen=True)
class LineIn:
    goal: Goal
    metric: Metric | None
    value: Decimal | None
    confidence: int
    note: str


def goals_for(checkin: Checkin) -> list[Goal]:
    """The person's open goals whose period overlaps the check-in's window."""
    return list(Goal.objects.filter(
        owner_kind=OwnerKind.PERSON, person_id=checkin.person_id, status__in=OPEN_GOALS,
        period__start__lte=checkin.window_end, period__end__gte=checkin.window_start)
        .select_related("period").prefetch_related("metrics").order_by("title", "pk"))


def measured_metrics(goal: Goal) -> list[Metric]:
    """The goal's metrics a check-in can give a value for (not ratings or surveys)."""
    return [m for m in goal.metrics.all() if m.kind in VALUE_KINDS]


def _confidence(checks: Checks, value: Any, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        checks.add(field, _("This field is required."))
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if isinstance(value, bool) or not 0 <= number <= 10 or str(number) != str(value).strip():
        checks.add(field, _("Give a whole number from 0 to 10."))
        return None
    return number


def _id(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _lines(checks: Checks, checkin: Checkin, lines: Sequence[Mapping[str, Any]]
           ) -> list[LineIn]:
    goals = {g.pk: g for g in goals_for(checkin)}
    seen: set[int] = set()
    out: list[LineIn] = []
    for i, raw in enumerate(lines):
        at = f"lines.{i}."
        goal = goals.get(_id(raw.get("goal_id")) or 0)
        if goal is None:
            checks.add(f"{at}goal_id", _("Not one of your open goals in %(window)s.")
                       % {"window": checkin.window})
            continue
        if goal.pk in seen:
            checks.add(f"{at}goal_id", _("This goal is in the check-in twice."))
            continue
        seen.add(goal.pk)
        metric: Metric | None = None
        metric_id, value = _id(raw.get("metric_id")), raw.get("value")
        has_value = value is not None and not (isinstance(value, str) and not value.strip())
        if metric_id is not None:
            metric = next((m for m in measured_metrics(goal) if m.pk == metric_id), None)
            if metric is None:
                checks.add(f"{at}metric_id", _("Not a measured metric of this goal."))
        elif has_value:
            checks.add(f"{at}metric_id", _("Say which metric the value is for."))
        number = (checks.number(value, f"{at}value", required=True)
                  if metric is not None else None)
        confidence = _confidence(checks, raw.get("confidence"), f"{at}confidence")
        note = checks.text(raw.get("note"), f"{at}note", max_length=500)
        if confidence is not None:
            out.append(LineIn(goal, metric, number, confidence, note))
    return out


def _day(checkin: Checkin, goal: Goal, on: dt.date) -> dt.date:
    """The measurement's day: the submission day, at most the window's end, inside the goal's
    period."""
    day = min(on, checkin.window_end)
    return max(goal.period.start, min(day, goal.period.end))


def submit_checkin(*, actor: Actor, checkin_id: int, lines: Sequence[Mapping[str, Any]],
                   obstacles: str = "", resource_needs: str = "", context: str = "",
                   on: dt.date | None = None) -> Checkin:
    """The person's check-in: per goal a confidence 0–10 and optionally the new value of one
    of its measured metrics, plus obstacles, resource needs and context. Recorded once."""
    checkin = access_checkin(actor, checkin_id, record_read=False)
    if checkin.person_id != actor.person_id:
        raise Forbidden
    if checkin.status != CheckinStatus.DUE:
        raise ServiceError(Problem("status", _("This check-in was already submitted.")))
    today = on or clock.today()
    checks = Checks()
    parsed = _lines(checks, checkin, lines)
    texts = {name: checks.text(value, name, max_length=TEXT_MAX) for name, value in (
        ("obstacles", obstacles), ("resource_needs", resource_needs), ("context", context))}
    checks.raise_if_any()
    with transaction.atomic():
        locked = Checkin.objects.select_for_update().get(pk=checkin.pk)
        if locked.status != CheckinStatus.DUE:
            raise ServiceError(Problem("status", _("This check-in was already submitted.")))
        before = audit.snapshot(locked, CHECKIN_FIELDS)
        rows = []
        for i, line in enumerate(parsed):
            measurement = None
            if line.metric is not None and line.value is not None:
                try:
                    measurement = measurement_services.record_measurement(
                        actor=actor, metric_id=line.metric.pk, goal_id=line.goal.pk,
                        on=_day(locked, line.goal, today), value=line.value, note=line.note,
                        source=MeasurementSource.CHECKIN)
                except ServiceError as error:
                    raise ServiceError([Problem(f"lines.{i}.{p.field}", p.message)
                                        for p in error.problems]) from error
            rows.append(CheckinLine(checkin=locked, goal=line.goal, metric=line.metric,
                                    value=line.value, confidence=line.confidence,
                                    note=line.note, measurement=measurement))
        CheckinLine.objects.bulk_create(rows)
        locked.status = CheckinStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        for name, value in texts.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "submitted_at", *texts])
        audit.record(actor, audit.draft_for(locked, Action.UPDATE, changes=audit.diff(
            before, audit.snapshot(locked, CHECKIN_FIELDS)), context={
            "lines": [{"goal": r.goal_id, "metric": r.metric_id,
                       "value": None if r.value is None else str(r.value),
                       "confidence": r.confidence} for r in rows]}))
        manager = checkin.person.manager
        if manager is not None:
            notify(recipients=[manager.user], kind="checkin_submitted",
                   title=message(gettext_lazy("%(name)s submitted the check-in for "
                                              "%(window)s"),
                                 name=checkin.person.name, window=checkin.window),
                   url=reverse("checkin_detail", args=[checkin.pk]))
        emit(events.CheckinSubmitted(locked.pk, locked.person_id))
    return locked


def discuss_checkin(*, actor: Actor, checkin_id: int, coaching_note: str) -> Checkin:
    """A manager up the line adds the coaching note and marks the submitted check-in
    discussed."""
    checkin = access_checkin(actor, checkin_id, record_read=False)
    if not manages(actor, checkin.person):
        raise Forbidden
    checks = Checks()
    note = checks.text(coaching_note, "coaching_note", max_length=TEXT_MAX, required=True)
    checks.raise_if_any()
    with transaction.atomic():
        locked = Checkin.objects.select_for_update().get(pk=checkin.pk)
        if locked.status != CheckinStatus.SUBMITTED:
            raise ServiceError(Problem("status", _(
                "Only a submitted check-in can be discussed (this one is %(status)s).")
                % {"status": locked.get_status_display()}))
        before = audit.snapshot(locked, CHECKIN_FIELDS)
        locked.status = CheckinStatus.DISCUSSED
        locked.coaching_note = note
        locked.discussed_at = timezone.now()
        locked.discussed_by_id = actor.person_id
        locked.save(update_fields=["status", "coaching_note", "discussed_at", "discussed_by"])
        audit.record(actor, audit.draft_for(locked, Action.UPDATE, changes=audit.diff(
            before, audit.snapshot(locked, CHECKIN_FIELDS))))
        notify(recipients=[checkin.person.user], kind="checkin_discussed",
               title=message(gettext_lazy("Your check-in for %(window)s was discussed"),
                             window=checkin.window),
               url=reverse("checkin_detail", args=[checkin.pk]))
        emit(events.CheckinDiscussed(locked.pk, locked.person_id))
    return locked
