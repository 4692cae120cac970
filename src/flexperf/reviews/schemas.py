"""API input and output of review cycles, evaluations and calibration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from flexperf.reviews import rules
from flexperf.reviews.models import CalibrationSession, Cycle, Evaluation, RatingChange
from flexperf.reviews.selectors.calibration import Board
from flexperf.reviews.selectors.cycles import EvaluationView, Missing

Points = Annotated[Decimal, Field(max_digits=6, decimal_places=2)]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class PhaseDates(_In):
    self_review_start: dt.date | None = None
    self_review_deadline: dt.date | None = None
    manager_review_start: dt.date | None = None
    manager_review_deadline: dt.date | None = None
    calibration_start: dt.date | None = None
    calibration_deadline: dt.date | None = None
    finalise_on: dt.date | None = None
    publish_on: dt.date | None = None


class GuidanceGroupIn(_In):
    group: str = Field(max_length=40)
    ratings: list[str]
    share: Decimal


class CycleIn(_In):
    code: str = Field(max_length=40, description="Letters, digits, - and _.")
    name: str = Field(max_length=200)
    period: str = Field(max_length=16, description="The period's code, e.g. 2026.")
    units: list[str] = Field(description="Unit codes; each covers its subtree.")
    as_of: dt.date | None = Field(None, description="Scoring date; default the period's end.")
    dates: PhaseDates = Field(default_factory=PhaseDates,
                              description="Phase dates; missing ones follow two weeks apart "
                                          "from `start`.")
    start: dt.date | None = Field(None, description="First day of self review (default today).")
    max_adjustment: Points = Decimal(10)
    guidance: list[GuidanceGroupIn] | None = None
    tolerance: Points = Decimal(5)
    basis: Literal["full", "paced"] = Field(
        "full", description="full: every goal against its full-period targets; paced: while a "
                            "goal's period runs, against where its expected path stands on "
                            "the scoring date (a mid-year review judges pace).")


class CycleOut(Schema):
    id: int
    code: str
    name: str
    period: str
    units: list[str]
    as_of: dt.date
    basis: str
    phase: str
    self_review_start: dt.date
    self_review_deadline: dt.date
    manager_review_start: dt.date
    manager_review_deadline: dt.date
    calibration_start: dt.date
    calibration_deadline: dt.date
    finalise_on: dt.date
    publish_on: dt.date
    max_adjustment: Decimal
    guidance: list[dict[str, Any]]
    tolerance: Decimal

    @staticmethod
    def of(cycle: Cycle) -> CycleOut:
        return CycleOut(
            id=cycle.pk, code=cycle.code, name=cycle.name, period=cycle.period.code,
            units=sorted(u.code for u in cycle.units.all()), as_of=cycle.as_of, basis=cycle.basis,
            phase=cycle.phase, max_adjustment=cycle.max_adjustment, guidance=cycle.guidance,
            tolerance=cycle.tolerance,
            **{name: getattr(cycle, name) for name in PhaseDates.model_fields})


class MissingOut(Schema):
    people: int
    without_goals: int
    without_self_review: int
    without_manager_review: int

    @staticmethod
    def of(found: Missing) -> MissingOut:
        return MissingOut(**found.__dict__)


class GroupShareOut(Schema):
    group: str
    ratings: list[str]
    guidance: Decimal
    count: int
    actual: Decimal
    deviation: Decimal
    flagged: bool


class DistributionOut(Schema):
    rated: int
    unrated: int
    per_rating: dict[str, int]
    groups: list[GroupShareOut]

    @staticmethod
    def of(found: rules.Distribution) -> DistributionOut:
        return DistributionOut(
            rated=found.rated, unrated=found.unrated, per_rating=found.per_rating,
            groups=[GroupShareOut(group=g.group, ratings=list(g.ratings), guidance=g.guidance,
                                  count=g.count, actual=g.actual, deviation=g.deviation,
                                  flagged=g.flagged) for g in found.groups])


class ComponentOut(Schema):
    key: str
    label: str
    paradigm: str
    weight: str
    points: str | None
    goals: int
    scored_goals: int
    flagged: bool


class EvidenceOut(Schema):
    kind: str
    title: str
    when: dt.date | None
    lines: list[str]
    url: str
    counts: dict[str, int]


class EvaluationRow(Schema):
    id: int
    cycle: str
    person_id: int
    person: str
    employee_number: str
    self_submitted: bool
    manager_submitted: bool

    @staticmethod
    def of(evaluation: Evaluation) -> EvaluationRow:
        return EvaluationRow(
            id=evaluation.pk, cycle=evaluation.cycle.code, person_id=evaluation.person_id,
            person=evaluation.person.name, employee_number=evaluation.person.employee_number,
            self_submitted=evaluation.self_submitted_at is not None,
            manager_submitted=evaluation.manager_submitted_at is not None)


class EvaluationOut(Schema):
    id: int
    cycle: str
    phase: str
    person_id: int
    person: str
    self_text: str
    self_rating: str
    self_submitted_at: dt.datetime | None
    # From here on null when the caller may not see them (the person, before publishing).
    engine_score: Decimal | None = None
    engine_rating: str | None = None
    components: list[ComponentOut] | None = None
    score_is_live: bool | None = None
    manager_text: str | None = None
    potential: str | None = None
    adjustment: Decimal | None = None
    adjustment_reason: str | None = None
    score: Decimal | None = None
    rating: str | None = None
    evidence: list[EvidenceOut]
    ratings: list[str]

    @staticmethod
    def of(view: EvaluationView) -> EvaluationOut:
        e = view.evaluation
        data: dict[str, Any] = {
            "id": e.pk, "cycle": e.cycle.code, "phase": e.cycle.phase,
            "person_id": e.person_id, "person": e.person.name, "self_text": e.self_text,
            "self_rating": e.self_rating, "self_submitted_at": e.self_submitted_at,
            "evidence": [EvidenceOut(kind=i.kind, title=i.title, when=i.when,
                                     lines=list(i.lines), url=i.url, counts=i.counts)
                         for i in view.evidence],
            "ratings": list(view.ratings)}
        if view.breakdown is not None:
            data.update(engine_score=view.breakdown.score, engine_rating=view.breakdown.rating,
                        components=view.breakdown.components,
                        score_is_live=view.breakdown.live)
        if view.show_result:
            data.update(manager_text=e.manager_text, potential=e.potential,
                        adjustment=e.adjustment, adjustment_reason=e.adjustment_reason,
                        score=e.score, rating=e.rating)
        return EvaluationOut(**data)


class SelfReviewIn(_In):
    text: str = Field(max_length=20_000)
    rating: str = Field(max_length=12)


class ManagerReviewIn(_In):
    text: str = Field(max_length=20_000)
    potential: str = Field(description="low, medium or high")
    adjustment: Points = Decimal(0)
    reason: str = Field("", max_length=5_000, description="Required with an adjustment.")


class SessionIn(_In):
    name: str = Field(max_length=200)
    units: list[str]
    calibrators: list[int] = Field(description="Person ids.")


class SessionOut(Schema):
    id: int
    cycle: str
    name: str
    status: str
    units: list[str]
    calibrators: list[str]

    @staticmethod
    def of(session: CalibrationSession) -> SessionOut:
        return SessionOut(id=session.pk, cycle=session.cycle.code, name=session.name,
                          status=session.status,
                          units=sorted(u.code for u in session.units.all()),
                          calibrators=sorted(p.name for p in session.calibrators.all()))


class ChangeIn(_In):
    evaluation_id: int
    rating: str = Field(max_length=12)
    reason: str = Field(max_length=5_000)


class ChangeOut(Schema):
    id: int
    evaluation_id: int
    person: str
    changed_by: str
    reason: str
    before: str
    after: str
    steps: int
    at: dt.datetime

    @staticmethod
    def of(change: RatingChange) -> ChangeOut:
        return ChangeOut(id=change.pk, evaluation_id=change.evaluation_id,
                         person=change.evaluation.person.name,
                         changed_by=change.changed_by_name, reason=change.reason,
                         before=change.before, after=change.after, steps=change.steps,
                         at=change.at)


class BoxOut(Schema):
    performance: str
    potential: str
    count: int
    people: list[str]


class BoardRow(Schema):
    evaluation_id: int
    person: str
    score: Decimal | None
    rating: str
    potential: str
    ratings: list[str]


class BoardOut(Schema):
    session: SessionOut
    distribution: DistributionOut
    nine_box: list[BoxOut]
    people: list[BoardRow]
    history: list[ChangeOut]

    @staticmethod
    def of(board: Board) -> BoardOut:
        return BoardOut(
            session=SessionOut.of(board.session),
            distribution=DistributionOut.of(board.distribution),
            nine_box=[BoxOut(performance=group, potential=potential, count=len(people),
                             people=[p.name for p in people])
                      for (group, potential), people in board.boxes.items()],
            people=[BoardRow(evaluation_id=e.pk, person=e.person.name, score=e.score,
                             rating=e.rating, potential=e.potential,
                             ratings=list(board.ratings[e.pk])) for e in board.evaluations],
            history=[ChangeOut.of(c) for c in board.history])


class ShiftOut(Schema):
    calibrator: str
    changes: int
    mean_steps: Decimal
    mean_moved: Decimal
    up: int
    down: int
