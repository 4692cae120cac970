"""The import as a whole: who may run it, several files at once, dry runs, the event, the API
(flexperf.org.importing)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from flexperf.core.errors import Forbidden
from flexperf.core.events import subscribe, unsubscribe_all
from flexperf.org import events
from flexperf.org.importing import import_files, import_org
from tests import factories as f
from tests.conftest import SmallOrg
from tests.org.importing.sample import (
    COMPANIES,
    PEOPLE,
    POSITIONS,
    SYSTEM,
    UNITS,
    counts,
    csv_bytes,
    full_workbook,
    run,
)


@pytest.fixture
def imported_events() -> Iterator[list[events.OrgImported]]:
    seen: list[events.OrgImported] = []
    subscribe(events.OrgImported)(seen.append)
    yield seen
    unsubscribe_all(events.OrgImported)


@pytest.mark.django_db
def test_a_successful_import_announces_what_it_created_after_commit(
    imported_events: list[events.OrgImported],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as pending:
        run(full_workbook(), "org.xlsx")
        assert imported_events == []
    for callback in pending:
        callback()
    assert imported_events == [events.OrgImported(created=10, updated=0)]


@pytest.mark.django_db
def test_several_csv_files_are_imported_together_and_may_refer_to_each_other() -> None:
    files = [("people.csv", csv_bytes(PEOPLE)), ("units.csv", csv_bytes(UNITS)),
             ("companies.csv", csv_bytes(COMPANIES)), ("positions.csv", csv_bytes(POSITIONS))]
    report = import_files(actor=SYSTEM, files=files)
    assert report.ok, report.problems
    assert report.created == {"companies": 1, "units": 3, "positions": 2, "people": 4}


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
