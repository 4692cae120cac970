"""Reads of cycles and evaluations, scoped by the caller.

* HR admins: every cycle and evaluation; HR business partners: the cycles and people of
  their units; managers: their reporting subtree's evaluations; employees: their own (the
  manager's review and the result only once the cycle is published).
* Executives: a cycle's aggregates (the rating distribution of their units), no evaluation
  but their own; auditors and partners: nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import evidence, tree
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, NotFound
from flexperf.goals.evaluation import to_decimal
from flexperf.goals.evaluation.assembly import SCORED_STATUSES
from flexperf.goals.models import Goal, OwnerKind
from flexperf.org.selectors import people_visible_to
from flexperf.reviews import rules
from flexperf.reviews.models import Cycle, Evaluation, Phase
from flexperf.reviews.services.common import (
    component_json,
    may_run,
    may_run_cycles,
    scale_of,
    score_cycle,
)
from flexperf.reviews.services.evaluations import may_review, missed_goals_without_analysis


def _unit_paths_q(field_name: str, paths: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= tree.subtree_q(field_name, path)
    return q


def evaluations_visible_to(actor: Actor) -> QuerySet[Evaluation]:
    """Evaluations of the people whose record the caller may read."""
    if actor.is_hr_admin:
        return Evaluation.objects.all()
    return Evaluation.objects.filter(person__in=people_visible_to(actor))


def cycles_visible_to(actor: Actor) -> QuerySet[Cycle]:
    if actor.is_hr_admin:
        return Cycle.objects.all()
    seen = Q(Exists(evaluations_visible_to(actor).filter(cycle=OuterRef("pk"))))
    if actor.executive_unit_paths:
        seen |= Q(Exists(Evaluation.objects.filter(
            _unit_paths_q("unit__path", actor.executive_unit_paths), cycle=OuterRef("pk"))))
    if actor.hrbp_unit_paths:
        seen |= Q(units__in=_hrbp_units(actor))
    return Cycle.objects.filter(pk__in=Cycle.objects.filter(seen).values("pk"))


def _hrbp_units(actor: Actor) -> Any:
    from flexperf.org.models import Unit
    return Unit.objects.filter(_unit_paths_q("path", actor.hrbp_unit_paths)).values("pk")


def access_cycle(actor: Actor, cycle_id: int) -> Cycle:
    cycle = cycles_visible_to(actor).select_related("period").filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound
    return cycle


def may_manage(actor: Actor, cycle: Cycle) -> bool:
    return may_run_cycles(actor) and may_run(actor, list(cycle.units.all()))


def may_see_aggregates(actor: Actor) -> bool:
    return actor.is_hr or actor.has(Role.EXECUTIVE) or actor.has(Role.MANAGER)


def aggregate_scope(actor: Actor, cycle: Cycle) -> QuerySet[Evaluation]:
    """The evaluations whose ratings the caller may count: HR and managers what they may read,
    executives their units'."""
    if not may_see_aggregates(actor):
        raise Forbidden
    scope = evaluations_visible_to(actor).filter(cycle=cycle)
    if actor.executive_unit_paths:
        scope = Evaluation.objects.filter(
            Q(pk__in=scope.values("pk"))
            | _unit_paths_q("unit__path", actor.executive_unit_paths), cycle=cycle)
    return scope


def distribution(actor: Actor, cycle: Cycle) -> rules.Distribution:
    """The actual ratings beside the guidance, over what the caller may count."""
    ratings = aggregate_scope(actor, cycle).values_list("rating", flat=True)
    return rules.distribution(ratings, rules.parse_guidance(cycle.guidance), cycle.tolerance)


# --- what is missing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    people: int
    without_goals: int
    without_self_review: int
    without_manager_review: int


def missing(actor: Actor, cycle: Cycle) -> Missing:
    """Exact counts over the cycle's evaluations the caller may read: people without a goal
    that counts in the period (active, under discussion or closed), without a submitted self
    review, without a submitted manager review."""
    if not (actor.is_hr or actor.has(Role.MANAGER)):
        raise Forbidden
    scope = evaluations_visible_to(actor).filter(cycle=cycle)
    if not actor.is_hr and actor.person_id is not None:  # a manager: their team, not them
        scope = scope.exclude(person_id=actor.person_id)
    # The cycle's period, or a shorter one inside it started by the as-of date (people
    # reviewed by half year or quarter have their goals there).
    period = cycle.period
    goals = Goal.objects.filter(period__start__gte=period.start, period__end__lte=period.end,
                                period__start__lte=cycle.as_of, owner_kind=OwnerKind.PERSON,
                                status__in=SCORED_STATUSES, person_id=OuterRef("person_id"))
    return Missing(
        people=scope.count(),
        without_goals=scope.exclude(Exists(goals)).count(),
        without_self_review=scope.filter(self_submitted_at__isnull=True).count(),
        without_manager_review=scope.filter(manager_submitted_at__isnull=True).count(),
    )


