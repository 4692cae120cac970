"""`flexperf series create | list | import FILE [--series CODE] | check [--series CODE]`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from flexperf.audit.models import AuditEntry
from flexperf.core.management import os_user
from flexperf.goals.models import ExternalSeries, GoalStatus, SeriesPoint
from flexperf.goals.services import series as services
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

POINTS = """series,date,value
copper,2026-01-31,8420
copper,2026-02-28,8510
copper,2026-03-31,8600
"""


def series(*args: str) -> str:
    out = io.StringIO()
    call_command("series", *args, stdout=out)
    return out.getvalue()


def test_create_list_and_a_duplicate_code(goal_org: GoalOrg) -> None:
    created = series("create", "copper", "Copper price", "--unit", "USD/t")
    copper = ExternalSeries.objects.get()
    assert created.strip() == f"Created series copper (id {copper.pk})."
    entry = AuditEntry.objects.get(object_type="goals.externalseries")
    assert entry.actor_username == f"cli:{os_user()}"
    with pytest.raises(CommandError) as caught:
        series("create", "copper", "Again")
    assert str(caught.value) == "code: A series with code copper already exists."
    SeriesPoint.objects.create(series=copper, on="2026-01-31", value="8420.5")
    assert series("list").splitlines() == [
        "code    name          unit   frequency  latest date  latest value",
        "copper  Copper price  USD/t  month      2026-01-31   8420.5"]


def test_importing_the_same_file_twice_changes_nothing(goal_org: GoalOrg,
                                                       tmp_path: Path) -> None:
    series("create", "copper", "Copper price")
    (tmp_path / "copper.csv").write_text(POINTS)
    first = series("import", str(tmp_path / "copper.csv"))
    assert first.splitlines() == ["series  created  updated  unchanged",
                                  "copper  3        0        0"]
    second = series("import", str(tmp_path / "copper.csv"))
    assert second.splitlines()[1] == "copper  0        0        3"
    assert SeriesPoint.objects.count() == 3


def test_a_file_for_one_series_with_bad_rows_prints_them_and_writes_nothing(
    goal_org: GoalOrg, tmp_path: Path,
) -> None:
    series("create", "copper", "Copper price")
    (tmp_path / "bad.csv").write_text("date,value\n2026-01-31,8420\n2026-02-31,x\n")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("series", "import", str(tmp_path / "bad.csv"), "--series", "copper",
                     stdout=out)
    assert caught.value.returncode == 1
    assert str(caught.value) == "2 problems: nothing was written."
    assert out.getvalue().splitlines() == [
        "row  column  message",
        "3    date    '2026-02-31' is not a date (YYYY-MM-DD).",
        "3    value   'x' is not a number."]
    assert SeriesPoint.objects.count() == 0


def test_a_missing_file_is_one_line(goal_org: GoalOrg, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*nothing\.csv"):
        series("import", str(tmp_path / "nothing.csv"))


def test_check_puts_goals_under_discussion_and_says_so(goal_org: GoalOrg,
                                                       tmp_path: Path) -> None:
    series("create", "copper", "Copper price")
    goal = f.kpi_goal(goal_org.people["rep1"], title="铜材采购成本", activate=True)
    copper = ExternalSeries.objects.get()
    services.create_signal_link(actor=goal_org.actor("manager"), goal_id=goal.pk,
                                series_id=copper.pk, plan_value=7000, threshold_pct=15,
                                consecutive_periods=3)
    # Points written behind the services' back: only the check sees them.
    SeriesPoint.objects.bulk_create([SeriesPoint(series=copper, on=day, value=value) for
                                     day, value in (("2026-01-31", 8420), ("2026-02-28", 8510),
                                                    ("2026-03-31", 8600))])
    out = series("check", "--series", "copper")
    assert out.splitlines() == [
        f"Goal {goal.pk} (now under discussion): Copper price 8,420 / 8,510 / 8,600 vs plan "
        "7,000: +20.3 %, +21.6 %, +22.9 %, beyond 15 % for 3 periods in a row",
        "1 trigger fired."]
    goal.refresh_from_db()
    assert goal.status == GoalStatus.UNDER_DISCUSSION
    assert series("check").strip() == "0 triggers fired."
    with pytest.raises(CommandError, match=r"No series with code gold\."):
        series("check", "--series", "gold")
