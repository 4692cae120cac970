"""Importing goals and measurements (flexperf.goals.importing)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from flexperf.audit.models import AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.goals.importing import ImportReport, import_goal_files, import_goals
from flexperf.goals.models import Goal, GoalAlignment, Measurement, Milestone
from tests import factories as org_factories
from tests.goals.conftest import GoalOrg

SYSTEM = Actor.system()
Rows = Sequence[Mapping[str, Any]]


def goal_rows(org: GoalOrg) -> list[dict[str, Any]]:
    """Six goals: the group's scorecard, a sales KPI aligned to it, an engineer's objective
    and project, the HR business partner's service goal and a behaviour goal."""
    n = {key: p.employee_number for key, p in org.people.items()}
    return [
        {"goal_code": "G-BSC", "period": "2026", "owner": "company", "owner_code": "HX",
         "paradigm": "bsc", "title": "集团平衡计分卡", "status": "active", "metric": "利润",
         "threshold": 80, "target": 100, "stretch": 120, "perspective": "financial",
         "perspective_weight": 60},
        {"goal_code": "G-BSC", "metric": "客户满意度", "threshold": 3.5, "target": 4,
         "stretch": 4.5, "perspective": "customer", "perspective_weight": 40},
        {"goal_code": "S-1", "period": "2026", "owner_code": n["rep1"], "paradigm": "kpi",
         "title": "华东销售额", "status": "active", "parent_goal_code": "G-BSC",
         "contribution": 2, "metric": "销售额", "unit_label": "万元", "threshold": 800,
         "target": 1000, "stretch": 1200},
        {"goal_code": "R-OKR", "period": "2026-H1", "owner_code": n["engineer"],
         "paradigm": "okr", "title": "发布新平台", "okr_type": "aspirational",
         "status": "active", "metric": "新客户", "start": 0, "target": 10, "confidence": 6},
        {"goal_code": "R-OKR", "metric": "版本", "start": 0, "target": 4},
        {"goal_code": "R-PRJ", "period": "2026-H1", "owner_code": n["engineer"],
         "paradigm": "project", "title": "数据平台", "status": "active", "milestone": "设计",
         "milestone_due": "2026-03-31"},
        {"goal_code": "R-PRJ", "milestone": "上线", "milestone_due": "2026-06-30",
         "milestone_weight": 2},
        {"goal_code": "H-SVC", "period": "2026", "owner_code": n["hrbp_p"],
         "paradigm": "service", "title": "HR 服务", "status": "active", "metric": "按时解决率",
         "kind": "sla", "threshold": 90, "target": 95, "stretch": 99, "metric_weight": 2},
        {"goal_code": "H-SVC", "metric": "内部客户满意度", "kind": "csat"},
        {"goal_code": "S-BEH", "period": "2026", "owner_code": n["rep1"],
         "paradigm": "behaviour", "title": "协作", "metric": "跨团队协作", "status": "active"},
    ]


def measurement_rows(org: GoalOrg) -> list[dict[str, Any]]:
    n = {key: p.employee_number for key, p in org.people.items()}
    return [
        {"goal_code": "S-1", "metric": "销售额", "on": "2026-03-31", "value": 950.5},
        {"goal_code": "S-1", "metric": "销售额", "on": "2026-06-30", "value": 1010},
        {"goal_code": "R-OKR", "metric": "新客户", "on": "2026-05-31", "value": 7},
        {"goal_code": "R-PRJ", "milestone": "设计", "on": "2026-04-02"},
        {"goal_code": "H-SVC", "metric": "内部客户满意度", "on": "2026-05-01", "value": 4,
         "by": n["rep1"]},
        {"goal_code": "S-BEH", "metric": "跨团队协作", "on": "2026-06-30", "value": 4,
         "by": n["sales_head"]},
    ]


def workbook(**sheets: Rows) -> bytes:
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        columns = list(dict.fromkeys(k for row in rows for k in row))
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: Rows) -> bytes:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def where(report: ImportReport) -> list[tuple[str, int | None, str]]:
    return [(p.sheet, p.row, p.column) for p in report.problems]


