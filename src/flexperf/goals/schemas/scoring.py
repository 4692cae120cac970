"""API input and output of scoring: the preview calculator and the scores of goals and people.

The preview body is one object per goal, told apart by `paradigm` (a discriminated union), so
the OpenAPI schema documents each paradigm's fields and a wrong body answers 422 naming the
field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, model_validator

Number = Annotated[float, Field(allow_inf_nan=False)]
Weight = Annotated[float, Field(gt=0, allow_inf_nan=False, description="A positive weight.")]
Direction = Literal["higher", "lower"]
ParadigmName = Literal["kpi", "okr", "bsc", "project", "service", "behaviour"]
PerspectiveName = Literal["financial", "customer", "internal_process", "learning_growth"]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


# --- the scheme ------------------------------------------------------------------------------


class ComponentIn(_In):
    paradigm: ParadigmName
    weight: Weight = Field(description="Component weights add up to 100.")
    key: str | None = Field(None, min_length=1, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$",
                            description="Needed when two components share a paradigm; "
                                        "defaults to the paradigm.")
    label: str = Field("", max_length=200)


class BandIn(_In):
    rating: str = Field(min_length=1, max_length=12)
    min: Number | None = Field(description="Lowest score of the band; null for the last band.")


class SchemeIn(_In):
    components: list[ComponentIn] = Field(min_length=1, max_length=12)
    scale: list[BandIn] | None = Field(
        None, description="Bands from the highest; default S ≥ 110, A ≥ 100, B ≥ 85, C ≥ 60, "
                          "D below.")
    rules: dict[str, Number] | None = Field(
        None, description="Overrides of the scoring numbers, e.g. {\"kpi_cap_points\": 150}: "
                          "kpi_threshold_points, kpi_target_points, kpi_cap_points, "
                          "project_late_penalty_per_day, project_late_floor, "
                          "aspirational_on_target, rating_min, rating_max.")


# --- goals, one shape per paradigm -----------------------------------------------------------


class _Goal(_In):
    weight: Weight = Field(1, description="Weight within its component.")
    component: str | None = Field(None, description="The component's key, when the scheme "
                                                    "has several of this paradigm.")
    title: str = Field("", max_length=300)


class CurveFields(_In):
    """Scored on the KPI curve: threshold → target → stretch."""

    direction: Direction = "higher"
    threshold: Number
    target: Number
    stretch: Number | None = Field(None, description="None: the target caps at target points.")
    actual: Number | None = Field(None, description="None: not measured yet, not scored.")


class KpiGoalIn(_Goal, CurveFields):
    paradigm: Literal["kpi"]


class KeyResultIn(_In):
    name: str = Field("", max_length=300)
    start: Number
    target: Number
    current: Number | None = Field(None, description="None: no value yet, not graded.")
    weight: Weight = 1
    confidence: int | None = Field(None, ge=0, le=10, description="Shown, not scored.")


class OkrGoalIn(_Goal):
    paradigm: Literal["okr"]
    okr_type: Literal["committed", "aspirational"] = "committed"
    key_results: list[KeyResultIn] = Field(min_length=1, max_length=5)


class MeasureIn(CurveFields):
    name: str = Field("", max_length=300)
    perspective: PerspectiveName
    weight: Weight = Field(1, description="Weight within its perspective.")


class BscGoalIn(_Goal):
    paradigm: Literal["bsc"]
    measures: list[MeasureIn] = Field(min_length=1, max_length=40)
    perspective_weights: dict[str, Weight] = Field(
        description="A weight for every perspective that has measures, e.g. "
                    "{\"financial\": 40, \"customer\": 30, …}.")


class MilestoneIn(_In):
    name: str = Field("", max_length=300)
    due: dt.date
    accepted_on: dt.date | None = None
    weight: Weight = 1


class ProjectGoalIn(_Goal):
    paradigm: Literal["project"]
    milestones: list[MilestoneIn] = Field(min_length=1, max_length=60)
    as_of: dt.date | None = Field(None, description="Judge the milestones on this day "
                                                    "(default today).")


class SlaIn(CurveFields):
    name: str = Field("", max_length=300)
    weight: Weight = 1


class RatedFields(_In):
    """A mean rating, or the ratings to average; neither: not rated yet."""

    name: str = Field("", max_length=300)
    weight: Weight = 1
    ratings: list[Number] | None = Field(None, max_length=10_000)

    @model_validator(mode="after")
    def _one_source(self) -> RatedFields:
        if self.ratings is not None and self._given() is not None:
            raise ValueError("give a mean or a list of ratings, not both")
        return self

    def _given(self) -> float | None:
        return None

    @property
    def value(self) -> float | None:
        """The mean that is scored."""
        given = self._given()
        if given is not None or not self.ratings:
            return given
        return sum(self.ratings) / len(self.ratings)


class SurveyIn(RatedFields):
    """Internal-customer satisfaction: the survey's mean answer (1–5), or the answers."""

    mean: Number | None = None

    def _given(self) -> float | None:
        return self.mean


