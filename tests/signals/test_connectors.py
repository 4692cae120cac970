from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from flexperf.signals.connectors import connector
from flexperf.signals.models import WorkEvent
from flexperf.signals.services.importing import detect
from tests.conftest import SmallOrg
from tests.signals.helpers import source


def test_jira_issues_become_created_and_completed_tasks() -> None:
    data = (b"Issue key,Summary,Assignee,Created,Resolved,Due date,Time Spent,Watchers\n"
            b"HX-1,Secret plan,E1,2026-03-02 09:00,2026-03-05 17:00,2026-03-04,7200,a@x.cn;E2\n"
            b"HX-2,Other,E2,02/Mar/26 10:15 AM,,,,\n")
    drafts = list(connector("jira").parse(data, "issues.csv"))
    assert [(d.line, d.external_id, d.kind) for d in drafts] == [
        (2, "HX-1:created", "task_created"), (2, "HX-1:done", "task_completed"),
        (3, "HX-2:created", "task_created")]
    done = drafts[1].as_row()
    assert done["hours"] == 2.0
    assert str(done["done_on"]) == "2026-03-05"
    assert done["counterparts"] == ["a@x.cn", "E2"]
    assert "Secret plan" not in json.dumps(done, default=str)


def test_slack_export_keeps_metadata_and_drops_text() -> None:
    export = {"channel": "sales", "users": {"U1": "E1", "U2": "E2"}, "messages": [
        {"user": "U1", "ts": "1767600000.000100", "text": "hi <@U2> salary talk",
         "reply_count": 2, "reply_users": ["U2"]}, "junk"]}
    drafts = list(connector("slack").parse(json.dumps(export).encode(), "sales.json"))
    row = drafts[0].as_row()
    assert row["person"] == "E1"
    assert row["counterparts"] == ["E2"]
    assert row["metadata"] == {"channel": "sales", "reply_count": 2, "mentions": 1,
                               "thread": False}
    assert "salary" not in json.dumps(row)
    assert drafts[1].external_id == ""  # rejected by ingestion with its line


def test_salesforce_won_opportunities_add_a_won_event() -> None:
    data = (b"Opportunity ID,Opportunity Name,Owner Email,Stage,Amount,Created Date,Close Date\n"
            b"006A,Big deal,a@x.cn,Closed Won,120000,2026-02-01,2026-03-01\n")
    drafts = list(connector("salesforce").parse(data, "opps.csv"))
    assert [(d.kind, d.value) for d in drafts] == [("crm_opportunity", "120000"),
                                                   ("crm_won", "120000")]
    assert detect(data, "opps.csv") == "salesforce"


def test_cli_import_partial_atomic_and_json(small_org: SmallOrg, tmp_path: Path) -> None:
    source()
    number = small_org.people["rep1"].employee_number
    path = tmp_path / "events.csv"
    path.write_text("external_id,kind,person,occurred_at,hours\n"
                    f"a,meeting,{number},2026-03-03T10:00:00,1\n"
                    "b,meeting,nobody,2026-03-03T10:00:00,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("signals", "import", str(path), "--source", "jira", "--atomic",
                     stdout=io.StringIO())
    assert WorkEvent.objects.count() == 0
    out = io.StringIO()
    call_command("signals", "import", str(path), "--source", "jira", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["accepted"], report["rejected"]) == (1, 1)
    assert report["rejects"] == [{"line": 3, "field": "person",
                                  "reason": "No person with employee number or e-mail nobody."}]
    with pytest.raises(CommandError, match="source"):
        call_command("signals", "import", str(path), "--source", "nope", stdout=io.StringIO())


def test_cli_partition_plan_and_purge(small_org: SmallOrg) -> None:
    out = io.StringIO()
    call_command("signals", "partition-plan", "--from", "2026-01-15", "--months", "2",
                 stdout=out)
    text = out.getvalue()
    assert "PARTITION BY RANGE (occurred_at)" in text
    assert "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')" in text
    assert "signals_workevent_2026_02" in text
    source()
    from tests.signals.helpers import send

    send("jira", {"external_id": "old", "kind": "meeting",
                  "person": small_org.people["rep1"].employee_number,
                  "occurred_at": "2020-01-06T10:00:00"},
         {"external_id": "new", "kind": "meeting",
          "person": small_org.people["rep1"].employee_number,
          "occurred_at": "2099-01-05T10:00:00"})
    out = io.StringIO()
    call_command("signals", "purge", "--days", "365", stdout=out)
    assert "Deleted 1 events" in out.getvalue()
    assert list(WorkEvent.objects.values_list("external_id", flat=True)) == ["new"]
