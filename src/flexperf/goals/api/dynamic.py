"""Dynamic goals over the API: external series and their points, signal links, adjustments
(propose, the approver's queue, approve, reject, cancel), a goal's history and the period
report. Mount with prefix "" (paths start /series, /signal-links, /adjustments, /goals)."""

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.core.actors import Actor
from flexperf.goals.models import Adjustment
from flexperf.goals.schemas.dynamic import (
    AdjustmentIn,
    AdjustmentOut,
    ApproveIn,
    HistoryOut,
    LoadCountsOut,
    PointIn,
    PointOut,
    PointsFilter,
    RejectIn,
    ReportRowOut,
    SeriesImportOut,
    SeriesIn,
    SeriesOut,
    SignalLinkFilter,
    SignalLinkIn,
    SignalLinkOut,
)
from flexperf.goals.selectors import dynamic as selectors
from flexperf.goals.services import adjustments as adjustment_services
from flexperf.goals.services import series as series_services

router = Router(tags=["dynamic goals"])


# --- series --------------------------------------------------------------------------------


@router.get("/series", response=list[SeriesOut], summary="External series")
@paginate(PageNumberPagination)
def list_series(request: HttpRequest) -> Any:
    return selectors.series_visible_to(actor_of(request)).order_by("code")


@router.post("/series", response={201: SeriesOut}, summary="Create an external series (HR admin)")
def create_series(request: HttpRequest, payload: SeriesIn) -> Reply[Any]:
    return Reply(201, series_services.create_series(actor=actor_of(request, write=True),
                                                    **payload.model_dump()))


@router.get("/series/{int:series_id}", response=SeriesOut, summary="One external series")
def get_series(request: HttpRequest, series_id: int) -> Any:
    return selectors.access_series(actor_of(request), series_id)


@router.get("/series/{int:series_id}/points", response=list[PointOut],
            summary="A series' points, oldest first")
@paginate(PageNumberPagination)
def list_points(request: HttpRequest, series_id: int, filters: Query[PointsFilter]) -> Any:
    return selectors.points_of(actor_of(request), series_id, since=filters.since,
                               until=filters.until)


@router.post("/series/{int:series_id}/points", response=LoadCountsOut,
             summary="Load points of a series (HR admin; idempotent)")
def load_points(request: HttpRequest, series_id: int, points: list[PointIn]) -> Any:
    """`[{"on": "2026-03-31", "value": 123.4}, …]`. A point is stored once per date: a date
    already stored is updated when its value differs and left alone when it does not, so
    sending the same data again changes nothing. The goals watching the series are checked
    after the load."""
    counts = series_services.load_points(actor=actor_of(request, write=True),
                                         series_id=series_id,
                                         points=[p.model_dump() for p in points])
    return asdict(counts)


@router.post("/series/import", response={200: SeriesImportOut, 422: SeriesImportOut},
             summary="Load points from a CSV file (HR admin)")
def import_points(request: HttpRequest, file: File[UploadedFile],
                  series: Form[str] = "") -> Reply[Any]:
    """Columns `series, date, value` (or `date, value` with the form field `series` naming
    the series code), in a CSV file or an XLSX workbook's sheet named `points`. Every row is
    checked first; if any is bad, nothing is written and the report names the row and column
    of each problem."""
    report = series_services.import_points(actor=actor_of(request, write=True),
                                           data=file.read(), filename=file.name or "points.csv",
                                           series_code=series or None)
    return Reply(200 if report.ok else 422, {
        "ok": report.ok, "rows": report.rows,
        "counts": {code: asdict(c) for code, c in report.counts.items()},
        "problems": [{"row": p.row, "column": p.field, "message": p.message}
                     for p in report.problems]})


# --- signal links --------------------------------------------------------------------------


@router.get("/signal-links", response=list[SignalLinkOut],
            summary="Signals watched by the goals you can see")
@paginate(PageNumberPagination)
def list_signal_links(request: HttpRequest, filters: Query[SignalLinkFilter]) -> Any:
    return selectors.signal_links_visible_to(actor_of(request), goal_id=filters.goal,
                                             active=filters.active)


@router.post("/signal-links", response={201: SignalLinkOut},
             summary="Let a goal watch a series (manager-level on the goal)")
def create_signal_link(request: HttpRequest, payload: SignalLinkIn) -> Reply[Any]:
    """When each of the series' latest `consecutive_periods` points deviates from
    `plan_value` by more than `threshold_pct` %, the goal goes under discussion and its owner
    and manager are told."""
    return Reply(201, series_services.create_signal_link(actor=actor_of(request, write=True),
                                                        **payload.model_dump()))


@router.post("/signal-links/{int:link_id}/deactivate", response=SignalLinkOut,
             summary="Stop watching a series")
def deactivate_signal_link(request: HttpRequest, link_id: int) -> Any:
    return series_services.deactivate_signal_link(actor=actor_of(request, write=True),
                                                  link_id=link_id)


# --- adjustments ---------------------------------------------------------------------------


