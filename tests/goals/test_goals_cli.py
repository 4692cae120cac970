"""`flexperf goals …` (flexperf.goals.management.commands.goals)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from flexperf.audit.models import AuditEntry
from flexperf.core.management import os_user
from flexperf.goals.models import Goal, Period
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg


def goals(*args: str) -> str:
    out = io.StringIO()
    call_command("goals", *args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> tuple[str, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("goals", *args, stdout=out)
    assert caught.value.returncode == 1
    return str(caught.value), out.getvalue()


@pytest.mark.django_db
def test_periods_are_created_and_listed() -> None:
    assert goals("periods", "create", "2026-h1") == (
        "Created period 2026-H1: 2026-01-01 to 2026-06-30.\n")
    goals("periods", "create", "2026")
    lines = goals("periods", "list").splitlines()
    assert [line.split() for line in lines] == [
        ["code", "kind", "start", "end"],
        ["2026", "Year", "2026-01-01", "2026-12-31"],
        ["2026-H1", "Half", "year", "2026-01-01", "2026-06-30"],
    ]
    entry = AuditEntry.objects.filter(object_type="goals.period").latest("seq")
    assert (entry.actor_username, entry.via) == (f"cli:{os_user()}", "cli")
    assert refused("periods", "create", "2026") == ("code: Period 2026 already exists.", "")
    message, _out = refused("periods", "create", "2026-Q5")
    assert message == "code: '2026-Q5' is not a period: use 2026, 2026-H1, 2026-Q3 or 2026-11."
    assert Period.objects.count() == 2


GOALS_CSV = """goal_code,period,owner_code,paradigm,title,status,metric,threshold,target,stretch
S-1,2026,{rep1},kpi,华东销售额,active,销售额,800,1000,1200
S-2,2026,{rep2},kpi,赵磊销售额,draft,销售额,900,900,1200
"""


def test_an_import_with_problems_prints_them_and_exits_1(goal_org: GoalOrg,
                                                         tmp_path: Path) -> None:
    people = goal_org.people
    path = tmp_path / "goals.csv"
    path.write_text(GOALS_CSV.format(rep1=people["rep1"].employee_number,
                                     rep2=people["rep2"].employee_number))
    message, out = refused("import", str(path))
    assert message == "1 problem: nothing was written."
    lines = out.splitlines()
    assert lines[0].split() == ["sheet", "row", "column", "message"]
    assert lines[1].split()[:3] == ["goals", "3", "threshold"]
    assert not Goal.objects.exists()


def test_a_clean_import_prints_the_counts_and_a_dry_run_writes_nothing(
        goal_org: GoalOrg, tmp_path: Path) -> None:
    people = goal_org.people
    path = tmp_path / "goals.csv"
    path.write_text(GOALS_CSV.format(rep1=people["rep1"].employee_number,
                                     rep2=people["rep2"].employee_number)
                    .replace("900,900", "800,1000"))
    dry = goals("import", str(path), "--dry-run").splitlines()
    assert [line.split() for line in dry] == [
        ["records", "created", "matched"], ["goals", "2", "0"], ["alignments", "0"],
        ["measurements", "0", "0"], ["milestones", "0", "0"],
        ["Dry", "run:", "every", "row", "is", "fine;", "nothing", "was", "written."]]
    assert not Goal.objects.exists()
    goals("import", str(path))
    assert sorted(Goal.objects.values_list("title", "status")) == [
        ("华东销售额", "active"), ("赵磊销售额", "draft")]
    again = goals("import", str(path)).splitlines()
    assert again[1].split() == ["goals", "0", "2"]
    message, _out = refused("import", str(tmp_path / "missing.xlsx"))
    assert message.startswith("Cannot read ")


def test_score_delegates_to_the_scoring_command_line(goal_org: GoalOrg) -> None:
    rep1 = goal_org.people["rep1"]
    goal = f.kpi_goal(rep1, activate=True)
    f.measure(goal.metrics.get(), "2026-06-30", 110)  # above target: 100 + 20 × 10/20 = 110
    data = json.loads(goals("score", "--period", "2026", "--json", "--unit", "SE"))
    assert data["period"] == "2026"
    mine = next(p for p in data["people"] if p["employee_number"] == rep1.employee_number)
    assert mine["score"] == 110
    message, _out = refused("score", "--period", "1999")
    assert "1999" in message
