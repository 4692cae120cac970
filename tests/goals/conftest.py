"""Fixtures for the goals domain, on top of the `small_org` group (tests/conftest.py).

`goal_org` adds the periods 2026, 2026-H1 and 2026-H2 and two scheme assignments:

    G 集团总部        (no assignment: the group default, profit_centre = KPI 70 + behaviour 30)
      S 销售事业部    (inherits the default)
        SE 华东销售   (inherits the default)
      R 研发中心      innovation_unit (OKR 50 + project 50, reviewed by half year)
      H 人力资源部    support_function (KPI 40 + service 40 + behaviour 20)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import path
from ninja import NinjaAPI

from flexperf.core import events
from flexperf.core.actors import Actor
from flexperf.core.events import Event
from flexperf.goals.models import Period, Scheme
from flexperf.org.models import Person
from tests import factories as org_factories
from tests.conftest import SmallOrg
from tests.goals import factories as f


@dataclass
class GoalOrg:
    org: SmallOrg
    periods: dict[str, Period]
    schemes: dict[str, Scheme]

    def actor(self, role: str) -> Actor:
        return org_factories.actor(self.org.users[role])

    @property
    def people(self) -> dict[str, Person]:
        return self.org.people


@pytest.fixture
def goal_org(small_org: SmallOrg) -> GoalOrg:
    periods = {code: f.period(code) for code in ("2026", "2026-H1", "2026-H2")}
    schemes = {
        "innovation_unit": f.assign(small_org.units["R"], "innovation_unit"),
        "support_function": f.assign(small_org.units["H"], "support_function"),
        "profit_centre": f.scheme("profit_centre"),
    }
    return GoalOrg(small_org, periods, schemes)


@pytest.fixture
def announced(django_capture_on_commit_callbacks: Callable[..., Any]) -> Iterator[list[Event]]:
    """Every event delivered while the test runs; deliver them by running the service inside
    ``with django_capture_on_commit_callbacks(execute=True):`` (tests run in a transaction)."""
    seen: list[Event] = []
    events.subscribe(Event)(seen.append)
    yield seen
    events._handlers[Event].remove(seen.append)


# --- the API -------------------------------------------------------------------------------
# Our routers mounted on an API of their own, with the real authentication and error format,
# so the tests do not depend on which routers flexperf/api.py registers (a router may be
# mounted on several APIs).


def _goals_api() -> NinjaAPI:
    from flexperf.accounts.api_auth import SessionActorAuth, TokenAuth
    from flexperf.api import api as main_api
    from flexperf.goals.api.goals import router as goals_router
    from flexperf.goals.api.periods import router as periods_router
    from flexperf.goals.api.schemes import router as schemes_router

    api = NinjaAPI(title="goals test API", auth=[TokenAuth(), SessionActorAuth()],
                   urls_namespace="goals-test-api", docs_url=None)
    for exc_class, handler in main_api._exception_handlers.items():
        api.add_exception_handler(exc_class, handler)
    for router in (goals_router, periods_router, schemes_router):
        api.add_router("", router)
    return api


GOALS_API = _goals_api()
urlpatterns = [path("api/v1/", GOALS_API.urls)]


@pytest.fixture
def goals_api(settings: Any) -> NinjaAPI:
    """Serve the goals API at /api/v1/ for the test (this module is the URL conf)."""
    settings.ROOT_URLCONF = "tests.goals.conftest"
    return GOALS_API
