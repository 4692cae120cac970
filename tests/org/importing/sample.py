"""A small new company as import files (NewCo: three units, two positions, four people), and
helpers to build variants of it and to run the import."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook

from flexperf.audit.models import AuditEntry
from flexperf.core.actors import Actor
from flexperf.org.importing import ImportReport, import_org
from flexperf.org.models import Company, Person, Position, Unit

SYSTEM = Actor.system()
Rows = Sequence[Mapping[str, Any]]

COMPANIES: Rows = [{"code": "NC", "name": "新创科技", "name_en": "NewCo", "country": "cn",
                    "currency": "CNY"}]
UNITS: Rows = [
    {"code": "N", "name": "新创总部", "company_code": "NC", "parent_code": "",
     "segment": "innovation", "head_employee_number": "N001", "archived": "false"},
    {"code": "NP", "name": "产品部", "company_code": "NC", "parent_code": "N",
     "segment": "innovation", "head_employee_number": "N002", "archived": "false"},
    {"code": "NS", "name": "客户成功", "company_code": "NC", "parent_code": "N",
     "segment": "growth", "head_employee_number": "", "archived": "false"},
]
POSITIONS: Rows = [
    {"code": "P-CEO", "title": "首席执行官", "unit_code": "N", "job_family": "management",
     "level": "M5", "is_key": "true"},
    {"code": "P-PM", "title": "产品经理", "unit_code": "NP", "job_family": "rnd", "level": "P6",
     "is_key": "false"},
]
PEOPLE: Rows = [
    {"employee_number": "N001", "name": "高远", "email": "gao@example.com", "unit_code": "N",
     "position_code": "P-CEO", "manager_employee_number": "", "job_family": "management",
     "hire_date": "2019-04-01", "status": "active", "gender": "male"},
    {"employee_number": "N002", "name": "白露", "email": "", "unit_code": "NP",
     "position_code": "P-PM", "manager_employee_number": "N001", "job_family": "rnd",
     "hire_date": "2020-07-15", "status": "active", "gender": "female"},
    {"employee_number": "N003", "name": "方舟", "email": "", "unit_code": "NP",
     "position_code": "", "manager_employee_number": "N002", "job_family": "rnd",
     "hire_date": "2022-01-10", "status": "active", "gender": ""},
    {"employee_number": "N004", "name": "秦川", "email": "", "unit_code": "NS",
     "position_code": "", "manager_employee_number": "N001", "job_family": "sales",
     "hire_date": "2021-03-01", "status": "left", "leave_date": "2023-12-31",
     "leave_reason": "career"},
]


def csv_bytes(rows: Rows, *, columns: Sequence[str] | None = None, encoding: str = "utf-8",
              delimiter: str = ",") -> bytes:
    names = list(columns or dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(n, "") for n in names])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(**sheets: Rows) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        names = list(dict.fromkeys(k for row in rows for k in row))
        sheet.append(names)
        for row in rows:
            sheet.append([row.get(n) for n in names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_row(rows: Rows, index: int, **changes: Any) -> list[dict[str, Any]]:
    changed = [dict(row) for row in rows]
    changed[index].update(changes)
    return changed


def full_workbook(**overrides: Rows) -> bytes:
    sheets = {"companies": COMPANIES, "units": UNITS, "positions": POSITIONS, "people": PEOPLE}
    sheets.update(overrides)
    return xlsx_bytes(**sheets)


def run(data: bytes, filename: str, *, dry_run: bool = False) -> ImportReport:
    return import_org(actor=SYSTEM, data=data, filename=filename, dry_run=dry_run)


def problems_of(report: ImportReport) -> list[tuple[str, int | None, str]]:
    return [(p.sheet, p.row, p.column) for p in report.problems]


def counts() -> dict[str, int]:
    return {"companies": Company.objects.count(), "units": Unit.objects.count(),
            "positions": Position.objects.count(), "people": Person.objects.count(),
            "audit": AuditEntry.objects.count()}


def people_by_number() -> dict[str, Person]:
    return {p.employee_number: p for p in Person.objects.all()}


def assert_refused(sheets: Mapping[str, Rows], expected: list[tuple[str, int, str]]) -> None:
    """The workbook with `sheets` replaced reports exactly `expected` and writes nothing."""
    before = counts()
    report = run(full_workbook(**sheets), "org.xlsx")
    assert not report.ok
    assert problems_of(report) == expected
    assert all(p.message for p in report.problems)
    assert counts() == before
