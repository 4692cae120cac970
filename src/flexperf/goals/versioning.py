"""Goal versions: a goal's definition is snapshotted when it becomes active and at every
approved adjustment. A period is scored with the definition in force at its end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from flexperf.core.jsonable import to_jsonable
from flexperf.goals.models import Goal, GoalVersion

GOAL_FIELDS = ("title", "weight", "due_date", "status", "okr_type", "perspective_weights",
               "component_id")
METRIC_FIELDS = ("id", "kind", "name", "unit_label", "direction", "baseline", "threshold",
                 "target", "stretch", "start", "weight", "perspective", "aggregation")
MILESTONE_FIELDS = ("id", "name", "due", "weight")


def snapshot(goal: Goal) -> dict[str, Any]:
    """The goal's scoring-relevant definition as plain JSON (decimals as strings)."""
    definition: dict[str, Any] = {name: to_jsonable(getattr(goal, name)) for name in GOAL_FIELDS}
    definition["metrics"] = [
        {name: to_jsonable(getattr(metric, name)) for name in METRIC_FIELDS}
        for metric in goal.metrics.order_by("order", "pk")
    ]
    definition["milestones"] = [
        {name: to_jsonable(getattr(milestone, name)) for name in MILESTONE_FIELDS}
        for milestone in goal.milestones.order_by("due", "order", "pk")
    ]
    return definition


def record_version(goal: Goal, *, effective_from: dt.date, reason: str, created_by: str,
                   approved_by: str = "", adjustment_id: int | None = None) -> GoalVersion:
    """Append the goal's current definition as its next version (inside the caller's
    transaction; the caller audits)."""
    number = goal.version + 1
    version = GoalVersion.objects.create(
        goal=goal, number=number, effective_from=effective_from, definition=snapshot(goal),
        reason=reason, created_by_username=created_by, approved_by_username=approved_by,
        adjustment_id=adjustment_id,
    )
    Goal.objects.filter(pk=goal.pk).update(version=number)
    goal.version = number
    return version


def definitions_in_force(goal_ids: Iterable[int], as_of: dt.date) -> dict[int, dict[str, Any]]:
    """For goals changed after `as_of`: the definition that was in force on `as_of`.

    Goals absent from the result are scored with their current rows (no version after
    `as_of`). A goal whose first version starts after `as_of` keeps its current rows too.
    """
    ids = list(goal_ids)
    later = set(GoalVersion.objects.filter(goal_id__in=ids, effective_from__gt=as_of)
                .values_list("goal_id", flat=True))
    if not later:
        return {}
    in_force: dict[int, dict[str, Any]] = {}
    rows = (GoalVersion.objects.filter(goal_id__in=later, effective_from__lte=as_of)
            .order_by("goal_id", "number").values_list("goal_id", "definition"))
    for goal_id, definition in rows:
        in_force[goal_id] = definition  # ordered by number: the last one wins
    return in_force
