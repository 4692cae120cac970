from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from flexperf.audit import services as audit
from flexperf.audit.models import Action, AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.management import os_user
from tests.conftest import SmallOrg


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def _forge(seq: int) -> None:
    """Change one stored entry past the append-only trigger (as someone with DDL rights could);
    the surrounding test transaction puts the trigger back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
        cursor.execute("UPDATE audit_auditentry SET object_repr = 'forged' WHERE seq = %s", [seq])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change")


def test_verify_reports_an_intact_chain(small_org: SmallOrg) -> None:
    total = AuditEntry.objects.count()
    assert run("verify").strip() == f"audit chain intact: {total} entries verified"


def test_verify_exits_1_naming_the_first_broken_entry(small_org: SmallOrg) -> None:
    _forge(3)
    with pytest.raises(CommandError) as caught:
        run("verify")
    assert caught.value.returncode == 1
    assert str(caught.value) == ("audit chain broken at entry #3: content does not match its "
                                 "hash (entry was altered)")


def test_export_streams_the_filtered_entries_oldest_first_and_is_itself_audited(
    small_org: SmallOrg, tmp_path: Path
) -> None:
    bob = Actor(user_id=None, username="bob")
    audit.record(bob, audit.Draft(Action.READ, "org.person", "1", "周总"))
    audit.record(bob, audit.Draft(Action.READ, "org.person", "2", "陈经理"))
    out = run("export", str(tmp_path / "reads.csv"), "--actor", "bob", "--action", "read")
    assert out.strip() == f"Wrote 2 entries to {tmp_path / 'reads.csv'}."
    rows = list(csv.DictReader((tmp_path / "reads.csv").open(encoding="utf-8-sig")))
    assert [r["object"] for r in rows] == ["周总", "陈经理"]
    assert int(rows[0]["seq"]) < int(rows[1]["seq"])
    assert json.loads(rows[0]["changes"]) == {}
    export = AuditEntry.objects.order_by("-seq").first()
    assert export is not None
    assert (export.action, export.actor_username, export.object_type, export.object_repr) == (
        Action.EXPORT, f"cli:{os_user()}", "audit.auditentry",
        f"audit trail CSV: {tmp_path / 'reads.csv'}")
    assert export.context == {"filters": {"actor_username": "bob", "action": "read"}}


def test_export_as_json_lines_with_a_date_range(small_org: SmallOrg, tmp_path: Path) -> None:
    today = timezone.localdate()
    total = AuditEntry.objects.count()
    run("export", str(tmp_path / "all.jsonl"), "--since", today.isoformat(),
        "--until", today.isoformat())
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == total
    first = json.loads(lines[0])
    assert (first["seq"], first["prev_hash"]) == (1, "0" * 64)
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    run("export", str(tmp_path / "none.jsonl"), "--since", tomorrow)
    assert (tmp_path / "none.jsonl").read_text() == ""


def test_bad_filters_are_refused_before_anything_is_written(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'reed'"):
        run("export", str(tmp_path / "x.csv"), "--action", "reed")
    with pytest.raises(CommandError, match="invalid date value: 'last week'"):
        run("export", str(tmp_path / "x.csv"), "--since", "last week")
    assert not (tmp_path / "x.csv").exists()


def test_a_file_that_cannot_be_written_is_refused_and_no_export_is_recorded(
    tmp_path: Path, db: None
) -> None:
    with pytest.raises(CommandError, match=r"^Cannot write .*missing/x\.csv: No such file"):
        run("export", str(tmp_path / "missing" / "x.csv"))
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
