"""A scored team for the goals pages, on top of `goal_org` (tests/goals/conftest.py).

    林小雨 rep1 (employee)  KPI 营业收入 80/100/120, actual 110 → 100 + (110 − 100) / 20 × 20 = 110
                             behaviour 协作, rated 5 by 陈经理 → (5 − 1) / 4 × 100 = 100
                             scheme profit_centre: (70 × 110 + 30 × 100) / 100 = 107 → A
                             a draft KPI 新客户数 (not scored)
    赵磊 rep2               KPI 营业收入 80/100/120, actual 90 → 60 + (90 − 80) / 20 × 40 = 80
                             no behaviour goal: that component is left out, 80 → C

Measurements are dated early in 2026, so they count on any day the suite runs from now on;
statuses are chosen so they do not depend on the day either (a KPI past its target and a top
rating are on track; 90 on a path from 80 to 100 covers half of it, off track all year).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from flexperf.goals.models import Goal
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg


@dataclass
class Scored:
    org: GoalOrg
    kpi1: Goal
    behaviour1: Goal
    draft1: Goal
    kpi2: Goal

    def client(self, role: str) -> object:
        return self.org.org.client(role)


@pytest.fixture
def scored(goal_org: GoalOrg) -> Scored:
    people = goal_org.people
    kpi1 = f.kpi_goal(people["rep1"], title="营业收入", activate=True,
                      metrics=[f.kpi("营业收入", unit_label="万元")])
    f.measure(kpi1.metrics.get(), "2026-02-28", 95)
    f.measure(kpi1.metrics.get(), "2026-03-31", 110)
    behaviour1 = f.behaviour_goal(people["rep1"], title="协作与分享", activate=True)
    f.rate(behaviour1.metrics.get(), "2026-03-31", 5, rater=people["sales_head"])
    draft1 = f.kpi_goal(people["rep1"], title="新客户数", metrics=[f.kpi("新客户数")])
    kpi2 = f.kpi_goal(people["rep2"], title="营业收入", activate=True)
    f.measure(kpi2.metrics.get(), "2026-03-31", 90)
    return Scored(goal_org, kpi1, behaviour1, draft1, kpi2)
