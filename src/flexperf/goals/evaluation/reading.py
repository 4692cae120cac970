"""The bulk queries behind every score: people, goals, metrics with their actuals aggregated in
the database, milestones, definitions in force, schemes and components. A fixed number of
queries, whatever the number of people or goals; numbers arrive as floats (cast in SQL), the
engine's currency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import (
    Avg,
    Case,
    F,
    FloatField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast

from flexperf.goals.evaluation.clocks import Clock
from flexperf.goals.models import (
    Aggregation,
    Goal,
    GoalVersion,
    Measurement,
    Metric,
    MetricKind,
    Milestone,
    OwnerKind,
    Period,
    Scheme,
    SchemeComponent,
)
from flexperf.goals.selectors import components_of, default_scheme
from flexperf.goals.selectors.schemes import schemes_for_units
from flexperf.goals.versioning import definitions_in_force
from flexperf.org.models import Person

RATED_KINDS = (MetricKind.CSAT, MetricKind.BEHAVIOUR)


class PersonRow(NamedTuple):
    id: int
    employee_number: str
    name: str
    unit_path: str


class GoalRow(NamedTuple):
    id: int
    title: str
    paradigm: str
    owner_kind: str
    person_id: int | None
    component_id: int | None
    weight: float
    status: str
    okr_type: str
    perspective_weights: dict[str, Any]
    version: int
    person_unit_path: str | None
    unit_path: str | None


class MetricRow(NamedTuple):
    id: int
    goal_id: int
    kind: str
    name: str
    direction: str
    baseline: float | None
    threshold: float | None
    target: float | None
    stretch: float | None
    start: float | None
    weight: float
    perspective: str
    aggregation: str
    actual: float | None  # aggregated over the period up to the as-of date


class MilestoneRow(NamedTuple):
    id: int
    goal_id: int
    name: str
    due: dt.date
    weight: float
    accepted_on: dt.date | None


@dataclass
class Rows:
    """Everything scoring reads, as plain rows."""

    period: Period
    as_of: dt.date
    people: list[PersonRow]
    goals: list[GoalRow]
    metrics: list[MetricRow]
    milestones: list[MilestoneRow]
    # Goals changed after the as-of date: their definition then, its version number, and the
    # actuals of its metrics by every aggregation (last, sum, mean).
    in_force: dict[int, dict[str, Any]]
    in_force_versions: dict[int, int]
    in_force_actuals: dict[int, tuple[float | None, float | None, float | None]]
    schemes: dict[str, Scheme]         # unit path → scheme
    default: Scheme | None             # for company goals
    components: dict[int, list[SchemeComponent]]  # scheme id → its components
    # Goals of shorter periods inside `period` (people reviewed by half year or quarter in a
    # year's score): each one's own period and judging day.
    sub_clocks: dict[int, Clock] = field(default_factory=dict)

    def add_sub_period(self, other: Rows) -> None:
        """Take in the goals of a shorter period inside this one (read by `load_rows` for that
        period, as of its own day) on their own clock; the people are this score's."""
        clock = Clock(other.period.code, other.period.start, other.period.end, other.as_of)
        self.goals += other.goals
        self.metrics += other.metrics
        self.milestones += other.milestones
        self.in_force.update(other.in_force)
        self.in_force_versions.update(other.in_force_versions)
        self.in_force_actuals.update(other.in_force_actuals)
        self.schemes.update(other.schemes)
        self.components.update(other.components)
        self.default = self.default or other.default
        self.sub_clocks.update((g.id, clock) for g in other.goals)


def _float(name: str) -> Cast:
    return Cast(F(name), FloatField())


def _aggregates(period: Period, as_of: dt.date) -> tuple[Cast, Cast, Cast]:
    """A metric's latest value, sum and mean over the period up to `as_of`."""
    window = Measurement.objects.filter(metric=OuterRef("pk"), on__gte=period.start,
                                        on__lte=as_of).order_by()
    last = Subquery(window.order_by("-on", "-pk").values("value")[:1])
    total = Subquery(window.values("metric").annotate(v=Sum("value")).values("v"))
    mean = Subquery(window.values("metric").annotate(v=Avg("value")).values("v"))
    return (Cast(last, FloatField()), Cast(total, FloatField()), Cast(mean, FloatField()))


def load_rows(period: Period, as_of: dt.date, *, goals: QuerySet[Goal],
              people: QuerySet[Person] | None) -> Rows:
    """The queries behind a score (the benchmark times them alone)."""
    last, total, mean = _aggregates(period, as_of)
    actual = Case(When(kind__in=RATED_KINDS, then=mean),
                  When(aggregation=Aggregation.SUM, then=total),
                  When(aggregation=Aggregation.MEAN, then=mean), default=last)
    goal_rows = [GoalRow._make(row) for row in goals.order_by("pk").annotate(
        w=_float("weight")).values_list(
            "id", "title", "paradigm", "owner_kind", "person_id", "component_id", "w", "status",
            "okr_type", "perspective_weights", "version", "person__unit__path", "unit__path")]
    metric_rows = [MetricRow._make(row) for row in Metric.objects.filter(goal__in=goals)
                   .order_by("goal_id", "order", "pk").annotate(
                       b=_float("baseline"), th=_float("threshold"), tg=_float("target"),
                       st=_float("stretch"), s=_float("start"), w=_float("weight"),
                       actual=actual).values_list(
                       "id", "goal_id", "kind", "name", "direction", "b", "th", "tg", "st", "s",
                       "w", "perspective", "aggregation", "actual")]
    milestone_rows = [MilestoneRow._make(row) for row in Milestone.objects.filter(goal__in=goals)
                      .order_by("goal_id", "due", "order", "pk").annotate(w=_float("weight"))
                      .values_list("id", "goal_id", "name", "due", "w", "accepted_on")]
    changed = set(GoalVersion.objects.filter(goal__in=goals, effective_from__gt=as_of)
                  .order_by().values_list("goal_id", flat=True).distinct())
    in_force = definitions_in_force(changed, as_of) if changed else {}
    versions: dict[int, int] = {}
    actuals: dict[int, tuple[float | None, float | None, float | None]] = {}
    if in_force:
        versions = dict(GoalVersion.objects.filter(goal_id__in=in_force, effective_from__lte=as_of)
                        .order_by().values("goal_id").annotate(n=Max("number"))
                        .values_list("goal_id", "n"))
        ids = {int(m["id"]) for d in in_force.values() for m in d.get("metrics", ())}
        actuals = {pk: (a, b, c) for pk, a, b, c in Metric.objects.filter(pk__in=ids).annotate(
            a=last, b=total, c=mean).values_list("pk", "a", "b", "c")}
    person_rows: list[PersonRow] = []
    if people is not None:
        person_rows = [PersonRow._make(row) for row in people.order_by(
            "employee_number", "pk").values_list("pk", "employee_number", "name", "unit__path")]
    paths = {p.unit_path for p in person_rows}
    paths |= {path for g in goal_rows if (path := g.person_unit_path or g.unit_path)}
    schemes = schemes_for_units(paths)
    default = None
    if any(g.owner_kind == OwnerKind.COMPANY for g in goal_rows):
        default = default_scheme()
    involved = {s.pk: s for s in [*schemes.values(), *([default] if default else [])]}
    components = {pk: components_of(s) for pk, s in involved.items()}
    return Rows(period=period, as_of=as_of, people=person_rows, goals=goal_rows,
                metrics=metric_rows, milestones=milestone_rows, in_force=in_force,
                in_force_versions=versions, in_force_actuals=actuals, schemes=schemes,
                default=default, components=components)
