from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from flexperf.audit.models import Action, AuditEntry
from flexperf.core.management import os_user
from flexperf.org.models import Person, Unit
from tests.conftest import SmallOrg

PEOPLE = """employee_number,name,unit_code,manager_employee_number,job_family,hire_date,email
N1,高远,SE,,sales,2020-01-01,gao@example.com
N2,白露,SE,N1,sales,2021-01-01,bai@example.com
"""
BAD_PEOPLE = """employee_number,name,unit_code,manager_employee_number,job_family,hire_date,email
N1,高远,SE,,sales,2020-01-01,not-an-email
N2,白露,XX,N9,sales,2021/01/01,
"""


def org(*args: str) -> str:
    out = io.StringIO()
    call_command("org", *args, stdout=out)
    return out.getvalue()


def test_an_import_with_problems_prints_them_as_a_table_and_exits_1(
    small_org: SmallOrg, tmp_path: Path
) -> None:
    (tmp_path / "people.csv").write_text(BAD_PEOPLE)
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("org", "import", str(tmp_path / "people.csv"), stdout=out)
    assert caught.value.returncode == 1
    assert str(caught.value) == "4 problems: nothing was written."
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["sheet", "row", "column", "message"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["people", "2", "email"],
        ["people", "3", "unit_code"],
        ["people", "3", "manager_employee_number"],
        ["people", "3", "hire_date"],
    ]
    assert Person.objects.count() == 11


def test_a_clean_import_prints_the_counts_and_a_dry_run_writes_nothing(
    small_org: SmallOrg, tmp_path: Path
) -> None:
    (tmp_path / "people.csv").write_text(PEOPLE)
    dry = org("import", str(tmp_path / "people.csv"), "--dry-run")
    assert "people     2        0" in dry
    assert dry.rstrip().endswith("Dry run: every row is fine; nothing was written.")
    assert Person.objects.count() == 11
    org("import", str(tmp_path / "people.csv"))
    assert Person.objects.count() == 13
    entry = AuditEntry.objects.get(action=Action.IMPORT)
    assert (entry.actor_username, entry.via) == (f"cli:{os_user()}", "cli")


def test_several_files_are_imported_together(small_org: SmallOrg, tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text("code,name,company_code,parent_code,segment\n"
                                        "NEW,新部门,HX,S,growth\n")
    (tmp_path / "people.csv").write_text(PEOPLE.replace(",SE,", ",NEW,"))
    out = org("import", str(tmp_path / "units.csv"), str(tmp_path / "people.csv"))
    assert "units      1        0" in out
    assert Person.objects.get(employee_number="N2").unit == Unit.objects.get(code="NEW")


def test_export_writes_a_workbook_a_zip_or_a_folder_and_the_zip_imports_back(
    small_org: SmallOrg, tmp_path: Path
) -> None:
    org("export", str(tmp_path / "org.xlsx"))
    assert (tmp_path / "org.xlsx").read_bytes()[:2] == b"PK"
    org("export", str(tmp_path / "org.zip"))
    with zipfile.ZipFile(tmp_path / "org.zip") as archive:
        assert archive.namelist() == ["companies.csv", "units.csv", "positions.csv",
                                      "people.csv"]
    org("export", str(tmp_path / "out") + "/")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "companies.csv", "people.csv", "positions.csv", "units.csv"]
    again = org("import", str(tmp_path / "org.zip"))
    assert "people     0        0" in again
    again = org("import", str(tmp_path / "out" / "units.csv"),
                str(tmp_path / "out" / "people.csv"))
    assert "people     0        0" in again


def test_bad_arguments_are_one_line_errors(small_org: SmallOrg, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^FILE must end in \.xlsx or \.zip"):
        org("export", str(tmp_path / "org.pdf"))
    with pytest.raises(CommandError, match=r"^Cannot read .*missing\.csv: No such file"):
        org("import", str(tmp_path / "missing.csv"))
