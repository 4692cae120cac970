from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from flexperf.checkins.events import CheckinSubmitted
from flexperf.checkins.models import Checkin
from flexperf.core.actors import Actor
from flexperf.core.events import dispatch
from flexperf.feedback.events import FeedbackGiven
from flexperf.goals.events import MilestoneAccepted
from flexperf.recognition.events import ContributionLogged
from flexperf.recognition.models import Rule
from flexperf.recognition.selectors.ledger import available_balance, ledger_problems
from flexperf.recognition.services.contributions import ContributionIn, log_contribution
from flexperf.recognition.services.rules import update_rule
from tests.conftest import SmallOrg
from tests.recognition.conftest import actor_of


def test_default_rules_are_seeded(db: None) -> None:
    assert dict(Rule.objects.values_list("code", "points")) == {
        "feedback_given": 2, "knowledge_shared": 10, "mentoring_logged": 8,
        "cross_team_help": 6, "checkin_on_time": 5, "milestone_on_time": 10}


def test_feedback_rule_pays_once_per_feedback_up_to_the_cap(small_org: SmallOrg,
                                                            today: None) -> None:
    rep1 = small_org.people["rep1"].pk
    for n in range(12):
        dispatch(FeedbackGiven(n + 1, rep1, small_org.people["rep2"].pk, "praise", "public",
                               "web"))
    dispatch(FeedbackGiven(1, rep1, small_org.people["rep2"].pk, "praise", "public", "web"))
    assert available_balance(rep1) == 20  # 2 points each, at most 20 a month
    update_rule(actor=Actor.system(), code="feedback_given", active=False)
    assert ledger_problems() == []


def test_contributions_checkins_and_milestones_earn_points(small_org: SmallOrg, today: None,
                                                          capture: Any) -> None:
    rep1 = small_org.people["rep1"]
    with capture(execute=True):
        log_contribution(actor=actor_of(small_org, "employee"), data=ContributionIn(
            kind="knowledge", title="大客户谈判要点", link="https://wiki.example.com/deal"))
        log_contribution(actor=actor_of(small_org, "employee"), data=ContributionIn(
            kind="cross_team_help", title="帮研发梳理需求",
            other_person_id=small_org.people["engineer"].pk))
    assert available_balance(rep1.pk) == 16  # 10 + 6
    on_time = Checkin.objects.create(
        person=rep1, cadence="monthly", window="2026-05", window_start=dt.date(2026, 5, 1),
        window_end=dt.date(2026, 5, 31), due_date=dt.date(2026, 6, 5), status="submitted",
        submitted_at=timezone.make_aware(dt.datetime(2026, 6, 4, 12)))
    late = Checkin.objects.create(
        person=rep1, cadence="monthly", window="2026-04", window_start=dt.date(2026, 4, 1),
        window_end=dt.date(2026, 4, 30), due_date=dt.date(2026, 5, 5), status="submitted",
        submitted_at=timezone.make_aware(dt.datetime(2026, 6, 4, 12)))
    dispatch(CheckinSubmitted(on_time.pk, rep1.pk))
    dispatch(CheckinSubmitted(late.pk, rep1.pk))
    assert available_balance(rep1.pk) == 21
    dispatch(MilestoneAccepted(goal_id=999999, milestone_id=1, late_days=0))  # no such goal
    dispatch(MilestoneAccepted(goal_id=1, milestone_id=2, late_days=3))  # late: nothing
    assert available_balance(rep1.pk) == 21
    dispatch(ContributionLogged(123456, rep1.pk, "unknown", None))
    assert ledger_problems() == []
