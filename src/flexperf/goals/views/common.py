"""What several goals pages share: choosing the period, who may open which page, and rows that
pair a goal with its score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flexperf.core import clock
from flexperf.core.actors import Actor, Role
from flexperf.goals import periods as period_codes
from flexperf.goals.evaluation import GoalScore
from flexperf.goals.models import Goal, OwnerKind, Period
from flexperf.goals.selectors.goals import periods_visible_to


def has_person(actor: Actor) -> bool:
    return actor.person_id is not None


def leads_people(actor: Actor) -> bool:
    """Managers (their reporting subtree) and HR (their units)."""
    return actor.has(Role.MANAGER) or actor.is_hr


def is_hr(actor: Actor) -> bool:
    return actor.is_hr


def is_hr_admin(actor: Actor) -> bool:
    return actor.is_hr_admin


def pick_period(actor: Actor, code: str | None, *, kind: str | None = None
                ) -> tuple[Period | None, list[Period]]:
    """The period asked for by its code; else the one of `kind` (a scheme's review period)
    that contains today; else any period that contains today, longest first; else the latest.
    With every period the caller knows, for the picker."""
    options = list(periods_visible_to(actor))
    if code:
        wanted = code.strip().upper()
        return next((p for p in options if p.code == wanted), None), options
    today = clock.today()
    if kind:
        current = period_codes.code_for(kind, today)
        found = next((p for p in options if p.code == current), None)
        if found is not None:
            return found, options
        of_kind = [p for p in options if p.kind == kind and p.start <= today]
        if of_kind:
            return of_kind[-1], options
    running = sorted((p for p in options if p.start <= today <= p.end),
                     key=lambda p: p.start - p.end)  # the longest first
    if running:
        return running[0], options
    return (options[-1] if options else None), options


def owner_name(goal: Goal) -> str:
    if goal.owner_kind == OwnerKind.PERSON and goal.person is not None:
        return goal.person.name
    if goal.owner_kind == OwnerKind.UNIT and goal.unit is not None:
        return goal.unit.name
    return goal.company.name if goal.company is not None else ""


@dataclass(frozen=True)
class GoalRow:
    """A goal as listed: the row itself and, once it counts, its score as of the day."""

    goal: Goal
    score: GoalScore | None


def rows_of(goals: Sequence[Goal], scores: dict[int, GoalScore]) -> list[GoalRow]:
    return [GoalRow(goal, scores.get(goal.pk)) for goal in goals]
