"""`flexperf demo` loads every domain's layer on top of the group and its goals, once."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from flexperf.checkins.models import Checkin
from flexperf.core.actors import Actor
from flexperf.feedback.models import Feedback
from flexperf.incentives.models import PayoutRun
from flexperf.org.demo import loader as org_loader
from flexperf.reviews.models import Cycle
from flexperf.reviews.selectors import Phase


def _counts() -> tuple[int, int, int, int]:
    return (Checkin.objects.count(), Feedback.objects.count(), Cycle.objects.count(),
            PayoutRun.objects.count())


# Committed loads, as on the command line.
@pytest.mark.django_db(transaction=True)
def test_the_demo_has_check_ins_feedback_two_cycles_and_an_approved_payout_run() -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--size", "200", "--seed", "5", stdout=out)
    text = out.getvalue()
    for start in ("Check-ins January–June:", "Feedback:", "Review cycles: a finished one",
                  "Recognition July 2025–June 2026:", "Badges:", "Incentives:", "Achievements:",
                  "Work signals January–June:", "Attrition model trained", "Insights:"):
        assert start in text, start
    first = _counts()
    # What the command says it loaded is what is in the database.
    said = re.search(r"Check-ins January–June: (\d+) .*\nFeedback: (\d+) items and (\d+) "
                     r"answers to requests", text)
    assert said is not None
    assert (int(said[1]), int(said[2]) + int(said[3])) == first[:2]
    assert first[2:] == (2, 1)
    assert sorted(Cycle.objects.values_list("phase", flat=True)) == sorted(
        [Phase.PUBLISHED, Phase.SELF_REVIEW])
    assert PayoutRun.objects.get().status == "approved"
    # Again: nothing new.
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "already holds the demo group (200 people, seed 5)" in out.getvalue()
    assert "Check-ins" not in out.getvalue()
    assert _counts() == first


@pytest.mark.django_db(transaction=True)
def test_a_demo_loaded_by_an_earlier_version_gets_the_missing_layers() -> None:
    org_loader.load_demo(actor=Actor.system(), size=200, seed=5)  # the group alone
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "Loaded their goals for 2026" in text
    assert "Incentives:" in text
    assert _counts()[2:] == (2, 1)
