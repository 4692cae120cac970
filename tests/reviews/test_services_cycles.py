"""Cycles: creation, opening (an evaluation per active person), the engine's snapshot, phases
forward only, finalising with calibration closed, locking, publishing, events."""

from __future__ import annotations

from decimal import Decimal

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.reviews import events, selectors, services
from flexperf.reviews.models import Evaluation, Phase
from flexperf.reviews.services import ManagerReview
from tests.reviews.conftest import ReviewOrg, spec


def problems(error: pytest.ExceptionInfo[ServiceError]) -> dict[str, str]:
    return {p.field: p.message for p in error.value.problems}


def test_opening_creates_an_evaluation_per_active_person_in_the_units_subtree(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.SELF_REVIEW)
    people = review_org.people
    # S and SE: 陈经理, 林小雨, 赵磊 (钱进 has left)
    assert set(Evaluation.objects.filter(cycle=review_org.cycle)
               .values_list("person_id", flat=True)) == {
        people["sales_head"].pk, people["rep1"].pk, people["rep2"].pk}
    rep1 = review_org.evaluation("rep1")
    assert (rep1.unit_id, rep1.manager_id, rep1.scheme_code) == (
        review_org.goals.org.units["SE"].pk, people["sales_head"].pk, "profit_centre")
    assert review_org.cycle.opened_at is not None


