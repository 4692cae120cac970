"""HR admin's import/export page: upload with a dry-run switch and a report that names sheet,
row and column of each problem; export as XLSX or zipped CSV."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from flexperf.org.exporting import COLUMNS
from flexperf.org.models import Person
from tests.conftest import SmallOrg
from tests.pages.conftest import field_errors, page


def _people_csv(*rows: dict[str, str]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS["people"])
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return SimpleUploadedFile("people.csv", buffer.getvalue().encode(), "text/csv")


def _newcomer(**changes: str) -> dict[str, str]:
    row = {"employee_number": "E70001", "name": "许诺", "unit_code": "SE",
           "manager_employee_number": "", "job_family": "sales", "hire_date": "2025-03-01",
           "status": "active"}
    row.update(changes)
    return row


def test_the_page_offers_a_dry_run_by_default(small_org: SmallOrg) -> None:
    root = page(small_org.client("hr_admin").get("/hr/import-export/"))
    assert "checked" in root.one("input", name="dry_run").attrs
    form = root.one("form", enctype="multipart/form-data")
    assert form.attrs["method"] == "post"
    links = [
        a.attrs["href"] for a in root.find_all("a") if "/hr/export/" in a.attrs.get("href", "")]
    assert links == ["/hr/export/?format=xlsx", "/hr/export/?format=csv"]


def test_a_bad_file_shows_each_problem_and_writes_nothing(small_org: SmallOrg) -> None:
    upload = _people_csv(_newcomer(), _newcomer(employee_number="E70002", unit_code="NOPE",
                                                hire_date="yesterday"))
    response = small_org.client("hr_admin").post(
        "/hr/import-export/", {"file": upload, "dry_run": ""})
    root = page(response, status=422)
    assert root.one(id="import-outcome").attrs["data-ok"] == "false"
    rows = [[td.text for td in tr.find_all("td")]
            for tr in root.one(id="import-problems").one("tbody").find_all("tr")]
    assert rows == [
        ["people", "3", "unit_code", "Unknown unit NOPE: not in the file nor in the database."],
        ["people", "3", "hire_date", "'yesterday' is not a date: use YYYY-MM-DD."],
    ]
    assert not Person.objects.filter(employee_number__in=["E70001", "E70002"]).exists()


def test_a_dry_run_checks_and_counts_but_writes_nothing(small_org: SmallOrg) -> None:
    response = small_org.client("hr_admin").post(
        "/hr/import-export/", {"file": _people_csv(_newcomer()), "dry_run": "on"})
    root = page(response)
    assert root.one(id="import-outcome").text == (
        "All rows are valid. This was a dry run: nothing was written.")
    counts = {tr.find_all("td")[0].text: [td.text for td in tr.find_all("td")[1:]]
              for tr in root.one(id="import-counts").one("tbody").find_all("tr")}
    assert counts["people"] == ["1", "0"]
    assert not Person.objects.filter(employee_number="E70001").exists()


def test_an_import_without_dry_run_writes(small_org: SmallOrg) -> None:
    response = small_org.client("hr_admin").post(
        "/hr/import-export/", {"file": _people_csv(_newcomer())})
    root = page(response)
    assert root.one(id="import-outcome").text == "All rows are valid and were written."
    assert root.texts(cls="message") == ["The import was written."]
    assert Person.objects.get(employee_number="E70001").unit == small_org.units["SE"]


def test_only_spreadsheets_csv_and_zip_are_accepted(small_org: SmallOrg) -> None:
    upload = SimpleUploadedFile("people.txt", b"hello", "text/plain")
    root = page(small_org.client("hr_admin").post("/hr/import-export/", {"file": upload}))
    assert field_errors(root) == {"file": ["Upload an .xlsx, .csv or .zip file."]}
    assert root.find_all(id="import-outcome") == []


def test_export_downloads_xlsx_and_zipped_csv(small_org: SmallOrg) -> None:
    client = small_org.client("hr_admin")
    xlsx = client.get("/hr/export/", {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert xlsx["Content-Disposition"].startswith('attachment; filename="flexperf-org-')
    zipped = client.get("/hr/export/", {"format": "csv"})
    names = sorted(zipfile.ZipFile(io.BytesIO(zipped.content)).namelist())
    assert names == ["companies.csv", "people.csv", "positions.csv", "units.csv"]


def test_an_unknown_export_format_goes_back_with_a_message(small_org: SmallOrg) -> None:
    response = small_org.client("hr_admin").get("/hr/export/", {"format": "pdf"}, follow=True)
    assert page(response).texts(cls="message") == ["Format must be xlsx or csv, not 'pdf'."]


@pytest.mark.parametrize("role", ["hrbp", "manager", "auditor"])
def test_import_and_export_are_for_the_hr_admin(small_org: SmallOrg, role: str) -> None:
    client = small_org.client(role)
    assert client.get("/hr/import-export/").status_code == 403
    assert client.post("/hr/import-export/",
                       {"file": _people_csv(_newcomer())}).status_code == 403
    assert client.get("/hr/export/", {"format": "xlsx"}).status_code == 403
    assert not Person.objects.filter(employee_number="E70001").exists()
