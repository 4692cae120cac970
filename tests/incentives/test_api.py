"""The incentives API: runs, statements, fairness, compensation and policies, per role."""

from __future__ import annotations

import io
from typing import Any

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.incentives.rules import EXAMPLE_RULES
from tests.incentives.conftest import IncOrg

API = "/api/v1/incentives"


def _fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.content
    return sorted(d["field"] for d in response.json()["detail"])


def _computed_and_published(inc_org: IncOrg) -> int:
    hr = inc_org.goals.org.client("hr_admin")
    response = hr.post(f"{API}/runs", {"cycle_id": inc_org.cycle.pk,
                                       "policy_id": inc_org.policy.pk},
                       content_type="application/json")
    assert response.status_code == 201, response.content
    run_id: int = response.json()["id"]
    assert hr.post(f"{API}/runs/{run_id}/approve").status_code == 200
    inc_org.cycle.phase = "published"
    inc_org.cycle.save(update_fields=["phase"])
    return run_id


def test_compute_approve_and_read_my_statement(inc_org: IncOrg) -> None:
    run_id = _computed_and_published(inc_org)
    hr = inc_org.goals.org.client("hr_admin")
    run = hr.get(f"{API}/runs/{run_id}").json()
    # 41,040 + 11,400 + 164,160 + 17,100 + 2,000 + 18,000 + 12,000 (see test_services)
    assert run["totals"] == {"CNY": "265700.00"}
    assert run["status"] == "approved"
    employee = inc_org.goals.org.client("employee")
    assert employee.get(f"{API}/statements/mine").json() == [
        {"cycle_id": inc_org.cycle.pk, "cycle_code": "2026-h1", "cycle_name": "2026-h1"}]
    mine = employee.get(f"{API}/statements/{inc_org.cycle.pk}/{inc_org.people['rep1'].pk}")
    assert mine.status_code == 200
    body = mine.json()
    assert body["totals"] == {"CNY": "41040.00"}
    assert body["lines"][0]["amount"] == "41040.00"
    assert body["lines"][0]["statement"] == [
        "Base salary ¥240,000.00 × target bonus 15% × coefficient 1.2 (rating A, sales, "
        "P5–P6) × company factor 0.95 = ¥41,040.00"]


@pytest.mark.parametrize("role", ["employee", "manager", "executive", "auditor", "partner"])
def test_only_hr_reads_runs_compensation_and_fairness(inc_org: IncOrg, role: str) -> None:
    run_id = _computed_and_published(inc_org)
    client = inc_org.goals.org.client(role)
    assert client.get(f"{API}/runs").status_code == 403
    assert client.get(f"{API}/runs/{run_id}/export").status_code == 403
    assert client.get(f"{API}/salaries/{inc_org.people['rep1'].pk}").status_code == 403
    assert client.get(f"{API}/cycles/{inc_org.cycle.pk}/fairness").status_code == 403
    assert client.get(f"{API}/policies").status_code == 403
    # Nobody but the person themselves (and HR) reads a statement: a 404, not a 403.
    assert client.get(f"{API}/statements/{inc_org.cycle.pk}/{inc_org.people['rep2'].pk}"
                      ).status_code == 404


def test_hrbp_reads_salaries_in_scope_only_and_it_is_audited(inc_org: IncOrg) -> None:
    hrbp = inc_org.goals.org.client("hrbp")
    before = AuditEntry.objects.filter(object_type="incentives.basesalary",
                                       action="read").count()
    response = hrbp.get(f"{API}/salaries/{inc_org.people['rep1'].pk}")
    assert response.json() == [{"person_id": inc_org.people["rep1"].pk, "amount": "240000.00",
                                "currency": "CNY", "effective_from": "2026-01-01"}]
    assert AuditEntry.objects.filter(object_type="incentives.basesalary",
                                     action="read").count() == before + 1
    assert hrbp.get(f"{API}/salaries/{inc_org.people['engineer'].pk}").status_code == 404


def test_fairness_for_hr(inc_org: IncOrg) -> None:
    _computed_and_published(inc_org)
    response = inc_org.goals.org.client("hr_admin").get(
        f"{API}/cycles/{inc_org.cycle.pk}/fairness?min_group=2")
    assert response.status_code == 200
    data = response.json()
    assert data["people"] == 4
    gender = next(d for d in data["dimensions"] if d["dimension"] == "gender")
    # female: rep1 (A), sales_head (S) → top 2 of 2 = 1.0; male: rep2 (B) → 0 of 1: too small
    # at min 2; engineer has no gender → "—", 1 person: too small.
    groups = {g["name"]: g for g in gender["groups"]}
    assert groups["Female"]["top"]["ratio"] == "1.0000"
    assert groups["Male"]["too_small"] is True
    assert groups["Male"]["top"] is None


def test_bad_bodies_name_the_field(inc_org: IncOrg) -> None:
    hr = inc_org.goals.org.client("hr_admin")
    bad = dict(EXAMPLE_RULES, coefficients=[{"population": "*", "band": "*",
                                             "ratings": {"A": "lots"}}])
    assert _fields(hr.post(f"{API}/policies/{inc_org.policy.pk}/versions", {"rules": bad},
                           content_type="application/json")) == [
        "rules.coefficients.0.ratings.A"]
    assert _fields(hr.post(f"{API}/salaries", {"person_id": inc_org.people["rep1"].pk,
                                               "amount": -5, "effective_from": "2026-02-30"},
                           content_type="application/json")) == ["amount", "effective_from"]
    assert _fields(hr.post(f"{API}/runs", {"cycle_id": inc_org.cycle.pk, "policy_id": 999999},
                           content_type="application/json")) == ["policy"]
    csv = io.BytesIO(b"employee_number,amount,effective_from\nNOPE,1,2026-01-01\n")
    csv.name = "s.csv"
    response = hr.post(f"{API}/salary-imports", {"file": csv})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "employee_number"
    assert response.json()["detail"][0]["row"] == 2


def test_export_csv_bytes(inc_org: IncOrg) -> None:
    run_id = _computed_and_published(inc_org)
    response = inc_org.goals.org.client("hr_admin").get(f"{API}/runs/{run_id}/export")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "employee_number,name,kind,amount,currency,reference,statement"
    rep1 = inc_org.people["rep1"]
    assert (f'{rep1.employee_number},林小雨,short_term,41040.00,CNY,,"Base salary ¥240,000.00 × '
            "target bonus 15% × coefficient 1.2 (rating A, sales, P5–P6) × company factor 0.95 "
            '= ¥41,040.00"') in lines
    # 4 people × (short-term, long-term, micro) + stage + 2 pool shares = 15 lines
    assert len(lines) == 1 + 15


def test_reading_a_runs_lines_is_audited(inc_org: IncOrg) -> None:
    run_id = _computed_and_published(inc_org)
    response = inc_org.goals.org.client("hrbp").get(f"{API}/runs/{run_id}/lines")
    # The HRBP's scope (S) holds rep1, rep2 and sales_head: 3 people × 3 lines each.
    assert response.status_code == 200
    assert len(response.json()) == 9
    entry = AuditEntry.objects.filter(object_type="incentives.payoutrun", action="read",
                                      object_id=str(run_id)).get()
    people = inc_org.people
    assert entry.context["people"] == sorted([people["rep1"].pk, people["rep2"].pk,
                                              people["sales_head"].pk])
