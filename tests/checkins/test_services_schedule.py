"""Scheduling check-ins by cadence (idempotent) and the reminders, once per state.

goal_org's active people (the leaver 钱进 is not): on the quarterly profit-centre scheme
周总, 陈经理, 林小雨, 赵磊, 韩策 (G, S, SE); quarterly support-function 孙敏, 何静, 冯审 (H);
monthly innovation-unit 吴博士, 郑工 (R). 10 people: 8 quarterly, 2 monthly.
Defaults: a check-in opens 7 days before its window ends and is due 7 days after it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from flexperf.checkins.models import Checkin
from flexperf.checkins.services.schedule import schedule_checkins
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.notifications.models import Notification
from tests.checkins.conftest import GoalOrg

SYSTEM = Actor.system()
D = dt.date


def test_march_opens_a_monthly_and_a_quarterly_window(goal_org: GoalOrg) -> None:
    # 2026-03-25: March (open from 03-24) for the 2 monthly people, Q1 (likewise) for the 8.
    counts = schedule_checkins(actor=SYSTEM, on=D(2026, 3, 25))
    assert counts == {"created": 10, "existing": 0, "reminded_due": 10, "reminded_overdue": 0}
    windows = sorted(Checkin.objects.values_list("window", flat=True))
    assert windows == ["2026-03", "2026-03"] + ["2026-Q1"] * 8
    engineer = Checkin.objects.get(person=goal_org.people["engineer"])
    assert (engineer.cadence, engineer.window_start, engineer.window_end, engineer.due_date) == (
        "monthly", D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 7))
    assert Checkin.objects.get(person=goal_org.people["rep1"]).due_date == D(2026, 4, 7)
    assert not Checkin.objects.filter(person=goal_org.people["leaver"]).exists()
    # Six of the ten have a user account (employee, manager, hrbp, hr_admin, executive,
    # auditor): one in-app reminder each.
    assert Notification.objects.filter(kind="checkin_due").count() == 6


def test_running_it_again_creates_and_sends_nothing(goal_org: GoalOrg) -> None:
    schedule_checkins(actor=SYSTEM, on=D(2026, 3, 25))
    again = schedule_checkins(actor=SYSTEM, on=D(2026, 3, 25))
    assert again == {"created": 0, "existing": 10, "reminded_due": 0, "reminded_overdue": 0}
    later = schedule_checkins(actor=SYSTEM, on=D(2026, 4, 7))  # the last day they are due
    assert later == {"created": 0, "existing": 10, "reminded_due": 0, "reminded_overdue": 0}
    assert Checkin.objects.count() == 10
    assert Notification.objects.filter(kind="checkin_due").count() == 6


def test_late_april_opens_only_the_monthly_window(goal_org: GoalOrg) -> None:
    # 2026-04-25: April opened 04-23 (monthly); Q2 opens only 06-23; Q1 was due 04-07.
    counts = schedule_checkins(actor=SYSTEM, on=D(2026, 4, 25))
    assert counts["created"] == 2
    assert set(Checkin.objects.values_list("window", "person__name")) == {
        ("2026-04", "吴博士"), ("2026-04", "郑工")}


def test_overdue_reminds_the_person_and_the_manager_once(goal_org: GoalOrg) -> None:
    schedule_checkins(actor=SYSTEM, on=D(2026, 3, 25))
    overdue = schedule_checkins(actor=SYSTEM, on=D(2026, 4, 8))  # a day past 04-07
    assert overdue == {"created": 0, "existing": 0, "reminded_due": 0, "reminded_overdue": 10}
    rep1 = Notification.objects.filter(kind="checkin_overdue",
                                       title__contains="林小雨").order_by("recipient__username")
    # 林小雨 (employee) and her manager 陈经理 (manager) are told.
    assert [n.recipient.username for n in rep1] == ["employee", "manager"]
    assert schedule_checkins(actor=SYSTEM, on=D(2026, 4, 9))["reminded_overdue"] == 0


def test_a_check_in_created_late_gets_only_the_overdue_reminder(goal_org: GoalOrg) -> None:
    schedule_checkins(actor=SYSTEM, on=D(2026, 3, 25))
    Checkin.objects.update(due_reminded_at=None)  # as if the due reminder had never gone out
    counts = schedule_checkins(actor=SYSTEM, on=D(2026, 4, 10))
    assert (counts["reminded_due"], counts["reminded_overdue"]) == (0, 10)


def test_only_hr_admins_and_the_scheduler_run_it(goal_org: GoalOrg) -> None:
    with pytest.raises(Forbidden):
        schedule_checkins(actor=goal_org.actor("manager"), on=D(2026, 3, 25))
    assert schedule_checkins(actor=goal_org.actor("hr_admin"), on=D(2026, 3, 25))["created"] == 10
