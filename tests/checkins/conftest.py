"""Fixtures of the checkins tests: the goals domain's `goal_org` (periods 2026/H1/H2; S and SE
on the quarterly profit-centre scheme, R on the monthly innovation-unit scheme, H on the
quarterly support-function scheme) and an API of the checkins router at /api/v1/."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import path
from ninja import NinjaAPI

from tests.goals.conftest import GoalOrg, announced, goal_org

__all__ = ["GoalOrg", "announced", "checkins_api", "goal_org"]


def _api() -> NinjaAPI:
    from flexperf.accounts.api_auth import SessionActorAuth, TokenAuth
    from flexperf.api import api as main_api
    from flexperf.checkins.api import router as checkins_router
    from flexperf.goals.api.goals import router as goals_router

    api = NinjaAPI(title="checkins test API", auth=[TokenAuth(), SessionActorAuth()],
                   urls_namespace="checkins-test-api", docs_url=None)
    for exc_class, handler in main_api._exception_handlers.items():
        api.add_exception_handler(exc_class, handler)
    api.add_router("", checkins_router)
    api.add_router("", goals_router)
    return api


CHECKINS_API = _api()
urlpatterns = [path("api/v1/", CHECKINS_API.urls), *__import__(
    "flexperf.urls", fromlist=["urlpatterns"]).urlpatterns]


@pytest.fixture
def checkins_api(settings: Any) -> NinjaAPI:
    """Serve the checkins (and goals) API at /api/v1/ for the test, pages as usual."""
    settings.ROOT_URLCONF = "tests.checkins.conftest"
    return CHECKINS_API
