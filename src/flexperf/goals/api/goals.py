"""Goals over the API: lists (mine, my team, a unit), create (one body shape per paradigm),
the detail bundle, draft changes, activation, closing, progress (values, ratings, survey
answers, confidence, milestones), alignment and the alignment tree, versions, import.

Mount with prefix "" (paths start /goals). A goal outside your scope answers 404; a role
that cannot use an endpoint at all answers 403; bad input answers 422 naming the field.
"""

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status as Reply
from pydantic import BaseModel

from flexperf.accounts.api_auth import actor_of
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.goals import importing
from flexperf.goals.models import MissAnalysis
from flexperf.goals.schemas.goals import (
    AcceptIn,
    AlignedOut,
    AlignIn,
    AlignmentTreeOut,
    CloseIn,
    ConfidenceIn,
    GoalDetailOut,
    GoalFilter,
    GoalImportReportOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    MeasurementIn,
    MeasurementOut,
    MilestoneOut,
    MissAnalysisIn,
    MissAnalysisOut,
    RatingIn,
    SurveyAnswerIn,
    VersionOut,
    owner_of,
)
from flexperf.goals.selectors import access_goal, miss_analyses
from flexperf.goals.selectors import goals as selectors
from flexperf.goals.services import alignment as alignment_services
from flexperf.goals.services import context as context_services
from flexperf.goals.services import goals as goal_services
from flexperf.goals.services import measurements as measurement_services
from flexperf.goals.services.goals import MetricSpec, MilestoneSpec

router = Router(tags=["goals"])


# --- lists and detail ------------------------------------------------------------------------


@router.get("/goals", response=list[GoalOut], summary="Goals you may see")
@paginate(PageNumberPagination)
def list_goals(request: HttpRequest, filters: Query[GoalFilter]) -> Any:
    """Your own goals, your reporting line's, HR's units', and every unit and company goal
    (alignment is open to the whole group). Filters narrow the list; all of them apply."""
    return selectors.list_goals(
        actor_of(request), mine=filters.mine, team=filters.team, unit_id=filters.unit,
        period=filters.period, status=filters.status, paradigm=filters.paradigm,
        owner_kind=filters.owner)


@router.get("/goals/alignment", response=AlignmentTreeOut,
            summary="The alignment tree of a period")
def alignment_tree(request: HttpRequest, period: str) -> dict[str, Any]:
    """Company → unit → team → person goals of the period (and of the periods around and
    inside it) that you may see, each followed by the goals contributing to it. Progress
    comes from the scoring endpoints."""
    found = selectors.alignment_tree(actor_of(request), period)
    nodes = []
    parents: list[int] = []
    for depth, node in found.walk():
        del parents[depth:]
        goal = node.goal
        nodes.append({
            "id": goal.pk, "title": goal.title, "level": node.level, "owner": owner_of(goal),
            "period": goal.period.code, "paradigm": goal.paradigm, "status": goal.status,
            "depth": depth, "contribution": node.contribution,
            "parent_id": parents[-1] if parents else None,
        })
        parents.append(goal.pk)
    return {"period": found.period.code, "nodes": nodes}


@router.get("/goals/{int:goal_id}", response=GoalDetailOut,
            summary="One goal with everything on it")
