"""Incentives demo data: a policy with coefficient tables, base salaries for every demo person
(deterministic for the seed, plausible by level), company factors and project pools for the
demo's finished review cycle, and an approved payout run for it.

Runs after the org, goals and reviews demo loaders. The finished cycle is the reviews demo's
published cycle (the latest published one by as-of date); without one, the salaries and the
policy are loaded and no run is made (the counts say so).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.goals.models import Goal, Paradigm
from flexperf.incentives.models import (
    BaseSalary,
    CompanyFactor,
    IncentivePolicy,
    PayoutRun,
    ProjectPool,
    RunStatus,
)
from flexperf.incentives.rules import EXAMPLE_RULES
from flexperf.incentives.services import policies, runs
from flexperf.notifications.models import Notification
from flexperf.org.models import Company, Person
from flexperf.reviews.demo.loader import FINISHED
from flexperf.reviews.models import Cycle, Evaluation
from flexperf.reviews.selectors import Phase

POLICY_CODE = "group-standard"
SALARY_FROM = dt.date(2026, 1, 1)
# Annual base salary (CNY) at the middle of each level's range; people spread ±15 % around it.
LEVEL_SALARY = {"P1": 96_000, "P2": 120_000, "P3": 150_000, "P4": 190_000, "P5": 240_000,
                "P6": 300_000, "P7": 380_000, "P8": 480_000, "M1": 280_000, "M2": 360_000,
                "M3": 480_000, "M4": 650_000, "M5": 900_000}
DEFAULT_SALARY = 150_000
POOLS = ((Decimal("60000"), (Decimal(50), Decimal(30), Decimal(20))),
         (Decimal("36000"), (Decimal(60), Decimal(40))))


def demo_salary(level: str, rng: random.Random) -> Decimal:
    """The level's middle × a factor from 0.85 to 1.15, rounded to the hundred yuan."""
    middle = LEVEL_SALARY.get(level, DEFAULT_SALARY)
    factor = Decimal(85 + rng.randrange(31)) / 100
    return (Decimal(middle) * factor / 100).quantize(Decimal(1)) * 100


# One finished cycle in the demo: the long-term pool vests on this cycle's rating alone, B or
# better (with two periods, as in EXAMPLE_RULES, every statement would say it needs one more).
DEMO_RULES = {**EXAMPLE_RULES,
              "long_term": {**EXAMPLE_RULES["long_term"], "periods": 1, "threshold": "3"}}


def finished_cycle() -> Cycle | None:
    """The reviews demo's finished cycle (2026 mid-year), else the latest published one."""
    return (Cycle.objects.filter(code=FINISHED, phase=Phase.PUBLISHED).first()
            or Cycle.objects.filter(phase=Phase.PUBLISHED).order_by("-as_of", "-pk").first())


def load_incentives_demo(*, actor: Actor, seed: int) -> dict[str, int]:
    rng = random.Random(f"incentives:{seed}")
    counts = {"policies": 0, "salaries": 0, "company_factors": 0, "pools": 0, "runs": 0,
              "payout_lines": 0}
    with transaction.atomic():
        policy = IncentivePolicy.objects.filter(code=POLICY_CODE).first()
        if policy is None:
            version = policies.create_policy(
                actor=actor, code=POLICY_CODE, name="集团标准激励政策 2026",
                rules=DEMO_RULES, note="Demo: the group's standard policy")
            policy = version.policy
            counts["policies"] = 1
        counts["salaries"] = _salaries(actor, rng)
        cycle = finished_cycle()
        if cycle is None:
            return counts
        for company in Company.objects.order_by("code"):
            factor = Decimal(90 + rng.randrange(21)) / 100  # 0.90 … 1.10
            CompanyFactor.objects.update_or_create(cycle=cycle, company=company,
                                                   defaults={"factor": factor})
            counts["company_factors"] += 1
        counts["pools"] = _pools(actor, cycle)
        if not Evaluation.objects.filter(cycle=cycle).exists():
            return counts
        if not PayoutRun.objects.filter(cycle=cycle, policy_version__policy=policy,
                                        status=RunStatus.APPROVED).exists():
            sent = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
            run = runs.compute_payouts(actor=actor, cycle_id=cycle.pk, policy_id=policy.pk)
            runs.approve_run(actor=actor, run_id=run.pk)
            # On the demo's calendar, not the loading moment: the same seed, the same rows.
            paid = dt.datetime.combine(cycle.publish_on, dt.time(10), tzinfo=dt.UTC)
            PayoutRun.objects.filter(pk=run.pk).update(computed_at=paid, approved_at=paid)
            Notification.objects.filter(pk__gt=sent or 0).update(created_at=paid)
            counts["runs"] = 1
            counts["payout_lines"] = run.lines.count()
    return counts


def _salaries(actor: Actor, rng: random.Random) -> int:
    have = set(BaseSalary.objects.values_list("person_id", flat=True))
    rows = []
    for pk, level in Person.objects.order_by("employee_number").values_list("pk", "level"):
        amount = demo_salary(level, rng)  # drawn for everyone, so the sequence never shifts
        if pk not in have:
            rows.append(BaseSalary(person_id=pk, amount=amount, currency="CNY",
                                   effective_from=SALARY_FROM))
    BaseSalary.objects.bulk_create(rows, batch_size=2000)
    if rows:
        audit.record(actor, audit.Draft(action=Action.IMPORT,
                                        object_type="incentives.basesalary",
                                        object_repr="demo", changes={"created": len(rows)}))
    return len(rows)


def _pools(actor: Actor, cycle: Cycle) -> int:
    """A pool on each of the first two person-owned project goals of the cycle's period with
    teammates: the owner and up to two colleagues of the same unit."""
    if ProjectPool.objects.filter(cycle=cycle).exists():
        return 0
    made = 0
    goals = (Goal.objects.filter(paradigm=Paradigm.PROJECT, person__isnull=False,
                                 period__start__lte=cycle.period.end,
                                 period__end__gte=cycle.period.start)
             .exclude(status__in=("draft", "withdrawn")).select_related("person")
             .order_by("pk"))
    for goal in goals.iterator():
        if made == len(POOLS):
            break
        amount, weights = POOLS[made]
        owner = goal.person
        assert owner is not None
        mates = list(Person.objects.filter(unit_id=owner.unit_id, status="active")
                     .exclude(pk=owner.pk).order_by("employee_number")
                     .values_list("pk", flat=True)[:len(weights) - 1])
        if len(mates) < len(weights) - 1:
            continue
        members = [owner.pk, *mates]
        policies.create_pool(actor=actor, cycle_id=cycle.pk, goal_id=goal.pk,
                             name=f"{goal.title} 项目奖金池", amount=amount,
                             contributions=list(zip(members, weights, strict=True)))
        made += 1
    return made