def _adjustment(actor: Actor, entry: selectors.AdjustmentEntry) -> dict[str, Any]:
    a = entry.adjustment
    return {
        "id": a.pk, "goal_id": a.goal_id, "goal_title": a.goal.title, "kind": a.kind,
        "status": a.status, "changes": [asdict(c) for c in entry.changes],
        "reason": a.reason, "evidence": a.evidence, "trigger_id": a.trigger_id,
        "signal": a.trigger.series.code if a.trigger else "",
        "trigger_detail": a.trigger_detail, "approver_role": a.approver_role,
        "guard_note": a.guard_note, "proposed_by": a.proposed_by_username,
        "proposed_at": a.proposed_at, "decided_by": a.decided_by_username,
        "decided_at": a.decided_at, "decision_note": a.decision_note,
        "effective_from": a.effective_from, "version": entry.version_number,
        "can_decide": selectors.can_decide(actor, a),
        "can_cancel": a.status == "pending" and selectors.is_proposer(actor, a),
    }


def _one(actor: Actor, adjustment: Adjustment) -> dict[str, Any]:
    found = selectors.access_adjustment(actor, adjustment.pk)
    return _adjustment(actor, selectors.describe_adjustment(found))


@router.post("/goals/{int:goal_id}/adjustments", response={201: AdjustmentOut},
             summary="Propose an adjustment of an active goal (owner or manager-level)")
def propose_adjustment(request: HttpRequest, goal_id: int, payload: AdjustmentIn) -> Reply[Any]:
    """New target/threshold/stretch of metrics, weight, due date, milestone dates/weights, or
    `kind: withdraw`; a reason and evidence are required. The guard routes it to the manager
    or HRBP (per the scheme), or to HR when the goal was adjusted too often or too recently
    (`guard_note` says why)."""
    actor = actor_of(request, write=True)
    adjustment = adjustment_services.propose_adjustment(
        actor=actor, goal_id=goal_id, kind=payload.kind, reason=payload.reason,
        evidence=payload.evidence, trigger_id=payload.trigger_id,
        changes=payload.changes.model_dump(exclude_none=True, exclude_defaults=True)
        if payload.changes else {})
    return Reply(201, _one(actor, adjustment))


@router.get("/adjustments/queue", response=list[AdjustmentOut],
            summary="Pending adjustments you may decide")
def adjustment_queue(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_of(request)
    return [_adjustment(actor, entry) for entry in
            selectors.describe_adjustments(selectors.adjustment_queue(actor))]


@router.get("/adjustments/report", response={200: list[ReportRowOut]},
            summary="Every adjustment of a period's goals (HR and managers)")
def adjustments_report(request: HttpRequest, period: str, format: str = "json") -> Any:
    """Goals of period P and of the periods inside it (a year's report holds its quarters'
    goals), as far as you may see them. `format=csv` downloads a spreadsheet."""
    actor = actor_of(request)
    rows = selectors.adjustments_report(actor, period)
    if format == "csv":
        response = HttpResponse(selectors.report_csv(rows), content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="adjustments-{period.strip().upper()}.csv"')
        return response
    return [_adjustment(actor, selectors.AdjustmentEntry(r.adjustment, r.changes,
                                                         r.version_number))
            | {"owner": r.owner, "period": r.adjustment.goal.period.code} for r in rows]


@router.get("/adjustments/{int:adjustment_id}", response=AdjustmentOut, summary="One adjustment")
def get_adjustment(request: HttpRequest, adjustment_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    return _adjustment(actor, selectors.describe_adjustment(
        selectors.access_adjustment(actor, adjustment_id)))


@router.post("/adjustments/{int:adjustment_id}/approve", response=AdjustmentOut,
             summary="Approve an adjustment (whom the routing allows, never the proposer)")
def approve_adjustment(request: HttpRequest, adjustment_id: int,
                       payload: ApproveIn) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    adjustment = adjustment_services.approve_adjustment(
        actor=actor, adjustment_id=adjustment_id, note=payload.note,
        effective_from=payload.effective_from)
    return _one(actor, adjustment)


@router.post("/adjustments/{int:adjustment_id}/reject", response=AdjustmentOut,
             summary="Reject an adjustment, with a note")
def reject_adjustment(request: HttpRequest, adjustment_id: int,
                      payload: RejectIn) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    adjustment = adjustment_services.reject_adjustment(actor=actor, adjustment_id=adjustment_id,
                                                       note=payload.note)
    return _one(actor, adjustment)


@router.post("/adjustments/{int:adjustment_id}/cancel", response=AdjustmentOut,
             summary="Take back your pending proposal")
def cancel_adjustment(request: HttpRequest, adjustment_id: int) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    adjustment = adjustment_services.cancel_adjustment(actor=actor, adjustment_id=adjustment_id)
    return _one(actor, adjustment)


# --- history -------------------------------------------------------------------------------


@router.get("/goals/{int:goal_id}/history", response=HistoryOut,
            summary="A goal's versions and adjustments, old → new")
def goal_history(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    """Every version (who proposed, who approved, when, why, what changed against the version
    before) and every adjustment (with its triggering signal and the guard's note)."""
    actor = actor_of(request)
    history = selectors.goal_history(actor, goal_id)
    goal = history.goal
    return {
        "goal_id": goal.pk, "title": goal.title, "status": goal.status,
        "version": goal.version, "discussion_reason": goal.discussion_reason,
        "discussion_since": goal.discussion_since,
        "versions": [{
            "number": e.version.number, "effective_from": e.version.effective_from,
            "reason": e.version.reason, "created_by": e.version.created_by_username,
            "approved_by": e.version.approved_by_username,
            "adjustment_id": e.version.adjustment_id, "created_at": e.version.created_at,
            "changes": [asdict(c) for c in e.changes]} for e in history.versions],
        "adjustments": [_adjustment(actor, e) for e in history.adjustments],
    }
