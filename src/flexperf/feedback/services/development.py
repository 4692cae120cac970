"""Writing development plans: the person and their managers create and edit; the plan's
actions are replaced as a whole list (one transaction)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.feedback.models import ActionStatus, DevelopmentAction, DevelopmentPlan
from flexperf.feedback.selectors.development import access_plan, can_edit
from flexperf.feedback.services.common import colleague, text
from flexperf.goals.models import Period
from flexperf.org.selectors import people_visible_to

FIELDS = ("person", "period", "strengths", "improvements", "path", "target_role", "mentor")


@dataclass(frozen=True)
class ActionIn:
    title: str
    due: dt.date | None = None
    status: str = ActionStatus.PLANNED


@dataclass(frozen=True)
class PlanIn:
    strengths: str = ""
    improvements: str = ""
    path: str = ""
    target_role: str = ""
    mentor_id: int | None = None
    actions: Sequence[ActionIn] = field(default_factory=tuple)


def _actions(rows: Sequence[ActionIn]) -> list[DevelopmentAction]:
    built = []
    problems = []
    for i, row in enumerate(rows):
        title = (row.title or "").strip()
        if not title:
            problems.append(Problem(f"actions.{i}.title", _("This field is required.")))
        elif len(title) > 300:
            problems.append(Problem(f"actions.{i}.title", _("At most %(n)d characters.")
                                    % {"n": 300}))
        if row.status not in ActionStatus.values:
            problems.append(Problem(f"actions.{i}.status", _("Choose one of: %(values)s.")
                                    % {"values": ", ".join(ActionStatus.values)}))
        built.append(DevelopmentAction(title=title, due=row.due, status=row.status, order=i))
    if problems:
        raise ServiceError(problems)
    return built


def _apply(plan: DevelopmentPlan, data: PlanIn) -> list[DevelopmentAction]:
    plan.strengths = text(data.strengths, "strengths", required=False)
    plan.improvements = text(data.improvements, "improvements", required=False)
    plan.path = text(data.path, "path", required=False)
    plan.target_role = text(data.target_role, "target_role", limit=200, required=False)
    plan.mentor = None
    if data.mentor_id is not None:
        mentor = colleague(data.mentor_id, "mentor_id")
        if mentor.pk == plan.person_id:
            raise ServiceError(Problem("mentor_id", _("A mentor is someone else.")))
        plan.mentor = mentor
    return _actions(data.actions)


def create_plan(*, actor: Actor, person_id: int, period: str | None, data: PlanIn
                ) -> DevelopmentPlan:
    person = people_visible_to(actor).select_related("unit").filter(pk=person_id).first()
    if person is None:
        raise NotFound
    plan = DevelopmentPlan(person=person)
    if not can_edit(actor, plan):
        raise ServiceError(Problem("person_id", _(
            "Only the person and their managers write a development plan.")))
    found_period = None
    if period:
        found_period = Period.objects.filter(code=period.strip()).first()
        if found_period is None:
            raise ServiceError(Problem("period", _("No period %(code)s.") % {"code": period}))
    plan.period = found_period
    actions = _apply(plan, data)
    with transaction.atomic():
        if DevelopmentPlan.objects.filter(person=person, period=found_period).exists():
            raise ServiceError(Problem("period", _(
                "%(name)s already has a development plan for this period.")
                % {"name": person.name}))
        plan.save()
        for action in actions:
            action.plan = plan
        DevelopmentAction.objects.bulk_create(actions)
        audit.record(actor, audit.draft_for(plan, Action.CREATE, changes={
            **audit.diff({}, audit.snapshot(plan, FIELDS)), "actions": [None, len(actions)]}))
    return plan


def update_plan(*, actor: Actor, plan_id: int, data: PlanIn) -> DevelopmentPlan:
    with transaction.atomic():
        plan = access_plan(actor, plan_id)
        if not can_edit(actor, plan):
            raise ServiceError(Problem("__all__", _(
                "Only the person and their managers change a development plan.")))
        before = audit.snapshot(plan, FIELDS)
        before_actions = [(a.title, a.status) for a in plan.actions.all()]
        actions = _apply(plan, data)
        plan.updated_at = timezone.now()
        plan.save(update_fields=[*FIELDS[2:], "updated_at"])
        DevelopmentAction.objects.filter(plan=plan).delete()
        for action in actions:
            action.plan = plan
        DevelopmentAction.objects.bulk_create(actions)
        changes: dict[str, object] = dict(audit.diff(before, audit.snapshot(plan, FIELDS)))
        after_actions = [(a.title, a.status) for a in actions]
        if after_actions != before_actions:
            changes["actions"] = [[f"{t} ({s})" for t, s in before_actions],
                                  [f"{t} ({s})" for t, s in after_actions]]
        if changes:
            audit.record(actor, audit.draft_for(plan, Action.UPDATE, changes=changes))
    return access_plan(actor, plan_id)
