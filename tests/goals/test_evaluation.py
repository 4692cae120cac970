"""Scores from the database: bulk queries, the definition in force, scope, progress, roll-up.

The `goal_org` group (tests/goals/conftest.py): rep1 林小雨 and rep2 赵磊 in SE under the
group-default profit-centre scheme (KPI 70 + behaviour 30); 郑工 in R under the innovation
unit (OKR 50 + project 50, by half year); HR people in H under the support function (KPI 40 +
service 40 + behaviour 20).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from flexperf.core.errors import NotFound, ServiceError
from flexperf.goals import evaluation, versioning
from flexperf.goals.models import (
    Goal,
    GoalAlignment,
    GoalStatus,
    GoalVersion,
    Measurement,
    Metric,
    Period,
    SchemeComponent,
)
from flexperf.goals.progress import Status
from flexperf.org.models import Person
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

JUNE = dt.date(2026, 6, 30)
YEAR_END = dt.date(2026, 12, 31)


def sales_kpi(person: Person, values: dict[str, float], **kw: Any) -> Goal:
    """An active KPI goal (threshold 80, target 100, stretch 120) with measurements."""
    goal = f.kpi_goal(person, activate=True, **kw)
    metric = goal.metrics.get()
    for on, value in values.items():
        f.measure(metric, on, value)
    return goal


def behaviour(person: Person, ratings: list[tuple[Person, float]]) -> Goal:
    goal = f.behaviour_goal(person, activate=True)
    metric = goal.metrics.get()
    for rater, rating in ratings:
        f.rate(metric, "2026-06-15", rating, rater=rater)
    return goal


def profit_centre_rep(goal_org: GoalOrg) -> tuple[Person, Goal, Goal]:
    people = goal_org.people
    rep = people["rep1"]
    # Latest value by June 30 is 110 (the September value comes after the as-of date).
    kpi = sales_kpi(rep, {"2026-03-31": 90, "2026-06-30": 110, "2026-09-30": 60})
    rated = behaviour(rep, [(people["sales_head"], 4), (people["rep2"], 3)])  # mean 3.5
    return rep, kpi, rated


def test_a_person_is_scored_from_their_scheme_components(goal_org: GoalOrg) -> None:
    rep, kpi, rated = profit_centre_rep(goal_org)
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                     as_of=JUNE)
    person = scores.person(rep.pk)
    assert person is not None
    assert (person.scheme_code, person.employee_number) == ("profit_centre", rep.employee_number)
    # KPI: 100 + (110 − 100) / 20 × 20 = 110; behaviour: (3.5 − 1) / 4 × 100 = 62.5
    assert [(c.key, c.points, c.goals, c.scored_goals, c.flagged)
            for c in person.components] == [("kpi", 110.0, 1, 1, False),
                                             ("behaviour", 62.5, 1, 1, False)]
    # (70 × 110 + 30 × 62.5) / 100 = 95.75 → B
    assert person.score == pytest.approx(95.75)
    assert person.rating == "B"
    assert person.flags == []
    assert person.missing == ()
    assert scores.goals[kpi.pk].points == 110.0
    assert scores.goals[rated.pk].points == 62.5
    assert person.explanation_lines[-1] == (
        "Score = (70 × 110.0 + 30 × 62.5) / 100 = 95.8 → rating B (from 85).")
    assert scores.goals[kpi.pk].explanation == (
        "营业收入: Actual 110 is between target 100 and stretch 120: "
        "100 + (110 − 100) / (120 − 100) × 20 = 110.0 points.")
    assert scores.goals[rated.pk].explanation == (
        "协作: Rated 3.5 on 1–5: (3.5 − 1) / 4 × 100 = 62.5 points.")


def test_later_as_of_dates_see_later_measurements(goal_org: GoalOrg) -> None:
    _rep, kpi, _rated = profit_centre_rep(goal_org)
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                     as_of=dt.date(2026, 3, 31))
    assert scores.goals[kpi.pk].points == 80.0   # 90 → 60 + 10 / 20 × 40
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                     as_of=YEAR_END)
    assert scores.goals[kpi.pk].points == 0.0    # 60, below the threshold


def test_a_component_without_scored_goals_is_left_out_and_flagged(goal_org: GoalOrg) -> None:
    rep2 = goal_org.people["rep2"]
    sales_kpi(rep2, {"2026-06-30": 90})   # 80 points
    f.behaviour_goal(rep2, activate=True)  # nobody has rated yet
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                     as_of=JUNE)
    person = scores.person(rep2.pk)
    assert person is not None
    # 70 × 80 / 70 = 80 → C, not 70 × 80 / 100 = 56 → D
    assert person.score == 80.0
    assert person.rating == "C"
    assert person.missing == ("Behaviour and competency",)
    assert person.flags == ["Component 'Behaviour and competency' has no scored goals: left "
                            "out of the score."]
    assert [c.flagged for c in person.components] == [False, True]


def test_people_without_goals_have_no_score_and_leavers_are_not_listed(
        goal_org: GoalOrg) -> None:
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                     as_of=JUNE)
    people = {p.person_id: p for p in scores.people}
    assert goal_org.people["leaver"].pk not in people
    engineer = people[goal_org.people["engineer"].pk]
    assert (engineer.score, engineer.rating, engineer.scheme_code) == (
        None, None, "innovation_unit")
    assert len(engineer.flags) == 2
    numbers = [p.employee_number for p in scores.people]
    assert numbers == sorted(numbers)


def test_drafts_and_withdrawn_goals_do_not_count(goal_org: GoalOrg) -> None:
    rep, kpi, _rated = profit_centre_rep(goal_org)
    f.kpi_goal(rep, weight=5)  # a draft
    withdrawn = sales_kpi(rep, {"2026-06-30": 80}, weight=5)
    Goal.objects.filter(pk=withdrawn.pk).update(status=GoalStatus.WITHDRAWN)
    person = evaluation.score_person(goal_org.actor("hr_admin"), rep, goal_org.periods["2026"],
                                     as_of=JUNE)
    assert [g.goal_id for g in person.goals] == [kpi.pk, _rated.pk]
    assert person.score == pytest.approx(95.75)


def test_sum_and_mean_aggregations_over_the_period_up_to_the_date(goal_org: GoalOrg) -> None:
    rep = goal_org.people["rep1"]
    summed = f.kpi_goal(rep, activate=True, metrics=[
        f.kpi("回款", threshold=50, target=100, stretch=150, aggregation="sum")])
    averaged = f.kpi_goal(rep, activate=True, metrics=[
        f.kpi("毛利率", threshold=20, target=40, stretch=None, aggregation="mean")])
    for goal in (summed, averaged):
        for on, value in (("2026-02-28", 30), ("2026-05-31", 40), ("2026-08-31", 50)):
            f.measure(goal.metrics.get(), on, value)
    # A value dated before the period (written straight to the table) is not counted.
    Measurement.objects.create(metric=summed.metrics.get(), on=dt.date(2025, 12, 31),
                               value=Decimal(1000))
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                     as_of=JUNE)
    # sum 30 + 40 = 70: 60 + (70 − 50) / (100 − 50) × 40 = 76
    assert scores.goals[summed.pk].points == pytest.approx(76.0)
    # mean (30 + 40) / 2 = 35: 60 + (35 − 20) / (40 − 20) × 40 = 90
    assert scores.goals[averaged.pk].points == pytest.approx(90.0)


def test_an_innovation_unit_scores_okrs_and_projects(goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]
    okr = f.okr_goal(engineer, period_code="2026-H1", activate=True, okr_type="aspirational")
    first, second = okr.metrics.order_by("order", "pk")
    f.measure(first, "2026-05-31", 7)    # 0 → 10: 0.7
    f.measure(second, "2026-05-31", 2)   # 0 → 4: 0.5
    project = f.goal("project", person=engineer, period_code="2026-H1", activate=True,
                     milestones=[f.milestone("Beta", "2026-03-31"),
                                 f.milestone("GA", "2026-06-30", weight=2)])
    beta, _ga = project.milestones.order_by("due")
    f.accept(beta, "2026-04-03")         # 3 days late: 94
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026-H1"],
                                     as_of=dt.date(2026, 6, 29))
    person = scores.person(engineer.pk)
    assert person is not None
    okr_score = scores.goals[okr.pk]
    assert okr_score.grade == pytest.approx(0.6)          # (0.7 + 0.5) / 2
    assert okr_score.on_target is False                   # aspirational needs 0.7
    assert scores.goals[project.pk].points == 94.0        # GA not due yet: not scored
    # (50 × 60 + 50 × 94) / 100 = 77 → C
    assert person.score == pytest.approx(77.0)
    assert person.rating == "C"
    assert "Milestone 'Beta' accepted 3 days late: 100 − 3 × 2 = 94." in (
        scores.goals[project.pk].explanation)
    # On July 1st (the period is over) GA is past due and not accepted: (94 + 2 × 0) / 3
    after = evaluation.score_goal(goal_org.actor("hr_admin"), project,
                                  as_of=dt.date(2026, 7, 1))
    assert after.points == pytest.approx(94 / 3)


def test_a_support_function_person_scores_service_and_survey(goal_org: GoalOrg) -> None:
    people = goal_org.people
    hr = people["hrbp_p"]
    service = f.goal("service", person=hr, activate=True)
    sla, csat = service.metrics.order_by("order", "pk")
    f.measure(sla, "2026-06-30", 97)    # 90/95/99: 100 + 2 / 4 × 20 = 110
    for respondent, answer in ((people["rep1"], 4), (people["rep2"], 5), (people["ceo"], 3)):
        f.answer(csat, "2026-06-01", answer, respondent=respondent)  # mean 4: 75
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                     as_of=JUNE)
    assert scores.goals[service.pk].points == pytest.approx(92.5)  # (110 + 75) / 2
    person = scores.person(hr.pk)
    assert person is not None
    assert person.scheme_code == "support_function"
    assert person.score == pytest.approx(92.5)   # the only scored component (40 of 100)
    assert len(person.missing) == 2


def test_a_unit_scorecard_is_scored_with_its_perspective_weights(goal_org: GoalOrg) -> None:
    # financial 60 (profit) + customer 40 (customer satisfaction)
    scorecard = f.unit_goal(goal_org.org.units["G"], "bsc", activate=True)
    profit, customers = scorecard.metrics.order_by("order", "pk")
    f.measure(profit, "2026-06-30", 110)      # 110
    f.measure(customers, "2026-06-30", 90)    # 80
    found = evaluation.score_goal(goal_org.actor("employee"), scorecard, as_of=JUNE)
    assert found.points == pytest.approx(98.0)  # (60 × 110 + 40 × 80) / 100
    assert found.explanation.endswith("Scorecard: (60 × 110.0 + 40 × 80.0) / 100 = 98.0 points.")


def test_a_goal_changed_after_the_period_is_scored_with_the_version_then_in_force(
        goal_org: GoalOrg) -> None:
    rep = goal_org.people["rep1"]
    goal = sales_kpi(rep, {"2026-06-30": 110})   # version 1 (threshold 80, target 100)
    metric = goal.metrics.get()
    # An adjustment approved after the period: threshold 120, target 150, stretch 180.
    Metric.objects.filter(pk=metric.pk).update(threshold=120, target=150, stretch=180)
    goal.refresh_from_db()
    versioning.record_version(goal, effective_from=dt.date(2027, 1, 10), reason="market",
                              created_by="hr_admin")
    actor = goal_org.actor("hr_admin")
    at_end = evaluation.score_goal(actor, goal, as_of=YEAR_END)
    assert (at_end.points, at_end.version) == (110.0, 1)
    assert "target 100" in at_end.explanation
    person = evaluation.score_person(actor, rep, goal_org.periods["2026"], as_of=YEAR_END)
    assert person.goals[0].points == 110.0
    # Had the new version been in force, 110 would miss the new threshold of 120.
    Goal.objects.filter(pk=goal.pk).update(version=2)
    GoalVersion.objects.filter(goal=goal, number=2).update(effective_from=dt.date(2026, 12, 1))
    assert evaluation.score_goal(actor, goal, as_of=YEAR_END).points == 0.0


def test_a_goal_withdrawn_after_the_date_still_counts_in_its_version_then(
        goal_org: GoalOrg) -> None:
    rep, kpi, _rated = profit_centre_rep(goal_org)
    Goal.objects.filter(pk=kpi.pk).update(status=GoalStatus.WITHDRAWN)
    kpi.refresh_from_db()
    versioning.record_version(kpi, effective_from=dt.date(2027, 1, 10), reason="reorg",
                              created_by="hr_admin")
    person = evaluation.score_person(goal_org.actor("hr_admin"), rep, goal_org.periods["2026"],
                                     as_of=YEAR_END)
    assert person.goals[0].goal_id == kpi.pk
    assert person.goals[0].status == GoalStatus.ACTIVE


def test_a_goal_outside_the_persons_scheme_is_reported_not_counted(goal_org: GoalOrg) -> None:
    rep, kpi, _rated = profit_centre_rep(goal_org)
    elsewhere = SchemeComponent.objects.get(scheme__code="mature_sales", key="result_kpi")
    Goal.objects.filter(pk=kpi.pk).update(component=elsewhere)
    person = evaluation.score_person(goal_org.actor("hr_admin"), rep, goal_org.periods["2026"],
                                     as_of=JUNE)
    assert [g.goal_id for g in person.unassigned] == [kpi.pk]
    assert person.score == 62.5   # behaviour only
    assert person.flags[-1] == ("Goal 'kpi goal' counts towards no component of the scheme "
                                "'Profit centre': not in the score.")


def test_each_caller_scores_only_the_people_they_may_see(goal_org: GoalOrg) -> None:
    _rep, kpi, _rated = profit_centre_rep(goal_org)
    period = goal_org.periods["2026"]
    people = goal_org.people

    def seen(role: str) -> set[str]:
        found = evaluation.score_period(goal_org.actor(role), period, as_of=JUNE)
        return {p.name for p in found.people}

    assert seen("employee") == {"林小雨"}
    assert seen("manager") == {"陈经理", "林小雨", "赵磊"}
    assert seen("hrbp") == {"陈经理", "林小雨", "赵磊", "何静"}  # HRBP for S, and herself
    assert seen("executive") == {"韩策"}
    assert seen("partner") == set()
    assert len(seen("hr_admin")) == Person.objects.exclude(status="left").count()
    with pytest.raises(NotFound):
        evaluation.score_person(goal_org.actor("employee"), people["rep2"], period)
    with pytest.raises(NotFound):
        evaluation.score_goal(goal_org.actor("executive"), kpi)


def test_the_number_of_queries_does_not_grow_with_people_or_goals(goal_org: GoalOrg) -> None:
    period = goal_org.periods["2026"]
    actor = goal_org.actor("hr_admin")
    sales_kpi(goal_org.people["rep1"], {"2026-06-30": 100})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            evaluation.score_period(actor, period, as_of=JUNE)
        return len(captured.captured_queries)

    few = queries()
    for name in ("rep2", "sales_head", "ceo"):
        goal = sales_kpi(goal_org.people[name], {"2026-06-30": 90})
        behaviour(goal_org.people[name], [(goal_org.people["strategy_vp"], 4)])
        goal.refresh_from_db()
    assert queries() == few


def test_progress_and_status_come_with_each_goal(goal_org: GoalOrg) -> None:
    rep = goal_org.people["rep1"]
    goal = f.kpi_goal(rep, activate=True, metrics=[
        f.kpi("营业收入", threshold=80, target=100, stretch=120, baseline=50)])
    f.measure(goal.metrics.get(), "2026-06-30", 70)
    verdicts = evaluation.goal_progress(goal_org.actor("employee"), [goal.pk], JUNE)
    found = verdicts[goal.pk]
    # 180 of 364 days passed: expected 0.4945; progress (70 − 50) / 50 = 0.4 → 81 %: at risk
    assert found.expected == pytest.approx(180 / 364)
    assert found.progress == pytest.approx(0.4)
    assert found.status == Status.AT_RISK
    assert found.rule == ("Progress 40% against 49% expected (81% of the expected path): at "
                          "risk from 70%, on track from 90%.")
    assert evaluation.goal_progress(goal_org.actor("executive"), [goal.pk], JUNE) == {}


def test_progress_rolls_up_the_alignment_links(goal_org: GoalOrg) -> None:
    people, units = goal_org.people, goal_org.org.units
    parent = f.unit_goal(units["S"], activate=True, metrics=[
        f.kpi("销售额", threshold=50, target=100, stretch=None, baseline=0)])
    f.measure(parent.metrics.get(), "2026-06-30", 10)   # its own 0.1 is replaced below
    children = []
    for name, value in (("rep1", 80), ("rep2", 20)):
        child = f.kpi_goal(people[name], activate=True, metrics=[
            f.kpi("个人销售额", threshold=50, target=100, stretch=None, baseline=0)])
        f.measure(child.metrics.get(), "2026-06-30", value)
        children.append(child)
    GoalAlignment.objects.create(child=children[0], parent=parent, contribution=3)
    GoalAlignment.objects.create(child=children[1], parent=parent, contribution=1)
    tree = evaluation.alignment_progress(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                         as_of=JUNE)
    # (3 × 0.8 + 1 × 0.2) / 4 = 0.65 against 0.4945 expected → on track
    assert tree[parent.pk].progress == pytest.approx(0.65)
    assert tree[parent.pk].goal.progress.progress == pytest.approx(0.1)
    assert tree[parent.pk].verdict.status == Status.ON_TRACK
    assert tree[parent.pk].children == tuple(sorted(c.pk for c in children))
    assert tree[children[0].pk].parents == (parent.pk,)
    # An employee sees the unit goal and their own, not a colleague's: the roll-up uses what
    # they may see.
    mine = evaluation.alignment_progress(goal_org.actor("employee"), goal_org.periods["2026"],
                                         as_of=JUNE)
    assert set(mine) == {parent.pk, children[0].pk}
    assert mine[parent.pk].progress == pytest.approx(0.8)


def test_a_period_is_found_by_its_code_or_named_in_the_error(goal_org: GoalOrg) -> None:
    assert evaluation.require_period("2026-h1") == goal_org.periods["2026-H1"]
    with pytest.raises(ServiceError) as caught:
        evaluation.require_period("2031")
    assert [p.field for p in caught.value.problems] == ["period"]


def test_the_default_as_of_is_today_or_the_end_of_a_finished_period() -> None:
    period = Period(code="2025", kind="year", start=dt.date(2025, 1, 1),
                    end=dt.date(2025, 12, 31))
    assert evaluation.default_as_of(period, dt.date(2025, 5, 1)) == dt.date(2025, 5, 1)
    assert evaluation.default_as_of(period, dt.date(2026, 5, 1)) == dt.date(2025, 12, 31)


def test_points_become_decimals_only_when_stored() -> None:
    assert evaluation.to_decimal(95.75) == Decimal("95.75")
    assert evaluation.to_decimal(94 / 3) == Decimal("31.33")
    assert evaluation.to_decimal(None) is None
