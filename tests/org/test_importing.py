from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from flexperf.audit.models import Action, AuditEntry
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.core.events import subscribe, unsubscribe_all
from flexperf.org import events, services
from flexperf.org.importing import (
    MAX_DEPTH,
    ImportProblem,
    ImportReport,
    import_files,
    import_org,
)
from flexperf.org.models import Company, Person, Position, Unit
from tests import factories as f
from tests.conftest import SmallOrg

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


def full_workbook(**overrides: Rows) -> bytes:
    sheets = {"companies": COMPANIES, "units": UNITS, "positions": POSITIONS, "people": PEOPLE}
    sheets.update(overrides)
    return xlsx_bytes(**sheets)


@pytest.fixture
def imported_events() -> Iterator[list[events.OrgImported]]:
    seen: list[events.OrgImported] = []
    subscribe(events.OrgImported)(seen.append)
    yield seen
    unsubscribe_all(events.OrgImported)


# --- a clean import ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_workbook_creates_companies_units_positions_and_people_with_their_paths(
    imported_events: list[events.OrgImported],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = run(full_workbook(), "org.xlsx")

    assert report.problems == []
    assert report.ok
    assert report.created == {"companies": 1, "units": 3, "positions": 2, "people": 4}
    assert report.updated == {"companies": 0, "units": 0, "positions": 0, "people": 0}
    company = Company.objects.get(code="NC")
    assert (company.name_en, company.country) == ("NewCo", "CN")  # country upper-cased
    units = {u.code: u for u in Unit.objects.all()}
    people = people_by_number()
    assert units["N"].path == tree.child_path(None, units["N"].pk)
    assert units["NP"].path == tree.child_path(units["N"].path, units["NP"].pk)
    assert units["NP"].parent_id == units["N"].pk
    assert units["N"].head_id == people["N001"].pk
    assert units["NS"].head_id is None
    assert people["N003"].path == tree.child_path(
        tree.child_path(tree.child_path(None, people["N001"].pk), people["N002"].pk),
        people["N003"].pk)
    assert people["N002"].position == Position.objects.get(code="P-PM")
    assert Position.objects.get(code="P-CEO").is_key is True
    leaver = people["N004"]
    assert (leaver.status, leaver.leave_date, leaver.leave_reason) == (
        "left", dt.date(2023, 12, 31), "career")
    # 10 records created, one audit entry each, plus the import summary.
    assert AuditEntry.objects.filter(action=Action.CREATE).count() == 10
    summary = AuditEntry.objects.get(action=Action.IMPORT)
    assert summary.context["created"] == report.created
    created_n3 = AuditEntry.objects.get(object_type="org.person",
                                        object_id=str(people["N003"].pk))
    assert created_n3.changes["manager"] == [None, people["N002"].pk]
    assert imported_events == [events.OrgImported(created=10, updated=0)]


@pytest.mark.django_db
def test_several_csv_files_are_imported_together_and_may_refer_to_each_other() -> None:
    files = [("people.csv", csv_bytes(PEOPLE)), ("units.csv", csv_bytes(UNITS)),
             ("companies.csv", csv_bytes(COMPANIES)), ("positions.csv", csv_bytes(POSITIONS))]
    report = import_files(actor=SYSTEM, files=files)
    assert report.ok, report.problems
    assert report.created == {"companies": 1, "units": 3, "positions": 2, "people": 4}


@pytest.mark.django_db
def test_rows_may_refer_to_records_already_in_the_database(small_org: SmallOrg) -> None:
    newcomer = {"employee_number": "X100", "name": "新人", "unit_code": "SE",
                "manager_employee_number": small_org.people["sales_head"].employee_number,
                "job_family": "sales", "hire_date": "2024-02-01"}
    report = run(csv_bytes([newcomer]), "people.csv")
    assert report.ok, report.problems
    person = Person.objects.get(employee_number="X100")
    assert person.unit == small_org.units["SE"]
    assert person.path == tree.child_path(small_org.people["sales_head"].path, person.pk)
    assert person.status == "active"  # the column is absent: the default


