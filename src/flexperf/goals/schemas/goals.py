"""API input and output of goals, periods, measurements and alignment.

Creating a goal takes one body shape per paradigm, told apart by `paradigm` (a discriminated
union), so the OpenAPI schema documents what each paradigm holds. The rules between fields
(thresholds in order, 2–5 key results, the scheme's components …) are checked by the service,
which names the field of each problem.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, PlainSerializer

from flexperf.goals.models import (
    Aggregation,
    Direction,
    Goal,
    GoalStatus,
    MetricKind,
    OkrType,
    OwnerKind,
    Paradigm,
    Perspective,
)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# Decimals leave the API as JSON numbers (12, 95.5), not as padded strings ("95.5000").
Num = Annotated[Decimal, PlainSerializer(_number, return_type=int | float, when_used="always")]
Weight = Annotated[Decimal, Field(gt=0, max_digits=8, decimal_places=2)]
Value = Annotated[Decimal, Field(max_digits=18, decimal_places=4)]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


# --- periods -----------------------------------------------------------------------------


class PeriodOut(Schema):
    id: int
    code: str
    kind: str
    start: dt.date
    end: dt.date


class PeriodIn(_In):
    code: str = Field(min_length=4, max_length=16,
                      description='"2026", "2026-H1", "2026-Q3" or "2026-11".')


# --- metrics and milestones in ----------------------------------------------------------------


class _Metric(_In):
    name: str = Field(min_length=1, max_length=300)
    unit_label: str = Field("", max_length=40, description="e.g. 万元, %, tickets")
    weight: Weight = Field(Decimal(1), description="Weight among the goal's metrics.")


class _Curve(_Metric):
    """Scored on the KPI curve: threshold → target → stretch (capped)."""

    direction: Direction = Direction.HIGHER
    baseline: Value | None = Field(None, description="Where things stand today (shown only).")
    threshold: Value = Field(description="Floor: below it the metric scores 0.")
    target: Value
    stretch: Value | None = Field(None, description="Cap: at and beyond it the metric scores "
                                                    "the maximum.")
    aggregation: Aggregation = Field(Aggregation.LAST,
                                     description="How the period's measurements combine.")


class KpiMetricIn(_Curve):
    kind: Literal["kpi"] = "kpi"


class KeyResultIn(_Metric):
    kind: Literal["key_result"] = "key_result"
    start: Value
    target: Value
    confidence: int | None = Field(None, ge=0, le=10, description="0 (no chance) to 10 "
                                                                  "(certain).")
    aggregation: Aggregation = Aggregation.LAST


class BscMeasureIn(_Curve):
    kind: Literal["bsc_measure"] = "bsc_measure"
    perspective: Perspective


class SlaIn(_Curve):
    kind: Literal["sla"]


class CsatIn(_Metric):
    """Internal customers answer 1–5; the metric scores the mean."""

    kind: Literal["csat"]


class BehaviourIndicatorIn(_Metric):
    """Rated 1–5 by those who manage the goal, against behavioural anchors."""

    kind: Literal["behaviour"] = "behaviour"
    anchors: dict[Literal["1", "2", "3", "4", "5"], str] = Field(
        default_factory=dict, description='What a rating looks like: {"1": "…", "5": "…"}.')


ServiceMetricIn = Annotated[SlaIn | CsatIn, Field(discriminator="kind")]


class MilestoneIn(_In):
    name: str = Field(min_length=1, max_length=300)
    due: dt.date
    weight: Weight = Decimal(1)


class LinkIn(_In):
    """A strategy-map link between two of the goal's measures, by their position (0 …)."""

    cause: int = Field(ge=0)
    effect: int = Field(ge=0)


# --- goals in ----------------------------------------------------------------------------------


class _GoalIn(_In):
    period: str = Field(description="Period code, e.g. 2026 or 2026-H1. A person's goal uses a "
                                    "period of their scheme's review kind.")
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20_000)
    owner_kind: OwnerKind = OwnerKind.PERSON
    person_id: int | None = Field(None, description="Whose goal (default: yours).")
    unit_id: int | None = None
    company_id: int | None = None
    component: str = Field("", max_length=40,
                           description="Key of the scheme component a person's goal counts "
                                       "towards; needed only when the scheme has several of "
                                       "the paradigm.")
    weight: Weight = Field(Decimal(1), description="Weight within the component.")
    due_date: dt.date | None = None


class KpiGoalIn(_GoalIn):
    paradigm: Literal["kpi"]
    metrics: list[KpiMetricIn] = Field(min_length=1, max_length=1)


class OkrGoalIn(_GoalIn):
    paradigm: Literal["okr"]
    okr_type: OkrType = OkrType.COMMITTED
    metrics: list[KeyResultIn] = Field(description="2 to 5 key results.")


