"""The bulk queries behind every score: people, goals, metrics with their actuals aggregated in
the database, milestones, definitions in force, schemes and components."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    Case,
    FloatField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast

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

# --- reading: the bulk queries ---------------------------------------------------------------


RATED_KINDS = (MetricKind.CSAT, MetricKind.BEHAVIOUR)


@dataclass
class Rows:
    """Everything scoring reads, as plain rows."""

    period: Period
    as_of: dt.date
    people: list[tuple[Any, ...]]      # pk, employee number, name, unit path
    goals: list[tuple[Any, ...]]       # see GOAL_COLUMNS
    metrics: list[tuple[Any, ...]]     # see METRIC_COLUMNS + actual
    milestones: list[tuple[Any, ...]]  # see MILESTONE_COLUMNS
    in_force: dict[int, dict[str, Any]]
    in_force_versions: dict[int, int]
    in_force_actuals: dict[int, tuple[float | None, float | None, float | None]]
    schemes: dict[str, Scheme]         # unit path → scheme
    default: Scheme | None             # for company goals
    components: dict[int, list[SchemeComponent]]  # scheme id → its components


GOAL_COLUMNS = ("id", "title", "paradigm", "owner_kind", "person_id", "component_id", "weight",
                "status", "okr_type", "perspective_weights", "version", "person__unit__path",
                "unit__path")
METRIC_COLUMNS = ("id", "goal_id", "kind", "name", "direction", "baseline", "threshold",
                  "target", "stretch", "start", "weight", "perspective", "aggregation")
MILESTONE_COLUMNS = ("id", "goal_id", "name", "due", "weight", "accepted_on")


def _window(period: Period, as_of: dt.date) -> QuerySet[Measurement]:
    return Measurement.objects.filter(metric=OuterRef("pk"), on__gte=period.start,
                                      on__lte=as_of).order_by()


def _aggregates(period: Period, as_of: dt.date) -> tuple[Subquery, Subquery, Subquery]:
    window = _window(period, as_of)
    last = Subquery(window.order_by("-on", "-pk").values("value")[:1])
    total = Subquery(window.values("metric").annotate(v=Sum("value")).values("v"))
    mean = Subquery(window.values("metric").annotate(v=Avg("value")).values("v"))
    return last, total, mean


def load_rows(period: Period, as_of: dt.date, *, goals: QuerySet[Goal],
              people: QuerySet[Person] | None) -> Rows:
    """The queries behind a score (the benchmark times them alone): people with their units,
    goals, metrics with their actuals aggregated in the database, milestones, definitions in
    force, schemes and their components."""
    last, total, mean = _aggregates(period, as_of)
    actual = Case(
        When(kind__in=RATED_KINDS, then=mean),
        When(aggregation=Aggregation.SUM, then=total),
        When(aggregation=Aggregation.MEAN, then=mean),
        default=last,
    )
    goal_rows = list(goals.order_by("pk").values_list(*GOAL_COLUMNS))
    metric_rows = list(
        Metric.objects.filter(goal__in=goals).order_by("goal_id", "order", "pk")
        .annotate(actual=Cast(actual, FloatField())).values_list(*METRIC_COLUMNS, "actual"))
    milestone_rows = list(Milestone.objects.filter(goal__in=goals)
                          .order_by("goal_id", "due", "order", "pk")
                          .values_list(*MILESTONE_COLUMNS))
    changed = set(GoalVersion.objects.filter(goal__in=goals, effective_from__gt=as_of)
                  .values_list("goal_id", flat=True).distinct())
    in_force = definitions_in_force(changed, as_of) if changed else {}
    versions: dict[int, int] = {}
    actuals: dict[int, tuple[float | None, float | None, float | None]] = {}
    if in_force:
        versions = dict(GoalVersion.objects.filter(goal_id__in=in_force, effective_from__lte=as_of)
                        .values("goal_id").annotate(n=Max("number")).values_list("goal_id", "n"))
        ids = {int(m["id"]) for d in in_force.values() for m in d.get("metrics", ())}
        actuals = {
            pk: (a, b, c) for pk, a, b, c in Metric.objects.filter(pk__in=ids).annotate(
                a=Cast(last, FloatField()), b=Cast(total, FloatField()),
                c=Cast(mean, FloatField())).values_list("pk", "a", "b", "c")}
    person_rows: list[tuple[Any, ...]] = []
    if people is not None:
        person_rows = list(people.order_by("employee_number", "pk").values_list(
            "pk", "employee_number", "name", "unit__path"))
    paths = {row[3] for row in person_rows}
    paths |= {row[11] or row[12] for row in goal_rows if row[11] or row[12]}
    schemes = schemes_for_units(paths)
    default = None
    if any(row[3] == OwnerKind.COMPANY for row in goal_rows):
        default = default_scheme()
    involved = {s.pk: s for s in [*schemes.values(), *([default] if default else [])]}
    components = {pk: components_of(s) for pk, s in involved.items()}
    return Rows(period=period, as_of=as_of, people=person_rows, goals=goal_rows,
                metrics=metric_rows, milestones=milestone_rows, in_force=in_force,
                in_force_versions=versions, in_force_actuals=actuals, schemes=schemes,
                default=default, components=components)
