"""Fixtures for reviews, on top of `goal_org` (tests/goals/conftest.py).

`review_org` adds goals for the sales unit S and a draft cycle "2026-annual" over S (period
2026, scored as of 2026-06-30); S holds 陈经理 (sales_head), 林小雨 (rep1), 赵磊 (rep2) and
钱进 (left: no evaluation). All under the group default profit_centre (KPI 70 + behaviour 30,
scale S ≥ 110, A ≥ 100, B ≥ 85, C ≥ 60, D).

Hand-worked engine scores as of June 30:
* rep1: KPI latest 110 → 100 + (110 − 100) / 20 × 20 = 110 points; no behaviour goal, so the
  behaviour component is missing (flagged) and KPI carries the whole score: 110.00 → S.
* sales_head: KPI 90 → 60 + (90 − 80) / 20 × 40 = 80; behaviour rated 4 → (4 − 1) / 4 × 100
  = 75; (70 × 80 + 30 × 75) / 100 = 78.50 → C.
* rep2: no goals → no score, no rating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import path
from django.utils import translation
from ninja import NinjaAPI

from flexperf.core.actors import Actor
from flexperf.reviews import services
from flexperf.reviews.models import Cycle, Evaluation
from flexperf.reviews.services import CycleSpec
from tests.goals import factories as gf
from tests.goals.conftest import GoalOrg, announced, goal_org  # noqa: F401  (fixtures)

D = dt.date
DATES = {
    "self_review_start": D(2026, 7, 1), "self_review_deadline": D(2026, 7, 14),
    "manager_review_start": D(2026, 7, 15), "manager_review_deadline": D(2026, 7, 28),
    "calibration_start": D(2026, 7, 29), "calibration_deadline": D(2026, 8, 5),
    "finalise_on": D(2026, 8, 6), "publish_on": D(2026, 8, 7),
}


@dataclass
class ReviewOrg:
    goals: GoalOrg
    cycle: Cycle

    def actor(self, role: str) -> Actor:
        return self.goals.actor(role)

    @property
    def people(self) -> dict[str, Any]:
        return self.goals.people

    def evaluation(self, who: str) -> Evaluation:
        return Evaluation.objects.get(cycle=self.cycle, person=self.people[who])

    def advance(self, to: str) -> Cycle:
        while self.cycle.phase != to:
            self.cycle = services.advance_cycle(actor=self.actor("hr_admin"),
                                                cycle_id=self.cycle.pk)
        return self.cycle

    def client(self, role: str) -> Any:
        return self.goals.org.client(role)


def spec(**kw: Any) -> CycleSpec:
    values: dict[str, Any] = {"code": "2026-annual", "name": "2026 年度评估", "period": "2026",
                              "units": ["S"], "as_of": D(2026, 6, 30), "dates": dict(DATES)}
    values.update(kw)
    return CycleSpec(**values)


def sales_goals(org: GoalOrg) -> None:
    people = org.people
    kpi = gf.kpi_goal(people["rep1"], activate=True)
    gf.measure(kpi.metrics.get(), "2026-03-31", 90)
    gf.measure(kpi.metrics.get(), "2026-06-30", 110)
    head_kpi = gf.kpi_goal(people["sales_head"], activate=True)
    gf.measure(head_kpi.metrics.get(), "2026-06-30", 90)
    head_behaviour = gf.behaviour_goal(people["sales_head"], activate=True)
    gf.rate(head_behaviour.metrics.get(), "2026-06-15", 4, rater=people["ceo"])


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English whatever an earlier test on this worker left active (a page test
    in Chinese activates zh-Hans for the thread)."""
    with translation.override("en"):
        yield


@pytest.fixture
def review_org(goal_org: GoalOrg) -> ReviewOrg:  # noqa: F811
    sales_goals(goal_org)
    cycle = services.create_cycle(actor=goal_org.actor("hr_admin"), spec=spec())
    return ReviewOrg(goal_org, cycle)


# --- the API, mounted on its own (like tests/goals/conftest.py) ------------------------------


def _reviews_api() -> NinjaAPI:
    from flexperf.accounts.api_auth import SessionActorAuth, TokenAuth
    from flexperf.api import api as main_api
    from flexperf.reviews.api import router

    api = NinjaAPI(title="reviews test API", auth=[TokenAuth(), SessionActorAuth()],
                   urls_namespace="reviews-test-api", docs_url=None)
    for exc_class, handler in main_api._exception_handlers.items():
        api.add_exception_handler(exc_class, handler)
    api.add_router("", router)
    return api


REVIEWS_API = _reviews_api()
urlpatterns = [path("api/v1/", REVIEWS_API.urls)]


@pytest.fixture
def reviews_api(settings: Any) -> Callable[[], None]:
    settings.ROOT_URLCONF = "tests.reviews.conftest"
    return lambda: None
