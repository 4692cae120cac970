"""Progress on active goals: metric values, behaviour ratings, internal-customer survey
answers, milestone acceptance and key-result confidence.

Who: values and confidence — the owner and those who manage the goal; ratings and milestone
acceptance — those who manage it (the rater is recorded); survey answers — any colleague
inside the group except the goal's owner, one answer per respondent, metric and period.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock, tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.goals import events
from flexperf.goals.models import (
    Goal,
    GoalStatus,
    Measurement,
    MeasurementSource,
    Metric,
    MetricKind,
    Milestone,
    OwnerKind,
)
from flexperf.goals.rules import ScoringRules
from flexperf.goals.selectors.access import (
    can_manage_goal,
    goals_visible_to,
    hr_covers,
    is_owner,
)
from flexperf.goals.services import Checks
from flexperf.goals.validation import KPI_LIKE
from flexperf.org.models import Person, Status

MEASUREMENT_FIELDS = ("metric", "on", "value", "source", "recorded_by", "note")
VALUE_KINDS = (*KPI_LIKE, MetricKind.KEY_RESULT)
RECORDABLE = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION)
VALUE_SOURCES = (MeasurementSource.MANUAL, MeasurementSource.IMPORT, MeasurementSource.CHECKIN,
                 MeasurementSource.SIGNAL)
Number = Decimal | int | float | str | None


def _metric(actor: Actor, metric_id: int, goal_id: int | None, *, visible: bool = True
            ) -> Metric:
    metrics = Metric.objects.select_related(
        "goal", "goal__period", "goal__person", "goal__person__unit", "goal__unit",
        "goal__component", "goal__component__scheme")
    if visible:
        metrics = metrics.filter(goal__in=goals_visible_to(actor))
    metric = metrics.filter(pk=metric_id).first()
    if metric is None or (goal_id is not None and metric.goal_id != goal_id):
        raise NotFound
    return metric


def _require_recordable(goal: Goal) -> None:
    if goal.status not in RECORDABLE:
        message = (_("Activate the goal before recording progress.")
                   if goal.status == GoalStatus.DRAFT else
                   _("The goal is %(status)s: progress can no longer be recorded.")
                   % {"status": goal.get_status_display()})
        raise ServiceError(Problem("goal", message))


def _rules(goal: Goal) -> ScoringRules:
    """The rating range of the scheme the goal counts towards (1–5 unless configured)."""
    if goal.component is None:
        return ScoringRules()
    return ScoringRules.from_overrides(goal.component.scheme.rules)


def _date(checks: Checks, goal: Goal, on: dt.date | None, field: str = "on") -> dt.date | None:
    if on is None:
        checks.add(field, _("This field is required."))
        return None
    checks.within(on, field, goal.period.start, goal.period.end)
    return on


def _rating(checks: Checks, goal: Goal, value: Number, field: str, *, whole: bool
            ) -> Decimal | None:
    rules = _rules(goal)
    number = checks.number(value, field, required=True)
    if number is None:
        return None
    low, high = Decimal(str(rules.rating_min)), Decimal(str(rules.rating_max))
    if not low <= number <= high or (whole and number != number.to_integral_value()):
        message = (_("Answer with a whole number from %(low)s to %(high)s.") if whole else
                   _("Rate from %(low)s to %(high)s."))
        checks.add(field, message % {"low": f"{low.normalize():f}",
                                     "high": f"{high.normalize():f}"})
        return None
    return number


def _write(actor: Actor, metric: Metric, *, on: dt.date, value: Decimal, source: str,
           recorded_by_id: int | None, note: str, replace: Measurement | None = None
           ) -> Measurement:
    if replace is not None:
        before = audit.snapshot(replace, MEASUREMENT_FIELDS)
        replace.on, replace.value, replace.note = on, value, note
        replace.created_at = timezone.now()
        replace.save(update_fields=["on", "value", "note", "created_at"])
        measurement, action = replace, Action.UPDATE
    else:
        before = {}
        measurement = Measurement.objects.create(metric=metric, on=on, value=value,
                                                 source=source, recorded_by_id=recorded_by_id,
                                                 note=note)
        action = Action.CREATE
    audit.record(actor, audit.draft_for(measurement, action, changes=audit.diff(
        before, audit.snapshot(measurement, MEASUREMENT_FIELDS)),
        context={"goal": metric.goal_id}))
    emit(events.MeasurementRecorded(metric.goal_id, metric.pk, measurement.pk))
    return measurement


def record_measurement(*, actor: Actor, metric_id: int, on: dt.date | None, value: Number,
                       note: str = "", source: str = MeasurementSource.MANUAL,
                       goal_id: int | None = None) -> Measurement:
    """A value of a KPI, key result, scorecard measure or SLA on a day of the goal's period."""
    metric = _metric(actor, metric_id, goal_id)
    goal = metric.goal
    _require_recordable(goal)
    if not (is_owner(actor, goal) or can_manage_goal(actor, goal)):
        raise Forbidden
    checks = Checks()
    if metric.kind not in VALUE_KINDS:
        checks.add("metric", _("%(name)s is rated, not measured: use a rating or a survey "
                               "answer.") % {"name": metric.name})
    if source not in VALUE_SOURCES:
        checks.add("source", _("'%(value)s' is not one of: %(allowed)s")
                   % {"value": source, "allowed": ", ".join(VALUE_SOURCES)})
    day = _date(checks, goal, on)
    number = checks.number(value, "value", required=True)
    note = checks.text(note, "note", max_length=500)
    checks.raise_if_any()
    assert day is not None
    assert number is not None
    with transaction.atomic():
        return _write(actor, metric, on=day, value=number, source=source,
                      recorded_by_id=actor.person_id, note=note)


