"""Scoring over the API: the calculator, a goal's score, a person's scheme score, the scores of a
period. Mount with prefix "" (paths start /scoring, /goals, /people, /scores).

No `from __future__ import annotations` here: ninja reads the handlers' annotations at
import time."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from flexperf.accounts.api_auth import actor_of
from flexperf.core import clock
from flexperf.core.actors import Role
from flexperf.core.errors import Forbidden
from flexperf.goals import evaluation
from flexperf.goals.evaluation import GoalScore, PersonScore, Preview
from flexperf.goals.schemas.scoring import (
    GoalScoreDetailOut,
    PersonScoreDetailOut,
    PersonScoreOut,
    PreviewIn,
    PreviewOut,
    ScoresFilter,
)
from flexperf.goals.selectors import access_goal
from flexperf.org.selectors import access_person

router = Router(tags=["scoring"])


@router.post("/scoring/preview", response=PreviewOut, summary="Score a scheme and goals "
             "given in the body (a calculator; nothing is stored)")
def preview(request: HttpRequest, payload: PreviewIn) -> Preview:
    """The one scoring engine on values you give: the scheme's components (weights add up to
    100), optional rating scale and rule overrides, and goals of any paradigm, each told apart
    by `paradigm`. Answers the scheme score, rating, each component's points (a component
    without scored goals is flagged and left out, the others re-normalised) and each goal's
    points with the explanation. Open to every signed-in member of the group."""
    actor = actor_of(request)
    if not actor.is_internal:
        raise Forbidden
    return evaluation.preview(payload, today=clock.today())


@router.get("/goals/{goal_id}/score", response=GoalScoreDetailOut,
            summary="A goal's points, explanation, progress and status")
def goal_score(request: HttpRequest, goal_id: int, as_of: dt.date | None = None
               ) -> dict[str, Any]:
    """Scored with the definition in force on `as_of` (default today, or the end of the goal's
    period); `version` says which. 404 outside your scope."""
    actor = actor_of(request)
    goal = access_goal(actor, goal_id)
    when = as_of or evaluation.default_as_of(goal.period)
    found = evaluation.score_goal(actor, goal, as_of=when)
    return _goal(found) | {"as_of": min(when, goal.period.end)}


@router.get("/people/{person_id}/scores", response=PersonScoreDetailOut,
            summary="A person's scheme score for a period, component by component")
def person_scores(request: HttpRequest, person_id: int, filters: Query[ScoresFilter]
                  ) -> dict[str, Any]:
    """404 when the person is outside your scope (reading someone else's scores is written to
    the audit trail); 422 naming `period` for an unknown period."""
    actor = actor_of(request)
    person = access_person(actor, person_id)
    period = evaluation.require_period(filters.period)
    as_of = filters.as_of or evaluation.default_as_of(period)
    paced = filters.basis == "paced"
    found = evaluation.score_person(
        actor, person, period, as_of=as_of,
        basis=evaluation.Basis.PACED if paced else evaluation.Basis.FULL, sub_periods=paced)
    return _person(found) | {
        "period": period.code, "as_of": min(as_of, period.end),
        "goals": [_goal(g) for g in found.goals],
        "unassigned": [_goal(g) for g in found.unassigned],
        "explanation": found.explanation_lines,
    }


@router.get("/scores", response=list[PersonScoreOut],
            summary="Scheme scores of the people you may see, for a period")
@paginate(PageNumberPagination)
def list_scores(request: HttpRequest, filters: Query[ScoresFilter]) -> Any:
    """In employee-number order; only the page asked for is scored. Executives get 403 (they
    will see aggregates); partner users too."""
    actor = actor_of(request)
    if not actor.is_internal or (actor.has(Role.EXECUTIVE) and not actor.is_hr):
        raise Forbidden
    period = evaluation.require_period(filters.period)
    return _PersonRows(evaluation.scored_people(actor, period, as_of=filters.as_of))


class _PersonRows:
    """A page of scored people as API rows (ninja slices and counts it)."""

    def __init__(self, people: evaluation.ScoredPeople) -> None:
        self.people = people

    def __len__(self) -> int:
        return len(self.people)

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_person(p) for p in self.people[index]]


def _goal(found: GoalScore) -> dict[str, Any]:
    verdict = found.progress
    return {
        "id": found.goal_id, "title": found.title, "paradigm": found.paradigm,
        "okr_type": found.okr_type, "status": found.status, "version": found.version,
        "component_id": found.component_id, "points": found.points, "grade": found.grade,
        "on_target": found.on_target, "explanation": found.explanation,
        "progress": {"progress": verdict.progress, "expected": verdict.expected,
                     "status": verdict.status.value, "rule": verdict.rule},
    }


def _person(found: PersonScore) -> dict[str, Any]:
    return {
        "person": {"id": found.person_id, "employee_number": found.employee_number,
                   "name": found.name},
        "scheme": {"id": found.scheme_id, "code": found.scheme_code, "name": found.scheme_name},
        "score": found.score, "rating": found.rating,
        "components": [
            {"id": c.component_id, "key": c.key, "label": c.label, "paradigm": c.paradigm,
             "weight": float(c.weight), "pay_linked": c.pay_linked, "points": c.points,
             "goals": c.goals, "scored_goals": c.scored_goals,
             "flag": evaluation.NO_SCORED_GOALS if c.flagged else None}
            for c in found.components],
        "missing": list(found.missing), "flags": found.flags,
    }
