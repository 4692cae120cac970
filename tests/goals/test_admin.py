"""The goals domain in the Django admin is for browsing (flexperf.goals.admin)."""

from __future__ import annotations

import pytest
from django.test import Client

from flexperf.accounts.models import User
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

MODELS = ("period", "scheme", "schemeassignment", "goal", "metric", "measurement",
          "goalalignment", "goalversion", "externalseries", "signallink", "adjustment")


@pytest.fixture
def admin_client_(goal_org: GoalOrg) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x" * 12))
    return client


def test_every_goals_table_is_browsable_and_nothing_can_be_added_or_changed(
        goal_org: GoalOrg, admin_client_: Client) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    for model in MODELS:
        assert admin_client_.get(f"/admin/goals/{model}/").status_code == 200, model
        assert admin_client_.get(f"/admin/goals/{model}/add/").status_code == 403, model
    page = admin_client_.get(f"/admin/goals/goal/{goal.pk}/change/")
    assert page.status_code == 200
    assert "营业收入" in page.content.decode()  # the goal's metric, shown inline
    scheme = f.scheme("profit_centre")
    detail = admin_client_.get(f"/admin/goals/scheme/{scheme.pk}/change/").content.decode()
    assert "behaviour" in detail
    posted = admin_client_.post(f"/admin/goals/scheme/{scheme.pk}/change/", {"name": "x"})
    assert posted.status_code == 403
    scheme.refresh_from_db()
    assert scheme.name == "利润中心"
