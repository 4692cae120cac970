"""`flexperf checkins schedule [--on DATE]` prints the counts; a bad date is one line and a
non-zero exit."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.checkins.conftest import GoalOrg


def test_schedule_prints_the_counts_and_is_idempotent(goal_org: GoalOrg) -> None:
    out = StringIO()
    call_command("checkins", "schedule", "--on", "2026-03-25", stdout=out)
    assert out.getvalue().strip() == ("Check-ins on 2026-03-25: 10 created, 0 already there; "
                                      "reminders: 10 due, 0 overdue.")
    again = StringIO()
    call_command("checkins", "schedule", "--on", "2026-03-25", stdout=again)
    assert again.getvalue().strip() == ("Check-ins on 2026-03-25: 0 created, 10 already "
                                        "there; reminders: 0 due, 0 overdue.")


def test_a_bad_date_is_one_line(goal_org: GoalOrg) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("checkins", "schedule", "--on", "2026-13-01")
    assert str(caught.value) == "--on: '2026-13-01' is not a date (YYYY-MM-DD)."
