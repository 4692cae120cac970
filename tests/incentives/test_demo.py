"""The incentives demo loader on a small group with a published cycle."""

from __future__ import annotations

import random
from decimal import Decimal as D

from flexperf.incentives.demo.loader import demo_salary, load_incentives_demo
from flexperf.incentives.models import BaseSalary, IncentivePolicy, PayoutRun, ProjectPool
from tests.incentives.conftest import SYSTEM, IncOrg


def test_demo_salary_is_plausible_by_level() -> None:
    rng = random.Random(1)
    amounts = [demo_salary("P5", rng) for _ in range(200)]
    # P5's middle is 240,000; ×0.85 … ×1.15 → 204,000 … 276,000, in hundreds.
    assert min(amounts) >= D(204000)
    assert max(amounts) <= D(276000)
    assert all(a % 100 == 0 for a in amounts)


def test_loads_salaries_pools_and_an_approved_run(inc_org: IncOrg) -> None:
    BaseSalary.objects.all().delete()
    ProjectPool.objects.all().delete()
    IncentivePolicy.objects.all().delete()
    inc_org.cycle.phase = "published"
    inc_org.cycle.save(update_fields=["phase"])
    counts = load_incentives_demo(actor=SYSTEM, seed=7)
    people = inc_org.goals.org.people
    assert counts["salaries"] == len(people)
    assert counts["runs"] == 1
    run = PayoutRun.objects.get()
    assert run.status == "approved"
    # No pool: the only project goal is the engineer's, and the first pool needs the owner and
    # two colleagues of the same unit; R has one other person (rnd_head).
    assert counts["pools"] == 0
    first = dict(BaseSalary.objects.values_list("person_id", "amount"))
    # Same seed after a wipe: the same salaries.
    BaseSalary.objects.all().delete()
    load_incentives_demo(actor=SYSTEM, seed=7)
    assert dict(BaseSalary.objects.values_list("person_id", "amount")) == first
    assert load_incentives_demo(actor=SYSTEM, seed=7)["runs"] == 0  # approved already
