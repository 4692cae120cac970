"""Reads of goals, always through `goals_visible_to`: lists (mine, my team, a unit), the goal
detail bundle, a metric's time series, versions, periods and the alignment tree.

Progress numbers are not computed here: pages and the API hand the goals to
`goals.evaluation`, the one place that scores them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.goals import periods
from flexperf.goals.models import (
    Goal,
    GoalAlignment,
    GoalStatus,
    GoalVersion,
    Measurement,
    Metric,
    MetricKind,
    MetricLink,
    Milestone,
    OwnerKind,
    Period,
)
from flexperf.goals.selectors.access import (
    access_goal,
    can_edit_goal,
    can_manage_goal,
    can_record,
    goals_visible_to,
    is_owner,
)
from flexperf.org.models import Unit

# --- periods ---------------------------------------------------------------------------------


def periods_visible_to(actor: Actor) -> QuerySet[Period]:
    """Periods are the group's calendar: known to everyone inside it."""
    if not actor.is_internal:
        return Period.objects.none()
    return Period.objects.order_by("start", "-end")


def period_by_code(code: str) -> Period | None:
    """The period with this code (in any letter case), or None."""
    try:
        span = periods.parse(code)
    except periods.PeriodCodeError:
        return None
    return Period.objects.filter(code=span.code).first()


# --- lists -----------------------------------------------------------------------------------


def list_goals(
    actor: Actor, *, mine: bool = False, team: bool = False, unit_id: int | None = None,
    period: str | None = None, status: str | None = None, paradigm: str | None = None,
    owner_kind: str | None = None,
) -> QuerySet[Goal]:
    """Goals the caller may see, narrowed by the filters given (all of them apply):
    `mine` — the caller's own goals; `team` — goals of the people below the caller in the
    reporting line; `unit_id` — goals of that unit, the units below it and their people."""
    goals = goals_visible_to(actor).select_related(
        "period", "person", "person__unit", "unit", "company", "component", "component__scheme")
    if mine:
        goals = goals.filter(owner_kind=OwnerKind.PERSON, person_id=actor.person_id) \
            if actor.person_id else goals.none()
    if team:
        goals = goals.filter(tree.subtree_q("person__path", actor.reporting_path,
                                            include_self=False)) \
            if actor.reporting_path else goals.none()
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id).only("path").first()
        if unit is None:
            return goals.none()
        goals = goals.filter(tree.subtree_q("unit__path", unit.path)
                             | tree.subtree_q("person__unit__path", unit.path))
    if period:
        found = period_by_code(period)
        goals = goals.filter(period=found) if found else goals.none()
    if status:
        goals = goals.filter(status=status)
    if paradigm:
        goals = goals.filter(paradigm=paradigm)
    if owner_kind:
        goals = goals.filter(owner_kind=owner_kind)
    return goals.order_by("period__start", "owner_kind", "pk")


def my_goals(actor: Actor, *, period: str | None = None) -> QuerySet[Goal]:
    return list_goals(actor, mine=True, period=period)


def team_goals(actor: Actor, *, period: str | None = None) -> QuerySet[Goal]:
    """Goals of everyone below the caller in the reporting line (empty for non-managers)."""
    return list_goals(actor, team=True, period=period)


def unit_goals(actor: Actor, unit_id: int, *, period: str | None = None) -> QuerySet[Goal]:
    """The unit's own goals and those of the units below it (not their people's)."""
    return list_goals(actor, unit_id=unit_id, period=period, owner_kind=OwnerKind.UNIT)


# --- one goal --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasurementView:
    """A point of a metric's series; `by` is hidden on surveys from those who do not manage
    the goal (respondents answer about a colleague)."""

    id: int
    on: dt.date
    value: Decimal
    source: str
    by_id: int | None
    by_name: str
    note: str


@dataclass(frozen=True)
class AlignedGoal:
    goal: Goal
    contribution: Decimal


@dataclass
class GoalDetail:
    goal: Goal
    metrics: list[Metric]
    series: dict[int, list[MeasurementView]]  # metric id → its measurements, oldest first
    milestones: list[Milestone]
    links: list[tuple[int, int]]  # (cause metric id, effect metric id)
    parents: list[AlignedGoal]
    children: list[AlignedGoal]
    versions: list[GoalVersion]
    can_edit: bool
    can_manage: bool
    can_record: bool
    is_owner: bool


def goal_detail(actor: Actor, goal_id: int) -> GoalDetail:
    """Everything a goal page shows, in a fixed number of queries. Reading a colleague's goal
    is a read of their person record and goes to the audit trail."""
    goal = access_goal(actor, goal_id)
    manages = can_manage_goal(actor, goal)
    metrics = list(goal.metrics.order_by("order", "pk").prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.select_related("recorded_by")
                 .order_by("on", "pk"))))
    series = {m.pk: [_view(x, hide_by=m.kind == MetricKind.CSAT and not manages)
                     for x in m.measurements.all()] for m in metrics}
    visible = goals_visible_to(actor)
    parents = [AlignedGoal(a.parent, a.contribution) for a in
               GoalAlignment.objects.filter(child=goal, parent__in=visible)
               .select_related("parent", "parent__period").order_by("parent_id")]
    children = [AlignedGoal(a.child, a.contribution) for a in
                GoalAlignment.objects.filter(parent=goal, child__in=visible)
                .select_related("child", "child__period", "child__person")
                .order_by("child_id")]
    if goal.owner_kind == OwnerKind.PERSON and goal.person_id != actor.person_id:
        audit.record(actor, audit.draft_for(goal, Action.READ))
    return GoalDetail(
        goal=goal, metrics=metrics, series=series,
        milestones=list(goal.milestones.order_by("due", "order", "pk")),
        links=list(MetricLink.objects.filter(cause__goal=goal).order_by("pk")
                   .values_list("cause_id", "effect_id")),
        parents=parents, children=children,
        versions=list(goal.versions.order_by("number")),
        can_edit=can_edit_goal(actor, goal), can_manage=manages,
        can_record=can_record(actor, goal), is_owner=is_owner(actor, goal),
    )