class BscGoalIn(_GoalIn):
    paradigm: Literal["bsc"]
    perspective_weights: dict[Perspective, Weight] = Field(
        description="Weight of each perspective that has measures.")
    metrics: list[BscMeasureIn]
    links: list[LinkIn] = Field(default_factory=list, description="Cause → effect.")


class ProjectGoalIn(_GoalIn):
    paradigm: Literal["project"]
    milestones: list[MilestoneIn]


class ServiceGoalIn(_GoalIn):
    paradigm: Literal["service"]
    metrics: list[ServiceMetricIn] = Field(description="SLA measures and satisfaction "
                                                       "surveys.")


class BehaviourGoalIn(_GoalIn):
    paradigm: Literal["behaviour"]
    metrics: list[BehaviourIndicatorIn]


GoalIn = Annotated[
    KpiGoalIn | OkrGoalIn | BscGoalIn | ProjectGoalIn | ServiceGoalIn | BehaviourGoalIn,
    Field(discriminator="paradigm"),
]


class MetricIn(_In):
    """Any kind of metric (for changing a draft): the fields its kind uses."""

    kind: MetricKind
    name: str = Field(min_length=1, max_length=300)
    unit_label: str = Field("", max_length=40)
    weight: Weight = Decimal(1)
    direction: Direction = Direction.HIGHER
    baseline: Value | None = None
    threshold: Value | None = None
    target: Value | None = None
    stretch: Value | None = None
    start: Value | None = None
    confidence: int | None = Field(None, ge=0, le=10)
    perspective: Perspective | None = None
    aggregation: Aggregation | None = None
    anchors: dict[Literal["1", "2", "3", "4", "5"], str] = Field(default_factory=dict)


class GoalPatch(_In):
    """Change a draft. `metrics`, `milestones` and `links` replace the lists whole."""

    period: str | None = None
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20_000)
    component: str | None = Field(None, max_length=40)
    weight: Weight | None = None
    due_date: dt.date | None = None
    okr_type: OkrType | None = None
    perspective_weights: dict[Perspective, Weight] | None = None
    metrics: list[MetricIn] | None = None
    milestones: list[MilestoneIn] | None = None
    links: list[LinkIn] | None = None


class MissAnalysisIn(_In):
    """Why a goal fell short (C6)."""

    premature: Literal["yes", "no", "partly"] = Field(
        ..., description="Was the target premature?")
    premature_note: str = Field("", max_length=1000)
    resources_matched: Literal["yes", "no", "partly"] = Field(
        ..., description="Were resources matched to the target?")
    resources_note: str = Field("", max_length=1000)
    learned: str = Field(..., max_length=5000, description="What was learned.")


class MissAnalysisOut(Schema):
    goal_id: int
    premature: str
    premature_note: str
    resources_matched: str
    resources_note: str
    learned: str
    recorded_by: str
    updated_at: dt.datetime


class CloseIn(_In):
    missed: bool = Field(False, description="The goal fell short: it then needs its analysis, "
                                            "given here or recorded before.")
    analysis: MissAnalysisIn | None = None


# --- goals out ----------------------------------------------------------------------------------


class OwnerOut(Schema):
    kind: OwnerKind
    id: int
    name: str


class ComponentRef(Schema):
    key: str
    label: str
    paradigm: Paradigm
    scheme_id: int
    scheme_code: str


def owner_of(goal: Goal) -> dict[str, Any]:
    if goal.owner_kind == OwnerKind.PERSON and goal.person is not None:
        return {"kind": goal.owner_kind, "id": goal.person.pk, "name": goal.person.name}
    if goal.owner_kind == OwnerKind.UNIT and goal.unit is not None:
        return {"kind": goal.owner_kind, "id": goal.unit.pk, "name": goal.unit.name}
    assert goal.company is not None
    return {"kind": goal.owner_kind, "id": goal.company.pk, "name": goal.company.name}


class GoalOut(Schema):
    """Resolved from a goal (lists) or from a prepared dict (the detail)."""

    id: int
    period: str
    paradigm: Paradigm
    owner: OwnerOut
    component: ComponentRef | None
    title: str
    weight: Num
    status: GoalStatus
    okr_type: OkrType | None
    due_date: dt.date | None
    version: int

    @staticmethod
    def resolve_period(obj: Goal | dict[str, Any]) -> str:
        return obj["period"] if isinstance(obj, dict) else obj.period.code

    @staticmethod
    def resolve_owner(obj: Goal | dict[str, Any]) -> dict[str, Any]:
        return obj["owner"] if isinstance(obj, dict) else owner_of(obj)

    @staticmethod
    def resolve_component(obj: Goal | dict[str, Any]) -> dict[str, Any] | None:
        if isinstance(obj, dict):
            return obj["component"]  # type: ignore[no-any-return]
        component = obj.component
        if component is None:
            return None
        return {"key": component.key, "label": component.label,
                "paradigm": component.paradigm, "scheme_id": component.scheme_id,
                "scheme_code": component.scheme.code}

    @staticmethod
    def resolve_okr_type(obj: Goal | dict[str, Any]) -> str | None:
        value = obj["okr_type"] if isinstance(obj, dict) else obj.okr_type
        return value or None


