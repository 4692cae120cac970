"""Reading files into tables and cells into values (flexperf.org.importing.reading)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from flexperf.org.importing import ImportProblem, import_files
from flexperf.org.models import Company, Person
from tests.org.importing.sample import (
    COMPANIES,
    PEOPLE,
    POSITIONS,
    SYSTEM,
    UNITS,
    Rows,
    assert_refused,
    csv_bytes,
    full_workbook,
    problems_of,
    run,
    with_row,
    xlsx_bytes,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        pytest.param({"people": with_row(PEOPLE, 1, hire_date="2020/07/15")},
                     [("people", 3, "hire_date")], id="date-not-iso"),
        pytest.param({"people": with_row(PEOPLE, 1, hire_date="2020-02-30")},
                     [("people", 3, "hire_date")], id="date-does-not-exist"),
        pytest.param({"people": with_row(PEOPLE, 1, job_family="chef")},
                     [("people", 3, "job_family")], id="bad-choice"),
        pytest.param({"units": with_row(UNITS, 0, segment="startup")},
                     [("units", 2, "segment")], id="bad-segment"),
        pytest.param({"positions": with_row(POSITIONS, 0, is_key="maybe")},
                     [("positions", 2, "is_key")], id="bad-boolean"),
        pytest.param({"people": with_row(PEOPLE, 1, name="")},
                     [("people", 3, "name")], id="missing-value"),
        pytest.param({"people": with_row(PEOPLE, 1, name="名" * 201)},
                     [("people", 3, "name")], id="too-long"),
        pytest.param({"people": [{k: v for k, v in r.items() if k != "name"} for r in PEOPLE]},
                     [("people", 1, "name")], id="missing-column"),
        pytest.param({"people": [{**r, "nickname": "x"} for r in PEOPLE]},
                     [("people", 1, "nickname")], id="unknown-column"),
    ],
)
def test_each_unreadable_cell_or_column_is_reported_at_its_sheet_row_and_column(
    sheets: dict[str, Rows], expected: list[tuple[str, int, str]]
) -> None:
    assert_refused(sheets, expected)


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
