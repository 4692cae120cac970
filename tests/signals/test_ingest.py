from __future__ import annotations

import datetime as dt

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.signals.models import DirtyWeek, IngestionBatch, RejectedRow, WorkEvent
from flexperf.signals.services import ingestion as ingesting
from tests import factories as f
from tests.conftest import SmallOrg
from tests.signals.helpers import SYSTEM, send, source


def task(n: int, org: SmallOrg, **kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "external_id": f"T-{n}", "kind": "task_completed",
        "person": org.people["rep1"].employee_number,
        "occurred_at": "2026-03-03T10:00:00+08:00", "hours": 2, "quality": 4,
        "due_on": "2026-03-04", "done_on": "2026-03-03"}
    row.update(kw)
    return row


def test_sending_twice_stores_once(small_org: SmallOrg) -> None:
    source()
    first = send("jira", task(1, small_org), task(2, small_org))
    again = send("jira", task(1, small_org), task(2, small_org), task(2, small_org))
    assert (first.accepted, first.duplicates) == (2, 0)
    assert (again.accepted, again.duplicates) == (0, 3)
    assert WorkEvent.objects.count() == 2
    event = WorkEvent.objects.get(external_id="T-1")
    assert event.week_start == dt.date(2026, 3, 2)  # the Monday
    assert event.person_id == small_org.people["rep1"].pk
    assert first.weeks == ["2026-03-02"]
    assert list(DirtyWeek.objects.values_list("week_start", flat=True)) == [dt.date(2026, 3, 2)]


def test_bad_rows_are_reported_by_line_and_good_rows_kept(small_org: SmallOrg) -> None:
    source()
    report = send("jira", task(1, small_org), task(2, small_org, person="E99999"),
                  task(3, small_org, kind="telepathy"), task(4, small_org, quality=9),
                  task(5, small_org, occurred_at="yesterday"), task(6, small_org))
    assert (report.received, report.accepted, report.rejected) == (6, 2, 4)
    assert [(r.line, r.field) for r in report.rejects] == [
        (2, "person"), (3, "kind"), (4, "quality"), (5, "occurred_at")]
    batch = IngestionBatch.objects.get(pk=report.batch_id)
    assert (batch.received, batch.accepted, batch.rejected) == (6, 2, 4)
    stored = list(RejectedRow.objects.filter(batch=batch).values_list("line", "field"))
    assert stored == [(2, "person"), (3, "kind"), (4, "quality"), (5, "occurred_at")]
    assert "E99999" in RejectedRow.objects.get(line=2).excerpt


def test_atomic_keeps_nothing_when_a_row_is_bad(small_org: SmallOrg) -> None:
    source()
    report = send("jira", task(1, small_org), task(2, small_org, kind="x"), atomic=True)
    assert not report.kept
    assert report.accepted == 0
    assert report.rejected == 1
    assert WorkEvent.objects.count() == 0
    assert not DirtyWeek.objects.exists()
    batch = IngestionBatch.objects.get(pk=report.batch_id)
    assert batch.atomic
    assert batch.accepted == 0
    assert batch.rejects.count() == 1
    ok = send("jira", task(1, small_org), atomic=True)
    assert ok.kept
    assert ok.accepted == 1


def test_content_is_never_stored(small_org: SmallOrg) -> None:
    source("slack", kind="chat")
    report = send("slack", {
        "external_id": "m1", "kind": "message", "person": small_org.people["rep1"].email
        or small_org.people["rep1"].employee_number,
        "occurred_at": "2026-03-03T10:00:00", "text": "salary is too low", "subject": "x",
        "channel": "sales", "metadata": {"body": "secret", "reply_count": 3,
                                         "thread": {"content": "more"}, "long": "a" * 500},
        "counterparts": [small_org.people["rep2"].employee_number, "nobody@example.com"]})
    assert report.accepted == 1
    assert report.stripped == 5
    event = WorkEvent.objects.get()
    assert event.metadata == {"channel": "sales", "reply_count": 3, "thread": {}}
    assert event.counterparts == str(small_org.people["rep2"].pk)
    dump = str(event.metadata) + str(IngestionBatch.objects.get().__dict__)
    assert "salary" not in dump
    assert "secret" not in dump


def test_unknown_or_disabled_source_is_refused(small_org: SmallOrg) -> None:
    with pytest.raises(ServiceError) as unknown:
        send("nope", task(1, small_org))
    assert unknown.value.problems[0].field == "source"
    source("off", enabled=False)
    with pytest.raises(ServiceError) as off:
        send("off", task(1, small_org))
    assert "switched off" in off.value.problems[0].message
    assert WorkEvent.objects.count() == 0


def test_only_hr_admins_ingest(small_org: SmallOrg) -> None:
    source()
    manager = f.actor(small_org.users["manager"])
    with pytest.raises(Forbidden):
        ingesting.ingest(actor=manager, source="jira", rows=[(1, task(1, small_org))],
                         via="bulk_api")
    ingesting.ingest(actor=SYSTEM, source="jira", rows=[(1, task(1, small_org))],
                     via="bulk_api", refresh=False)
    assert AuditEntry.objects.filter(object_type="signals.ingestionbatch").count() == 1


def test_ndjson_lines_are_numbered_and_bad_json_rejected() -> None:
    parsed = list(ingesting.ndjson_rows([b'{"a": 1}\n', b"\n", b"[1]\n", b"{oops\n"]))
    assert [line for line, _row in parsed] == [1, 3, 4]
    assert parsed[0][1] == {"a": 1}
    assert isinstance(parsed[1][1], str)
    assert isinstance(parsed[2][1], str)
