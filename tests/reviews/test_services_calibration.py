"""Calibration: sessions, rating changes with who/why/before → after and steps, the board
(distribution vs guidance, nine-box) and the calibrators' shift report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.reviews import services
from flexperf.reviews.models import Phase, RatingChange
from flexperf.reviews.selectors import calibration as selectors
from flexperf.reviews.services import ManagerReview
from tests.reviews.conftest import ReviewOrg


def calibrating(review_org: ReviewOrg) -> int:
    """In calibration with potentials given; a session over S calibrated by the manager (陈经理)
    and the HRBP (何静)."""
    review_org.advance(Phase.MANAGER_REVIEW)
    manager = review_org.actor("manager")
    for who, potential in (("rep1", "high"), ("rep2", "low")):
        services.submit_manager_review(actor=manager,
                                       evaluation_id=review_org.evaluation(who).pk,
                                       review=ManagerReview("评语", potential))
    review_org.advance(Phase.CALIBRATION)
    session = services.create_session(
        actor=review_org.actor("hr_admin"), cycle_id=review_org.cycle.pk, name="销售",
        units=["S"], calibrators=[review_org.people["sales_head"].pk,
                                  review_org.people["hrbp_p"].pk])
    return session.pk


def test_a_rating_change_records_who_why_before_after_and_steps(review_org: ReviewOrg) -> None:
    session_id = calibrating(review_org)
    rep1 = review_org.evaluation("rep1")
    change = services.change_rating(actor=review_org.actor("manager"), session_id=session_id,
                                    evaluation_id=rep1.pk, rating="B", reason="与同级对齐")
    # S → B on S, A, B, C, D: two steps down
    assert (change.before, change.after, change.steps, change.changed_by_name, change.reason) \
        == ("S", "B", -2, "陈经理", "与同级对齐")
    rep1.refresh_from_db()
    assert (rep1.rating, rep1.calibrated) == ("B", True)
    entry = AuditEntry.objects.filter(object_type="reviews.evaluation",
                                      object_id=str(rep1.pk)).latest("seq")
    assert (entry.changes, entry.context["reason"]) == ({"rating": ["S", "B"]}, "与同级对齐")


def test_a_change_needs_a_reason_a_scale_rating_and_a_rating_to_change(
        review_org: ReviewOrg) -> None:
    session_id = calibrating(review_org)
    hrbp = review_org.actor("hrbp")
    rep1, rep2 = review_org.evaluation("rep1"), review_org.evaluation("rep2")
    with pytest.raises(ServiceError) as error:
        services.change_rating(actor=hrbp, session_id=session_id, evaluation_id=rep1.pk,
                               rating="Z", reason=" ")
    assert {p.field for p in error.value.problems} == {"rating", "reason"}
    with pytest.raises(ServiceError) as error:
        services.change_rating(actor=hrbp, session_id=session_id, evaluation_id=rep1.pk,
                               rating="S", reason="同")
    assert error.value.problems[0].message == "The rating is S already."
    with pytest.raises(ServiceError) as error:
        services.change_rating(actor=hrbp, session_id=session_id, evaluation_id=rep2.pk,
                               rating="B", reason="无分数")
    assert error.value.problems[0].message == "赵磊 has no rating to change: nothing was scored."
    assert RatingChange.objects.count() == 0


def test_only_calibrators_and_hr_change_ratings(review_org: ReviewOrg) -> None:
    session_id = calibrating(review_org)
    rep1 = review_org.evaluation("rep1")
    for role in ("employee", "executive", "auditor", "partner"):
        with pytest.raises(NotFound):
            services.change_rating(actor=review_org.actor(role), session_id=session_id,
                                   evaluation_id=rep1.pk, rating="A", reason="x")


def test_a_calibrated_rating_survives_finalising(review_org: ReviewOrg) -> None:
    session_id = calibrating(review_org)
    services.change_rating(actor=review_org.actor("hrbp"), session_id=session_id,
                           evaluation_id=review_org.evaluation("rep1").pk, rating="A",
                           reason="对齐")
    services.close_session(actor=review_org.actor("hr_admin"), session_id=session_id)
    review_org.advance(Phase.FINALISED)
    rep1 = review_org.evaluation("rep1")
    assert (rep1.score, rep1.rating) == (Decimal("110.00"), "A")
    with pytest.raises(ServiceError):  # locked
        services.change_rating(actor=review_org.actor("hr_admin"), session_id=session_id,
                               evaluation_id=rep1.pk, rating="B", reason="晚了")


def test_the_board_shows_distribution_against_guidance_and_the_nine_box(
        review_org: ReviewOrg) -> None:
    session_id = calibrating(review_org)
    board = selectors.board(selectors.access_session(review_org.actor("manager"), session_id))
    # Ratings: rep1 S (top), sales_head C (bottom), rep2 none → 2 rated, 1 unrated.
    # top 1/2 = 50.0 % vs 20 → +30.0 flagged; middle 0 % vs 70 → −70 flagged;
    # bottom 50.0 % vs 10 → +40 flagged (tolerance 5).
    assert (board.distribution.rated, board.distribution.unrated) == (2, 1)
    assert [(g.group, g.count, g.actual, g.deviation, g.flagged)
            for g in board.distribution.groups] == [
        ("top", 1, Decimal("50.0"), Decimal("30.0"), True),
        ("middle", 0, Decimal("0"), Decimal("-70"), True),
        ("bottom", 1, Decimal("50.0"), Decimal("40.0"), True)]
    # rep1: top × high; sales_head has no potential; rep2 has no rating → 2 not placed.
    placed = {box: [p.name for p in people] for box, people in board.boxes.items() if people}
    assert placed == {("top", "high"): ["林小雨"]}
    assert board.unplaced == 2


def test_the_shift_report_averages_each_calibrators_steps(review_org: ReviewOrg) -> None:
    session_id = calibrating(review_org)
    rep1 = review_org.evaluation("rep1").pk
    head = review_org.evaluation("sales_head").pk
    hrbp, hr = review_org.actor("hrbp"), review_org.actor("hr_admin")
    services.change_rating(actor=hrbp, session_id=session_id, evaluation_id=rep1,
                           rating="B", reason="1")  # S → B: −2
    services.change_rating(actor=hrbp, session_id=session_id, evaluation_id=rep1,
                           rating="A", reason="2")  # B → A: +1
    services.change_rating(actor=hr, session_id=session_id, evaluation_id=head,
                           rating="B", reason="3")  # C → B: +1
    report = selectors.shift_report(hr, review_org.cycle)
    # 何静: (−2 + 1) / 2 = −0.50, sizes (2 + 1) / 2 = 1.50, one up, one down;
    # 孙敏: +1.00, size 1.00, one up
    assert [(r.calibrator, r.changes, r.mean_steps, r.mean_moved, r.up, r.down)
            for r in report] == [("何静", 2, Decimal("-0.50"), Decimal("1.50"), 1, 1),
                                 ("孙敏", 1, Decimal("1.00"), Decimal("1.00"), 1, 0)]
    with pytest.raises(Forbidden):
        selectors.shift_report(review_org.actor("manager"), review_org.cycle)
    history = selectors.board(selectors.access_session(hr, session_id)).history
    assert [(c.before, c.after, c.changed_by_name) for c in history] == [
        ("C", "B", "孙敏"), ("B", "A", "何静"), ("S", "B", "何静")]
