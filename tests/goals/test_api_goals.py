"""Goals and periods over the API (flexperf.goals.api.goals, flexperf.goals.api.periods)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from ninja import NinjaAPI

from flexperf.goals.models import Goal, GoalAlignment, Measurement, Period
from flexperf.goals.services import alignment
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

pytestmark = pytest.mark.usefixtures("goals_api")
JSON = "application/json"


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type=JSON)


def kpi_body(**kw: Any) -> dict[str, Any]:
    return {"paradigm": "kpi", "period": "2026", "title": "华东销售额",
            "metrics": [{"name": "销售额", "unit_label": "万元", "threshold": 800,
                         "target": 1000, "stretch": 1200}], **kw}


def test_the_schema_documents_one_body_per_paradigm(goal_org: GoalOrg,
                                                    goals_api: NinjaAPI) -> None:
    schema = goals_api.get_openapi_schema()
    body = schema["paths"]["/api/v1/goals"]["post"]["requestBody"]["content"][JSON]["schema"]
    union = body if "oneOf" in body else schema["components"]["schemas"][
        body["$ref"].split("/")[-1]]
    assert union["discriminator"]["propertyName"] == "paradigm"
    assert sorted(union["discriminator"]["mapping"]) == [
        "behaviour", "bsc", "kpi", "okr", "project", "service"]
    okr = schema["components"]["schemas"]["OkrGoalIn"]
    assert {"okr_type", "metrics"} <= set(okr["properties"])
    assert {"/api/v1/goals/alignment", "/api/v1/goals/{goal_id}/activate",
            "/api/v1/goals/{goal_id}/metrics/{metric_id}/survey", "/api/v1/goals/import",
            "/api/v1/periods"} <= set(schema["paths"])


def test_an_employee_creates_a_goal_and_reads_it_back(goal_org: GoalOrg) -> None:
    client = goal_org.org.client("employee")
    response = post(client, "/api/v1/goals", kpi_body(weight=2))
    assert response.status_code == 201, response.json()
    goal = response.json()
    assert (goal["owner"], goal["status"], goal["weight"], goal["component"]["key"]) == (
        {"kind": "person", "id": goal_org.people["rep1"].pk, "name": "林小雨"}, "draft", 2,
        "kpi")
    metric = goal["metrics"][0]
    assert (metric["threshold"], metric["target"], metric["stretch"], metric["kind"]) == (
        800, 1000, 1200, "kpi")
    assert goal["permissions"] == {"can_edit": True, "can_manage": False, "can_record": False,
                                   "is_owner": True}
    listed = client.get("/api/v1/goals?mine=true").json()
    assert (listed["count"], listed["items"][0]["title"]) == (1, "华东销售额")


@pytest.mark.parametrize(("body", "fields"), [
    pytest.param(kpi_body(metrics=[{"name": "x", "threshold": 100, "target": 90}]),
                 ["metrics.0.threshold"], id="service-rule"),
    pytest.param(kpi_body(period="2031"), ["period"], id="unknown-period"),
    pytest.param({**kpi_body(), "paradigm": "okr",
                  "metrics": [{"name": "KR", "start": 0, "target": 1}]},
                 ["metrics", "paradigm"], id="one-key-result"),
    # Schema-level errors name the field as the client wrote it (no union tag in the path).
    pytest.param({**kpi_body(), "paradigm": "astrology"}, ["paradigm"], id="unknown-paradigm"),
    pytest.param(kpi_body(metrics=[{"name": "x", "threshold": "abc", "target": 1}]),
                 ["metrics.0.threshold"], id="not-a-number"),
])
def test_bad_bodies_answer_422_naming_the_field(goal_org: GoalOrg, body: dict[str, Any],
                                                fields: list[str]) -> None:
    response = post(goal_org.org.client("employee"), "/api/v1/goals", body)
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == fields
    assert not Goal.objects.exists()


@pytest.mark.parametrize(("role", "visible"), [
    ("employee", {"集团", "事业部", "林小雨"}),
    ("manager", {"集团", "事业部", "林小雨", "赵磊"}),
    ("hrbp", {"集团", "事业部", "林小雨", "赵磊"}),
    ("hr_admin", {"集团", "事业部", "林小雨", "赵磊", "郑工"}),
    ("executive", {"集团", "事业部"}),
    ("partner", set()),
])
def test_lists_and_reads_follow_the_callers_scope(goal_org: GoalOrg, role: str,
                                                  visible: set[str]) -> None:
    people = goal_org.people
    made = {
        "集团": f.company_goal(goal_org.org.company, title="集团"),
        "事业部": f.unit_goal(goal_org.org.units["S"], title="事业部"),
        "林小雨": f.kpi_goal(people["rep1"], title="林小雨"),
        "赵磊": f.kpi_goal(people["rep2"], title="赵磊"),
        "郑工": f.okr_goal(people["engineer"], period_code="2026-H1", title="郑工"),
    }
    client = goal_org.org.client(role)
    listed = client.get("/api/v1/goals?page_size=50").json()
    assert {g["title"] for g in listed["items"]} == visible
    for title, goal in made.items():
        assert client.get(f"/api/v1/goals/{goal.pk}").status_code == (
            200 if title in visible else 404)
    if role == "partner":
        assert post(client, "/api/v1/goals", kpi_body()).status_code == 403


def test_a_goals_life_over_the_api(goal_org: GoalOrg) -> None:
    employee, manager = goal_org.org.client("employee"), goal_org.org.client("manager")
    goal_id = post(employee, "/api/v1/goals", kpi_body()).json()["id"]
    patched = employee.patch(f"/api/v1/goals/{goal_id}", {"title": "销售额 2026"},
                             content_type=JSON)
    assert patched.json()["title"] == "销售额 2026"
    assert post(employee, f"/api/v1/goals/{goal_id}/activate").status_code == 403
    active = post(manager, f"/api/v1/goals/{goal_id}/activate").json()
    assert (active["status"], [v["number"] for v in active["versions"]]) == ("active", [1])
    assert employee.patch(f"/api/v1/goals/{goal_id}", {"title": "x"},
                          content_type=JSON).status_code == 422
    metric_id = active["metrics"][0]["id"]
    url = f"/api/v1/goals/{goal_id}/metrics/{metric_id}/measurements"
    recorded = post(employee, url, {"on": "2026-03-31", "value": 950.5})
    assert recorded.status_code == 201
    assert (recorded.json()["value"], recorded.json()["by_name"]) == (950.5, "林小雨")
    bad = post(employee, url, {"on": "2027-01-01", "value": 1})
    assert [(d["field"], d["msg"]) for d in bad.json()["detail"]] == [
        ("on", "2027-01-01 is outside the period (2026-01-01 to 2026-12-31).")]
    assert [p["value"] for p in employee.get(url).json()] == [950.5]
    versions = employee.get(f"/api/v1/goals/{goal_id}/versions").json()
    assert versions[0]["definition"]["title"] == "销售额 2026"
    closed = post(manager, f"/api/v1/goals/{goal_id}/close", {"missed": False}).json()
    assert closed["status"] == "closed"
    draft_id = post(employee, "/api/v1/goals", kpi_body(title="草稿")).json()["id"]
    assert employee.delete(f"/api/v1/goals/{draft_id}").status_code == 204
    assert employee.delete(f"/api/v1/goals/{goal_id}").status_code == 422
    assert list(Goal.objects.values_list("pk", flat=True)) == [goal_id]


def test_ratings_survey_answers_confidence_and_milestones(goal_org: GoalOrg) -> None:
    people = goal_org.people
    manager, employee = goal_org.org.client("manager"), goal_org.org.client("employee")
    behaviour = f.behaviour_goal(people["rep1"], activate=True)
    indicator = behaviour.metrics.get()
    rating = post(manager, f"/api/v1/goals/{behaviour.pk}/metrics/{indicator.pk}/ratings",
                  {"on": "2026-06-30", "rating": 4})
    assert (rating.status_code, rating.json()["by_name"]) == (201, "陈经理")
    assert post(employee, f"/api/v1/goals/{behaviour.pk}/metrics/{indicator.pk}/ratings",
                {"on": "2026-06-30", "rating": 5}).status_code == 403
    service = f.goal("service", person=people["hrbp_p"], activate=True)
    csat = service.metrics.get(kind="csat")
    answer = post(employee, f"/api/v1/goals/{service.pk}/metrics/{csat.pk}/survey",
                  {"score": 5, "on": "2026-05-01"})
    assert answer.status_code == 201
    wrong = post(employee, f"/api/v1/goals/{service.pk}/metrics/{csat.pk}/survey",
                 {"score": 9})
    assert [d["field"] for d in wrong.json()["detail"]] == ["score"]
    f.assign(goal_org.org.units["SE"], "innovation_unit")
    okr = f.okr_goal(people["rep1"], period_code="2026-H1", activate=True)
    kr = okr.metrics.order_by("order").first()
    assert kr is not None
    sure = employee.put(f"/api/v1/goals/{okr.pk}/metrics/{kr.pk}/confidence",
                        {"confidence": 8}, content_type=JSON)
    assert sure.json()["metrics"][0]["confidence"] == 8
    project = f.goal("project", person=people["rep1"], period_code="2026-H1", activate=True)
    first = project.milestones.order_by("due").first()
    assert first is not None
    accepted = post(manager, f"/api/v1/goals/{project.pk}/milestones/{first.pk}/accept",
                    {"accepted_on": "2026-04-30"})
    assert accepted.json()["accepted_on"] == "2026-04-30"
    assert post(manager, f"/api/v1/goals/{okr.pk}/milestones/{first.pk}/accept",
                {"accepted_on": "2026-04-30"}).status_code == 404
    assert Measurement.objects.count() == 2


def test_alignment_over_the_api(goal_org: GoalOrg) -> None:
    employee = goal_org.org.client("employee")
    company = f.company_goal(goal_org.org.company, title="集团利润", activate=True)
    sales = f.unit_goal(goal_org.org.units["S"], title="事业部营收", activate=True)
    mine = f.kpi_goal(goal_org.people["rep1"], title="我的营收", activate=True)
    alignment.link_goal(actor=f.SYSTEM, child_id=sales.pk, parent_id=company.pk,
                        contribution=2)
    linked = post(employee, f"/api/v1/goals/{mine.pk}/parents",
                  {"parent_id": sales.pk, "contribution": 1.5})
    assert (linked.status_code, linked.json()["contribution"]) == (201, 1.5)
    cycle = post(goal_org.org.client("hr_admin"), f"/api/v1/goals/{company.pk}/parents",
                 {"parent_id": mine.pk})
    assert [d["field"] for d in cycle.json()["detail"]] == ["parent_id"]
    tree = employee.get("/api/v1/goals/alignment?period=2026").json()
    assert [(n["depth"], n["level"], n["title"], n["contribution"]) for n in tree["nodes"]] == [
        (0, "company", "集团利润", None), (1, "unit", "事业部营收", 2),
        (2, "person", "我的营收", 1.5)]
    assert tree["nodes"][2]["parent_id"] == sales.pk
    assert employee.get("/api/v1/goals/alignment?period=1999").status_code == 404
    assert employee.delete(f"/api/v1/goals/{mine.pk}/parents/{sales.pk}").status_code == 204
    assert GoalAlignment.objects.count() == 1


def test_periods_over_the_api(goal_org: GoalOrg) -> None:
    listed = goal_org.org.client("employee").get("/api/v1/periods").json()
    assert [p["code"] for p in listed] == ["2026", "2026-H1", "2026-H2"]
    hr = goal_org.org.client("hr_admin")
    created = post(hr, "/api/v1/periods", {"code": "2026-q3"})
    assert (created.status_code, created.json()["start"], created.json()["end"]) == (
        201, "2026-07-01", "2026-09-30")
    assert [d["field"] for d in post(hr, "/api/v1/periods", {"code": "2026-Q9"}).json()[
        "detail"]] == ["code"]
    assert post(goal_org.org.client("hrbp"), "/api/v1/periods",
                {"code": "2027"}).status_code == 403
    assert Period.objects.count() == 4