def get_goal(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    """Metrics with their measurements, milestones, strategy-map links, the goals it
    contributes to and those contributing to it (the ones you may see), versions and what you
    may do with it. Reading a colleague's goal is written to the audit trail."""
    return _detail(actor_of(request), goal_id)


def _detail(actor: Actor, goal_id: int) -> dict[str, Any]:
    detail = selectors.goal_detail(actor, goal_id)
    goal = detail.goal
    positions = {m.pk: i for i, m in enumerate(detail.metrics)}
    return {
        "id": goal.pk, "period": goal.period.code, "paradigm": goal.paradigm,
        "owner": owner_of(goal), "component": GoalOut.resolve_component(goal),
        "title": goal.title, "weight": goal.weight, "status": goal.status,
        "okr_type": goal.okr_type, "due_date": goal.due_date, "version": goal.version,
        "description": goal.description, "perspective_weights": goal.perspective_weights,
        "discussion_reason": goal.discussion_reason,
        "metrics": [{
            **{name: getattr(m, name) for name in (
                "id", "kind", "name", "unit_label", "direction", "baseline", "threshold",
                "target", "stretch", "start", "confidence", "weight", "aggregation",
                "anchors")},
            "perspective": m.perspective or None,
            "measurements": detail.series[m.pk],
        } for m in detail.metrics],
        "milestones": detail.milestones,
        "links": [{"cause": positions[c], "effect": positions[e]} for c, e in detail.links],
        "parents": [_aligned(a) for a in detail.parents],
        "children": [_aligned(a) for a in detail.children],
        "versions": [_version(v) for v in detail.versions],
        "permissions": {"can_edit": detail.can_edit, "can_manage": detail.can_manage,
                        "can_record": detail.can_record, "is_owner": detail.is_owner},
    }


def _aligned(aligned: selectors.AlignedGoal) -> dict[str, Any]:
    goal = aligned.goal
    return {"id": goal.pk, "title": goal.title, "period": goal.period.code,
            "status": goal.status, "contribution": aligned.contribution}


def _version(version: Any) -> dict[str, Any]:
    return {"number": version.number, "effective_from": version.effective_from,
            "reason": version.reason, "created_by": version.created_by_username,
            "approved_by": version.approved_by_username,
            "adjustment_id": version.adjustment_id, "created_at": version.created_at,
            "definition": version.definition}


@router.get("/goals/{int:goal_id}/versions", response=list[VersionOut],
            summary="The goal's versions, oldest first")
def list_versions(request: HttpRequest, goal_id: int) -> list[dict[str, Any]]:
    """Version 1 is the definition at activation; each approved adjustment adds one. A
    period is scored with the version in force at its end."""
    return [_version(v) for v in selectors.goal_versions(actor_of(request), goal_id)]


# --- writing goals ---------------------------------------------------------------------------


def _metrics(items: list[BaseModel] | None) -> list[MetricSpec] | None:
    if items is None:
        return None
    specs = []
    for item in items:
        values = item.model_dump()
        values["perspective"] = values.get("perspective") or ""
        values["aggregation"] = values.get("aggregation") or ""
        specs.append(MetricSpec(**values))
    return specs


def _definition(payload: BaseModel, *, exclude_unset: bool) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=exclude_unset,
                                exclude={"metrics", "milestones", "links"})
    fields = payload.model_fields_set if exclude_unset else set(type(payload).model_fields)
    if "metrics" in fields:
        values["metrics"] = _metrics(getattr(payload, "metrics", None))
    if "milestones" in fields and getattr(payload, "milestones", None) is not None:
        values["milestones"] = [MilestoneSpec(m.name, m.due, m.weight)
                                for m in payload.milestones]  # type: ignore[attr-defined]
    if "links" in fields and getattr(payload, "links", None) is not None:
        values["links"] = [(link.cause, link.effect)
                           for link in payload.links]  # type: ignore[attr-defined]
    if values.get("perspective_weights") is not None:
        values["perspective_weights"] = {str(k): v for k, v in
                                         values["perspective_weights"].items()}
    return {k: v for k, v in values.items() if v is not None or k == "due_date"}


@router.post("/goals", response={201: GoalDetailOut}, summary="Create a goal (a draft)")
def create_goal(request: HttpRequest, payload: GoalIn) -> Reply[Any]:
    """The body's shape follows `paradigm`: a KPI goal has one KPI metric; an objective 2–5
    key results; a scorecard measures under perspectives with perspective weights; a project
    milestones; a service goal SLA measures and satisfaction surveys; a behaviour goal rated
    indicators. A person's goal counts towards a component of the person's scheme."""
    actor = actor_of(request, write=True)
    goal = goal_services.create_goal(actor=actor, **_definition(payload, exclude_unset=False))
    return Reply(201, _detail(actor, goal.pk))