def _view(measurement: Measurement, *, hide_by: bool) -> MeasurementView:
    by = measurement.recorded_by
    return MeasurementView(
        id=measurement.pk, on=measurement.on, value=measurement.value,
        source=measurement.source, by_id=None if hide_by or by is None else by.pk,
        by_name="" if hide_by or by is None else by.name, note=measurement.note)


def access_metric(actor: Actor, metric_id: int, *, goal_id: int | None = None) -> Metric:
    """A metric of a goal the caller may see (and, with `goal_id`, of that goal)."""
    metric = (Metric.objects.select_related("goal", "goal__period", "goal__person",
                                            "goal__person__unit", "goal__unit",
                                            "goal__component", "goal__component__scheme")
              .filter(pk=metric_id, goal__in=goals_visible_to(actor)).first())
    if metric is None or (goal_id is not None and metric.goal_id != goal_id):
        raise NotFound
    return metric


def metric_series(actor: Actor, metric_id: int, *, goal_id: int | None = None
                  ) -> list[MeasurementView]:
    """A metric's measurements, oldest first."""
    metric = access_metric(actor, metric_id, goal_id=goal_id)
    hide = metric.kind == MetricKind.CSAT and not can_manage_goal(actor, metric.goal)
    return [_view(m, hide_by=hide) for m in
            metric.measurements.select_related("recorded_by").order_by("on", "pk")]


def goal_versions(actor: Actor, goal_id: int) -> list[GoalVersion]:
    goal = access_goal(actor, goal_id)
    return list(goal.versions.order_by("number"))


# --- the alignment tree ------------------------------------------------------------------------

LEVELS = ("company", "unit", "team", "person")


@dataclass
class AlignmentNode:
    goal: Goal
    level: str  # company | unit (a unit with sub-units) | team (a unit without) | person
    contribution: Decimal | None = None  # towards the goal it is listed under
    children: list[AlignmentNode] = field(default_factory=list)


@dataclass
class AlignmentTree:
    period: Period
    roots: list[AlignmentNode]
    goals: dict[int, Goal]  # every goal in the tree, once

    def walk(self) -> Iterator[tuple[int, AlignmentNode]]:
        """(depth, node) in display order: each goal, then what contributes to it."""
        stack = [(0, node) for node in reversed(self.roots)]
        while stack:
            depth, node = stack.pop()
            yield depth, node
            stack.extend((depth + 1, child) for child in reversed(node.children))


def alignment_tree(actor: Actor, period: str) -> AlignmentTree:
    """Company → unit → team → person goals of the period (and of the periods around and
    inside it) that the caller may see, each followed by the visible goals contributing to it.
    A goal contributing to several parents appears under each. Withdrawn goals are left out."""
    found = period_by_code(period)
    if found is None or not actor.is_internal:
        raise NotFound
    goals_qs = (goals_visible_to(actor).filter(period__start__lte=found.end,
                                               period__end__gte=found.start)
                .exclude(status=GoalStatus.WITHDRAWN))
    goals = {g.pk: g for g in goals_qs.select_related("period", "person", "person__unit",
                                                       "unit", "company", "component")}
    links = (GoalAlignment.objects.filter(child__in=goals_qs, parent__in=goals_qs)
             .values_list("parent_id", "child_id", "contribution"))
    children: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    has_parent: set[int] = set()
    for parent_id, child_id, contribution in links:
        if parent_id in goals and child_id in goals:
            children[parent_id].append((child_id, contribution))
            has_parent.add(child_id)
    with_sub_units = set(Unit.objects.filter(parent__isnull=False)
                         .values_list("parent_id", flat=True).distinct())

    def level(goal: Goal) -> str:
        if goal.owner_kind == OwnerKind.UNIT:
            return "unit" if goal.unit_id in with_sub_units else "team"
        return str(goal.owner_kind)

    def order(goal: Goal) -> tuple[int, str, str, int]:
        where = (goal.unit.path if goal.unit else goal.person.unit.path if goal.person else "")
        return (LEVELS.index(level(goal)), where, goal.title, goal.pk)

    def build(goal: Goal, contribution: Decimal | None, seen: frozenset[int]) -> AlignmentNode:
        node = AlignmentNode(goal, level(goal), contribution)
        below = sorted(children.get(goal.pk, ()), key=lambda pair: order(goals[pair[0]]))
        for child_id, weight in below:
            if child_id not in seen:  # links are kept acyclic; this only guards the walk
                node.children.append(build(goals[child_id], weight, seen | {child_id}))
        return node

    roots = [build(g, None, frozenset({g.pk}))
             for g in sorted((g for pk, g in goals.items() if pk not in has_parent), key=order)]
    return AlignmentTree(found, roots, goals)