# --- every row is checked; problems name sheet, row and column ------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        pytest.param({"people": with_row(PEOPLE, 2, manager_employee_number="N999")},
                     [("people", 4, "manager_employee_number")], id="unknown-manager"),
        pytest.param({"people": [*PEOPLE, {**PEOPLE[2], "name": "另一个方舟"}]},
                     [("people", 6, "employee_number")], id="duplicate-employee-number"),
        pytest.param({"units": [*UNITS, {**UNITS[1], "name": "又一个产品部"}]},
                     [("units", 5, "code")], id="duplicate-unit-code"),
        pytest.param({"people": with_row(PEOPLE, 1, hire_date="2020/07/15")},
                     [("people", 3, "hire_date")], id="date-not-iso"),
        pytest.param({"people": with_row(PEOPLE, 1, hire_date="2020-02-30")},
                     [("people", 3, "hire_date")], id="date-does-not-exist"),
        pytest.param({"people": with_row(PEOPLE, 1, hire_date="1850-01-01")},
                     [("people", 3, "hire_date")], id="implausible-hire-date"),
        pytest.param({"people": with_row(PEOPLE, 3, leave_date="2020-01-01")},
                     [("people", 5, "leave_date")], id="leave-before-hire"),
        pytest.param({"people": with_row(PEOPLE, 3, leave_date="")},
                     [("people", 5, "leave_date")], id="leaver-without-leave-date"),
        pytest.param({"people": with_row(PEOPLE, 2, leave_reason="career")},
                     [("people", 4, "status")], id="leave-reason-for-active"),
        pytest.param({"people": with_row(PEOPLE, 0, unit_code="ZZ")},
                     [("people", 2, "unit_code")], id="unknown-unit"),
        pytest.param({"units": with_row(UNITS, 1, company_code="ZZ")},
                     [("units", 3, "company_code")], id="unknown-company"),
        pytest.param({"people": with_row(PEOPLE, 2, position_code="P-ZZ")},
                     [("people", 4, "position_code")], id="unknown-position"),
        pytest.param({"people": with_row(PEOPLE, 2, position_code="P-CEO")},
                     [("people", 4, "position_code")], id="position-in-another-unit"),
        pytest.param({"people": with_row(PEOPLE, 1, job_family="chef")},
                     [("people", 3, "job_family")], id="bad-choice"),
        pytest.param({"units": with_row(UNITS, 0, segment="startup")},
                     [("units", 2, "segment")], id="bad-segment"),
        pytest.param({"positions": with_row(POSITIONS, 0, is_key="maybe")},
                     [("positions", 2, "is_key")], id="bad-boolean"),
        pytest.param({"people": with_row(PEOPLE, 1, email="bai.example.com")},
                     [("people", 3, "email")], id="bad-email"),
        pytest.param({"people": with_row(PEOPLE, 1, name="")},
                     [("people", 3, "name")], id="missing-value"),
        pytest.param({"people": with_row(PEOPLE, 1, name="名" * 201)},
                     [("people", 3, "name")], id="too-long"),
        pytest.param({"companies": with_row(COMPANIES, 0, country="China")},
                     [("companies", 2, "country")], id="bad-country"),
        pytest.param({"people": [{k: v for k, v in r.items() if k != "name"} for r in PEOPLE]},
                     [("people", 1, "name")], id="missing-column"),
        pytest.param({"people": [{**r, "nickname": "x"} for r in PEOPLE]},
                     [("people", 1, "nickname")], id="unknown-column"),
        pytest.param({"units": with_row(UNITS, 2, archived="true")},
                     [("people", 5, "unit_code")], id="active-person-in-archived-unit"),
    ],
)
def test_each_kind_of_problem_is_reported_at_its_sheet_row_and_column(
    sheets: dict[str, Rows], expected: list[tuple[str, int, str]]
) -> None:
    # The leaver N004 is in NS; make the archived-unit case about an active person.
    if "units" in sheets and sheets["units"][2].get("archived") == "true":
        sheets["people"] = with_row(PEOPLE, 3, status="active", leave_date="", leave_reason="")
    before = counts()
    report = run(full_workbook(**sheets), "org.xlsx")
    assert not report.ok
    assert problems_of(report) == expected
    assert all(p.message for p in report.problems)
    assert counts() == before


