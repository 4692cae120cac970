"""The insights API router (mounted under /api/v1/ by flexperf/api.py): the scoped list, one
insight, acknowledge / act / dismiss, outcomes per type, the rule settings and the refresh."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router

from flexperf.accounts.api_auth import actor_of
from flexperf.core import clock
from flexperf.core.errors import Forbidden
from flexperf.insights import presenting, schemas, selectors, services

router = Router(tags=["insights"])
LIMIT = 500


def _out(insight: Any) -> dict[str, Any]:
    return presenting.as_json(presenting.view(insight))


@router.get("/insights", response=list[schemas.InsightOut],
            summary="Insights you may see (about yourself, your people and teams, your HR scope)")
def list_insights(request: HttpRequest, kind: str = "", status: str = "",
                  person_id: int | None = None, unit_id: int | None = None,
                  mine: bool = False, limit: int = 200) -> list[dict[str, Any]]:
    actor = actor_of(request)
    selectors.require_internal(actor)
    if mine:
        found = selectors.mine(actor)
        found = found.filter(kind=kind) if kind else found
        found = found.filter(status=status) if status else found
    else:
        found = selectors.listing(actor, kind=kind, status=status, person_id=person_id,
                                  unit_id=unit_id)
    rows = list(found[:max(1, min(limit, LIMIT))])
    selectors.record_views(actor, rows)
    return [_out(i) for i in rows]


@router.get("/insights/outcomes", response=list[schemas.OutcomeOut],
            summary="Per insight type: the risk after acting vs not acting")
def outcomes(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_of(request)
    return [{"kind": r.outcome.kind, "label": r.label, "metric": r.metric,
             "lower_is_better": r.lower_is_better, "raised": r.raised,
             "acted": r.outcome.acted, "not_acted": r.outcome.not_acted,
             "mean_change_acted": r.outcome.mean_change_acted,
             "mean_change_not_acted": r.outcome.mean_change_not_acted,
             "difference": r.outcome.difference} for r in selectors.outcomes(actor)]


@router.get("/insights/settings", response=schemas.SettingsIO,
            summary="The rule thresholds (HR admin)")
def get_settings(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    if not actor.is_hr_admin:
        raise Forbidden
    return selectors.current_settings().as_dict()


@router.put("/insights/settings", response=schemas.SettingsIO,
            summary="Change rule thresholds (HR admin); fields left out keep their value")
def put_settings(request: HttpRequest, payload: schemas.SettingsIn) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    values = {k: v for k, v in payload.dict().items() if v is not None}
    return services.update_settings(actor=actor, values=values).as_dict()


@router.post("/insights/refresh", response=schemas.RefreshOut,
             summary="Refresh features, rules and models now (HR admin)")
def refresh(request: HttpRequest, payload: schemas.RefreshIn | None = None) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    if not actor.is_hr_admin:
        raise Forbidden
    as_of = payload.as_of if payload is not None and payload.as_of else clock.today()
    return asdict(services.refresh_insights(actor=actor, as_of=as_of))


@router.get("/insights/{int:insight_id}", response=schemas.InsightOut,
            summary="One insight (a read of a person-level insight is audited)")
def get_insight(request: HttpRequest, insight_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    return _out(selectors.access_insight(actor, insight_id))


@router.post("/insights/{int:insight_id}/acknowledge", response=schemas.InsightOut,
             summary="Acknowledge an open insight")
def acknowledge(request: HttpRequest, insight_id: int) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    services.acknowledge(actor=actor, insight_id=insight_id)
    return _out(selectors.access_insight(actor, insight_id, record_read=False))


@router.post("/insights/{int:insight_id}/act", response=schemas.InsightOut,
             summary="Record the action taken (check_in, rebalance, division_of_work, support, "
                     "recognition) and an optional note")
def act(request: HttpRequest, insight_id: int, payload: schemas.ActIn) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    services.act(actor=actor, insight_id=insight_id, action=payload.action, note=payload.note)
    return _out(selectors.access_insight(actor, insight_id, record_read=False))


@router.post("/insights/{int:insight_id}/dismiss", response=schemas.InsightOut,
             summary="Dismiss an insight, with a reason (required)")
def dismiss(request: HttpRequest, insight_id: int, payload: schemas.DismissIn
            ) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    services.dismiss(actor=actor, insight_id=insight_id, reason=payload.reason)
    return _out(selectors.access_insight(actor, insight_id, record_read=False))