def rate_behaviour(*, actor: Actor, metric_id: int, on: dt.date | None, rating: Number,
                   note: str = "", rater_id: int | None = None, goal_id: int | None = None
                   ) -> Measurement:
    """A behaviour rating by the caller (who manages the goal). HR covering the goal may
    enter a rating on behalf of another rater (`rater_id`), e.g. from a 360 import. A second
    rating by the same rater on the same day replaces the first."""
    metric = _metric(actor, metric_id, goal_id)
    goal = metric.goal
    _require_recordable(goal)
    if not can_manage_goal(actor, goal):
        raise Forbidden
    checks = Checks()
    if metric.kind != MetricKind.BEHAVIOUR:
        checks.add("metric", _("%(name)s is not a behavioural indicator.")
                   % {"name": metric.name})
    rater = _person_for(checks, actor, goal, rater_id, "rater_id")
    if rater is not None and goal.owner_kind == OwnerKind.PERSON and goal.person_id == rater.pk:
        checks.add("rater_id", _("Owners do not rate their own behaviour here."))
    day = _date(checks, goal, on)
    number = _rating(checks, goal, rating, "rating", whole=False)
    note = checks.text(note, "note", max_length=500)
    checks.raise_if_any()
    assert day is not None
    assert number is not None
    with transaction.atomic():
        same = Measurement.objects.select_for_update().filter(
            metric=metric, recorded_by=rater, on=day).first() if rater is not None else None
        return _write(actor, metric, on=day, value=number, source=MeasurementSource.RATING,
                      recorded_by_id=rater.pk if rater else None, note=note, replace=same)


def answer_survey(*, actor: Actor, metric_id: int, score: Number, on: dt.date | None = None,
                  note: str = "", respondent_id: int | None = None,
                  goal_id: int | None = None) -> Measurement:
    """An internal customer's answer (1–5) to a satisfaction survey about the goal's owner:
    any colleague except the owner (for a unit's goal: except its own people). One answer per
    respondent, metric and period: a second replaces the first. HR covering the goal may
    enter answers on behalf of respondents (`respondent_id`)."""
    # Respondents answer about colleagues whose goals they cannot otherwise see.
    metric = _metric(actor, metric_id, goal_id, visible=False)
    goal = metric.goal
    if not actor.is_internal:
        raise NotFound
    _require_recordable(goal)
    checks = Checks()
    if metric.kind != MetricKind.CSAT:
        checks.add("metric", _("%(name)s is not a satisfaction survey.") % {"name": metric.name})
    respondent = _person_for(checks, actor, goal, respondent_id, "respondent_id")
    if respondent is not None and _is_own_side(respondent, goal):
        checks.add("respondent_id", _("Internal customers answer this survey, not the goal's "
                                      "owner."))
    day = _date(checks, goal, on or clock.today())
    number = _rating(checks, goal, score, "score", whole=True)
    note = checks.text(note, "note", max_length=500)
    checks.raise_if_any()
    assert day is not None
    assert number is not None
    assert respondent is not None
    with transaction.atomic():
        earlier = Measurement.objects.select_for_update().filter(
            metric=metric, recorded_by=respondent, on__gte=goal.period.start,
            on__lte=goal.period.end).order_by("pk").first()
        return _write(actor, metric, on=day, value=number, source=MeasurementSource.SURVEY,
                      recorded_by_id=respondent.pk, note=note, replace=earlier)


