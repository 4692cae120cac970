"""The scoring API (flexperf/api.py mounts `goals.api.scoring.router`): the calculator (every
paradigm, schemes, wrong bodies), a goal's score, a person's scores and a period's scores per
role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from flexperf.audit.models import Action, AuditEntry
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

PREVIEW = "/api/v1/scoring/preview"


def post(client: Client, body: Any) -> Any:
    return client.post(PREVIEW, body, content_type="application/json")


def kpi(actual: float | None = 110, **kw: Any) -> dict[str, Any]:
    return {"paradigm": "kpi", "weight": 50, "direction": "higher", "threshold": 80,
            "target": 100, "stretch": 120, "actual": actual, **kw}


def fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.content
    return sorted(d["field"] for d in response.json()["detail"])


# --- the calculator ----------------------------------------------------------------------


def test_the_issues_example_body_is_scored(goal_org: GoalOrg) -> None:
    body = {"scheme": {"components": [{"paradigm": "kpi", "weight": 70},
                                      {"paradigm": "okr", "weight": 30}]},
            "goals": [kpi(), {"paradigm": "okr", "weight": 1, "key_results": [
                {"start": 0, "target": 10, "current": 7, "weight": 1}]}]}
    response = post(goal_org.org.client("employee"), body)
    assert response.status_code == 200, response.content
    data = response.json()
    # KPI 110; OKR grade 0.7 → 70; (70 × 110 + 30 × 70) / 100 = 98 → B
    assert data["score"] == pytest.approx(98.0)
    assert data["rating"] == "B"
    assert data["components"] == [
        {"paradigm": "kpi", "key": "kpi", "label": "kpi", "weight": 70.0, "points": 110.0,
         "flag": None},
        {"paradigm": "okr", "key": "okr", "label": "okr", "weight": 30.0, "points": 70.0,
         "flag": None}]
    assert [g["points"] for g in data["goals"]] == [110.0, 70.0]
    assert data["goals"][0]["explanation"] == (
        "Actual 110 is between target 100 and stretch 120: "
        "100 + (110 − 100) / (120 − 100) × 20 = 110.0 points.")
    assert data["goals"][1]["grade"] == pytest.approx(0.7)
    assert data["flags"] == []
    assert data["explanation"][-1] == (
        "Score = (70 × 110.0 + 30 × 70.0) / 100 = 98.0 → rating B (from 85).")


def test_every_paradigm_in_one_scheme(goal_org: GoalOrg) -> None:
    body = {
        "scheme": {"components": [
            {"paradigm": "bsc", "weight": 20}, {"paradigm": "project", "weight": 20},
            {"paradigm": "service", "weight": 20}, {"paradigm": "behaviour", "weight": 20},
            {"paradigm": "okr", "weight": 10}, {"paradigm": "kpi", "weight": 10}]},
        "goals": [
            {"paradigm": "bsc", "perspective_weights": {"financial": 60, "customer": 40},
             "measures": [
                 {"perspective": "financial", "threshold": 80, "target": 100, "stretch": 120,
                  "actual": 110},                                          # 110
                 {"perspective": "customer", "threshold": 30, "target": 50, "stretch": 70,
                  "actual": 40}]},                                         # 80
            {"paradigm": "project", "as_of": "2026-05-01", "milestones": [
                {"name": "Beta", "due": "2026-03-01", "accepted_on": "2026-03-04"},  # 94
                {"name": "GA", "due": "2026-04-01", "weight": 2},                   # 0
                {"name": "v2", "due": "2026-09-01"}]},                              # not due
            {"paradigm": "service", "sla": [
                {"threshold": 90, "target": 95, "stretch": 99, "actual": 97, "weight": 2}],
             "csat": {"ratings": [4, 5, 3.6]}},     # 110 (× 2) and mean 4.2 → 80
            {"paradigm": "behaviour", "indicators": [{"name": "协作", "rating": 4},
                                                     {"name": "担当", "ratings": [3, 4]}]},
            {"paradigm": "okr", "okr_type": "aspirational", "key_results": [
                {"start": 0, "target": 10, "current": 7},
                {"start": 100, "target": 50, "current": 75, "weight": 2}]},
            kpi(None),
        ]}
    response = post(goal_org.org.client("employee"), body)
    assert response.status_code == 200, response.content
    data = response.json()
    points = [g["points"] for g in data["goals"]]
    # bsc (60 × 110 + 40 × 80) / 100 = 98; project (94 + 2 × 0) / 3 = 31.33;
    # service (2 × 110 + 80) / 3 = 100; behaviour (75 + 62.5) / 2 = 68.75;
    # okr (0.7 + 2 × 0.5) / 3 = 0.5667 → 56.67; kpi not measured
    assert points[:5] == pytest.approx([98.0, 94 / 3, 100.0, 68.75, 170 / 3])
    assert points[5] is None
    assert data["goals"][4]["on_target"] is False      # aspirational 0.57 < 0.7
    assert data["components"][5]["flag"] == "no_scored_goals"
    # (20 × 98 + 20 × 31.33 + 20 × 100 + 20 × 68.75 + 10 × 56.67) / 90
    expected = (20 * 98 + 20 * 94 / 3 + 20 * 100 + 20 * 68.75 + 10 * 170 / 3) / 90
    assert data["score"] == pytest.approx(expected)
    assert data["rating"] == "C"
    assert data["flags"] == ["Component 'kpi' has no scored goals: left out of the score."]
    assert "Milestone 'Beta' accepted 3 days late: 100 − 3 × 2 = 94." in (
        data["goals"][1]["explanation"])


def test_scheme_scale_rules_and_named_components(goal_org: GoalOrg) -> None:
    body = {"scheme": {
        "components": [{"paradigm": "kpi", "weight": 70, "key": "result", "label": "结果指标"},
                       {"paradigm": "kpi", "weight": 30, "key": "process"}],
        "scale": [{"rating": "优秀", "min": 100}, {"rating": "合格", "min": None}],
        "rules": {"kpi_cap_points": 150}},
        "goals": [kpi(120, component="result"), kpi(90, component="process")]}
    data = post(goal_org.org.client("employee"), body).json()
    # cap 150: 120 → 100 + (120 − 100) / 20 × 50 = 150; 90 → 80; (70 × 150 + 30 × 80) / 100
    assert [g["points"] for g in data["goals"]] == [150.0, 80.0]
    assert data["score"] == pytest.approx(129.0)
    assert data["rating"] == "优秀"
    assert [(c["key"], c["label"]) for c in data["components"]] == [
        ("result", "结果指标"), ("process", "process")]


@pytest.mark.parametrize(("change", "expected"), [
    # a required field missing, a wrong type, an unknown field, an unknown paradigm: named as
    # the client wrote them (no union tag in the path)
    (lambda b: b["goals"][0].pop("threshold"), ["goals.0.threshold"]),
    (lambda b: b["goals"][0].update(actual="lots"), ["goals.0.actual"]),
    (lambda b: b["goals"][0].update(colour="red"), ["goals.0.colour"]),
    (lambda b: b["goals"][0].update(paradigm="astrology"), ["goals.0.paradigm"]),
    (lambda b: b["scheme"]["components"][0].update(weight=-5),
     ["scheme.components.0.weight"]),
    # the shared definition checks
    (lambda b: b["goals"][0].update(threshold=130), ["goals.0.threshold"]),
    (lambda b: b["goals"][0].update(stretch=90), ["goals.0.stretch"]),
    (lambda b: b["scheme"]["components"][0].update(weight=60), ["scheme.components"]),
    (lambda b: b["scheme"].update(rules={"kpi_cap_points": 50}), ["scheme.rules"]),
    (lambda b: b["scheme"].update(rules={"bonus": 1}), ["scheme.rules.bonus"]),
    (lambda b: b["scheme"].update(scale=[{"rating": "A", "min": 90}]),
     ["scheme.scale", "scheme.scale"]),  # one band only, and the lowest has a minimum
    (lambda b: b["goals"][0].update(component="nope"), ["goals.0.component"]),
    (lambda b: b["goals"].append({"paradigm": "project", "milestones": [
        {"due": "2026-01-01"}]}), ["goals.1.paradigm"]),
    (lambda b: b["goals"].append({"paradigm": "okr", "key_results": [
        {"start": 5, "target": 5}]}), ["goals.1.key_results.0.target"]),
])
def test_a_wrong_body_answers_422_naming_the_field(goal_org: GoalOrg, change: Any,
                                                   expected: list[str]) -> None:
    body: dict[str, Any] = {
        "scheme": {"components": [{"paradigm": "kpi", "weight": 70},
                                  {"paradigm": "okr", "weight": 30}]},
        "goals": [kpi()]}
    change(body)
    assert fields(post(goal_org.org.client("employee"), body)) == expected


def test_ratings_and_perspectives_are_checked_like_stored_goals(goal_org: GoalOrg) -> None:
    body = {"scheme": {"components": [{"paradigm": "service", "weight": 50},
                                      {"paradigm": "bsc", "weight": 50}]},
            "goals": [
                {"paradigm": "service", "csat": {"ratings": [4, 6]}},
                {"paradigm": "bsc", "perspective_weights": {"financial": 1},
                 "measures": [{"perspective": "customer", "threshold": 1, "target": 2}]}]}
    assert fields(post(goal_org.org.client("employee"), body)) == [
        "goals.0.csat.ratings.1", "goals.1.perspective_weights"]


def test_two_components_of_a_paradigm_need_the_goal_to_name_one(goal_org: GoalOrg) -> None:
    body = {"scheme": {"components": [{"paradigm": "kpi", "weight": 70, "key": "a"},
                                      {"paradigm": "kpi", "weight": 30, "key": "b"}]},
            "goals": [kpi()]}
    response = post(goal_org.org.client("employee"), body)
    assert response.json()["detail"][0] == {
        "field": "goals.0.component", "loc": ["body", "goals.0.component"],
        "msg": "The scheme has several kpi components: name one of a, b."}
    body["scheme"]["components"][1].pop("key")  # type: ignore[index]
    body["scheme"]["components"][0].pop("key")  # type: ignore[index]
    assert fields(post(goal_org.org.client("employee"), body)) == [
        "goals.0.component", "scheme.components.1.key"]


def test_the_calculator_is_open_to_members_of_the_group_only(goal_org: GoalOrg) -> None:
    body = {"scheme": {"components": [{"paradigm": "kpi", "weight": 100}]}, "goals": []}
    for role in ("employee", "manager", "hrbp", "hr_admin", "executive", "auditor"):
        response = post(goal_org.org.client(role), body)
        assert response.status_code == 200, role
        assert response.json()["score"] is None
    assert post(goal_org.org.client("partner"), body).status_code == 403
    assert post(Client(), body).status_code == 401


def test_the_openapi_schema_documents_each_paradigms_fields(goal_org: GoalOrg) -> None:
    schema = goal_org.org.client("employee").get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    goals = components["PreviewIn"]["properties"]["goals"]["items"]
    assert set(goals["discriminator"]["mapping"]) == {
        "kpi", "okr", "bsc", "project", "service", "behaviour"}
    assert {"threshold", "target", "stretch", "actual", "direction"} <= set(
        components["KpiGoalIn"]["properties"])
    assert "key_results" in components["OkrGoalIn"]["properties"]
    assert {"measures", "perspective_weights"} <= set(components["BscGoalIn"]["properties"])
    assert {"milestones", "as_of"} <= set(components["ProjectGoalIn"]["properties"])
    assert {"sla", "csat"} <= set(components["ServiceGoalIn"]["properties"])
    assert "indicators" in components["BehaviourGoalIn"]["properties"]
    assert {"/api/v1/scoring/preview", "/api/v1/goals/{goal_id}/score",
            "/api/v1/people/{person_id}/scores", "/api/v1/scores"} <= set(schema["paths"])


# --- stored goals and people -----------------------------------------------------------------


def rep_with_goals(goal_org: GoalOrg) -> tuple[Any, Any]:
    people = goal_org.people
    rep = people["rep1"]
    goal = f.kpi_goal(rep, activate=True)
    f.measure(goal.metrics.get(), "2026-06-30", 110)
    rated = f.behaviour_goal(rep, activate=True)
    f.rate(rated.metrics.get(), "2026-06-15", 4, rater=people["sales_head"])   # 75
    return rep, goal


def test_a_goal_score_with_explanation_progress_and_version(goal_org: GoalOrg) -> None:
    _rep, goal = rep_with_goals(goal_org)
    response = goal_org.org.client("employee").get(
        f"/api/v1/goals/{goal.pk}/score?as_of=2026-06-30")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["points"], data["version"], data["status"], data["as_of"]) == (
        110.0, 1, "active", "2026-06-30")
    assert data["explanation"].startswith("营业收入: Actual 110 is between target 100")
    # no baseline: the path starts at the threshold 80; (110 − 80) / 20 ≥ 1 → done
    assert data["progress"]["progress"] == 1.0
    assert data["progress"]["status"] == "on_track"
    assert data["progress"]["rule"].startswith("Progress 100% against 49% expected")
    assert goal_org.org.client("executive").get(
        f"/api/v1/goals/{goal.pk}/score").status_code == 404
    assert goal_org.org.client("manager").get(
        f"/api/v1/goals/{goal.pk}/score?as_of=2027-03-01").json()["as_of"] == "2026-12-31"


def test_a_persons_scores_for_a_period(goal_org: GoalOrg) -> None:
    rep, _goal = rep_with_goals(goal_org)
    before = AuditEntry.objects.filter(action=Action.READ).count()
    response = goal_org.org.client("manager").get(
        f"/api/v1/people/{rep.pk}/scores?period=2026&as_of=2026-06-30")
    assert response.status_code == 200, response.content
    data = response.json()
    # (70 × 110 + 30 × 75) / 100 = 99.5 → B
    assert (data["score"], data["rating"], data["period"]) == (pytest.approx(99.5), "B", "2026")
    assert data["scheme"]["code"] == "profit_centre"
    assert [(c["key"], c["points"], c["flag"]) for c in data["components"]] == [
        ("kpi", 110.0, None), ("behaviour", 75.0, None)]
    assert [g["points"] for g in data["goals"]] == [110.0, 75.0]
    assert data["explanation"][-1] == (
        "Score = (70 × 110.0 + 30 × 75.0) / 100 = 99.5 → rating B (from 85).")
    # the manager read someone else's record: on the audit trail
    assert AuditEntry.objects.filter(action=Action.READ).count() == before + 1


def test_a_persons_scores_paced_to_the_day(goal_org: GoalOrg) -> None:
    rep = goal_org.people["rep1"]
    goal = f.kpi_goal(rep, activate=True, metrics=[
        f.kpi("回款", threshold=80, target=100, stretch=120, aggregation="sum")])
    f.measure(goal.metrics.get(), "2026-06-30", 50)
    client = goal_org.org.client("manager")
    url = f"/api/v1/people/{rep.pk}/scores?period=2026&as_of=2026-07-02"
    # Half of 2026 has passed on Jul 2: 50 is below the year's threshold 80 (0 points) but on
    # the expected path paced (target 100 × 1/2 = 50: 100 points).
    assert [g["points"] for g in client.get(url).json()["goals"]] == [0.0]
    assert [g["points"] for g in client.get(url + "&basis=paced").json()["goals"]] == [100.0]
    assert fields(client.get(url + "&basis=sometimes")) == ["basis"]


def test_a_persons_scores_outside_scope_or_period_are_refused(goal_org: GoalOrg) -> None:
    rep, _goal = rep_with_goals(goal_org)
    client = goal_org.org.client("employee")
    assert client.get(f"/api/v1/people/{goal_org.people['rep2'].pk}/scores?period=2026"
                      ).status_code == 404
    assert fields(client.get(f"/api/v1/people/{rep.pk}/scores?period=1999")) == ["period"]
    assert fields(client.get(f"/api/v1/people/{rep.pk}/scores")) == ["period"]


def test_the_scores_of_a_period_page_by_page_per_role(goal_org: GoalOrg) -> None:
    rep_with_goals(goal_org)
    manager = goal_org.org.client("manager")
    page = manager.get("/api/v1/scores?period=2026&as_of=2026-06-30&page_size=2").json()
    assert page["count"] == 3     # 陈经理, 林小雨, 赵磊 (by employee number)
    assert [p["person"]["name"] for p in page["items"]] == ["陈经理", "林小雨"]
    assert page["items"][1]["score"] == pytest.approx(99.5)
    assert page["items"][0]["missing"] == ["Business KPIs", "Behaviour and competency"]
    second = manager.get("/api/v1/scores?period=2026&page_size=2&page=2").json()
    assert [p["person"]["name"] for p in second["items"]] == ["赵磊"]
    mine = goal_org.org.client("employee").get("/api/v1/scores?period=2026").json()
    assert [p["person"]["name"] for p in mine["items"]] == ["林小雨"]
    assert goal_org.org.client("executive").get("/api/v1/scores?period=2026").status_code == 403
    assert goal_org.org.client("partner").get("/api/v1/scores?period=2026").status_code == 403
    assert fields(manager.get("/api/v1/scores?period=2031")) == ["period"]


def test_the_default_as_of_is_today_within_the_period(goal_org: GoalOrg) -> None:
    _rep, goal = rep_with_goals(goal_org)
    data = goal_org.org.client("employee").get(f"/api/v1/goals/{goal.pk}/score").json()
    period = goal_org.periods["2026"]
    assert data["as_of"] == min(timezone.localdate(), period.end).isoformat()
