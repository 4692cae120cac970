"""`flexperf payouts` and `flexperf compensation import`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from flexperf.incentives.models import BaseSalary, PayoutRun
from tests.incentives.conftest import IncOrg


def test_payouts_compute_approve_and_export_csv(inc_org: IncOrg, tmp_path: Path) -> None:
    out = tmp_path / "run.csv"
    call_command("payouts", "--cycle", "2026-h1", "--compute", "--approve", "--output",
                 str(out), stderr=io.StringIO())
    run = PayoutRun.objects.get()
    assert run.status == "approved"
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfemployee_number,name,kind,amount,currency,reference,"
                           b"statement\r\n")
    assert len(data.decode("utf-8-sig").splitlines()) == 1 + 15
    # The same run exported again is the same bytes.
    again = tmp_path / "again.csv"
    call_command("payouts", "--cycle", "2026-h1", "--output", str(again), stderr=io.StringIO())
    assert again.read_bytes() == data


def test_payouts_xlsx(inc_org: IncOrg, tmp_path: Path) -> None:
    out = tmp_path / "run.xlsx"
    call_command("payouts", "--cycle", "2026-h1", "--compute", "--format", "xlsx", "--output",
                 str(out), stderr=io.StringIO())
    from openpyxl import load_workbook

    sheet = load_workbook(out)["payouts"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("employee_number", "name", "kind", "amount")
    assert ("林小雨", "short_term", 41040) in [(r[1], r[2], r[3]) for r in rows[1:]]
    assert zipfile.is_zipfile(out)


def test_payouts_errors_are_one_line(inc_org: IncOrg) -> None:
    with pytest.raises(CommandError, match="cycle: no cycle nope"):
        call_command("payouts", "--cycle", "nope")
    with pytest.raises(CommandError, match="no payout run"):
        call_command("payouts", "--cycle", "2026-h1")


def test_compensation_import(inc_org: IncOrg, tmp_path: Path) -> None:
    rep1 = inc_org.people["rep1"]
    good = tmp_path / "s.csv"
    good.write_text(f"employee_number,amount,currency,effective_from\n"
                    f"{rep1.employee_number},260000,CNY,2026-09-01\n", encoding="utf-8")
    out = io.StringIO()
    call_command("compensation", "import", str(good), stdout=out)
    assert "Imported 1 new and 0 changed salaries." in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("employee_number,amount,effective_from\nX,1,2026-01-01\nY,1,2026-01-01\n",
                   encoding="utf-8")
    with pytest.raises(CommandError, match=r"row 2, employee_number: .*\(and 1 more problems\)"):
        call_command("compensation", "import", str(bad))
    assert BaseSalary.objects.filter(person=rep1).count() == 2