@pytest.mark.django_db
def test_every_person_on_a_reporting_cycle_is_reported() -> None:
    people = with_row(with_row(PEOPLE, 0, manager_employee_number="N003"), 3,
                      manager_employee_number="N004")
    report = run(full_workbook(people=people), "org.xlsx")
    # N001 → N003 → N002 → N001 is a cycle; N004 reporting to itself is another.
    assert problems_of(report) == [
        ("people", 2, "manager_employee_number"),
        ("people", 3, "manager_employee_number"),
        ("people", 4, "manager_employee_number"),
        ("people", 5, "manager_employee_number"),
    ]
    assert report.problems[0].message == \
        "Reporting lines form a cycle: N001 → N003 → N002 → N001."
    assert report.problems[3].message == "Reporting lines form a cycle: N004 → N004."


@pytest.mark.django_db
def test_a_cycle_through_people_already_in_the_database_is_found(small_org: SmallOrg) -> None:
    ceo = small_org.people["ceo"]
    rep1 = small_org.people["rep1"]
    # The CEO would report to rep1, who reports (in the database) to sales_head → CEO.
    row = {"employee_number": ceo.employee_number, "name": ceo.name, "unit_code": "G",
           "manager_employee_number": rep1.employee_number, "job_family": "management",
           "hire_date": "2020-03-01"}
    report = run(csv_bytes([row]), "people.csv")
    assert problems_of(report) == [("people", 2, "manager_employee_number")]
    assert rep1.employee_number in report.problems[0].message


@pytest.mark.django_db
def test_every_unit_on_a_parent_cycle_is_reported() -> None:
    units = with_row(UNITS, 0, parent_code="NS")
    units = with_row(units, 2, parent_code="NP")
    report = run(full_workbook(units=units), "org.xlsx")
    # N → NS → NP → N.
    assert problems_of(report) == [("units", 2, "parent_code"), ("units", 3, "parent_code"),
                                   ("units", 4, "parent_code")]
    assert report.problems[0].message == "Units form a cycle: N → NS → NP → N."


@pytest.mark.django_db
def test_a_reporting_line_too_deep_for_the_path_is_refused() -> None:
    chain = [{"employee_number": f"D{i:03d}", "name": f"层{i}", "unit_code": "N",
              "manager_employee_number": f"D{i - 1:03d}" if i else "", "job_family": "rnd",
              "hire_date": "2020-01-01"} for i in range(MAX_DEPTH + 1)]
    report = run(full_workbook(people=[*PEOPLE, *chain]), "org.xlsx")
    # Depth 0..27 fits in 255 characters; the 29th level (D028, row 4 + 2 + 28) does not.
    assert problems_of(report) == [("people", 4 + 2 + MAX_DEPTH, "manager_employee_number")]


@pytest.mark.django_db
def test_all_problems_of_a_file_are_reported_together_and_nothing_is_written(
    small_org: SmallOrg,
) -> None:
    people = with_row(PEOPLE, 1, email="nope", hire_date="someday")
    people = with_row(people, 2, manager_employee_number="N404")
    before = counts()
    report = run(full_workbook(people=people), "org.xlsx")
    assert problems_of(report) == [("people", 3, "email"), ("people", 3, "hire_date"),
                                   ("people", 4, "manager_employee_number")]
    assert report.created == {}
    assert counts() == before


@pytest.mark.django_db
def test_a_dry_run_counts_what_would_change_and_writes_nothing(small_org: SmallOrg) -> None:
    before = counts()
    report = run(full_workbook(), "org.xlsx", dry_run=True)
    assert report.ok
    assert report.dry_run
    assert report.created == {"companies": 1, "units": 3, "positions": 2, "people": 4}
    assert counts() == before


@pytest.mark.django_db
def test_only_an_hr_admin_may_import(small_org: SmallOrg) -> None:
    for role in ("hrbp", "manager", "employee", "auditor", "executive"):
        with pytest.raises(Forbidden):
            import_org(actor=f.actor(small_org.users[role]), data=full_workbook(),
                       filename="org.xlsx", dry_run=True)
    report = import_org(actor=f.actor(small_org.users["hr_admin"]), data=full_workbook(),
                        filename="org.xlsx", dry_run=True)
    assert report.ok


