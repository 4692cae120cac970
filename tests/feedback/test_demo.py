"""The demo feedback: loads after the org and goals demos, deterministic for a seed, fast,
and its 360 campaign has groups above and below the anonymity threshold."""

from __future__ import annotations

import time
from typing import Any

import pytest

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.feedback.demo import loader
from flexperf.feedback.models import (
    Campaign,
    CampaignStatus,
    DevelopmentPlan,
    Feedback,
    FeedbackRequest,
    Nomination,
    NominationStatus,
    RequestStatus,
)
from flexperf.feedback.selectors import review360
from flexperf.goals.demo import loader as goals_loader
from flexperf.org.demo import loader as org_loader

SYSTEM = Actor.system()


def _digest() -> list[Any]:
    return [
        list(Feedback.objects.order_by("pk").values_list(
            "giver_id", "recipient_id", "kind", "visibility", "text", "source", "external_id",
            "created_at")),
        list(Nomination.objects.order_by("pk").values_list(
            "subject_id", "rater_id", "relationship", "status")),
        list(DevelopmentPlan.objects.order_by("pk").values_list("person_id", "mentor_id")),
    ]


@pytest.fixture
def demo_group(db: None) -> None:
    org_loader.load_demo(actor=SYSTEM, size=200, seed=7)
    goals_loader.load_goals_demo(actor=SYSTEM, seed=7)


def test_the_demo_feedback(demo_group: None) -> None:
    started = time.perf_counter()
    counts = loader.load_feedback_demo(actor=SYSTEM, seed=7)
    assert time.perf_counter() - started < 10
    assert counts["feedback"] == Feedback.objects.count() - counts["request_answers"]
    assert Feedback.objects.count() >= 3 * 190
    # Every kind and visibility, some from chat, all within January–June 2026.
    assert set(Feedback.objects.values_list("kind", flat=True)) == {
        "praise", "constructive", "suggestion"}
    assert set(Feedback.objects.values_list("visibility", flat=True)) == {
        "private", "manager", "public"}
    assert Feedback.objects.filter(source="chat").exclude(external_id="").exists()
    dates = [d.date().isoformat() for d in Feedback.objects.values_list("created_at", flat=True)]
    assert min(dates) >= "2026-01-01"
    assert max(dates) <= "2026-06-30"
    assert FeedbackRequest.objects.filter(status=RequestStatus.OPEN).count() >= 4
    assert not Feedback.objects.filter(giver=models_f("recipient")).exists()
    # One closed campaign, nobody asked more than the cap, groups on both sides of three.
    campaign = Campaign.objects.get(name=loader.CAMPAIGN_NAME)
    assert campaign.status == CampaignStatus.CLOSED
    per_rater: dict[int, int] = {}
    for rater in Nomination.objects.values_list("rater_id", flat=True):
        per_rater[rater] = per_rater.get(rater, 0) + 1
    assert max(per_rater.values()) <= campaign.max_requests_per_rater
    shown, hidden = 0, 0
    for subject in Nomination.objects.values_list("subject_id", flat=True).distinct():
        report = review360.results(SYSTEM, campaign.pk, subject, record_read=False)
        sizes: dict[str, int] = {}
        for rel in Nomination.objects.filter(subject_id=subject,
                                             status=NominationStatus.SUBMITTED).values_list(
                "relationship", flat=True):
            sizes[rel] = sizes.get(rel, 0) + 1
        shown += len(report.disclosure.shown)
        hidden += len([g for g, n in sizes.items() if g not in report.disclosure.shown])
    assert shown > 0
    assert hidden > 0
    assert DevelopmentPlan.objects.count() >= 30
    with pytest.raises(ServiceError):
        loader.load_feedback_demo(actor=SYSTEM, seed=7)


def models_f(name: str) -> Any:
    from django.db.models import F

    return F(name)


def test_the_same_seed_gives_the_same_rows(demo_group: None) -> None:
    from django.db import transaction

    loader.load_feedback_demo(actor=SYSTEM, seed=7)
    first = _digest()
    with transaction.atomic():
        sid = transaction.savepoint()
        Feedback.objects.all().delete()
        FeedbackRequest.objects.all().delete()
        Campaign.objects.all().delete()
        DevelopmentPlan.objects.all().delete()
        loader.load_feedback_demo(actor=SYSTEM, seed=7)
        again = _digest()
        transaction.savepoint_rollback(sid)
    # The primary keys differ (sequences move on); the rows' contents do not.
    assert again == first
