"""Schemes over the API (flexperf.goals.api.schemes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from flexperf.goals.models import Scheme, SchemeAssignment
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

pytestmark = pytest.mark.usefixtures("goals_api")
JSON = "application/json"


def send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, body or {}, content_type=JSON)


COMPONENTS = [{"key": "okr", "paradigm": "okr", "label": "OKR", "weight": 60},
              {"key": "project", "paradigm": "project", "label": "项目", "weight": 40,
               "pay_linked": False}]


def test_everyone_inside_the_group_reads_schemes_and_templates(goal_org: GoalOrg) -> None:
    client = goal_org.org.client("employee")
    listed = client.get("/api/v1/schemes").json()
    assert sorted(s["code"] for s in listed) == [
        "group_strategy", "innovation_unit", "mature_sales", "profit_centre",
        "support_function"]
    innovation = next(s for s in listed if s["code"] == "innovation_unit")
    assert [(c["key"], c["weight"], c["pay_linked"]) for c in innovation["components"]] == [
        ("okr", 50, False), ("project", 50, False)]
    assert innovation["units"] == [{"id": goal_org.org.units["R"].pk, "code": "R",
                                    "name": "研发中心"}]
    templates = client.get("/api/v1/schemes/templates").json()
    assert [t["key"] for t in templates] == ["group_strategy", "profit_centre",
                                             "innovation_unit", "support_function",
                                             "mature_sales"]
    assert client.get(f"/api/v1/schemes/{innovation['id']}").json()["review_period"] == "half"
    partner = goal_org.org.client("partner")
    assert partner.get("/api/v1/schemes").json() == []
    assert partner.get("/api/v1/schemes/templates").status_code == 403
    assert partner.get(f"/api/v1/schemes/{innovation['id']}").status_code == 404


def test_hr_designs_a_scheme_and_every_problem_names_its_field(goal_org: GoalOrg) -> None:
    hr = goal_org.org.client("hr_admin")
    created = send(hr, "post", "/api/v1/schemes", {
        "code": "rnd_pilot", "name": "研发试点", "review_period": "half",
        "checkin_cadence": "monthly", "components": COMPONENTS,
        "scale": [{"rating": "优", "min": 100}, {"rating": "合格", "min": None}],
        "rules": {"project_late_floor": 40}})
    assert created.status_code == 201, created.json()
    scheme = created.json()
    assert (scheme["scale"], scheme["rules"], scheme["is_default"]) == (
        [{"rating": "优", "min": 100.0}, {"rating": "合格", "min": None}],
        {"project_late_floor": 40.0}, False)
    bad = send(hr, "post", "/api/v1/schemes", {
        "code": "rnd_pilot", "name": "x",
        "components": [{**COMPONENTS[0], "weight": 70}, {**COMPONENTS[1], "key": "okr"}]})
    assert [d["field"] for d in bad.json()["detail"]] == [
        "code", "components.1.key", "components"]
    patched = send(hr, "patch", f"/api/v1/schemes/{scheme['id']}",
                   {"name": "研发试点 v2", "min_days_between_adjustments": 14})
    assert (patched.json()["name"], patched.json()["min_days_between_adjustments"]) == (
        "研发试点 v2", 14)
    replaced = send(hr, "put", f"/api/v1/schemes/{scheme['id']}/components", {
        "components": [{**COMPONENTS[0], "weight": 100}]})
    assert [c["key"] for c in replaced.json()["components"]] == ["okr"]
    wrong_sum = send(hr, "put", f"/api/v1/schemes/{scheme['id']}/components",
                     {"components": [{**COMPONENTS[0], "weight": 99}]})
    assert [(d["field"], d["msg"]) for d in wrong_sum.json()["detail"]] == [
        ("components", "Weights add up to 99; they must add up to 100.")]
    archived = send(hr, "post", f"/api/v1/schemes/{scheme['id']}/archive")
    assert archived.json()["archived"] is True
    assert [s["code"] for s in hr.get("/api/v1/schemes?archived=true").json()] == ["rnd_pilot"]


def test_a_template_copy_then_the_default(goal_org: GoalOrg) -> None:
    hr = goal_org.org.client("hr_admin")
    copy = send(hr, "post", "/api/v1/schemes/from-template",
                {"template": "support_function", "code": "shared_services"})
    assert (copy.status_code, copy.json()["template_key"]) == (201, "support_function")
    unknown = send(hr, "post", "/api/v1/schemes/from-template",
                   {"template": "moonshot", "code": "m"})
    assert [d["field"] for d in unknown.json()["detail"]] == ["template"]
    made_default = send(hr, "post", f"/api/v1/schemes/{copy.json()['id']}/default")
    assert made_default.json()["is_default"] is True
    assert list(Scheme.objects.filter(is_default=True).values_list("code", flat=True)) == [
        "shared_services"]
    assert send(goal_org.org.client("hrbp"), "post",
                f"/api/v1/schemes/{f.scheme('profit_centre').pk}/default").status_code == 403


def test_unit_assignment_and_the_scheme_a_person_is_measured_by(goal_org: GoalOrg) -> None:
    units, people = goal_org.org.units, goal_org.people
    hrbp = goal_org.org.client("hrbp")
    sales = f.scheme("mature_sales")
    rep1 = f"/api/v1/people/{people['rep1'].pk}/scheme"
    before = goal_org.org.client("employee").get(rep1).json()
    assert (before["scheme"]["code"], before["source"], before["unit"]) == (
        "profit_centre", "default", None)
    assigned = send(hrbp, "put", f"/api/v1/units/{units['S'].pk}/scheme",
                    {"scheme_id": sales.pk})
    assert (assigned.json()["scheme"]["code"], assigned.json()["unit"]["code"]) == (
        "mature_sales", "S")
    after = goal_org.org.client("manager").get(rep1).json()
    assert (after["scheme"]["code"], after["source"], after["unit"]["code"]) == (
        "mature_sales", "unit", "S")
    assert goal_org.org.client("employee").get(
        f"/api/v1/units/{units['SE'].pk}/scheme").json()["unit"]["code"] == "S"
    outside = send(hrbp, "put", f"/api/v1/units/{units['R'].pk}/scheme",
                   {"scheme_id": sales.pk})
    assert [d["field"] for d in outside.json()["detail"]] == ["unit"]
    assert send(goal_org.org.client("manager"), "put", f"/api/v1/units/{units['S'].pk}/scheme",
                {"scheme_id": sales.pk}).status_code == 403
    assert hrbp.delete(f"/api/v1/units/{units['S'].pk}/scheme").status_code == 204
    assert not SchemeAssignment.objects.filter(unit=units["S"]).exists()
    assert goal_org.org.client("employee").get(
        f"/api/v1/people/{people['rep2'].pk}/scheme").status_code == 404
    assert goal_org.org.client("executive").get(rep1).status_code == 404
    assert goal_org.org.client("hr_admin").get(
        f"/api/v1/people/{people['engineer'].pk}/scheme").json()["scheme"]["code"] == (
        "innovation_unit")
