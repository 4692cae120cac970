from __future__ import annotations

import json
from typing import Any

from flexperf.core.actors import Actor
from flexperf.recognition.services.awards import AwardIn, give_recognition
from tests.conftest import SmallOrg
from tests.recognition.conftest import actor_of

ROLES = ("employee", "manager", "hrbp", "hr_admin", "executive", "auditor", "partner")


def _post(org: SmallOrg, role: str, url: str, body: dict[str, Any]) -> Any:
    return org.client(role).post(url, json.dumps(body), content_type="application/json")


def test_give_over_the_api_and_422_naming_the_field(budgets: SmallOrg) -> None:
    engineer = budgets.people["engineer"].pk
    url = "/api/v1/recognition/awards"
    ok = _post(budgets, "employee", url, {"recipient_id": engineer, "points": 15,
                                          "message": "帮我们调通了接口", "tag": "cross_team_help"})
    assert ok.status_code == 201, ok.content
    assert ok.json()["points"] == 15
    assert ok.json()["cross_unit"] is True
    cases: list[tuple[dict[str, Any], str]] = [({"tag": "bribe"}, "tag"), ({"points": 0}, "points"),
                        ({"recipient_id": budgets.people["rep1"].pk}, "recipient_id"),
                        ({"message": ""}, "message")]
    for body, field in cases:
        bad = _post(budgets, "employee", url, {"recipient_id": engineer, "points": 5,
                                               "message": "谢谢", "tag": "teamwork", **body})
        assert bad.status_code == 422, body
        assert bad.json()["detail"][0]["field"] == field
    me = budgets.client("manager").get("/api/v1/recognition/me").json()
    assert me["budget_left"] == 100
    assert me["available"] == 0
    mine = budgets.client("employee").get("/api/v1/recognition/me").json()
    assert (mine["budget_left"], mine["period"]) == (85, "2026-06")


def test_private_award_is_404_to_everyone_outside_it(budgets: SmallOrg) -> None:
    award = give_recognition(actor=actor_of(budgets, "employee"), data=AwardIn(
        recipient_id=budgets.people["rep2"].pk, points=5, message="私下感谢", tag="ownership",
        visibility="private"))
    status = {role: budgets.client(role).get(f"/api/v1/recognition/awards/{award.pk}")
              .status_code for role in ROLES}
    assert status == {"employee": 200, "manager": 200, "hrbp": 404, "hr_admin": 404,
                      "executive": 404, "auditor": 404, "partner": 404}


def test_points_history_of_someone_else(budgets: SmallOrg) -> None:
    rep2 = budgets.people["rep2"].pk
    give_recognition(actor=actor_of(budgets, "manager"), data=AwardIn(
        recipient_id=rep2, points=5, message="好样的", tag="ownership"))
    status = {role: budgets.client(role).get(f"/api/v1/recognition/people/{rep2}/history")
              .status_code for role in ROLES}
    # rep2's manager and HR in scope may read it; a colleague, the executive (aggregates
    # only), the auditor and the partner may not.
    assert status == {"employee": 404, "manager": 200, "hrbp": 200, "hr_admin": 200,
                      "executive": 404, "auditor": 404, "partner": 404}
    lines = budgets.client("manager").get(f"/api/v1/recognition/people/{rep2}/history").json()
    assert [(line["kind"], line["amount"]) for line in lines] == [("award", 5)]


HR_ENDPOINTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("get", "/api/v1/recognition/rules", None),
    ("patch", "/api/v1/recognition/rules/feedback_given", {"points": 3}),
    ("get", "/api/v1/recognition/flags", None),
    ("get", "/api/v1/recognition/policy", None),
    ("patch", "/api/v1/recognition/policy", {"budget_per_period": 200}),
    ("post", "/api/v1/recognition/budgets/allocate", {"period": "2026-07"}),
]


def test_hr_endpoints_are_403_to_other_roles(small_org: SmallOrg) -> None:
    # One group and one signed-in client per role for the whole matrix: the refusals change
    # nothing, and HR's own changes do not alter what the other roles are refused.
    clients = {role: small_org.client(role) for role in ROLES}
    for method, url, body in HR_ENDPOINTS:
        kw: dict[str, Any] = {} if body is None else {
            "data": json.dumps(body), "content_type": "application/json"}
        for role, client in clients.items():
            response = getattr(client, method)(url, **kw)
            expected = 200 if role == "hr_admin" else 403
            assert response.status_code == expected, (method, url, role, response.content)


def test_hr_changes_rules_policy_and_allocates(small_org: SmallOrg, today: None) -> None:
    client = small_org.client("hr_admin")
    bad = client.patch("/api/v1/recognition/rules/feedback_given",
                       json.dumps({"points": -1}), content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "points"
    bad = _post(small_org, "hr_admin", "/api/v1/recognition/budgets/allocate",
                {"period": "2026-13"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "period"
    client.patch("/api/v1/recognition/policy", json.dumps({"budget_per_period": 120}),
                 content_type="application/json")
    report = _post(small_org, "hr_admin", "/api/v1/recognition/budgets/allocate", {}).json()
    assert (report["period"], report["allocated"], report["points"]) == ("2026-06", 10, 1200)
    assert client.get("/api/v1/recognition/rules").json()[0]["label"] == "Feedback given"


def test_contributions_api_and_scope(budgets: SmallOrg) -> None:
    url = "/api/v1/recognition/contributions"
    bad = _post(budgets, "employee", url, {"kind": "knowledge", "title": "笔记", "link": "ftp:x"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "link"
    bad = _post(budgets, "employee", url, {"kind": "cross_team_help", "title": "帮忙",
                                           "other_person_id": budgets.people["rep2"].pk})
    assert bad.json()["detail"][0]["field"] == "other_person_id"  # same unit
    ok = _post(budgets, "employee", url, {"kind": "mentoring", "title": "带新人熟悉产品",
                                          "other_person_id": budgets.people["rep2"].pk})
    assert ok.status_code == 201
    seen = {role: len(budgets.client(role).get(url).json()) for role in ROLES}
    assert seen == {"employee": 1, "manager": 1, "hrbp": 1, "hr_admin": 1, "executive": 0,
                    "auditor": 0, "partner": 0}
    assert Actor.system().is_hr_admin
