"""The one audit-trail writer (CSV and JSON lines) behind the page's download and the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils import timezone

from flexperf.audit import services as audit
from flexperf.audit.exporting import COLUMNS, export_entries
from flexperf.audit.models import Action, AuditEntry
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, ServiceError

AUDITOR = Actor(user_id=7, username="auditor", roles=frozenset({Role.AUDITOR}))
# Text a spreadsheet would run as a formula, in every text column an actor or a record controls.
MISCHIEF = Actor(user_id=None, username="=cmd|' /C calc'!A0", ip="+1")


def _entries() -> list[AuditEntry]:
    """Three entries: a read, a change with a formula-like name and id, another read."""
    reader = Actor(user_id=3, username="bob")
    return [
        audit.record(reader, audit.Draft(Action.READ, "org.person", "1", "周总")),
        audit.record(MISCHIEF, audit.Draft(Action.UPDATE, "org.person", "-2", "@SUM(A1)",
                                           changes={"name": ["=1+1", "王五"]})),
        audit.record(reader, audit.Draft(Action.READ, "org.person", "3", "陈经理")),
    ]


def _csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # spreadsheets then read the file as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.django_db
def test_csv_holds_every_column_oldest_first_and_defuses_formulas() -> None:
    first, odd, last = _entries()
    out = io.StringIO()
    assert export_entries(AUDITOR, fmt="csv", filters={}).write_to(out) == 3
    text = out.getvalue()
    assert text.splitlines()[0] == "\ufeff" + ",".join(COLUMNS)
    rows = _csv_rows(text)
    assert [int(r["seq"]) for r in rows] == [first.seq, odd.seq, last.seq]
    assert rows[0] == {
        "seq": str(first.seq), "at": timezone.localtime(first.at).isoformat(), "actor_id": "3",
        "actor": "bob", "via": "web", "ip": "", "action": "read", "object_type": "org.person",
        "object_id": "1", "object": "周总", "changes": "{}", "context": "{}",
        "prev_hash": first.prev_hash, "hash": first.hash,
    }
    mischief = rows[1]
    assert (mischief["actor_id"], mischief["actor"], mischief["ip"], mischief["object_id"],
            mischief["object"]) == ("", "'=cmd|' /C calc'!A0", "'+1", "'-2", "'@SUM(A1)")
    assert json.loads(mischief["changes"]) == {"name": ["=1+1", "王五"]}  # JSON: starts with {


@pytest.mark.django_db
def test_json_lines_hold_the_same_columns_with_changes_as_objects() -> None:
    first, odd, _last = _entries()
    out = io.StringIO()
    assert export_entries(AUDITOR, fmt="jsonl", filters={"action": "update"}).write_to(out) == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert list(row) == list(COLUMNS)
    assert (row["seq"], row["actor_id"], row["actor"], row["object_id"], row["object"]) == (
        odd.seq, None, "=cmd|' /C calc'!A0", "-2", "@SUM(A1)")  # JSON is not for spreadsheets
    assert row["changes"] == {"name": ["=1+1", "王五"]}
    assert row["prev_hash"] == first.hash


@pytest.mark.django_db
def test_the_export_is_recorded_first_and_holds_only_the_entries_before_it() -> None:
    _entries()
    export = export_entries(AUDITOR, fmt="csv", filters={"actor_username": "bob", "q": ""},
                            destination="reads.csv", newest_first=True)
    record = AuditEntry.objects.get(action=Action.EXPORT)
    assert record == export.record
    assert (record.actor_username, record.object_type, record.object_repr) == (
        "auditor", "audit.auditentry", "audit trail CSV: reads.csv")
    assert record.context == {"filters": {"actor_username": "bob"}}  # empty filters left out
    audit.record(Actor(user_id=3, username="bob"), audit.Draft(Action.READ, "org.person", "4"))
    rows = _csv_rows("".join(export.chunks()))
    # Newest first, and neither the export itself nor what came after it.
    assert [r["object_id"] for r in rows] == ["3", "1"]


@pytest.mark.django_db
def test_an_empty_export_is_a_header_in_csv_and_nothing_in_json_lines() -> None:
    csv_out, json_out = io.StringIO(), io.StringIO()
    assert export_entries(AUDITOR, fmt="csv", filters={"action": "delete"}).write_to(csv_out) == 0
    assert csv_out.getvalue() == "\ufeff" + ",".join(COLUMNS) + "\r\n"
    assert export_entries(AUDITOR, fmt="jsonl", filters={}).write_to(json_out) == 1
    assert json.loads(json_out.getvalue())["action"] == "export"  # the first export, only


@pytest.mark.django_db
def test_only_auditors_and_hr_admins_export_and_a_bad_format_names_the_field() -> None:
    manager = Actor(user_id=5, username="manager", roles=frozenset({Role.EMPLOYEE,
                                                                    Role.MANAGER}))
    with pytest.raises(Forbidden):
        export_entries(manager, fmt="csv", filters={})
    with pytest.raises(ServiceError) as caught:
        export_entries(AUDITOR, fmt="pdf", filters={})
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("format", "Format must be csv or jsonl, not 'pdf'.")]
    assert not AuditEntry.objects.exists()
