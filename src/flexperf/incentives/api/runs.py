"""Payout runs, statements and the fairness report over the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.incentives.engine import render
from flexperf.incentives.exporting import export_run
from flexperf.incentives.fairness import DimensionReport
from flexperf.incentives.models import PayoutRun
from flexperf.incentives.schemas import (
    FairnessOut,
    LineOut,
    MyStatementOut,
    RunIn,
    RunOut,
    StatementOut,
)
from flexperf.incentives.selectors import policies as selectors
from flexperf.incentives.selectors import statements
from flexperf.incentives.selectors.fairness import DEFAULT_MIN_GROUP, fairness_report
from flexperf.incentives.services import runs as services

router = Router(tags=["incentives"])


def _run(run: PayoutRun) -> dict[str, Any]:
    return {"id": run.pk, "cycle_id": run.cycle_id, "cycle_code": run.cycle.code,
            "policy_code": run.policy_version.policy.code,
            "policy_version": run.policy_version.number, "status": run.status,
            "people": run.people, "totals": run.totals, "computed_at": run.computed_at,
            "approved_at": run.approved_at}


@router.get("/incentives/runs", response=list[RunOut], summary="Payout runs (HR)")
def list_runs(request: HttpRequest) -> Any:
    return [_run(r) for r in selectors.runs_visible_to(actor_of(request))]


@router.post("/incentives/runs", response={201: RunOut},
             summary="Compute a finalised cycle's payouts (HR admin)")
def compute(request: HttpRequest, payload: RunIn) -> Reply[Any]:
    """Uses the policy's latest version; replaces the cycle's draft run under that policy;
    refused before the cycle is finalised and once a run is approved."""
    run = services.compute_payouts(actor=actor_of(request, write=True),
                                   cycle_id=payload.cycle_id, policy_id=payload.policy_id)
    return Reply(201, _run(selectors.access_run(actor_of(request), run.pk)))


@router.get("/incentives/runs/{run_id}", response=RunOut, summary="A payout run (HR)")
def get_run(request: HttpRequest, run_id: int) -> Any:
    return _run(selectors.access_run(actor_of(request), run_id))


@router.post("/incentives/runs/{run_id}/approve", response=RunOut,
             summary="Approve a payout run (HR admin)")
def approve(request: HttpRequest, run_id: int) -> Any:
    services.approve_run(actor=actor_of(request, write=True), run_id=run_id)
    return _run(selectors.access_run(actor_of(request), run_id))


@router.get("/incentives/runs/{run_id}/lines", response=list[LineOut],
            summary="A run's payout lines for the people in your scope (HR)")
def run_lines(request: HttpRequest, run_id: int) -> Any:
    actor = actor_of(request)
    run = selectors.access_run(actor, run_id)
    lines = list(selectors.lines_of(actor, run))
    selectors.record_lines_read(actor, run, lines)
    return [{"person_id": line.person_id, "employee_number": line.person.employee_number,
             "kind": line.kind, "amount": line.amount, "currency": line.currency,
             "reference": line.reference, "statement": render(line.statement)}
            for line in lines]


@router.get("/incentives/runs/{run_id}/export", summary="Export a run as CSV or XLSX (HR)",
            response={200: None})
def export(request: HttpRequest, run_id: int, format: str = "csv") -> HttpResponse:
    exported = export_run(actor_of(request), run_id, format)
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@router.get("/incentives/statements/mine", response=list[MyStatementOut],
            summary="The cycles with a payout statement for you")
def my_statements(request: HttpRequest) -> Any:
    return [{"cycle_id": c.id, "cycle_code": c.code, "cycle_name": c.name}
            for c in statements.my_statement_cycles(actor_of(request))]


@router.get("/incentives/statements/{cycle_id}/{person_id}", response=StatementOut,
            summary="A payout statement: your own (published cycle, approved run), or HR's")
def statement(request: HttpRequest, cycle_id: int, person_id: int) -> Any:
    found = statements.access_statement(actor_of(request), cycle_id, person_id)
    return {"person_id": found.person.pk, "cycle_id": found.cycle.id,
            "cycle_code": found.cycle.code, "run_id": found.run.pk,
            "policy_version": found.policy_version, "draft": found.draft,
            "totals": found.totals,
            "lines": [{"person_id": found.person.pk,
                       "employee_number": found.person.employee_number, "kind": line.kind,
                       "amount": line.amount, "currency": line.currency,
                       "reference": line.reference, "statement": line.sentences}
                      for line in found.lines]}


def _dimension(d: DimensionReport) -> dict[str, Any]:
    return {"dimension": d.dimension, "flagged": d.flagged,
            "groups": [{"name": g.name, "size": g.size, "too_small": g.too_small,
                        "ratings": dict(g.ratings), "payout_total": g.payout_total,
                        "payout_mean": g.payout_mean, "top": g.top, "bonus": g.bonus}
                       for g in d.groups]}


@router.get("/incentives/cycles/{cycle_id}/fairness", response=FairnessOut,
            summary="A cycle's fairness report (HR only)")
def fairness(request: HttpRequest, cycle_id: int, min_group: int = DEFAULT_MIN_GROUP) -> Any:
    """Rating and payout distributions by gender, age band, location, unit and population,
    with the adverse-impact ratio of each group (below 0.8 flagged; groups smaller than
    `min_group` shown as too small)."""
    found = fairness_report(actor_of(request), cycle_id, min_group=min_group)
    return {"cycle_id": found.cycle.id, "cycle_code": found.cycle.code,
            "run_id": found.run.pk if found.run else None, "people": found.people,
            "min_group": found.min_group, "top_ratings": list(found.top_ratings),
            "dimensions": [_dimension(d) for d in found.dimensions]}
