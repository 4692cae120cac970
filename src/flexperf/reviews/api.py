"""The reviews API router (mounted under /api/v1/ by flexperf/api.py): cycles, evaluations,
calibration. Thin: parse, call one service or selector, respond."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.reviews import schemas as s
from flexperf.reviews import services
from flexperf.reviews.selectors import calibration as calibration_selectors
from flexperf.reviews.selectors import cycles as selectors

router = Router(tags=["reviews"])


@router.get("/reviews/cycles", response=list[s.CycleOut], summary="Review cycles you may see")
def list_cycles(request: HttpRequest) -> Any:
    cycles = selectors.cycles_visible_to(actor_of(request)).select_related("period")
    return [s.CycleOut.of(c) for c in cycles.prefetch_related("units")]


@router.post("/reviews/cycles", response={201: s.CycleOut},
             summary="Create a cycle (HR admin; HRBP for their units)")
def create_cycle(request: HttpRequest, payload: s.CycleIn) -> Reply[Any]:
    spec = services.CycleSpec(
        code=payload.code, name=payload.name, period=payload.period, units=payload.units,
        as_of=payload.as_of, start=payload.start, max_adjustment=payload.max_adjustment,
        tolerance=payload.tolerance, basis=payload.basis,
        dates={k: v for k, v in payload.dates.model_dump().items() if v is not None},
        guidance=[g.model_dump() for g in payload.guidance] if payload.guidance else None)
    cycle = services.create_cycle(actor=actor_of(request, write=True), spec=spec)
    return Reply(201, s.CycleOut.of(cycle))


@router.get("/reviews/cycles/{cycle_id}", response=s.CycleOut)
def get_cycle(request: HttpRequest, cycle_id: int) -> Any:
    return s.CycleOut.of(selectors.access_cycle(actor_of(request), cycle_id))


@router.post("/reviews/cycles/{cycle_id}/advance", response=s.CycleOut,
             summary="Move the cycle to its next phase")
def advance_cycle(request: HttpRequest, cycle_id: int) -> Any:
    return s.CycleOut.of(services.advance_cycle(actor=actor_of(request, write=True),
                                                cycle_id=cycle_id))


@router.post("/reviews/cycles/{cycle_id}/back", response=s.CycleOut,
             summary="Move the cycle one phase back (never once finalised)")
def return_cycle(request: HttpRequest, cycle_id: int) -> Any:
    return s.CycleOut.of(services.return_cycle(actor=actor_of(request, write=True),
                                               cycle_id=cycle_id))


@router.post("/reviews/cycles/{cycle_id}/close", response=s.CycleOut,
             summary="Finalise (if in calibration) and publish")
def close_cycle(request: HttpRequest, cycle_id: int) -> Any:
    return s.CycleOut.of(services.close_cycle(actor=actor_of(request, write=True),
                                              cycle_id=cycle_id))


@router.get("/reviews/cycles/{cycle_id}/missing", response=s.MissingOut,
            summary="What is missing: people without goals, self review, manager review")
def missing(request: HttpRequest, cycle_id: int) -> Any:
    actor = actor_of(request)
    return s.MissingOut.of(selectors.missing(actor, selectors.access_cycle(actor, cycle_id)))


@router.get("/reviews/cycles/{cycle_id}/distribution", response=s.DistributionOut,
            summary="Rating distribution beside the guidance (aggregates)")
def distribution(request: HttpRequest, cycle_id: int) -> Any:
    actor = actor_of(request)
    return s.DistributionOut.of(
        selectors.distribution(actor, selectors.access_cycle(actor, cycle_id)))


@router.get("/reviews/cycles/{cycle_id}/evaluations", response=list[s.EvaluationRow],
            summary="The evaluations you review in the cycle")
def team_evaluations(request: HttpRequest, cycle_id: int) -> Any:
    actor = actor_of(request)
    cycle = selectors.access_cycle(actor, cycle_id)
    return [s.EvaluationRow.of(e) for e in
            selectors.team_evaluations(actor, cycle).select_related("cycle")]


@router.get("/reviews/cycles/{cycle_id}/calibrator-shift", response=list[s.ShiftOut],
            summary="Each calibrator's average shift (HR)")
def calibrator_shift(request: HttpRequest, cycle_id: int) -> Any:
    actor = actor_of(request)
    return calibration_selectors.shift_report(actor, selectors.access_cycle(actor, cycle_id))


@router.get("/reviews/evaluations", response=list[s.EvaluationRow], summary="My evaluations")
def my_evaluations(request: HttpRequest) -> Any:
    return [s.EvaluationRow.of(e) for e in
            selectors.my_evaluations(actor_of(request)).select_related("person")]


@router.get("/reviews/evaluations/{evaluation_id}", response=s.EvaluationOut,
            summary="One evaluation: engine score and breakdown, evidence, reviews, result")
def get_evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    actor = actor_of(request)
    return s.EvaluationOut.of(selectors.describe(
        actor, selectors.access_evaluation(actor, evaluation_id)))


@router.post("/reviews/evaluations/{evaluation_id}/self-review", response=s.EvaluationOut)
def self_review(request: HttpRequest, evaluation_id: int, payload: s.SelfReviewIn) -> Any:
    actor = actor_of(request, write=True)
    evaluation = services.submit_self_review(actor=actor, evaluation_id=evaluation_id,
                                             text=payload.text, rating=payload.rating)
    return s.EvaluationOut.of(selectors.describe(actor, evaluation))


@router.post("/reviews/evaluations/{evaluation_id}/manager-review", response=s.EvaluationOut)
def manager_review(request: HttpRequest, evaluation_id: int, payload: s.ManagerReviewIn
                   ) -> Any:
    actor = actor_of(request, write=True)
    evaluation = services.submit_manager_review(
        actor=actor, evaluation_id=evaluation_id,
        review=services.ManagerReview(payload.text, payload.potential, payload.adjustment,
                                      payload.reason))
    return s.EvaluationOut.of(selectors.describe(actor, evaluation))


@router.get("/reviews/cycles/{cycle_id}/sessions", response=list[s.SessionOut])
def list_sessions(request: HttpRequest, cycle_id: int) -> Any:
    actor = actor_of(request)
    cycle = selectors.access_cycle(actor, cycle_id)
    return [s.SessionOut.of(x) for x in calibration_selectors.sessions_visible_to(actor, cycle)
            .select_related("cycle")]


@router.post("/reviews/cycles/{cycle_id}/sessions", response={201: s.SessionOut},
             summary="Open a calibration session (HR)")
def create_session(request: HttpRequest, cycle_id: int, payload: s.SessionIn) -> Reply[Any]:
    session = services.create_session(actor=actor_of(request, write=True), cycle_id=cycle_id,
                                      name=payload.name, units=payload.units,
                                      calibrators=payload.calibrators)
    return Reply(201, s.SessionOut.of(session))


@router.get("/reviews/sessions/{session_id}", response=s.BoardOut,
            summary="A session: distribution vs guidance, 9-box, people, history")
def get_session(request: HttpRequest, session_id: int) -> Any:
    actor = actor_of(request)
    return s.BoardOut.of(calibration_selectors.board(
        calibration_selectors.access_session(actor, session_id)))


@router.post("/reviews/sessions/{session_id}/changes", response={201: s.ChangeOut},
             summary="Change a rating in calibration (reason required)")
def change_rating(request: HttpRequest, session_id: int, payload: s.ChangeIn) -> Reply[Any]:
    change = services.change_rating(actor=actor_of(request, write=True), session_id=session_id,
                                    evaluation_id=payload.evaluation_id, rating=payload.rating,
                                    reason=payload.reason)
    return Reply(201, s.ChangeOut.of(change))


@router.post("/reviews/sessions/{session_id}/close", response=s.SessionOut)
def close_session(request: HttpRequest, session_id: int) -> Any:
    return s.SessionOut.of(services.close_session(actor=actor_of(request, write=True),
                                                  session_id=session_id))
