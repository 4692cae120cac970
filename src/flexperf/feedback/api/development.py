"""Development plans over the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.core.actors import Actor
from flexperf.feedback import schemas
from flexperf.feedback.models import DevelopmentPlan
from flexperf.feedback.selectors import development as selectors
from flexperf.feedback.services import development as services

router = Router(tags=["development"])


def plan_out(actor: Actor, plan: DevelopmentPlan) -> dict[str, Any]:
    return {
        "id": plan.pk, "person": {"id": plan.person.pk, "name": plan.person.name},
        "period": plan.period.code if plan.period else None, "strengths": plan.strengths,
        "improvements": plan.improvements, "path": plan.path, "target_role": plan.target_role,
        "mentor": {"id": plan.mentor.pk, "name": plan.mentor.name} if plan.mentor else None,
        "actions": [{"id": a.pk, "title": a.title, "due": a.due, "status": a.status}
                    for a in plan.actions.all()],
        "progress": selectors.progress(plan), "can_edit": selectors.can_edit(actor, plan),
    }


def _data(payload: schemas.PlanIn) -> services.PlanIn:
    return services.PlanIn(
        strengths=payload.strengths, improvements=payload.improvements, path=payload.path,
        target_role=payload.target_role, mentor_id=payload.mentor_id,
        actions=[services.ActionIn(a.title, a.due, a.status) for a in payload.actions])


@router.get("/development/plans", response=list[schemas.PlanOut],
            summary="Development plans you may read")
def list_plans(request: HttpRequest, person_id: int | None = None) -> list[dict[str, Any]]:
    actor = actor_of(request)
    plans = selectors.plans_visible_to(actor).select_related("person", "person__unit",
                                                             "mentor", "period")
    if person_id is not None:
        plans = plans.filter(person_id=person_id)
    return [plan_out(actor, p) for p in plans.prefetch_related("actions")[:500]]


@router.post("/development/plans", response={201: schemas.PlanOut},
             summary="Write a development plan (the person or their manager)")
def create_plan(request: HttpRequest, payload: schemas.PlanCreateIn) -> Reply[Any]:
    actor = actor_of(request, write=True)
    plan = services.create_plan(actor=actor, person_id=payload.person_id,
                                period=payload.period, data=_data(payload))
    return Reply(201, plan_out(actor, selectors.access_plan(actor, plan.pk)))


@router.get("/development/plans/{int:plan_id}", response=schemas.PlanOut,
            summary="One development plan")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    return plan_out(actor, selectors.access_plan(actor, plan_id, record_read=True))


@router.put("/development/plans/{int:plan_id}", response=schemas.PlanOut,
            summary="Change a development plan (actions replaced as a list)")
def update_plan(request: HttpRequest, plan_id: int, payload: schemas.PlanIn) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    return plan_out(actor, services.update_plan(actor=actor, plan_id=plan_id,
                                                data=_data(payload)))