@router.patch("/goals/{int:goal_id}", response=GoalDetailOut, summary="Change a draft")
def update_goal(request: HttpRequest, goal_id: int, payload: GoalPatch) -> dict[str, Any]:
    """Drafts only: an active goal changes through an approved adjustment."""
    actor = actor_of(request, write=True)
    goal_services.update_goal(actor=actor, goal_id=goal_id,
                              **_definition(payload, exclude_unset=True))
    return _detail(actor, goal_id)


@router.delete("/goals/{int:goal_id}", response={204: None}, summary="Delete a draft")
def delete_goal(request: HttpRequest, goal_id: int) -> Reply[None]:
    goal_services.delete_goal(actor=actor_of(request, write=True), goal_id=goal_id)
    return Reply(204, None)


@router.post("/goals/{int:goal_id}/activate", response=GoalDetailOut,
             summary="Activate a draft (manager-level)")
def activate_goal(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    """The definition becomes version 1, in force from the period's start (or today)."""
    actor = actor_of(request, write=True)
    goal_services.activate_goal(actor=actor, goal_id=goal_id)
    return _detail(actor, goal_id)


@router.post("/goals/{int:goal_id}/close", response=GoalDetailOut,
             summary="Close an active goal (manager-level)")
def close_goal(request: HttpRequest, goal_id: int, payload: CloseIn) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    goal_services.close_goal(
        actor=actor, goal_id=goal_id, missed=payload.missed,
        analysis=payload.analysis.model_dump() if payload.analysis is not None else None)
    return _detail(actor, goal_id)


def _analysis(row: MissAnalysis) -> dict[str, Any]:
    return {"goal_id": row.goal_id, "premature": row.premature,
            "premature_note": row.premature_note, "resources_matched": row.resources_matched,
            "resources_note": row.resources_note, "learned": row.learned,
            "recorded_by": row.recorded_by_username, "updated_at": row.updated_at}


@router.get("/goals/{int:goal_id}/miss-analysis", response=MissAnalysisOut,
            summary="Why the goal fell short (404 when there is no analysis)")
def read_miss_analysis(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    goal = access_goal(actor_of(request), goal_id)
    found = miss_analyses([goal.pk]).get(goal.pk)
    if found is None:
        raise NotFound
    return _analysis(found)


@router.put("/goals/{int:goal_id}/miss-analysis", response=MissAnalysisOut,
            summary="Record or revise why the goal fell short (owner, manager-level)")
def record_miss_analysis(request: HttpRequest, goal_id: int, payload: MissAnalysisIn
                         ) -> dict[str, Any]:
    return _analysis(context_services.record_miss_analysis(
        actor=actor_of(request, write=True), goal_id=goal_id, **payload.model_dump()))


# --- progress ------------------------------------------------------------------------------


@router.get("/goals/{int:goal_id}/metrics/{int:metric_id}/measurements",
            response=list[MeasurementOut], summary="A metric's time series")
def metric_series(request: HttpRequest, goal_id: int, metric_id: int) -> Any:
    return selectors.metric_series(actor_of(request), metric_id, goal_id=goal_id)


def _point(measurement: Any) -> dict[str, Any]:
    by = measurement.recorded_by
    return {"id": measurement.pk, "on": measurement.on, "value": measurement.value,
            "source": measurement.source, "by_id": by.pk if by else None,
            "by_name": by.name if by else "", "note": measurement.note}


@router.post("/goals/{int:goal_id}/metrics/{int:metric_id}/measurements",
             response={201: MeasurementOut}, summary="Record a value (owner, manager-level)")
def record_measurement(request: HttpRequest, goal_id: int, metric_id: int,
                       payload: MeasurementIn) -> Reply[Any]:
    """KPIs, key results, scorecard measures and SLAs, on a day of the goal's period."""
    measurement = measurement_services.record_measurement(
        actor=actor_of(request, write=True), metric_id=metric_id, goal_id=goal_id,
        on=payload.on, value=payload.value, note=payload.note)
    return Reply(201, _point(measurement))


@router.post("/goals/{int:goal_id}/metrics/{int:metric_id}/ratings", response={201: MeasurementOut},
             summary="Rate a behavioural indicator (manager-level)")
def rate_behaviour(request: HttpRequest, goal_id: int, metric_id: int,
                   payload: RatingIn) -> Reply[Any]:
    """You are recorded as the rater; rating again on the same day replaces your rating."""
    measurement = measurement_services.rate_behaviour(
        actor=actor_of(request, write=True), metric_id=metric_id, goal_id=goal_id,
        on=payload.on, rating=payload.rating, note=payload.note)
    return Reply(201, _point(measurement))


@router.post("/goals/{int:goal_id}/metrics/{int:metric_id}/survey", response={201: MeasurementOut},
             summary="Answer an internal-customer satisfaction survey (any colleague)")
def answer_survey(request: HttpRequest, goal_id: int, metric_id: int,
                  payload: SurveyAnswerIn) -> Reply[Any]:
    """Any colleague except the goal's owner; one answer per period (a second replaces the
    first). Only those who manage the goal see who answered."""
    measurement = measurement_services.answer_survey(
        actor=actor_of(request, write=True), metric_id=metric_id, goal_id=goal_id,
        score=payload.score, on=payload.on, note=payload.note)
    return Reply(201, _point(measurement))


@router.put("/goals/{int:goal_id}/metrics/{int:metric_id}/confidence", response=GoalDetailOut,
            summary="Update a key result's confidence (owner, manager-level)")
def update_confidence(request: HttpRequest, goal_id: int, metric_id: int,
                      payload: ConfidenceIn) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    measurement_services.update_confidence(actor=actor, metric_id=metric_id, goal_id=goal_id,
                                           confidence=payload.confidence)
    return _detail(actor, goal_id)


@router.post("/goals/{int:goal_id}/milestones/{int:milestone_id}/accept", response=MilestoneOut,
             summary="Accept a milestone (manager-level)")
def accept_milestone(request: HttpRequest, goal_id: int, milestone_id: int,
                     payload: AcceptIn) -> Any:
    return measurement_services.accept_milestone(
        actor=actor_of(request, write=True), milestone_id=milestone_id, goal_id=goal_id,
        accepted_on=payload.accepted_on)


# --- alignment -----------------------------------------------------------------------------


@router.post("/goals/{int:goal_id}/parents", response={201: AlignedOut},
             summary="Align the goal to a parent goal")
def link_goal(request: HttpRequest, goal_id: int, payload: AlignIn) -> Reply[Any]:
    """The parent is in the same period or one enclosing it; no cycles. You must see both
    goals and own or manage this one. Linking again changes the contribution."""
    link = alignment_services.link_goal(actor=actor_of(request, write=True), child_id=goal_id,
                                        parent_id=payload.parent_id,
                                        contribution=payload.contribution)
    parent = link.parent
    return Reply(201, {"id": parent.pk, "title": parent.title, "period": parent.period.code,
                       "status": parent.status, "contribution": link.contribution})


@router.delete("/goals/{int:goal_id}/parents/{int:parent_id}", response={204: None},
               summary="Stop aligning the goal to a parent goal")
def unlink_goal(request: HttpRequest, goal_id: int, parent_id: int) -> Reply[None]:
    alignment_services.unlink_goal(actor=actor_of(request, write=True), child_id=goal_id,
                                   parent_id=parent_id)
    return Reply(204, None)


# --- import --------------------------------------------------------------------------------


@router.post("/goals/import", response={200: GoalImportReportOut, 422: GoalImportReportOut},
             summary="Import goals and measurements (HR)")
def import_goals(request: HttpRequest, file: File[UploadedFile],
                 dry_run: Form[bool] = False) -> Reply[Any]:
    """An XLSX workbook with the sheets `goals` and `measurements`, a CSV of one of them, or
    a zip of CSV files. Every row is checked; if any is bad nothing is written and the report
    names the sheet, row and column of each problem."""
    report = importing.import_goals(actor=actor_of(request, write=True), data=file.read(),
                                    filename=file.name or "", dry_run=dry_run)
    return Reply(200 if report.ok else 422, report)
