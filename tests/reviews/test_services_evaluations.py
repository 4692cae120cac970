"""Self review and manager review: who may write them, when, the bounded adjustment with its
reason, the rating from the adjusted score on the scheme's scale, the missed-goal analysis
guard and the audit trail."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import NotFound, ServiceError
from flexperf.goals import selectors as goal_selectors
from flexperf.reviews import services
from flexperf.reviews.models import Phase
from flexperf.reviews.services import ManagerReview
from tests.reviews.conftest import ReviewOrg


def problems(error: pytest.ExceptionInfo[ServiceError]) -> dict[str, str]:
    return {p.field: p.message for p in error.value.problems}


def test_the_person_writes_their_self_review_during_self_review_only(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.SELF_REVIEW)
    rep1 = review_org.evaluation("rep1")
    done = services.submit_self_review(actor=review_org.actor("employee"), evaluation_id=rep1.pk,
                                       text="  完成了华东区目标  ", rating="A")
    assert (done.self_text, done.self_rating) == ("完成了华东区目标", "A")
    assert done.self_submitted_at is not None
    with pytest.raises(NotFound):  # the manager cannot write it for them
        services.submit_self_review(actor=review_org.actor("manager"), evaluation_id=rep1.pk,
                                    text="x", rating="A")
    with pytest.raises(ServiceError) as error:
        services.submit_self_review(actor=review_org.actor("employee"), evaluation_id=rep1.pk,
                                    text="", rating="Z")
    assert problems(error) == {"text": "Write your self review.",
                               "rating": "Choose one of S, A, B, C, D."}
    review_org.advance(Phase.MANAGER_REVIEW)
    with pytest.raises(ServiceError) as error:
        services.submit_self_review(actor=review_org.actor("employee"), evaluation_id=rep1.pk,
                                    text="补充", rating="A")
    assert problems(error) == {"cycle": "A self review is only possible while the cycle is in "
                                        "Self review; '2026 年度评估' is in Manager review."}


def test_an_adjustment_within_the_bound_rates_the_adjusted_score(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    rep1 = review_org.evaluation("rep1")
    # 110.00 − 7.5 = 102.50 → A (A ≥ 100, S ≥ 110)
    done = services.submit_manager_review(
        actor=review_org.actor("manager"), evaluation_id=rep1.pk,
        review=ManagerReview("超额完成", "high", Decimal("-7.5"), "部分收入来自一次性订单"))
    assert (done.score, done.rating, done.adjustment) == (Decimal("102.50"), "A", Decimal("-7.50"))
    entry = AuditEntry.objects.filter(object_type="reviews.evaluation",
                                      object_id=str(rep1.pk)).latest("seq")
    assert entry.changes["rating"] == ["S", "A"]
    assert entry.changes["adjustment"] == ["0.00", "-7.50"]


def test_the_missed_goals_of_the_checkins_domain_block_the_review(review_org: ReviewOrg) -> None:
    """陈经理's KPI (80 points) and behaviour goal (75 points) missed and have no analysis."""
    review_org.advance(Phase.MANAGER_REVIEW)
    head = review_org.evaluation("sales_head")
    with pytest.raises(ServiceError) as error:
        services.submit_manager_review(actor=review_org.actor("hr_admin"), evaluation_id=head.pk,
                                       review=ManagerReview("带队", "medium"))
    assert problems(error) == {"__all__": "These missed goals need their analysis before the "
                                          "review: behaviour goal; kpi goal."}


def test_an_adjustment_beyond_the_bound_or_without_a_reason_is_refused(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    rep1 = review_org.evaluation("rep1")
    manager = review_org.actor("manager")
    with pytest.raises(ServiceError) as error:
        services.submit_manager_review(actor=manager, evaluation_id=rep1.pk,
                                       review=ManagerReview("好", "high", Decimal("10.01"), ""))
    assert problems(error) == {
        "adjustment": "An adjustment may move the score by at most 10 points either way.",
        "adjustment_reason": "Say why you adjust the score."}
    with pytest.raises(ServiceError) as error:
        services.submit_manager_review(actor=manager, evaluation_id=rep1.pk,
                                       review=ManagerReview("", "great"))
    assert set(problems(error)) == {"text", "potential"}
    rep1.refresh_from_db()
    assert (rep1.manager_submitted_at, rep1.adjustment, rep1.rating) == (None, 0, "S")
    # −10 is allowed: 110 − 10 = 100.00 → A
    done = services.submit_manager_review(
        actor=manager, evaluation_id=rep1.pk,
        review=ManagerReview("好", "high", Decimal("-10"), "一次性订单"))
    assert (done.score, done.rating) == (Decimal("100.00"), "A")


def test_nobody_adjusts_a_score_that_does_not_exist(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    rep2 = review_org.evaluation("rep2")
    with pytest.raises(ServiceError) as error:
        services.submit_manager_review(actor=review_org.actor("manager"), evaluation_id=rep2.pk,
                                       review=ManagerReview("无目标", "low", Decimal(3), "补偿"))
    assert set(problems(error)) == {"adjustment"}


def test_who_may_write_the_manager_review(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    rep1 = review_org.evaluation("rep1")
    for role in ("employee", "executive", "auditor", "partner"):
        with pytest.raises(NotFound):
            services.submit_manager_review(actor=review_org.actor(role), evaluation_id=rep1.pk,
                                           review=ManagerReview("x", "low"))
    head = review_org.evaluation("sales_head")
    with pytest.raises(NotFound):  # nobody reviews themselves
        services.submit_manager_review(actor=review_org.actor("manager"), evaluation_id=head.pk,
                                       review=ManagerReview("x", "low"))
    done = services.submit_manager_review(actor=review_org.actor("hrbp"), evaluation_id=rep1.pk,
                                          review=ManagerReview("HRBP 代评", "medium"))
    assert done.reviewed_by_id == review_org.people["hrbp_p"].pk


def test_a_missed_goal_without_its_analysis_blocks_the_review(
        review_org: ReviewOrg, monkeypatch: pytest.MonkeyPatch) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    rep1 = review_org.evaluation("rep1")

    class Missed:
        title = "华东区回款"

    def missing(actor: Any, person_id: int, period: Any) -> list[Missed]:
        return [Missed()] if person_id == rep1.person_id else []

    monkeypatch.setattr(goal_selectors, "goals_missing_analysis", missing, raising=False)
    with pytest.raises(ServiceError) as error:
        services.submit_manager_review(actor=review_org.actor("manager"), evaluation_id=rep1.pk,
                                       review=ManagerReview("好", "high"))
    assert problems(error) == {"__all__": "These missed goals need their analysis before the "
                                          "review: 华东区回款."}