# --- upserts and moves ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_import_updates_changed_rows_creates_new_ones_and_leaves_others_alone() -> None:
    assert run(full_workbook(), "org.xlsx").ok
    people = with_row(PEOPLE, 2, name="方舟舟", level="P5")
    people.append({"employee_number": "N005", "name": "新同事", "unit_code": "NS",
                   "job_family": "sales", "hire_date": "2024-05-06"})
    report = run(csv_bytes(people), "people.csv")
    assert report.created == {"companies": 0, "units": 0, "positions": 0, "people": 1}
    assert report.updated == {"companies": 0, "units": 0, "positions": 0, "people": 1}
    n3 = Person.objects.get(employee_number="N003")
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(n3.pk))
    assert entry.changes == {"name": ["方舟", "方舟舟"], "level": ["", "P5"]}
    # Importing the same file again changes nothing.
    again = run(csv_bytes(people), "people.csv")
    assert again.created == {"companies": 0, "units": 0, "positions": 0, "people": 0}
    assert again.updated == {"companies": 0, "units": 0, "positions": 0, "people": 0}


@pytest.mark.django_db
def test_a_person_absent_from_the_file_is_left_alone(small_org: SmallOrg) -> None:
    engineer = small_org.people["engineer"]
    report = run(full_workbook(), "org.xlsx")
    assert report.ok
    assert Person.objects.get(pk=engineer.pk).name == engineer.name
    assert Person.objects.count() == 11 + 4


@pytest.mark.django_db
def test_moving_people_between_managers_rewrites_the_paths_of_their_whole_subtree(
    small_org: SmallOrg,
) -> None:
    people = small_org.people
    sales_head, rnd_head = people["sales_head"], people["rnd_head"]
    # sales_head now reports to rnd_head; rep2 moves from sales_head to the engineer.
    rows = [
        {"employee_number": sales_head.employee_number, "manager_employee_number":
         rnd_head.employee_number},
        {"employee_number": people["rep2"].employee_number, "manager_employee_number":
         people["engineer"].employee_number},
    ]
    columns = ("employee_number", "name", "unit_code", "manager_employee_number", "job_family",
               "hire_date")
    full = [{"name": p.name, "unit_code": p.unit.code, "job_family": p.job_family,
             "hire_date": p.hire_date.isoformat(), **row}
            for row, p in zip(rows, (sales_head, people["rep2"]), strict=True)]
    report = run(csv_bytes(full, columns=columns), "people.csv")
    assert report.updated["people"] == 2
    fresh = people_by_number()
    ceo, rnd, head = (fresh[people[k].employee_number] for k in ("ceo", "rnd_head", "sales_head"))
    assert head.path == tree.child_path(rnd.path, head.pk)
    # rep1 and the leaver were not in the file, but they moved with their manager.
    for key in ("rep1", "leaver"):
        moved = fresh[people[key].employee_number]
        assert tree.ancestor_pks(moved.path) == [ceo.pk, rnd.pk, head.pk]
    rep2 = fresh[people["rep2"].employee_number]
    engineer = fresh[people["engineer"].employee_number]
    assert rep2.path == tree.child_path(engineer.path, rep2.pk)
    for person in Person.objects.select_related("manager"):
        expected = tree.child_path(person.manager.path if person.manager else None, person.pk)
        assert person.path == expected, person.name


@pytest.mark.django_db
def test_moving_a_unit_moves_the_paths_of_its_sub_units(small_org: SmallOrg) -> None:
    # SE moves from S to R: not in the file beyond its own row.
    row = {"code": "S", "name": "销售事业部", "company_code": "HX", "parent_code": "R",
           "segment": "mature"}
    report = run(csv_bytes([row]), "units.csv")
    assert report.updated["units"] == 1
    units = {u.code: u for u in Unit.objects.all()}
    assert units["S"].path == tree.child_path(units["R"].path, units["S"].pk)
    assert units["SE"].path == tree.child_path(units["S"].path, units["SE"].pk)


# --- file formats ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_excel_style_csv_with_bom_semicolons_and_gb18030_is_read() -> None:
    for encoding, delimiter in (("utf-8-sig", ";"), ("gb18030", ","), ("utf-8", "\t")):
        data = csv_bytes(COMPANIES, encoding=encoding, delimiter=delimiter)
        report = run(data, "companies.csv", dry_run=True)
        assert report.ok, (encoding, report.problems)
        assert report.created["companies"] == 1
    run(csv_bytes(COMPANIES, encoding="gb18030"), "companies.csv")
    assert Company.objects.get(code="NC").name == "新创科技"