# --- one evaluation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    score: Decimal | None
    rating: str
    components: list[dict[str, Any]]
    explanation: list[str] = field(default_factory=list)
    live: bool = False
    scored_at: dt.datetime | None = None


@dataclass(frozen=True)
class EvaluationView:
    evaluation: Evaluation
    own: bool                   # the caller is the person evaluated
    show_result: bool           # manager's review, adjustment, score and rating
    breakdown: Breakdown | None
    evidence: list[evidence.EvidenceItem]
    may_self_review: bool
    may_manager_review: bool
    ratings: tuple[str, ...]    # the person's scheme's scale, highest first
    missing_analyses: list[str]


def my_evaluations(actor: Actor) -> QuerySet[Evaluation]:
    if actor.person_id is None:
        return Evaluation.objects.none()
    return (Evaluation.objects.filter(person_id=actor.person_id)
            .exclude(cycle__phase=Phase.DRAFT).select_related("cycle", "cycle__period")
            .order_by("-cycle__self_review_start", "-pk"))


def team_evaluations(actor: Actor, cycle: Cycle) -> QuerySet[Evaluation]:
    """The evaluations the caller reviews in the cycle: their reporting subtree (HR: their
    scope), not their own."""
    if not (actor.is_hr or actor.has(Role.MANAGER)):
        raise Forbidden
    return (evaluations_visible_to(actor).filter(cycle=cycle)
            .exclude(person_id=actor.person_id or 0)
            .select_related("person", "unit", "manager").order_by("person__employee_number"))


def access_evaluation(actor: Actor, evaluation_id: int) -> Evaluation:
    evaluation = (evaluations_visible_to(actor)
                  .select_related("cycle", "cycle__period", "person", "person__unit", "unit",
                                  "manager", "reviewed_by")
                  .filter(pk=evaluation_id).exclude(cycle__phase=Phase.DRAFT).first())
    if evaluation is None:
        raise NotFound
    if evaluation.person_id != actor.person_id:
        audit.record(actor, audit.draft_for(evaluation, Action.READ))
    return evaluation


def breakdown(evaluation: Evaluation) -> Breakdown:
    """The snapshot once taken (manager review onwards); before, the engine's live answer."""
    if evaluation.scored_at is not None:
        return Breakdown(evaluation.engine_score, evaluation.engine_rating,
                         list(evaluation.components), scored_at=evaluation.scored_at)
    cycle = evaluation.cycle
    scored = score_cycle(cycle, [evaluation.person_id])
    found = scored.person(evaluation.person_id)
    if found is None:
        return Breakdown(None, "", [], live=True)
    return Breakdown(to_decimal(found.score), found.rating or "",
                     [component_json(c) for c in found.components],
                     explanation=found.explanation_lines, live=True)


def describe(actor: Actor, evaluation: Evaluation) -> EvaluationView:
    cycle = evaluation.cycle
    own = evaluation.person_id == actor.person_id
    reviewer = may_review(actor, evaluation)
    published = cycle.phase == Phase.PUBLISHED
    show_result = reviewer or (own and published)
    may_manager = reviewer and cycle.phase == Phase.MANAGER_REVIEW
    return EvaluationView(
        evaluation=evaluation, own=own, show_result=show_result,
        breakdown=breakdown(evaluation) if show_result or not own else None,
        evidence=evidence.gather(actor, evaluation.person_id, cycle.period.start,
                                 cycle.period.end),
        may_self_review=own and cycle.phase == Phase.SELF_REVIEW,
        may_manager_review=may_manager,
        ratings=scale_of(evaluation.scheme_code).labels,
        missing_analyses=(missed_goals_without_analysis(actor, evaluation.person_id,
                                                         cycle.period) if may_manager else []),
    )