def _person_for(checks: Checks, actor: Actor, goal: Goal, person_id: int | None,
                field: str) -> Person | None:
    """The caller's own person record, or — for HR covering the goal — the one named."""
    if person_id is None or person_id == actor.person_id:
        if actor.person_id is None:
            checks.add(field, _("Name the person this is from."))
            return None
        return Person.objects.select_related("unit").get(pk=actor.person_id)
    if not hr_covers(actor, goal):
        raise Forbidden
    person = Person.objects.select_related("unit").filter(pk=person_id).first()
    if person is None:
        checks.add(field, _("No such person."))
    elif person.status == Status.LEFT:
        checks.add(field, _("%(name)s has left.") % {"name": person.name})
    return person


def _is_own_side(person: Person, goal: Goal) -> bool:
    if goal.owner_kind == OwnerKind.PERSON:
        return goal.person_id == person.pk
    if goal.owner_kind == OwnerKind.UNIT and goal.unit is not None:
        return tree.is_within(person.unit.path, goal.unit.path)
    return False


def accept_milestone(*, actor: Actor, milestone_id: int, accepted_on: dt.date | None,
                     goal_id: int | None = None) -> Milestone:
    """Manager-level: the milestone is accepted on a day of the goal's period (accepting again
    moves the date)."""
    item = (Milestone.objects.select_related("goal", "goal__period", "goal__person",
                                             "goal__person__unit", "goal__unit")
            .filter(pk=milestone_id, goal__in=goals_visible_to(actor)).first())
    if item is None or (goal_id is not None and item.goal_id != goal_id):
        raise NotFound
    goal = item.goal
    _require_recordable(goal)
    if not can_manage_goal(actor, goal):
        raise Forbidden
    checks = Checks()
    day = _date(checks, goal, accepted_on, "accepted_on")
    checks.raise_if_any()
    assert day is not None
    if item.accepted_on == day:
        return item
    with transaction.atomic():
        before = item.accepted_on
        item.accepted_on = day
        item.save(update_fields=["accepted_on"])
        audit.record(actor, audit.draft_for(item, Action.UPDATE, changes={
            "accepted_on": [before.isoformat() if before else None, day.isoformat()]},
            context={"goal": goal.pk}))
        emit(events.MilestoneAccepted(goal.pk, item.pk, max(0, (day - item.due).days)))
    return item


def update_confidence(*, actor: Actor, metric_id: int, confidence: Any,
                      goal_id: int | None = None) -> Metric:
    """How sure the owner is of reaching a key result, 0–10 (not part of the goal's
    definition, so it changes freely while the goal is open)."""
    from flexperf.goals.services.goals import OPEN_STATUSES, confidence_of

    metric = _metric(actor, metric_id, goal_id)
    goal = metric.goal
    if not (is_owner(actor, goal) or can_manage_goal(actor, goal)):
        raise Forbidden
    checks = Checks()
    if goal.status not in OPEN_STATUSES:
        checks.add("goal", _("The goal is %(status)s.") % {"status": goal.get_status_display()})
    if metric.kind != MetricKind.KEY_RESULT:
        checks.add("metric", _("Only key results carry a confidence."))
    value = confidence_of(checks, confidence, "confidence")
    if value is None and not checks.has("confidence"):
        checks.add("confidence", _("This field is required."))
    checks.raise_if_any()
    if value == metric.confidence:
        return metric
    with transaction.atomic():
        before = metric.confidence
        metric.confidence = value
        metric.save(update_fields=["confidence"])
        audit.record(actor, audit.draft_for(metric, Action.UPDATE,
                                            changes={"confidence": [before, value]},
                                            context={"goal": goal.pk}))
        emit(events.GoalChanged(goal.pk, ("confidence",)))
    return metric