class MeasurementOut(Schema):
    id: int
    on: dt.date
    value: Num
    source: str
    by_id: int | None = Field(description="Who entered, rated or answered (hidden on surveys "
                                          "unless you manage the goal).")
    by_name: str
    note: str


class MetricOut(Schema):
    id: int
    kind: MetricKind
    name: str
    unit_label: str
    direction: Direction
    baseline: Num | None
    threshold: Num | None
    target: Num | None
    stretch: Num | None
    start: Num | None
    confidence: int | None
    weight: Num
    perspective: Perspective | None
    aggregation: Aggregation
    anchors: dict[str, str]
    measurements: list[MeasurementOut]


class MilestoneOut(Schema):
    id: int
    name: str
    due: dt.date
    weight: Num
    accepted_on: dt.date | None


class AlignedOut(Schema):
    id: int
    title: str
    period: str
    status: GoalStatus
    contribution: Num


class VersionOut(Schema):
    number: int
    effective_from: dt.date
    reason: str
    created_by: str
    approved_by: str
    adjustment_id: int | None
    created_at: dt.datetime
    definition: dict[str, Any]


class PermissionsOut(Schema):
    can_edit: bool = Field(description="Change the definition (drafts only).")
    can_manage: bool = Field(description="Activate, close, rate, accept milestones.")
    can_record: bool = Field(description="Record progress values.")
    is_owner: bool


class GoalDetailOut(GoalOut):
    description: str
    perspective_weights: dict[str, Num]
    discussion_reason: str
    metrics: list[MetricOut]
    milestones: list[MilestoneOut]
    links: list[LinkIn]
    parents: list[AlignedOut]
    children: list[AlignedOut]
    versions: list[VersionOut]
    permissions: PermissionsOut


class GoalFilter(Schema):
    mine: bool = Field(False, description="Only your own goals.")
    team: bool = Field(False, description="Only goals of the people below you.")
    unit: int | None = Field(None, description="Goals of this unit, the units below it and "
                                               "their people.")
    period: str | None = Field(None, description="Period code.")
    status: GoalStatus | None = None
    paradigm: Paradigm | None = None
    owner: OwnerKind | None = Field(None, description="person, unit or company goals only.")


# --- progress in ---------------------------------------------------------------------------------


class MeasurementIn(_In):
    on: dt.date = Field(description="A day of the goal's period.")
    value: Value
    note: str = Field("", max_length=500)


class RatingIn(_In):
    on: dt.date
    rating: Value = Field(description="1 to 5 (or the scheme's configured range).")
    note: str = Field("", max_length=500)


class SurveyAnswerIn(_In):
    score: int = Field(description="1 (very dissatisfied) to 5 (very satisfied).")
    on: dt.date | None = Field(None, description="Default: today.")
    note: str = Field("", max_length=500)


class ConfidenceIn(_In):
    confidence: int = Field(description="0 to 10.")


class AcceptIn(_In):
    accepted_on: dt.date


class AlignIn(_In):
    parent_id: int
    contribution: Weight = Field(Decimal(1), description="Weight among the parent's "
                                                         "contributors.")


# --- alignment tree ------------------------------------------------------------------------------


class TreeNodeOut(Schema):
    id: int
    title: str
    level: Literal["company", "unit", "team", "person"]
    owner: OwnerOut
    period: str
    paradigm: Paradigm
    status: GoalStatus
    depth: int = Field(description="0 for a top-level goal.")
    contribution: Num | None = Field(description="Weight towards the goal it is listed under.")
    parent_id: int | None


class AlignmentTreeOut(Schema):
    period: str
    nodes: list[TreeNodeOut] = Field(description="In display order: each goal, then the goals "
                                                 "contributing to it (a goal contributing to "
                                                 "several appears under each).")


# --- import --------------------------------------------------------------------------------------


class GoalImportProblemOut(Schema):
    sheet: str
    row: int | None
    column: str
    message: str


class GoalImportReportOut(Schema):
    ok: bool
    dry_run: bool
    created: dict[str, int]
    matched: dict[str, int] = Field(description="Rows already in the database (kept as they "
                                                "are).")
    problems: list[GoalImportProblemOut]