def test_the_snapshot_at_manager_review_is_the_engines_hand_worked_scores(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    rep1, head, rep2 = (review_org.evaluation(w) for w in ("rep1", "sales_head", "rep2"))
    # rep1: KPI 110 alone, behaviour missing and left out → 110.00, S
    assert (rep1.engine_score, rep1.engine_rating, rep1.score, rep1.rating) == (
        Decimal("110.00"), "S", Decimal("110.00"), "S")
    assert [(c["key"], c["points"], c["flagged"]) for c in rep1.components] == [
        ("kpi", "110.00", False), ("behaviour", None, True)]
    # sales_head: (70 × 80 + 30 × 75) / 100 = 78.50 → C
    assert (head.engine_score, head.engine_rating, head.rating) == (Decimal("78.50"), "C", "C")
    assert (rep2.engine_score, rep2.rating) == (None, "")
    assert {rep1.scored_phase, head.scored_phase} == {Phase.MANAGER_REVIEW}


def test_a_cycle_advances_one_phase_at_a_time_and_may_step_back_only_before_finalising(
        review_org: ReviewOrg) -> None:
    hr = review_org.actor("hr_admin")
    review_org.advance(Phase.CALIBRATION)
    back = services.return_cycle(actor=hr, cycle_id=review_org.cycle.pk)
    assert back.phase == Phase.MANAGER_REVIEW
    review_org.cycle = back
    review_org.advance(Phase.FINALISED)
    with pytest.raises(ServiceError) as error:
        services.return_cycle(actor=hr, cycle_id=review_org.cycle.pk)
    assert problems(error) == {"phase": "The cycle is finalised: it cannot go back."}
    review_org.advance(Phase.PUBLISHED)
    with pytest.raises(ServiceError) as error:
        services.advance_cycle(actor=hr, cycle_id=review_org.cycle.pk)
    assert "phase" in problems(error)


def test_finalising_is_refused_while_a_calibration_session_is_open(
        review_org: ReviewOrg) -> None:
    hr = review_org.actor("hr_admin")
    review_org.advance(Phase.CALIBRATION)
    session = services.create_session(actor=hr, cycle_id=review_org.cycle.pk, name="销售校准",
                                      units=["S"], calibrators=[review_org.people["ceo"].pk])
    with pytest.raises(ServiceError) as error:
        services.finalise_cycle(actor=hr, cycle_id=review_org.cycle.pk)
    assert problems(error) == {"phase": "Calibration is still open in: 销售校准. Close every "
                                        "session before finalising."}
    assert selectors.cycle_phase(review_org.cycle.pk) == Phase.CALIBRATION
    services.close_session(actor=hr, session_id=session.pk)
    assert services.finalise_cycle(actor=hr, cycle_id=review_org.cycle.pk).phase == \
        Phase.FINALISED


def test_a_finalised_cycle_is_locked_for_every_write(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.FINALISED)
    rep1 = review_org.evaluation("rep1")
    with pytest.raises(ServiceError) as error:
        services.submit_manager_review(actor=review_org.actor("manager"), evaluation_id=rep1.pk,
                                       review=ManagerReview("好", "high"))
    assert problems(error) == {"cycle": "The cycle '2026 年度评估' is Finalised: its "
                                        "evaluations are locked."}
    with pytest.raises(ServiceError):
        services.submit_self_review(actor=review_org.actor("employee"), evaluation_id=rep1.pk,
                                    text="总结", rating="A")
    with pytest.raises(ServiceError):
        services.create_session(actor=review_org.actor("hr_admin"), cycle_id=review_org.cycle.pk,
                                name="迟到", units=["S"],
                                calibrators=[review_org.people["ceo"].pk])


def test_final_results_after_finalising_carry_the_adjusted_score_and_potential(
        review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    services.submit_manager_review(
        actor=review_org.actor("manager"), evaluation_id=review_org.evaluation("rep1").pk,
        review=ManagerReview("超额完成", "high", Decimal("-5"), "部分收入来自一次性订单"))
    review_org.advance(Phase.FINALISED)
    people = review_org.people
    results = {r.person_id: r for r in selectors.final_results(review_org.cycle.pk)}
    # rep1: 110 − 5 = 105.00 → A (A ≥ 100, S ≥ 110)
    assert results[people["rep1"].pk] == selectors.FinalResult(
        people["rep1"].pk, Decimal("105.00"), "A", "high")
    assert results[people["sales_head"].pk] == selectors.FinalResult(
        people["sales_head"].pk, Decimal("78.50"), "C", "")
    assert results[people["rep2"].pk] == selectors.FinalResult(people["rep2"].pk, None, "", "")
    assert review_org.evaluation("rep1").scored_phase == Phase.FINALISED


def test_events_follow_the_phase_changes(review_org: ReviewOrg, announced: list[object],
                                         django_capture_on_commit_callbacks: object) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        review_org.advance(Phase.PUBLISHED)
    cycle_id = review_org.cycle.pk
    assert events.CycleFinalised(cycle_id) in announced
    assert events.CyclePublished(cycle_id) in announced
    assert announced.index(events.CycleFinalised(cycle_id)) < \
        announced.index(events.CyclePublished(cycle_id))


def test_creating_a_cycle_names_each_bad_field(review_org: ReviewOrg) -> None:
    hr = review_org.actor("hr_admin")
    bad_dates = {**spec().dates, "manager_review_start": spec().dates["self_review_start"]}
    with pytest.raises(ServiceError) as error:
        services.create_cycle(actor=hr, spec=spec(code="2026-annual", name=" ", period="2031",
                                                  units=["NOPE"], dates=bad_dates))
    assert set(problems(error)) == {"code", "name", "period", "units", "manager_review_start"}
    with pytest.raises(ServiceError) as error:
        services.create_cycle(actor=hr, spec=spec(code="x", as_of=spec().dates["publish_on"]
                                                  .replace(year=2027)))
    assert set(problems(error)) == {"as_of"}


def test_who_may_create_and_advance_cycles(review_org: ReviewOrg) -> None:
    for role in ("employee", "manager", "executive", "auditor", "partner"):
        with pytest.raises(Forbidden):
            services.create_cycle(actor=review_org.actor(role), spec=spec(code=f"c-{role}"))
        with pytest.raises(Forbidden):
            services.advance_cycle(actor=review_org.actor(role), cycle_id=review_org.cycle.pk)
    # The HRBP of S runs S's cycles, not R's.
    hrbp = review_org.actor("hrbp")
    assert services.create_cycle(actor=hrbp, spec=spec(code="s-h2")).code == "s-h2"
    with pytest.raises(ServiceError) as error:
        services.create_cycle(actor=hrbp, spec=spec(code="r-h2", units=["R"]))
    assert set(problems(error)) == {"units"}
    r_cycle = services.create_cycle(actor=review_org.actor("hr_admin"),
                                    spec=spec(code="r", units=["R"]))
    with pytest.raises(NotFound):
        services.advance_cycle(actor=hrbp, cycle_id=r_cycle.pk)


def test_phase_changes_go_to_the_audit_trail(review_org: ReviewOrg) -> None:
    review_org.advance(Phase.MANAGER_REVIEW)
    entries = AuditEntry.objects.filter(object_type="reviews.cycle",
                                        object_id=str(review_org.cycle.pk)).order_by("seq")
    assert [e.changes.get("phase") for e in entries] == [
        [None, "draft"], ["draft", "self_review"], ["self_review", "manager_review"]]
