"""Development plans (C5): who reads, who edits, progress worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from flexperf.core.errors import NotFound, ServiceError
from flexperf.feedback.models import DevelopmentPlan
from flexperf.feedback.selectors import development as selectors
from flexperf.feedback.services import development as services
from flexperf.feedback.services.development import ActionIn, PlanIn
from tests.feedback.conftest import FbOrg


def plan_for_rep1(org: FbOrg, who: str = "manager") -> DevelopmentPlan:
    """Mentor 郑工; three actions, one done: progress 1/3 = 33.3 %."""
    return services.create_plan(actor=org.actor(who), person_id=org.people["rep1"].pk,
                                period="2026", data=PlanIn(
        strengths="客户关系好", improvements="数据分析", path="大客户经理",
        target_role="大客户经理", mentor_id=org.people["engineer"].pk, actions=[
            ActionIn("学习 SQL", dt.date(2026, 3, 31), "done"),
            ActionIn("带一个新人", dt.date(2026, 6, 30), "in_progress"),
            ActionIn("参加谈判培训", None, "planned"),
        ]))


def test_progress_is_the_share_of_actions_done(fb_org: FbOrg) -> None:
    plan = plan_for_rep1(fb_org)
    assert selectors.progress(plan) == Decimal("33.3")  # 1 of 3 = 33.33… → 33.3
    updated = services.update_plan(actor=fb_org.actor("employee"), plan_id=plan.pk, data=PlanIn(
        mentor_id=fb_org.people["engineer"].pk, actions=[
            ActionIn("学习 SQL", None, "done"), ActionIn("带一个新人", None, "done"),
            ActionIn("参加谈判培训", None, "done"), ActionIn("考证", None, "planned")]))
    assert selectors.progress(updated) == Decimal("75.0")  # 3 of 4
    empty = services.update_plan(actor=fb_org.actor("employee"), plan_id=plan.pk,
                                 data=PlanIn())
    assert selectors.progress(empty) is None


READ = {"employee": True, "manager": True, "ceo": True, "hrbp": True, "hr_admin": True,
        "engineer": True,  # the mentor
        "rep2": False, "executive": False, "auditor": False, "rnd_head": False,
        "partner": False}
EDIT = {"employee", "manager", "ceo"}


@pytest.mark.parametrize(("who", "may_read"), sorted(READ.items()))
def test_who_reads_and_edits_a_plan(fb_org: FbOrg, who: str, may_read: bool) -> None:
    plan = plan_for_rep1(fb_org)
    actor = fb_org.actor(who)
    api = fb_org.client(who).get(f"/api/v1/development/plans/{plan.pk}")
    if not may_read:
        with pytest.raises(NotFound):
            selectors.access_plan(actor, plan.pk)
        assert api.status_code in (403, 404)
        assert plan.pk not in [p.pk for p in selectors.plans_visible_to(actor)]
        return
    assert api.status_code == 200
    assert api.json()["progress"] == 33.3
    assert api.json()["can_edit"] is (who in EDIT)
    response = fb_org.client(who).put(f"/api/v1/development/plans/{plan.pk}", {
        "strengths": "改了", "actions": []}, content_type="application/json")
    assert response.status_code == (200 if who in EDIT else 422)
    if who not in EDIT:
        plan.refresh_from_db()
        assert plan.strengths == "客户关系好"


def test_create_rules(fb_org: FbOrg) -> None:
    plan_for_rep1(fb_org)
    with pytest.raises(ServiceError) as error:  # one plan per person and period
        plan_for_rep1(fb_org, "employee")
    assert [p.field for p in error.value.problems] == ["period"]
    with pytest.raises(ServiceError) as error:  # HR reads but does not write
        services.create_plan(actor=fb_org.actor("hr_admin"), person_id=fb_org.people["rep1"].pk,
                             period=None, data=PlanIn())
    assert [p.field for p in error.value.problems] == ["person_id"]
    with pytest.raises(NotFound):  # a peer cannot even name the person
        services.create_plan(actor=fb_org.actor("rep2"), person_id=fb_org.people["rep1"].pk,
                             period=None, data=PlanIn())
    with pytest.raises(ServiceError) as error:
        services.create_plan(actor=fb_org.actor("employee"),
                             person_id=fb_org.people["rep1"].pk, period=None,
                             data=PlanIn(mentor_id=fb_org.people["rep1"].pk))
    assert [p.field for p in error.value.problems] == ["mentor_id"]


def test_api_errors_name_the_field(fb_org: FbOrg) -> None:
    client = fb_org.client("employee")
    response = client.post("/api/v1/development/plans", {
        "person_id": fb_org.people["rep1"].pk, "actions": [{"title": "x", "status": "later"}]},
        content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "actions.0.status"
    response = client.post("/api/v1/development/plans", {
        "person_id": fb_org.people["rep1"].pk, "period": "1999"},
        content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "period"
    created = client.post("/api/v1/development/plans", {
        "person_id": fb_org.people["rep1"].pk, "strengths": "韧性",
        "actions": [{"title": "读书", "status": "done"}, {"title": "演讲"}]},
        content_type="application/json")
    assert created.status_code == 201
    assert created.json()["progress"] == 50


def test_the_mentor_sees_the_plan_in_the_list(fb_org: FbOrg) -> None:
    plan = plan_for_rep1(fb_org)
    listed = fb_org.client("engineer").get("/api/v1/development/plans").json()
    assert [p["id"] for p in listed] == [plan.pk]
