"""The API as a whole: schema, docs, error format."""

from __future__ import annotations

import pytest
from django.test import Client

from flexperf.org.models import Person
from tests.conftest import SmallOrg


@pytest.mark.django_db
def test_the_openapi_schema_describes_every_foundation_endpoint() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    expected = {
        "/api/v1/me": {"get"}, "/api/v1/directory": {"get"},
        "/api/v1/people": {"get", "post"}, "/api/v1/people/{person_id}": {"get", "patch"},
        "/api/v1/units": {"get", "post"}, "/api/v1/units/{unit_id}": {"get", "patch"},
        "/api/v1/companies": {"get", "post"}, "/api/v1/positions": {"get", "post"},
        "/api/v1/org/import": {"post"}, "/api/v1/org/export": {"get"},
        "/api/v1/org/summary": {"get"},
        "/api/v1/tokens": {"get", "post"}, "/api/v1/tokens/{token_id}": {"delete"},
        "/api/v1/audit": {"get"}, "/api/v1/audit/verify": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_goal_toolkit() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    expected = {
        "/api/v1/goals": {"get", "post"}, "/api/v1/goals/{goal_id}": {"get", "patch", "delete"},
        "/api/v1/goals/alignment": {"get"}, "/api/v1/goals/import": {"post"},
        "/api/v1/goals/{goal_id}/history": {"get"}, "/api/v1/goals/{goal_id}/score": {"get"},
        "/api/v1/goals/{goal_id}/metrics/{metric_id}/measurements": {"get", "post"},
        "/api/v1/goals/{goal_id}/adjustments": {"post"},
        "/api/v1/schemes": {"get", "post"}, "/api/v1/schemes/templates": {"get"},
        "/api/v1/units/{unit_id}/scheme": {"get", "put", "delete"},
        "/api/v1/people/{person_id}/scheme": {"get"}, "/api/v1/periods": {"get", "post"},
        "/api/v1/scoring/preview": {"post"}, "/api/v1/scores": {"get"},
        "/api/v1/series": {"get", "post"}, "/api/v1/series/import": {"post"},
        "/api/v1/signal-links": {"get", "post"}, "/api/v1/adjustments/queue": {"get"},
        "/api/v1/adjustments/report": {"get"},
        "/api/v1/adjustments/{adjustment_id}/approve": {"post"},
        "/api/v1/notifications": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
    # The calculator's body documents every paradigm, told apart by `paradigm`.
    body = schema["components"]["schemas"]["PreviewIn"]["properties"]["goals"]["items"]
    assert body["discriminator"]["propertyName"] == "paradigm"
    assert set(body["discriminator"]["mapping"]) == {"kpi", "okr", "bsc", "project", "service",
                                                     "behaviour"}


@pytest.mark.django_db
def test_interactive_docs_are_served_from_our_own_static_files() -> None:
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_a_wrong_body_answers_422_naming_each_field(small_org: SmallOrg) -> None:
    before = Person.objects.count()
    response = small_org.client("hr_admin").post("/api/v1/people", {
        "employee_number": "N1", "name": "新人", "unit_id": small_org.units["S"].pk,
        "job_family": "astronaut", "hire_date": "2026-13-01",
    }, content_type="application/json")
    assert response.status_code == 422
    assert sorted(d["field"] for d in response.json()["detail"]) == ["hire_date", "job_family"]
    assert Person.objects.count() == before


def test_a_rule_broken_in_the_service_answers_422_naming_the_field(small_org: SmallOrg) -> None:
    response = small_org.client("hr_admin").post("/api/v1/people", {
        "employee_number": "N1", "name": "新人", "unit_id": small_org.units["S"].pk,
        "job_family": "sales", "hire_date": "2025-01-01", "status": "left",
    }, content_type="application/json")
    assert response.status_code == 422
    assert [(d["field"], d["msg"]) for d in response.json()["detail"]] == [
        ("leave_date", "A leaver needs a leave date."),
        ("leave_reason", "A leaver needs a leave reason."),
    ]


def test_malformed_json_is_a_400_not_a_500(small_org: SmallOrg) -> None:
    response = small_org.client("hr_admin").post("/api/v1/people", "{not json",
                                                 content_type="application/json")
    assert response.status_code == 400


def test_hr_creates_a_person_whose_path_follows_the_manager(small_org: SmallOrg) -> None:
    head = small_org.people["sales_head"]
    response = small_org.client("hr_admin").post("/api/v1/people", {
        "employee_number": "N2", "name": "新同事", "unit_id": small_org.units["SE"].pk,
        "manager_id": head.pk, "job_family": "sales", "hire_date": "2026-11-01",
    }, content_type="application/json")
    assert response.status_code == 201
    created = Person.objects.get(employee_number="N2")
    assert created.path == head.path + f"{created.pk:09d}"
    team = small_org.client("manager").get("/api/v1/people?page_size=50").json()["items"]
    assert "新同事" in {p["name"] for p in team}


def test_units_come_in_tree_order_with_rolled_up_headcounts(small_org: SmallOrg) -> None:
    rows = small_org.client("employee").get("/api/v1/units").json()
    assert [(r["code"], r["depth"], r["direct_headcount"], r["headcount"]) for r in rows] == [
        # depth-first, children in creation order; the leaver in SE is not counted
        ("G", 0, 2, 10), ("S", 1, 1, 3), ("SE", 2, 2, 2), ("R", 1, 2, 2), ("H", 1, 3, 3),
    ]


def test_hr_admin_moves_a_unit_and_headcounts_follow(small_org: SmallOrg) -> None:
    client = small_org.client("hr_admin")
    moved = client.patch(f"/api/v1/units/{small_org.units['SE'].pk}",
                         {"parent_id": small_org.units["R"].pk}, content_type="application/json")
    assert moved.status_code == 200
    rows = {r["code"]: r["headcount"] for r in client.get("/api/v1/units").json()}
    assert (rows["S"], rows["R"], rows["G"]) == (1, 4, 10)


def test_an_unknown_api_route_answers_json_404(db: None) -> None:
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
