"""Fixtures for incentives, on top of `goal_org` (tests/goals/conftest.py).

`inc_org` adds a finalised review cycle "2026-h1" (period 2026-H1, as of 2026-06-30) with four
evaluations, the example policy (rules.EXAMPLE_RULES), company factor 0.95 for HX, base salaries
and levels:

    rep1        sales  P5  ¥240,000  rating A
    rep2        sales  P3  ¥100,000  rating B   (front line tier: 1.2 / 0.8)
    engineer    rnd    P5  ¥200,000  rating C
    sales_head  sales  M4  ¥600,000  rating S   (executive tier: 0.6 / 1.4)

The engineer owns a project goal in 2026-H1 with milestones 方案评审 (weight 1, accepted
2026-05-01) and 上线 (weight 2, not accepted); a pool of ¥30,000.00 on it is split engineer 60,
rnd_head 40 (rnd_head is not in the cycle).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from flexperf.core.actors import Actor
from flexperf.goals.models import Goal
from flexperf.incentives.models import IncentivePolicy, ProjectPool
from flexperf.incentives.rules import EXAMPLE_RULES
from flexperf.incentives.services import compensation, policies
from flexperf.org.models import Person
from flexperf.reviews.models import Cycle, Evaluation
from tests import factories as org_factories
from tests.goals import factories as gf
from tests.goals.conftest import GoalOrg, goal_org  # noqa: F401  (the fixture)

SYSTEM = Actor.system()
RATINGS = {"rep1": "A", "rep2": "B", "engineer": "C", "sales_head": "S"}
LEVELS = {"rep1": "P5", "rep2": "P3", "engineer": "P5", "sales_head": "M4"}
SALARIES = {"rep1": "240000", "rep2": "100000", "engineer": "200000", "sales_head": "600000"}


@dataclass
class IncOrg:
    goals: GoalOrg
    cycle: Cycle
    policy: IncentivePolicy
    project: Goal
    pool: ProjectPool

    @property
    def people(self) -> dict[str, Person]:
        return self.goals.org.people

    def actor(self, role: str) -> Actor:
        return org_factories.actor(self.goals.org.users[role])


def make_cycle(code: str, period_code: str, as_of: dt.date, ratings: dict[int, str],
               phase: str = "finalised") -> Cycle:
    period = gf.period(period_code)
    day = period.start
    cycle = Cycle.objects.create(
        code=code, name=code, period=period, as_of=as_of, phase=phase,
        self_review_start=day, self_review_deadline=day, manager_review_start=day,
        manager_review_deadline=day, calibration_start=day, calibration_deadline=day,
        finalise_on=day, publish_on=day)
    for pid, rating in ratings.items():
        person = Person.objects.get(pk=pid)
        Evaluation.objects.create(cycle=cycle, person=person, unit_id=person.unit_id,
                                  score=Decimal(90), rating=rating)
    return cycle


@pytest.fixture
def inc_org(goal_org: GoalOrg) -> IncOrg:  # noqa: F811  (the fixture imported above)
    people = goal_org.people
    for key, level in LEVELS.items():
        Person.objects.filter(pk=people[key].pk).update(level=level)
    cycle = make_cycle("2026-h1", "2026-H1", dt.date(2026, 6, 30),
                       {people[k].pk: r for k, r in RATINGS.items()})
    version = policies.create_policy(actor=SYSTEM, code="std", name="Standard",
                                     rules=EXAMPLE_RULES)
    policies.set_company_factor(actor=SYSTEM, cycle_id=cycle.pk,
                                company_id=goal_org.org.company.pk, factor="0.95")
    for key, amount in SALARIES.items():
        compensation.set_base_salary(actor=SYSTEM, person_id=people[key].pk, amount=amount,
                                     effective_from=dt.date(2026, 1, 1))
    project = gf.goal("project", person=people["engineer"], period_code="2026-H1",
                      title="新平台", activate=True)
    first = project.milestones.order_by("order", "pk").first()
    assert first is not None
    gf.accept(first, "2026-05-01")
    pool = policies.create_pool(
        actor=SYSTEM, cycle_id=cycle.pk, goal_id=project.pk, name="新平台奖金池",
        amount="30000", contributions=[(people["engineer"].pk, "60"),
                                       (people["rnd_head"].pk, "40")])
    return IncOrg(goal_org, cycle, version.policy, project, pool)
