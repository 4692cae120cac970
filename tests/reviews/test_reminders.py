"""Deadline reminders: three days before and on the day, to whoever still has to write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from flexperf.core.errors import Forbidden
from flexperf.notifications.models import Notification
from flexperf.reviews import services
from flexperf.reviews.models import Phase
from flexperf.reviews.services import ManagerReview
from flexperf.reviews.services.reminders import send_reminders
from tests.reviews.conftest import DATES, ReviewOrg


def reminded(review_org: ReviewOrg, today: dt.date) -> list[str]:
    before = set(Notification.objects.values_list("pk", flat=True))
    send_reminders(actor=review_org.actor("hr_admin"), today=today)
    return sorted(Notification.objects.exclude(pk__in=before)
                  .values_list("recipient__username", flat=True))


def test_people_without_a_self_review_are_reminded_three_days_before_and_on_the_day(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.SELF_REVIEW)
    services.submit_self_review(actor=review_org.actor("employee"),
                                evaluation_id=review_org.evaluation("rep1").pk,
                                text="总结", rating="A")
    deadline = DATES["self_review_deadline"]  # 2026-07-14
    # In S only 陈经理 (the "manager" user) has an account and no self review; 林小雨 wrote
    # hers, 赵磊 has no account.
    assert reminded(review_org, deadline - dt.timedelta(days=3)) == ["manager"]
    assert reminded(review_org, deadline - dt.timedelta(days=2)) == []
    assert reminded(review_org, deadline) == ["manager"]


def test_managers_with_reviews_to_write_are_reminded(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    deadline = DATES["manager_review_deadline"]
    # 林小雨 and 赵磊 wait for 陈经理; 陈经理 waits for 周总 (no account).
    assert reminded(review_org, deadline) == ["manager"]
    for who in ("rep1", "rep2"):
        services.submit_manager_review(actor=review_org.actor("manager"),
                                       evaluation_id=review_org.evaluation(who).pk,
                                       review=ManagerReview("好", "medium", Decimal(0)))
    assert reminded(review_org, deadline) == []


def test_only_the_system_or_hr_admins_send_reminders(review_org: ReviewOrg) -> None:
    with pytest.raises(Forbidden):
        send_reminders(actor=review_org.actor("hrbp"), today=DATES["self_review_deadline"])
