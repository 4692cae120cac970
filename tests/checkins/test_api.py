"""The checkins API: scoped reads (404 outside scope), submit and discuss, 422 naming the
field, the board, scheduling (HR admin), milestone reviews; and the goals close endpoint's
missed-goal analysis."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from ninja import NinjaAPI

from flexperf.checkins.models import Checkin
from flexperf.goals.models import Measurement, MissAnalysis
from tests.checkins import factories as cf
from tests.checkins.conftest import GoalOrg
from tests.goals import factories as f

JSON = "application/json"


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type=JSON)


def test_submit_and_discuss_over_the_api(goal_org: GoalOrg, checkins_api: NinjaAPI) -> None:
    revenue = f.kpi_goal(goal_org.people["rep1"], title="营业收入", activate=True)
    checkin = cf.checkin(goal_org.people["rep1"])
    employee = goal_org.org.client("employee")
    metric = revenue.metrics.get()
    bad = post(employee, f"/api/v1/checkins/{checkin.pk}/submit", {
        "lines": [{"goal_id": revenue.pk, "metric_id": metric.pk, "value": "95",
                   "confidence": 11}]})
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["detail"]] == ["lines.0.confidence"]
    wrong = post(employee, f"/api/v1/checkins/{checkin.pk}/submit", {
        "lines": [{"goal_id": revenue.pk, "value": "95", "confidence": 5}]})
    assert wrong.status_code == 422
    assert [e["field"] for e in wrong.json()["detail"]] == ["lines.0.metric_id"]
    assert not Measurement.objects.exists()
    done = post(employee, f"/api/v1/checkins/{checkin.pk}/submit", {
        "lines": [{"goal_id": revenue.pk, "metric_id": metric.pk, "value": "95",
                   "confidence": 7}], "obstacles": "价格战"})
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["lines"][0]["confidence"], body["lines"][0]["value"]) == (
        "submitted", 7, "95.0000")
    manager = goal_org.org.client("manager")
    board = manager.get("/api/v1/checkins/board").json()
    assert [r["person_name"] for r in board["awaiting"]] == ["林小雨"]
    assert post(employee, f"/api/v1/checkins/{checkin.pk}/discuss",
                {"coaching_note": "好"}).status_code == 403
    missing = post(manager, f"/api/v1/checkins/{checkin.pk}/discuss", {"coaching_note": " "})
    assert [e["field"] for e in missing.json()["detail"]] == ["coaching_note"]
    discussed = post(manager, f"/api/v1/checkins/{checkin.pk}/discuss",
                     {"coaching_note": "下月一起拜访"})
    assert discussed.json()["status"] == "discussed"


@pytest.mark.parametrize(("role", "count", "status"), [
    ("employee", 1, 200), ("manager", 2, 200), ("hrbp", 2, 200), ("hr_admin", 3, 200),
    ("executive", 0, 404), ("auditor", 0, 404), ("partner", 0, 404),
])
def test_each_role_lists_and_reads_only_its_scope(goal_org: GoalOrg, checkins_api: NinjaAPI,
                                                  role: str, count: int, status: int) -> None:
    rep1 = cf.checkin(goal_org.people["rep1"])
    cf.checkin(goal_org.people["rep2"])
    cf.checkin(goal_org.people["engineer"], "2026-03", cadence="monthly")
    client = goal_org.org.client(role)
    listed = client.get("/api/v1/checkins")
    assert listed.status_code == 200
    assert listed.json()["count"] == count
    assert client.get(f"/api/v1/checkins/{rep1.pk}").status_code == status


def test_scheduling_is_for_hr_admins(goal_org: GoalOrg, checkins_api: NinjaAPI) -> None:
    assert post(goal_org.org.client("manager"), "/api/v1/checkins/schedule",
                {"on": "2026-03-25"}).status_code == 403
    bad = post(goal_org.org.client("hr_admin"), "/api/v1/checkins/schedule", {"on": "3月"})
    assert [e["field"] for e in bad.json()["detail"]] == ["on"]
    done = post(goal_org.org.client("hr_admin"), "/api/v1/checkins/schedule",
                {"on": "2026-03-25"})
    assert done.json() == {"created": 10, "existing": 0, "reminded_due": 10,
                           "reminded_overdue": 0}
    assert Checkin.objects.count() == 10


def test_milestone_reviews_over_the_api(goal_org: GoalOrg, checkins_api: NinjaAPI) -> None:
    project = f.goal("project", person=goal_org.people["engineer"], period_code="2026-H1",
                     activate=True)
    first = project.milestones.order_by("due").first()
    assert first is not None
    f.accept(first, "2026-04-25")
    hr = goal_org.org.client("hr_admin")
    url = f"/api/v1/milestones/{first.pk}/review"
    bad = post(hr, url, {"delivered": "方案", "quality": 4, "stage_rating": "great"})
    assert [e["field"] for e in bad.json()["detail"]] == ["stage_rating"]
    assert post(goal_org.org.client("manager"), url, {
        "delivered": "x", "quality": 4, "stage_rating": "meets"}).status_code == 404
    made = post(hr, url, {"delivered": "方案", "quality": 4, "stage_rating": "meets"})
    assert made.status_code == 201
    assert made.json()["stage_label"] == "Meets expectations"
    person = goal_org.people["engineer"].pk
    assert len(hr.get(f"/api/v1/milestone-reviews?person={person}").json()) == 1
    assert goal_org.org.client("manager").get(
        f"/api/v1/milestone-reviews?person={person}").json() == []


def test_closing_a_missed_goal_over_the_api_needs_the_analysis(
        goal_org: GoalOrg, checkins_api: NinjaAPI) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    manager = goal_org.org.client("manager")
    url = f"/api/v1/goals/{goal.pk}/close"
    none = post(manager, url, {"missed": True})
    assert [e["field"] for e in none.json()["detail"]] == ["analysis"]
    partial = post(manager, url, {"missed": True, "analysis": {
        "premature": "maybe", "resources_matched": "no", "learned": "x"}})
    assert [e["field"] for e in partial.json()["detail"]] == ["analysis.premature"]
    assert manager.get(f"/api/v1/goals/{goal.pk}/miss-analysis").status_code == 404
    closed = post(manager, url, {"missed": True, "analysis": {
        "premature": "partly", "resources_matched": "no", "learned": "提前锁定货源"}})
    assert closed.status_code == 200
    read = manager.get(f"/api/v1/goals/{goal.pk}/miss-analysis").json()
    assert (read["premature"], read["learned"]) == ("partly", "提前锁定货源")
    revised = goal_org.org.client("employee").put(
        f"/api/v1/goals/{goal.pk}/miss-analysis", {"premature": "no", "resources_matched":
                                                   "partly", "learned": "y"},
        content_type=JSON)
    assert revised.status_code == 200
    assert MissAnalysis.objects.get(goal=goal).premature == "no"
