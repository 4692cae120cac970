"""Paced scores (a mid-period score judged on pace) and sub-period goals in a longer period's
score, from the database through the one engine.

The expected path is `progress`'s: elapsed = (as-of day − first day) / (last day − first
day), so in 2026 (Jan 1 – Dec 31, 364 days apart) Jul 1 is 181/364 and Jul 2 exactly 1/2; in
2026-H1 (Jan 1 – Jun 30, 180 days apart) Apr 1 is 90/180 = 1/2. KPI points (default rules):
threshold 60, target 100, stretch (cap) 120, linear in between.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from flexperf.goals import evaluation
from flexperf.goals.evaluation import Basis
from flexperf.goals.progress import Timeline, on_path
from flexperf.org.models import Person
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

PACED, FULL = Basis.PACED, Basis.FULL
JULY_1, JULY_2 = dt.date(2026, 7, 1), dt.date(2026, 7, 2)


def summed_sales(person: Person, values: dict[str, float]) -> int:
    goal = f.kpi_goal(person, activate=True, metrics=[
        f.kpi("回款", threshold=80, target=100, stretch=120, aggregation="sum")])
    for on, value in values.items():
        f.measure(goal.metrics.get(), on, value)
    return goal.pk


def points(goal_org: GoalOrg, goal: int, as_of: dt.date, basis: Basis,
           period: str = "2026") -> float | None:
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods[period],
                                     as_of=as_of, basis=basis)
    return scores.goals[goal].points


def test_the_path_is_one_function_and_full_at_the_end() -> None:
    origin, value = np.array([0.0, 60.0, 3.0]), np.array([100.0, 100.0, 4.0])
    # 0 → 100 and 60 → 100 half-way: 50 and 80; a level (the third) stays 4.
    assert on_path(origin, value, 0.5, np.array([False, False, True])).tolist() == [
        50.0, 80.0, 4.0]
    # At (or past) the end every value is exactly the full period's, float noise or not.
    assert on_path(np.array([0.1]), np.array([0.3]), 1.0).tolist() == [0.3]
    assert Timeline(start=JULY_1.toordinal() - 181, end=JULY_1.toordinal() + 183,
                    as_of=JULY_1.toordinal()).elapsed == pytest.approx(181 / 364)


def test_a_summed_kpi_at_mid_year_is_judged_on_pace(goal_org: GoalOrg) -> None:
    goal = summed_sales(goal_org.people["rep1"], {"2026-03-31": 20, "2026-06-30": 30})
    # Year to date 20 + 30 = 50 against the full year's threshold 80: 0 points.
    assert points(goal_org, goal, JULY_1, FULL) == 0.0
    # Paced to Jul 1 (181/364 of the year, a sum starts at 0): threshold 80 × 181/364 = 39.78,
    # target 100 × 181/364 = 49.73, stretch 120 × 181/364 = 59.67; 50 is between target and
    # stretch: 100 + (50 − 18100/364) / (21720/364 − 18100/364) × 20
    #        = 100 + (18200 − 18100) / 3620 × 20 = 100 + 2000/3620 = 100.55
    assert points(goal_org, goal, JULY_1, PACED) == pytest.approx(100 + 2000 / 3620)
    # On Jul 2 (exactly half the year) 50 is on the expected path: the target's 100 points.
    assert points(goal_org, goal, JULY_2, PACED) == 100.0


def test_the_explanation_says_the_targets_were_paced_and_by_how_much(goal_org: GoalOrg) -> None:
    rep = goal_org.people["rep1"]
    goal = summed_sales(rep, {"2026-06-30": 50})
    person = evaluation.score_person(goal_org.actor("hr_admin"), rep, goal_org.periods["2026"],
                                     as_of=JULY_2, basis=PACED)
    scored = person.goals[0]
    assert scored.goal_id == goal
    assert scored.paced
    assert scored.explanation_lines == [
        "回款: Actual 50 is between target 50 and stretch 60: 100 + (50 − 50) / (60 − 50) × 20 "
        "= 100.0 points.",
        "Targets paced to 2026-07-02: 50.0% of the period 2026 has passed, so threshold, "
        "target and stretch are where the expected path stands on that day (a summed value "
        "from 0, others from their baseline or start; ratings unchanged)."]
    assert person.flags[-1].startswith("Scored on pace as of 2026-07-02:")
    full = evaluation.score_person(goal_org.actor("hr_admin"), rep, goal_org.periods["2026"],
                                   as_of=JULY_2)
    assert not full.paced
    assert full.flags == ["Component 'Behaviour and competency' has no "
                                             "scored goals: left out of the score."]


def test_a_latest_value_kpi_is_paced_from_its_baseline(goal_org: GoalOrg) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True, metrics=[
        f.kpi("市场份额", threshold=80, target=100, stretch=120, baseline=60)])
    f.measure(goal.metrics.get(), "2026-06-30", 80)
    # Full year: 80 is the threshold: 60 points.
    assert points(goal_org, goal.pk, JULY_2, FULL) == 60.0
    # Half-way from the baseline 60: threshold 70, target 80, stretch 90; 80 is on target.
    assert points(goal_org, goal.pk, JULY_2, PACED) == 100.0


def test_a_key_result_is_paced_from_its_start_and_a_rating_is_not_paced(
        goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]
    okr = f.okr_goal(engineer, period_code="2026-H1", activate=True)
    first, second = okr.metrics.order_by("order", "pk")
    f.measure(first, "2026-03-31", 4)    # 0 → 10
    f.measure(second, "2026-03-31", 2)   # 0 → 4
    april = dt.date(2026, 4, 1)  # 90/180 = half of H1
    # Full: grades 4/10 = 0.4 and 2/4 = 0.5, mean 0.45 → 45 points.
    assert points(goal_org, okr.pk, april, FULL, "2026-H1") == pytest.approx(45.0)
    # Paced: targets 0 + 10 × 1/2 = 5 and 0 + 4 × 1/2 = 2; grades 4/5 = 0.8 and 2/2 = 1,
    # mean 0.9 → 90 points.
    assert points(goal_org, okr.pk, april, PACED, "2026-H1") == pytest.approx(90.0)
    rated = f.behaviour_goal(goal_org.people["rep1"], activate=True)
    f.rate(rated.metrics.get(), "2026-03-15", 4, rater=goal_org.people["sales_head"])
    # A rating is a level: (4 − 1) / 4 × 100 = 75 either way, and is not marked paced.
    assert points(goal_org, rated.pk, JULY_2, PACED) == 75.0
    scores = evaluation.score_period(goal_org.actor("hr_admin"), goal_org.periods["2026"],
                                     as_of=JULY_2, basis=PACED)
    assert scores.goals[rated.pk].paced is False


def test_at_the_period_end_paced_is_the_full_period_score_exactly(goal_org: GoalOrg) -> None:
    rep = goal_org.people["rep1"]
    summed_sales(rep, {"2026-03-31": 33.3, "2026-09-30": 62.2})
    f.kpi_goal(rep, activate=True, metrics=[f.kpi("份额", baseline=61.7)])
    end = goal_org.periods["2026"].end
    full = evaluation.score_person(goal_org.actor("hr_admin"), rep, goal_org.periods["2026"],
                                   as_of=end)
    paced = evaluation.score_person(goal_org.actor("hr_admin"), rep, goal_org.periods["2026"],
                                    as_of=end, basis=PACED)
    assert paced.score == full.score is not None
    assert [g.points for g in paced.goals] == [g.points for g in full.goals]
    assert [g.explanation for g in paced.goals] == [g.explanation for g in full.goals]
    assert not paced.paced


def test_a_half_year_person_in_a_year_score_is_scored_from_the_started_halves(
        goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]
    h1 = f.okr_goal(engineer, period_code="2026-H1", activate=True)
    first, second = h1.metrics.order_by("order", "pk")
    f.measure(first, "2026-05-31", 6)    # 0.6
    f.measure(second, "2026-05-31", 4)   # 1.0
    project = f.goal("project", person=engineer, period_code="2026-H1", activate=True,
                     milestones=[f.milestone("Beta", "2026-06-01")])
    f.accept(project.milestones.get(), "2026-06-10")  # 9 days late: 100 − 9 × 2 = 82
    h2 = f.okr_goal(engineer, period_code="2026-H2", activate=True)
    first, second = h2.metrics.order_by("order", "pk")
    f.measure(first, "2026-11-30", 10)   # 1.0
    f.measure(second, "2026-11-30", 2)   # 0.5
    hr, year = goal_org.actor("hr_admin"), goal_org.periods["2026"]

    # Without sub-periods the year has no goals of his: no score.
    assert evaluation.score_person(hr, engineer, year, as_of=dt.date(2026, 6, 30)).score is None
    # Mid-year: H1 (over on Jun 30) counts on its full period; H2 has not started.
    # OKR (0.6 + 1.0) / 2 = 0.8 → 80; project 82; (50 × 80 + 50 × 82) / 100 = 81 → C
    mid = evaluation.score_person(hr, engineer, year, as_of=dt.date(2026, 6, 30),
                                  sub_periods=True, basis=PACED)
    assert [g.goal_id for g in mid.goals] == [h1.pk, project.pk]
    assert [g.points for g in mid.goals] == [pytest.approx(80.0), 82.0]
    assert (mid.score, mid.rating) == (pytest.approx(81.0), "C")
    assert mid.goals[0].explanation_lines[-1] == (
        "Goal of the period 2026-H1, which is over: scored on its full period.")
    assert not mid.paced
    # Year end: H1 as of its own last day (its milestone days shifted onto the run's day: still
    # 9 days late), H2 OKR (1.0 + 0.5) / 2 = 0.75 → 75. OKR component (80 + 75) / 2 = 77.5;
    # (50 × 77.5 + 50 × 82) / 100 = 79.75.
    end = evaluation.score_person(hr, engineer, year, as_of=dt.date(2026, 12, 31),
                                  sub_periods=True)
    assert [g.goal_id for g in end.goals] == [h1.pk, project.pk, h2.pk]
    assert [g.points for g in end.goals] == [pytest.approx(80.0), 82.0, pytest.approx(75.0)]
    assert end.score == pytest.approx(79.75)
    assert end.goals[1].progress.progress == 1.0


def test_a_running_sub_period_is_paced(goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]
    h2 = f.okr_goal(engineer, period_code="2026-H2", activate=True)
    first, second = h2.metrics.order_by("order", "pk")
    f.measure(first, "2026-09-30", 5)
    f.measure(second, "2026-09-30", 2)
    # H2: Jul 1 – Dec 31, 183 days apart; Oct 1 is 92/183 of it. Paced targets 10 × 92/183 and
    # 4 × 92/183; grades 5 / (920/183) = 0.995 and 2 / (368/183) = 0.995 → 99.46 points.
    # Full: 0.5 and 0.5 → 50.
    hr, year, oct_1 = goal_org.actor("hr_admin"), goal_org.periods["2026"], dt.date(2026, 10, 1)
    paced = evaluation.score_person(hr, engineer, year, as_of=oct_1, sub_periods=True,
                                    basis=PACED)
    full = evaluation.score_person(hr, engineer, year, as_of=oct_1, sub_periods=True)
    assert paced.goals[0].points == pytest.approx(100 * 5 * 183 / 920)
    assert full.goals[0].points == pytest.approx(50.0)
    assert paced.goals[0].explanation_lines[-2:] == [
        "Goal of the period 2026-H2, scored as of 2026-10-01.",
        "Targets paced to 2026-10-01: 50.3% of the period 2026-H2 has passed, so threshold, "
        "target and stretch are where the expected path stands on that day (a summed value "
        "from 0, others from their baseline or start; ratings unchanged)."]


def test_sub_periods_are_read_in_bulk(goal_org: GoalOrg) -> None:
    """The same queries for one person with sub-period goals as for two (no per-person read)."""
    people = goal_org.people
    for code in ("2026-H1", "2026-H2"):
        f.okr_goal(people["engineer"], period_code=code, activate=True)
    hr, year = goal_org.actor("hr_admin"), goal_org.periods["2026"]
    with CaptureQueriesContext(connection) as one:
        evaluation.score_period(hr, year, as_of=dt.date(2026, 12, 31), sub_periods=True)
    for code in ("2026-H1", "2026-H2"):
        f.okr_goal(people["rnd_head"], period_code=code, activate=True)
    f.kpi_goal(people["rep1"], activate=True)
    with CaptureQueriesContext(connection) as two:
        scores = evaluation.score_period(hr, year, as_of=dt.date(2026, 12, 31),
                                         sub_periods=True)
    assert len(two.captured_queries) == len(one.captured_queries)
    found = scores.person(people["rnd_head"].pk)
    assert found is not None
    assert len(found.goals) == 2
