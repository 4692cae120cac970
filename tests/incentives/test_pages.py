"""The incentives pages: the employee's statement, HR's policies (coefficient editor), runs,
compensation upload and fairness report; who may open which."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from flexperf.incentives.models import BaseSalary, PayoutRun, PolicyVersion
from flexperf.incentives.services import runs
from flexperf.recognition.services import grant_points
from tests.incentives.conftest import SYSTEM, IncOrg
from tests.pages.conftest import field_errors, page


def _approved_and_published(inc_org: IncOrg) -> PayoutRun:
    run = runs.compute_payouts(actor=SYSTEM, cycle_id=inc_org.cycle.pk,
                               policy_id=inc_org.policy.pk)
    runs.approve_run(actor=SYSTEM, run_id=run.pk)
    inc_org.cycle.phase = "published"
    inc_org.cycle.save(update_fields=["phase"])
    return run


def test_employee_reads_their_statement(inc_org: IncOrg) -> None:
    # Recognition points earned inside the cycle's period, and one outside it, which must not count.
    rep1 = inc_org.people["rep1"].pk
    for key, points, on in (("in-1", 30, dt.date(2026, 3, 2)), ("in-2", 12, dt.date(2026, 6, 30)),
                            ("before", 50, dt.date(2025, 12, 31))):
        grant_points(actor=SYSTEM, person_id=rep1, points=points, reason="test",
                     source="rule", source_key=f"incentives-test:{key}", on=on)
    _approved_and_published(inc_org)
    client = inc_org.goals.org.client("employee")
    response = client.get("/incentives/statements/")
    assert response.status_code == 302
    root = page(client.get(response["Location"]))
    short = root.one("tr", data_kind="short_term")
    assert ("Base salary ¥240,000.00 × target bonus 15% × coefficient 1.2 (rating A, sales, "
            "P5–P6) × company factor 0.95 = ¥41,040.00") in short.text
    # Micro-rewards: the recognition points of the cycle's period (42) at the policy's rate 0.50.
    assert root.one("td", data_total="CNY").text == "CNY 41,061.00"
    assert "Micro-rewards: 42 recognition points × ¥0.50 per point = ¥21.00" in \
        root.one("tr", data_kind="micro").text


def test_statement_in_chinese(inc_org: IncOrg) -> None:
    _approved_and_published(inc_org)
    client = inc_org.goals.org.client("employee")
    client.cookies["django_language"] = "zh-hans"
    response = client.get(f"/incentives/statements/{inc_org.cycle.pk}/"
                          f"{inc_org.people['rep1'].pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200


def test_nobody_else_reads_a_statement(inc_org: IncOrg) -> None:
    _approved_and_published(inc_org)
    url = f"/incentives/statements/{inc_org.cycle.pk}/{inc_org.people['rep1'].pk}/"
    for role in ("manager", "executive", "auditor"):
        assert inc_org.goals.org.client(role).get(url).status_code == 404
    page(inc_org.goals.org.client("hr_admin").get(url))


@pytest.mark.parametrize("url", ["/incentives/policies/", "/incentives/runs/",
                                 "/incentives/compensation/", "/incentives/fairness/"])
@pytest.mark.parametrize("role", ["employee", "manager", "executive", "auditor"])
def test_hr_pages_are_hr_only(inc_org: IncOrg, url: str, role: str) -> None:
    assert inc_org.goals.org.client(role).get(url).status_code == 403


def test_hr_pages_open(inc_org: IncOrg) -> None:
    run = _approved_and_published(inc_org)
    client = inc_org.goals.org.client("hr_admin")
    root = page(client.get("/incentives/runs/"))
    assert root.one("tr", data_run=str(run.pk)).texts("td")[-1] == "CNY 265700.00"
    root = page(client.get(f"/incentives/runs/{run.pk}/"))
    assert root.one(id="run-status").text == "Approved"
    page(client.get("/incentives/policies/"))
    page(client.get(f"/incentives/policies/{inc_org.policy.pk}/"))
    page(client.get("/incentives/compensation/"))
    root = page(client.get(f"/incentives/fairness/?cycle={inc_org.cycle.pk}&min_group=2"))
    gender = root.one("section", data_dimension="gender")
    # female: rep1 A + sales_head S → rate 1.0000; male (rep2) alone: too small.
    female = gender.one("tr", data_group="Female")
    assert female.texts("td")[-4] == "1.0000"
    assert "Too small to show" in gender.one("tr", data_group="Male").text


def test_coefficient_editor_shows_a_bad_cell_and_writes_nothing(inc_org: IncOrg) -> None:
    client = inc_org.goals.org.client("hr_admin")
    url = f"/incentives/policies/{inc_org.policy.pk}/"
    form = page(client.get(url)).one("form", id="new-version")
    posted = {node.attrs["name"]: node.attrs.get("value", "")
              for node in form.find_all("input") if node.attrs.get("name")}
    posted["rules"] = form.one("textarea").text
    posted["c-0-A"] = "lots"
    root = page(client.post(url, posted), status=422)
    assert field_errors(root)["c-0-A"] == ["Must be a number."]
    assert PolicyVersion.objects.filter(policy=inc_org.policy).count() == 1
    posted["c-0-A"] = "1.3"
    posted["note"] = "sales A up"
    assert client.post(url, posted).status_code == 302
    latest = PolicyVersion.objects.filter(policy=inc_org.policy).order_by("-number").first()
    assert latest is not None
    assert latest.number == 2
    assert latest.rules["coefficients"][0]["ratings"]["A"] == "1.3"


def test_compensation_upload_reports_rows(inc_org: IncOrg) -> None:
    client = inc_org.goals.org.client("hr_admin")
    before = BaseSalary.objects.count()
    bad = SimpleUploadedFile("s.csv", b"employee_number,amount,effective_from\nX,1,2026-01-01\n")
    root = page(client.post("/incentives/compensation/", {"file": bad}), status=422)
    assert "Row 2, employee_number" in root.one(id="problems").text
    assert BaseSalary.objects.count() == before


def test_cycle_setup_sets_a_factor_and_creates_a_pool(inc_org: IncOrg) -> None:
    from flexperf.incentives.models import CompanyFactor, ProjectPool

    client = inc_org.goals.org.client("hr_admin")
    url = f"/incentives/cycles/{inc_org.cycle.pk}/setup/"
    assert client.post(url, {"form": "factor", "company": inc_org.goals.org.company.pk,
                             "factor": "1.05"}).status_code == 302
    assert CompanyFactor.objects.get(cycle=inc_org.cycle).factor == D("1.050")
    engineer, rep1 = inc_org.people["engineer"], inc_org.people["rep1"]
    body = {"form": "pool", "goal": inc_org.project.pk, "name": "第二期", "amount": "900",
            "currency": "CNY",
            "members": f"{engineer.employee_number} 70\n{rep1.employee_number} 20"}
    root = page(client.post(url, body), status=422)  # 70 + 20 = 90, not 100
    assert "they must add up to 100" in root.text
    assert ProjectPool.objects.count() == 1
    body["members"] = f"{engineer.employee_number} 70\n{rep1.employee_number} 30"
    assert client.post(url, body).status_code == 302
    assert ProjectPool.objects.count() == 2
    assert inc_org.goals.org.client("hrbp").post(url, body).status_code == 403
    assert inc_org.goals.org.client("manager").get(url).status_code == 403


def test_hrbp_reads_the_policy_rules_without_the_editor(inc_org: IncOrg) -> None:
    root = page(inc_org.goals.org.client("hrbp").get(f"/incentives/policies/{inc_org.policy.pk}/"))
    assert not root.find_all("form", id="new-version")
    assert '"P5–P6"' in root.one(id="rules-json").text


def test_the_salary_list_is_an_audited_read(inc_org: IncOrg) -> None:
    from flexperf.audit.models import AuditEntry

    before = AuditEntry.objects.filter(object_type="incentives.basesalary", action="read").count()
    root = page(inc_org.goals.org.client("hrbp").get("/incentives/compensation/"))
    # The HRBP covers S: rep1, rep2 and sales_head have salaries there; the engineer (R) not.
    assert len(root.one(id="salaries").find_all("tr")) == 1 + 3
    entry = AuditEntry.objects.filter(object_type="incentives.basesalary",
                                      action="read").order_by("-seq").first()
    assert entry is not None
    assert AuditEntry.objects.filter(object_type="incentives.basesalary",
                                     action="read").count() == before + 1
    people = inc_org.people
    assert entry.context["people"] == sorted([people["rep1"].pk, people["rep2"].pk,
                                              people["sales_head"].pk])