class ServiceGoalIn(_Goal):
    paradigm: Literal["service"]
    sla: list[SlaIn] = Field(default_factory=list, max_length=40)
    csat: SurveyIn | None = None

    @model_validator(mode="after")
    def _something_to_score(self) -> ServiceGoalIn:
        if not self.sla and self.csat is None:
            raise ValueError("give SLA measures, a csat survey or both")
        return self


class IndicatorIn(RatedFields):
    """A behavioural indicator: its rating (1–5), or the ratings given (their mean counts)."""

    rating: Number | None = None

    def _given(self) -> float | None:
        return self.rating


class BehaviourGoalIn(_Goal):
    paradigm: Literal["behaviour"]
    indicators: list[IndicatorIn] = Field(min_length=1, max_length=40)


GoalIn = Annotated[
    KpiGoalIn | OkrGoalIn | BscGoalIn | ProjectGoalIn | ServiceGoalIn | BehaviourGoalIn,
    Field(discriminator="paradigm"),
]


class PreviewIn(_In):
    scheme: SchemeIn
    goals: list[GoalIn] = Field(max_length=500)


# --- output ----------------------------------------------------------------------------------


class ComponentScoreOut(Schema):
    paradigm: str
    key: str
    label: str
    weight: float
    points: float | None = Field(description="Weighted mean of its scored goals; null: none.")
    flag: str | None = Field(description="\"no_scored_goals\": left out of the score and the "
                                         "other weights re-normalised.")


class GoalPreviewOut(Schema):
    paradigm: str
    component: str
    title: str
    points: float | None
    grade: float | None = Field(description="OKRs: the objective grade 0.0–1.0.")
    on_target: bool
    explanation: str


class PreviewOut(Schema):
    score: float | None = Field(description="Σ weight × points / Σ weight over the components "
                                            "with scored goals.")
    rating: str | None
    components: list[ComponentScoreOut]
    goals: list[GoalPreviewOut]
    flags: list[str]
    explanation: list[str]


class ProgressOut(Schema):
    progress: float | None = Field(description="Share of the way to target covered (0–1).")
    expected: float | None = Field(description="Share expected by the date on a linear path.")
    status: Literal["on_track", "at_risk", "off_track"]
    rule: str = Field(description="The rule that decided the status, with its numbers.")


class GoalScoreOut(Schema):
    id: int
    title: str
    paradigm: str
    okr_type: str
    status: str = Field(description="The goal's status in the definition scored.")
    version: int = Field(description="The definition version used (in force on the date).")
    component_id: int | None
    points: float | None
    grade: float | None
    on_target: bool
    explanation: str
    progress: ProgressOut


class GoalScoreDetailOut(GoalScoreOut):
    as_of: dt.date


class PersonRefOut(Schema):
    id: int
    employee_number: str
    name: str


class SchemeRefOut(Schema):
    id: int
    code: str
    name: str


class ComponentOut(Schema):
    id: int
    key: str
    label: str
    paradigm: str
    weight: float
    pay_linked: bool
    points: float | None
    goals: int
    scored_goals: int
    flag: str | None


class PersonScoreOut(Schema):
    person: PersonRefOut
    scheme: SchemeRefOut
    score: float | None
    rating: str | None
    components: list[ComponentOut]
    missing: list[str] = Field(description="Components left out for lack of scored goals.")
    flags: list[str]


class PersonScoreDetailOut(PersonScoreOut):
    period: str
    as_of: dt.date
    goals: list[GoalScoreOut]
    unassigned: list[GoalScoreOut] = Field(
        description="Goals of the period that count towards no component of the scheme.")
    explanation: list[str]


class ScoresFilter(Schema):
    period: str = Field(description="A period code: 2026, 2026-H1, 2026-Q3, 2026-11.")
    as_of: dt.date | None = Field(None, description="Default: today, or the period's end.")
    basis: Literal["full", "paced"] = Field(
        "full", description="full: judge full-period targets; paced: while the period runs, "
        "judge pace against where the expected path stands on the as-of day (people reviewed "
        "over shorter periods are scored from those periods' goals). Per person only; the "
        "paginated list is always full.")