@pytest.mark.django_db
def test_real_excel_dates_and_numbers_are_accepted() -> None:
    people = with_row(PEOPLE, 0, hire_date=dt.datetime(2019, 4, 1), status="active")
    people = with_row(people, 1, hire_date=dt.date(2020, 7, 15))
    report = run(full_workbook(people=people), "org.xlsx")
    assert report.ok, report.problems
    assert Person.objects.get(employee_number="N001").hire_date == dt.date(2019, 4, 1)
    numeric = {"employee_number": 1001, "name": "数字", "unit_code": "N", "job_family": "rnd",
               "hire_date": dt.datetime(2024, 1, 2)}
    assert run(xlsx_bytes(people=[numeric]), "people.xlsx").ok
    assert Person.objects.filter(employee_number="1001").exists()


@pytest.mark.django_db
def test_a_csv_whose_header_matches_no_table_is_reported() -> None:
    report = run(b"foo,bar\n1,2\n", "things.csv")
    assert problems_of(report) == [("", 1, "")]


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_is_reported_not_raised() -> None:
    report = run(b"not a zip", "org.xlsx")
    assert not report.ok
    assert report.problems == [ImportProblem("", None, "", "org.xlsx is not a readable XLSX "
                                                           "workbook.")]
    assert problems_of(run(b"\x00\x01", "org.pdf")) == [("", None, "")]


@pytest.mark.django_db
def test_a_zip_of_csv_files_is_imported() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in (("companies", COMPANIES), ("units", UNITS), ("positions", POSITIONS),
                           ("people", PEOPLE)):
            archive.writestr(f"{name}.csv", csv_bytes(rows, encoding="utf-8-sig"))
    report = run(buffer.getvalue(), "org.zip")
    assert report.ok, report.problems
    assert sum(report.created.values()) == 10


@pytest.mark.django_db
def test_the_same_table_in_two_files_is_refused() -> None:
    report = import_files(actor=SYSTEM, files=[("a.csv", csv_bytes(COMPANIES)),
                                                ("b.csv", csv_bytes(COMPANIES))])
    assert problems_of(report) == [("companies", None, "")]


@pytest.mark.django_db
def test_blank_lines_are_skipped_but_row_numbers_stay_as_excel_shows_them() -> None:
    text = csv_bytes(COMPANIES).decode() + ",,,,\r\n" + "NC,重复,,CN,CNY\r\n"
    report = run(text.encode(), "companies.csv")
    assert problems_of(report) == [("companies", 4, "code")]
    assert report.problems[0].message == "NC is already on row 2."


@pytest.mark.django_db
def test_a_position_moved_away_from_its_holders_is_refused(small_org: SmallOrg) -> None:
    position = services.create_position(actor=SYSTEM, code="P-REP", title="销售代表",
                                        unit_id=small_org.units["SE"].pk, job_family="sales")
    services.update_person(actor=SYSTEM, person_id=small_org.people["rep1"].pk,
                           position=position.pk)
    row = {"code": "P-REP", "title": "销售代表", "unit_code": "R", "job_family": "sales"}
    report = run(csv_bytes([row]), "positions.csv")
    assert problems_of(report) == [("positions", 2, "unit_code")]
    assert small_org.people["rep1"].employee_number in report.problems[0].message


@pytest.mark.django_db
def test_the_api_answers_a_bad_file_with_the_report_and_an_hrbp_with_403(
    small_org: SmallOrg,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = csv_bytes([{"employee_number": "X1", "name": "新人", "unit_code": "ZZ",
                      "job_family": "sales", "hire_date": "2024-02-01"}])
    response = small_org.client("hr_admin").post(
        "/api/v1/org/import", {"file": SimpleUploadedFile("people.csv", bad)})
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False
    assert [(p["sheet"], p["row"], p["column"]) for p in body["problems"]] == [
        ("people", 2, "unit_code")]
    forbidden = small_org.client("hrbp").post(
        "/api/v1/org/import", {"file": SimpleUploadedFile("people.csv", bad)})
    assert forbidden.status_code == 403