def test_a_workbook_creates_goals_of_every_paradigm_with_their_progress(
        goal_org: GoalOrg) -> None:
    data = workbook(goals=goal_rows(goal_org), measurements=measurement_rows(goal_org))
    report = import_goals(actor=SYSTEM, data=data, filename="goals.xlsx")
    assert report.problems == []
    assert (report.ok, report.created, report.matched) == (
        True, {"goals": 6, "alignments": 1, "measurements": 5, "milestones": 1},
        {"goals": 0, "measurements": 0, "milestones": 0})
    sales = Goal.objects.get(title="华东销售额")
    assert (sales.status, sales.version, sales.component.key) == ("active", 1, "kpi")
    assert list(sales.metrics.get().measurements.values_list("value", "source")) == [
        (Decimal("950.5"), "import"), (Decimal("1010"), "import")]
    assert GoalAlignment.objects.get().contribution == Decimal("2")
    bsc = Goal.objects.get(title="集团平衡计分卡")
    assert bsc.perspective_weights == {"customer": "40", "financial": "60"}
    okr = Goal.objects.get(title="发布新平台")
    assert (okr.okr_type, [m.confidence for m in okr.metrics.order_by("order")]) == (
        "aspirational", [6, None])
    assert Milestone.objects.get(name="设计").accepted_on == dt.date(2026, 4, 2)
    survey = Measurement.objects.get(metric__kind="csat")
    assert (survey.recorded_by, survey.source) == (goal_org.people["rep1"], "survey")
    rating = Measurement.objects.get(metric__kind="behaviour")
    assert rating.recorded_by == goal_org.people["sales_head"]
    created = AuditEntry.objects.get(object_type="goals.goal", object_id=str(sales.pk),
                                     action="create")
    assert created.context == {"import": {"file": "goals.xlsx", "goal_code": "S-1"}}


def test_importing_the_same_file_again_matches_instead_of_repeating(goal_org: GoalOrg) -> None:
    data = workbook(goals=goal_rows(goal_org), measurements=measurement_rows(goal_org))
    import_goals(actor=SYSTEM, data=data, filename="goals.xlsx")
    again = import_goals(actor=SYSTEM, data=data, filename="goals.xlsx")
    assert (again.ok, again.created, again.matched) == (
        True, {"goals": 0, "alignments": 0, "measurements": 0, "milestones": 0},
        {"goals": 6, "measurements": 5, "milestones": 1})
    assert Goal.objects.count() == 6
    later = csv_bytes([{"goal_code": "S-1", "metric": "销售额", "on": "2026-09-30",
                        "value": 1100}])
    more = import_goals(actor=SYSTEM, data=later, filename="measurements.csv")
    assert more.created["measurements"] == 1
    assert Measurement.objects.filter(metric__goal__title="华东销售额").count() == 3


def test_every_problem_is_reported_at_its_sheet_row_and_column_and_nothing_is_written(
        goal_org: GoalOrg) -> None:
    rows = goal_rows(goal_org)
    rows[2] = {**rows[2], "threshold": 1000}  # row 4: threshold not below target
    rows[1] = {**rows[1], "perspective": "financial", "perspective_weight": 50}  # row 3
    rows[4] = {**rows[4], "period": "2026-H2"}  # row 6: contradicts the goal's first row
    rows.append({"goal_code": "X-1", "period": "2026", "owner_code": "NOBODY",
                 "paradigm": "kpi", "title": "无主", "metric": "m", "threshold": 1,
                 "target": 2})  # row 12
    rows.append({"goal_code": "X-2", "period": "2026", "owner_code": goal_org.people[
        "rep2"].employee_number, "paradigm": "kpi", "title": "坏数", "metric": "m",
        "threshold": "lots", "target": 2})  # row 13
    measurements = measurement_rows(goal_org)
    measurements[4] = {**measurements[4], "on": "2027-01-15"}  # row 6
    # rows 2 and 3 are S-1's: its goal has a problem, so they are not checked again
    measurements.append({"goal_code": "NOPE", "metric": "m", "on": "2026-01-01",
                         "value": 1})  # row 8
    measurements.append({"goal_code": "X-1", "metric": "m", "on": "2026-01-01",
                         "value": 1})  # row 9: its goal failed; not reported twice
    before = AuditEntry.objects.count()
    report = import_goals(actor=SYSTEM, data=workbook(goals=rows, measurements=measurements),
                          filename="goals.xlsx")
    assert not report.ok
    assert where(report) == [
        ("goals", 3, "perspective_weight"),
        ("goals", 4, "threshold"),
        ("goals", 6, "period"),
        ("goals", 12, "owner_code"),
        ("goals", 13, "threshold"),
        ("measurements", 6, "on"),
        ("measurements", 8, "goal_code"),
    ]
    messages = {(p.row, p.column): p.message for p in report.problems}
    assert messages[(3, "perspective_weight")] == "Differs from row 2 (60)."
    assert messages[(4, "threshold")] == ("With higher-is-better the threshold must be below "
                                          "the target (1000 ≥ 1000).")
    assert messages[(6, "period")] == "Differs from row 5 of goal R-OKR (2026-H1)."
    assert messages[(12, "owner_code")] == "No person with employee number NOBODY."
    assert messages[(13, "threshold")] == "'lots' is not a number."
    assert (Goal.objects.count(), Measurement.objects.count()) == (0, 0)
    assert AuditEntry.objects.count() == before
    assert report.created == {"goals": 0, "alignments": 0, "measurements": 0, "milestones": 0}


