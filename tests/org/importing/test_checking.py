"""Checking rows against each other and the database (flexperf.org.importing.checking)."""

from __future__ import annotations

import pytest

from flexperf.org import services
from flexperf.org.importing import MAX_DEPTH
from tests.conftest import SmallOrg
from tests.org.importing.sample import (
    COMPANIES,
    PEOPLE,
    SYSTEM,
    UNITS,
    Rows,
    assert_refused,
    counts,
    csv_bytes,
    full_workbook,
    problems_of,
    run,
    with_row,
)


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
        pytest.param({"people": with_row(PEOPLE, 1, email="bai.example.com")},
                     [("people", 3, "email")], id="bad-email"),
        pytest.param({"companies": with_row(COMPANIES, 0, country="China")},
                     [("companies", 2, "country")], id="bad-country"),
        # The leaver N004 in NS becomes active, so the archived unit still has someone in it.
        pytest.param({"units": with_row(UNITS, 2, archived="true"),
                      "people": with_row(PEOPLE, 3, status="active", leave_date="",
                                         leave_reason="")},
                     [("people", 5, "unit_code")], id="active-person-in-archived-unit"),
    ],
)
def test_each_broken_rule_is_reported_at_its_sheet_row_and_column(
    sheets: dict[str, Rows], expected: list[tuple[str, int, str]]
) -> None:
    assert_refused(sheets, expected)


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
def test_a_position_moved_away_from_its_holders_is_refused(small_org: SmallOrg) -> None:
    position = services.create_position(actor=SYSTEM, code="P-REP", title="销售代表",
                                        unit_id=small_org.units["SE"].pk, job_family="sales")
    services.update_person(actor=SYSTEM, person_id=small_org.people["rep1"].pk,
                           position=position.pk)
    row = {"code": "P-REP", "title": "销售代表", "unit_code": "R", "job_family": "sales"}
    report = run(csv_bytes([row]), "positions.csv")
    assert problems_of(report) == [("positions", 2, "unit_code")]
    assert small_org.people["rep1"].employee_number in report.problems[0].message
