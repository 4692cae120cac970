"""Database rows → the engine's plain inputs for one cycle (batched; unscoped, for services)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from flexperf.goals.models import GoalStatus, Milestone, Paradigm
from flexperf.incentives import points
from flexperf.incentives.cycles import CycleInfo, earlier_ratings, results
from flexperf.incentives.engine import MilestoneIn, PersonIn, PoolIn
from flexperf.incentives.models import BaseSalary, CompanyFactor, ProjectContribution, ProjectPool
from flexperf.incentives.rules import PolicyRules
from flexperf.org.models import Person

CHUNK = 2000


@dataclass(frozen=True)
class Inputs:
    people: list[PersonIn]
    milestones: list[MilestoneIn]
    pools: list[PoolIn]
    points_connected: bool


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for first in range(0, len(ids), CHUNK):
        yield ids[first:first + CHUNK]


def salaries_as_of(person_ids: list[int], cycle: CycleInfo
                   ) -> dict[int, tuple[Decimal, str]]:
    """Each person's base salary in force on the cycle's as-of date."""
    out: dict[int, tuple[Decimal, str]] = {}
    for chunk in _chunks(person_ids):
        rows = (BaseSalary.objects.filter(person_id__in=chunk,
                                          effective_from__lte=cycle.as_of)
                .order_by("person_id", "effective_from")
                .values_list("person_id", "amount", "currency"))
        for pid, amount, currency in rows:
            out[pid] = (amount, currency)  # the latest date wins
    return out


def gather(cycle: CycleInfo, rules: PolicyRules) -> Inputs:
    final = results(cycle.id)
    ids = [r.person_id for r in final]
    idset = set(ids)
    attributes: dict[int, tuple[str, str, int]] = {}
    for chunk in _chunks(ids):
        for pid, family, level, company in Person.objects.filter(pk__in=chunk).values_list(
                "pk", "job_family", "level", "unit__company_id"):
            attributes[pid] = (family, level, company)
    salaries = salaries_as_of(ids, cycle)
    factors = dict(CompanyFactor.objects.filter(cycle_id=cycle.id)
                   .values_list("company_id", "factor"))
    earlier = earlier_ratings(cycle, idset, rules.long_term_periods - 1)
    earned = points.points_earned(ids, cycle.start, cycle.end)
    people = []
    for result in final:
        family, level, company = attributes[result.person_id]
        salary = salaries.get(result.person_id)
        people.append(PersonIn(
            person_id=result.person_id, rating=result.rating or None, population=family,
            level=level, base_salary=salary[0] if salary else None,
            salary_currency=salary[1] if salary else rules.currency,
            company_factor=factors.get(company, Decimal(1)),
            earlier_ratings=earlier.get(result.person_id, ()),
            points=None if earned is None else earned.get(result.person_id, 0)))
    return Inputs(people, _milestones(cycle, idset), _pools(cycle), earned is not None)


def _milestones(cycle: CycleInfo, ids: set[int]) -> list[MilestoneIn]:
    """Milestones of people's own project goals accepted within the cycle's period."""
    accepted = list(Milestone.objects.filter(
        goal__paradigm=Paradigm.PROJECT, goal__person__isnull=False,
        goal__status__in=(GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION, GoalStatus.CLOSED),
        accepted_on__gte=cycle.start, accepted_on__lte=cycle.end,
    ).order_by("goal__person_id", "goal_id", "order", "pk").values_list(
        "goal__person_id", "goal_id", "goal__title", "name", "weight"))
    goal_ids = {row[1] for row in accepted if row[0] in ids}
    totals = dict(Milestone.objects.filter(goal_id__in=goal_ids).values("goal_id")
                  .annotate(total=Sum("weight")).values_list("goal_id", "total"))
    return [MilestoneIn(pid, title, name, weight, totals[goal])
            for pid, goal, title, name, weight in accepted if pid in ids]


def _pools(cycle: CycleInfo) -> list[PoolIn]:
    pools = list(ProjectPool.objects.filter(cycle_id=cycle.id).order_by("pk"))
    members: dict[int, list[tuple[int, Decimal]]] = {p.pk: [] for p in pools}
    for pool_id, pid, weight in ProjectContribution.objects.filter(
            pool__cycle_id=cycle.id).order_by("pool_id", "person_id").values_list(
            "pool_id", "person_id", "weight"):
        members[pool_id].append((pid, weight))
    return [PoolIn(p.pk, p.name, p.amount, tuple(members[p.pk])) for p in pools]
