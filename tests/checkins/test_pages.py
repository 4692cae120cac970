"""The check-in pages: the employee submits (errors come back under the field, nothing
written), the manager coaches from the board, the timeline and the milestone review form; who
may open what."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from flexperf.checkins.models import Checkin, MilestoneReview
from flexperf.goals.models import Measurement
from tests import factories as org_factories
from tests.checkins import factories as cf
from tests.checkins.conftest import GoalOrg
from tests.goals import factories as f
from tests.pages.conftest import field_errors, page


def test_the_employee_submits_and_a_bad_value_comes_back_under_its_field(
        goal_org: GoalOrg) -> None:
    revenue = f.kpi_goal(goal_org.people["rep1"], title="营业收入", activate=True)
    checkin = cf.checkin(goal_org.people["rep1"])
    client = goal_org.org.client("employee")
    mine = page(client.get("/checkins/"))
    assert mine.one(id="checkins").texts("a") == ["2026-Q1"]
    root = page(client.get(f"/checkins/{checkin.pk}/"))
    assert root.one("fieldset", data_goal=str(revenue.pk)).one("legend").text.startswith("营业收入")
    metric = revenue.metrics.get()
    prefix = f"checkin-g{revenue.pk}"
    bad = client.post(f"/checkins/{checkin.pk}/submit/", {
        f"{prefix}_metric_id": metric.pk, f"{prefix}_value": "九十",
        f"{prefix}_confidence": "12", "checkin-obstacles": "价格战"})
    errors = field_errors(page(bad, 422))
    assert errors == {f"{prefix}_value": ["'九十' is not a number."],
                      f"{prefix}_confidence": ["Give a whole number from 0 to 10."]}
    assert not Measurement.objects.exists()
    good = client.post(f"/checkins/{checkin.pk}/submit/", {
        f"{prefix}_metric_id": metric.pk, f"{prefix}_value": "95",
        f"{prefix}_confidence": "7", "checkin-obstacles": "价格战"})
    assert good.status_code == 302
    shown = page(client.get(f"/checkins/{checkin.pk}/"))
    assert shown.one("tr", data_goal=str(revenue.pk)).one(data_confidence=True).text == "7/10"
    assert shown.one(id="obstacles").text == "价格战"
    assert Measurement.objects.get(metric=metric).on == dt.date(2026, 3, 31)


def test_the_manager_coaches_from_the_board(goal_org: GoalOrg) -> None:
    checkin = cf.checkin(goal_org.people["rep1"])
    employee = goal_org.org.client("employee")
    employee.post(f"/checkins/{checkin.pk}/submit/", {"checkin-obstacles": "无"})
    manager = goal_org.org.client("manager")
    board = page(manager.get("/checkins/team/"))
    assert board.one(id="board-awaiting").texts("a")[:2] == ["林小雨 · Lin Xiaoyu", "2026-Q1"]
    empty = manager.post(f"/checkins/{checkin.pk}/discuss/", {"discuss-coaching_note": ""})
    assert field_errors(page(empty, 422)) == {"discuss-coaching_note": [
        "This field is required."]}
    done = manager.post(f"/checkins/{checkin.pk}/discuss/",
                        {"discuss-coaching_note": "下月一起拜访大客户"})
    assert done.status_code == 302
    checkin.refresh_from_db()
    assert checkin.status == "discussed"
    seen = page(employee.get(f"/checkins/{checkin.pk}/"))
    assert seen.one(id="coaching-note").text == "下月一起拜访大客户"
    # The employee cannot discuss her own check-in (403), nor open the board.
    assert employee.post(f"/checkins/{checkin.pk}/discuss/",
                         {"discuss-coaching_note": "x"}).status_code == 403
    assert employee.get("/checkins/team/").status_code == 403


def test_who_opens_a_check_in_and_a_timeline(goal_org: GoalOrg) -> None:
    checkin = cf.checkin(goal_org.people["rep1"])
    rep1 = goal_org.people["rep1"].pk
    for role, status in (("employee", 200), ("manager", 200), ("hrbp", 200),
                         ("hr_admin", 200), ("executive", 404), ("auditor", 404),
                         ("partner", 403)):
        client = goal_org.org.client(role)
        assert client.get(f"/checkins/{checkin.pk}/").status_code == status, role
        assert client.get(f"/checkins/people/{rep1}/").status_code == status, role
    timeline = page(goal_org.org.client("manager").get(f"/checkins/people/{rep1}/"))
    assert timeline.one(id="timeline-checkins").texts("a") == ["2026-Q1"]
    assert goal_org.org.client("hrbp").get("/checkins/team/").status_code == 200
    for role in ("auditor", "partner", "employee"):
        assert goal_org.org.client(role).get("/checkins/team/").status_code == 403


def test_the_milestone_review_form(goal_org: GoalOrg) -> None:
    project = f.goal("project", person=goal_org.people["engineer"], period_code="2026-H1",
                     title="新一代平台", activate=True)
    first = project.milestones.order_by("due").first()
    assert first is not None
    f.accept(first, "2026-04-25")
    user = org_factories.user("rnd", goal_org.people["rnd_head"])
    client = Client()
    client.force_login(user)
    url = f"/checkins/milestones/{first.pk}/review/"
    assert goal_org.org.client("manager").get(url).status_code == 404
    bad = client.post(url, {"delivered": "", "quality": "9", "stage_rating": "meets"})
    assert field_errors(page(bad, 422)) == {"delivered": ["This field is required."],
                                            "quality": ["Give a whole number from 1 to 5."]}
    assert not MilestoneReview.objects.exists()
    good = client.post(url, {"delivered": "方案评审通过", "quality": "4",
                             "stage_rating": "exceeds", "lessons": "早些请运维参与"})
    assert good.status_code == 302
    timeline = page(client.get(f"/checkins/people/{goal_org.people['engineer'].pk}/"))
    assert "方案评审通过" in timeline.one(id="timeline-reviews").text
    assert Checkin.objects.count() == 0
