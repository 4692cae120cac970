"""Who may read a development plan: the person, their managers up the reporting line, HR in
scope (all through `people_visible_to`) and the plan's mentor. Editing: the person and their
managers (not HR, not the mentor)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.feedback.models import ActionStatus, DevelopmentPlan
from flexperf.org.selectors import people_visible_to


def plans_visible_to(actor: Actor) -> QuerySet[DevelopmentPlan]:
    if not actor.is_internal:
        return DevelopmentPlan.objects.none()
    q = Q(person__in=people_visible_to(actor).values("pk"))
    if actor.person_id is not None:
        q |= Q(mentor_id=actor.person_id)
    return DevelopmentPlan.objects.filter(q)


def access_plan(actor: Actor, plan_id: int, *, record_read: bool = False) -> DevelopmentPlan:
    """The plan, or NotFound; with `record_read`, someone else's plan is an audited read."""
    plan = (plans_visible_to(actor).select_related("person", "person__unit", "mentor", "period")
            .prefetch_related("actions").filter(pk=plan_id).first())
    if plan is None:
        raise NotFound
    if record_read and plan.person_id != actor.person_id:
        audit.record(actor, audit.draft_for(plan, Action.READ))
    return plan


def can_edit(actor: Actor, plan: DevelopmentPlan) -> bool:
    if actor.person_id is not None and plan.person_id == actor.person_id:
        return True
    return bool(actor.reporting_path) and plan.person_id != actor.person_id and \
        tree.is_within(plan.person.path, actor.reporting_path or "")


def progress(plan: DevelopmentPlan) -> Decimal | None:
    """Per cent of the plan's actions done (one decimal); None for a plan without actions."""
    actions = list(plan.actions.all())
    if not actions:
        return None
    done = sum(1 for a in actions if a.status == ActionStatus.DONE)
    return (Decimal(100 * done) / Decimal(len(actions))).quantize(Decimal("0.1"),
                                                                    ROUND_HALF_UP)