def test_a_dry_run_counts_and_writes_nothing(goal_org: GoalOrg) -> None:
    data = workbook(goals=goal_rows(goal_org), measurements=measurement_rows(goal_org))
    report = import_goals(actor=SYSTEM, data=data, filename="goals.xlsx", dry_run=True)
    assert (report.ok, report.dry_run, report.created["goals"],
            report.created["measurements"]) == (True, True, 6, 5)
    assert not Goal.objects.exists()


def test_csv_files_and_a_zip_of_them(goal_org: GoalOrg) -> None:
    goals, measurements = csv_bytes(goal_rows(goal_org)), csv_bytes(measurement_rows(goal_org))
    report = import_goal_files(actor=SYSTEM, files=[("goals.csv", goals),
                                                    ("measurements.csv", measurements)],
                               dry_run=True)
    assert (report.ok, report.created["goals"]) == (True, 6)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("goals.csv", goals)
        zipped.writestr("measurements.csv", measurements)
    assert import_goals(actor=SYSTEM, data=archive.getvalue(), filename="goals.zip").ok
    assert Goal.objects.count() == 6
    unknown = import_goals(actor=SYSTEM, data=b"name,age\nx,1\n", filename="people.csv")
    assert [(p.row, p.message) for p in unknown.problems] == [
        (1, "people.csv: the header matches neither the goals columns (goal_code, paradigm "
            "…) nor the measurements columns (goal_code, on …).")]
    missing = import_goals(actor=SYSTEM, data=b"goal_code,paradigm,nickname\nA,kpi,x\n",
                           filename="goals.csv")
    assert where(missing) == [("goals", 1, "nickname"), ("goals", 1, "period"),
                              ("goals", 1, "owner_code"), ("goals", 1, "title")]


def test_hr_imports_within_their_scope_only(goal_org: GoalOrg) -> None:
    # rep1's KPI goal, in the HRBP's units (without its parent, which is not in this file)
    data = workbook(goals=[{**goal_rows(goal_org)[2], "parent_goal_code": None}])
    hrbp = goal_org.actor("hrbp")
    assert import_goals(actor=hrbp, data=data, filename="goals.xlsx", dry_run=True).ok
    outside = workbook(goals=goal_rows(goal_org)[5:7])  # the engineer's project
    report = import_goals(actor=hrbp, data=outside, filename="goals.xlsx")
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "owner_code", "No such person in your scope.")]
    for role in ("employee", "manager", "executive", "auditor", "partner"):
        with pytest.raises(Forbidden):
            import_goals(actor=org_factories.actor(goal_org.org.users[role]), data=data,
                         filename="goals.xlsx")


@pytest.mark.usefixtures("goals_api")
def test_the_import_endpoint_answers_with_the_report(goal_org: GoalOrg) -> None:
    client = goal_org.org.client("hr_admin")
    good = SimpleUploadedFile("goals.xlsx", workbook(goals=goal_rows(goal_org)))
    response = client.post("/api/v1/goals/import", {"file": good, "dry_run": "true"})
    assert response.status_code == 200
    assert (response.json()["ok"], response.json()["created"]["goals"]) == (True, 6)
    bad = SimpleUploadedFile("goals.csv", csv_bytes([{**goal_rows(goal_org)[2],
                                                      "target": 10}]))
    refused = client.post("/api/v1/goals/import", {"file": bad})
    assert refused.status_code == 422
    assert [(p["sheet"], p["row"], p["column"]) for p in refused.json()["problems"]] == [
        ("goals", 2, "threshold")]
    denied = goal_org.org.client("employee").post("/api/v1/goals/import", {"file": good})
    assert denied.status_code == 403
    assert not Goal.objects.exists()
