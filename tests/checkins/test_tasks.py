"""The daily job schedules check-ins for today as the system."""

from __future__ import annotations

from django.utils import timezone

from flexperf.checkins import tasks, windows
from flexperf.checkins.models import Checkin
from tests.checkins.conftest import GoalOrg


def test_the_daily_job_does_what_the_command_does_for_today(goal_org: GoalOrg) -> None:
    today = timezone.localdate()
    counts = tasks.schedule_checkins_daily.call_local()
    open_now = {cadence: len(windows.current_windows(cadence, today, opens=7, due=7))
                for cadence in ("monthly", "quarterly")}
    # 2 monthly people (R) and 8 quarterly ones: one check-in per window open today.
    assert counts["created"] == 2 * open_now["monthly"] + 8 * open_now["quarterly"]
    assert Checkin.objects.count() == counts["created"]
    assert tasks.schedule_checkins_daily.call_local()["created"] == 0
