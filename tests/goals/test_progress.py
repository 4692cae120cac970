"""Progress against the expected path, the status it earns and why, and alignment roll-ups."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from flexperf.goals.progress import (
    Link,
    Progress,
    ProgressRules,
    Reason,
    Status,
    Timeline,
    goal_progress,
    judge_one,
    origins,
    roll_up,
    verdict,
)
from flexperf.goals.scoring import InputBuilder

# A 100-day period: day 0 to day 100, so the elapsed share is the as-of day / 100.
HALF = Timeline(start=0, end=100, as_of=50)


def progress_of(add: Callable[[InputBuilder, int], None], *, timeline: Timeline = HALF,
                baselines: list[float] | None = None, summed: list[bool] | None = None,
                rules: ProgressRules | None = None) -> Progress:
    b = InputBuilder()
    g = b.add_goal(b.add_component(b.add_subject(), 100), 1)
    add(b, g)
    inp = b.build(as_of=int(timeline.as_of))
    n = len(inp.metrics)
    origin = origins(np.asarray(baselines if baselines is not None else [np.nan] * n),
                     inp.metrics.start, inp.metrics.threshold,
                     np.asarray(summed if summed is not None else [False] * n, dtype=bool))
    return goal_progress(inp, origin, timeline, progress_rules=rules)


def kpi(actual: float | None, *, baseline: float = 50, timeline: Timeline = HALF,
        rules: ProgressRules | None = None) -> Progress:
    return progress_of(lambda b, g: b.add_curve(g, higher=True, threshold=80, target=100,
                                                stretch=120, actual=actual),
                       baselines=[baseline], timeline=timeline, rules=rules)


def status_of(p: Progress) -> tuple[str, Reason]:
    return Status(("on_track", "at_risk", "off_track")[int(p.status[0])]), Reason(int(p.reason[0]))


@pytest.mark.parametrize(("as_of", "elapsed"), [(0, 0.0), (25, 0.25), (100, 1.0), (150, 1.0),
                                                (-10, 0.0)])
def test_the_elapsed_share_runs_from_the_periods_start_to_its_end(as_of: int,
                                                                  elapsed: float) -> None:
    assert Timeline(start=0, end=100, as_of=as_of).elapsed == elapsed


def test_the_path_starts_at_the_baseline_else_start_else_the_threshold_and_sums_at_0() -> None:
    nan = np.nan
    found = origins(np.asarray([5.0, nan, nan, nan, 900.0]),
                    np.asarray([nan, 2.0, nan, nan, nan]),
                    np.asarray([80.0, 80.0, 80.0, 80.0, 80.0]),
                    np.asarray([False, False, True, False, True]))
    # a summed metric starts the period at 0 even with a baseline (last period's total)
    assert found.tolist() == [5.0, 2.0, 0.0, 80.0, 0.0]


@pytest.mark.parametrize(("actual", "status", "progress"), [
    (75, Status.ON_TRACK, 0.5),    # (75 − 50) / (100 − 50) = 0.5 of 0.5 expected: 100 %
    (72.5, Status.ON_TRACK, 0.45),  # 0.45 / 0.5 = 90 %: on track from 90 %
    (70, Status.AT_RISK, 0.4),     # 0.4 / 0.5 = 80 %
    (67.5, Status.AT_RISK, 0.35),  # 70 %: at risk from 70 %
    (65, Status.OFF_TRACK, 0.3),   # 60 %
    (40, Status.OFF_TRACK, 0.0),   # behind the baseline: 0
])
def test_a_kpi_is_judged_against_its_linear_path(actual: float, status: Status,
                                                 progress: float) -> None:
    p = kpi(actual)
    assert p.progress[0] == pytest.approx(progress)
    assert p.expected[0] == 0.5
    assert status_of(p) == (status, Reason.RATIO)


def test_progress_is_capped_at_the_target() -> None:
    assert kpi(130).progress[0] == 1.0


def test_in_the_first_tenth_of_the_period_everything_is_on_track() -> None:
    p = kpi(50, timeline=Timeline(start=0, end=100, as_of=9))
    assert status_of(p) == (Status.ON_TRACK, Reason.TOO_EARLY)
    assert status_of(kpi(50, timeline=Timeline(start=0, end=100, as_of=10)))[0] == \
        Status.OFF_TRACK


def test_a_goal_without_any_value_is_at_risk() -> None:
    p = kpi(None)
    assert math.isnan(p.progress[0])
    assert status_of(p) == (Status.AT_RISK, Reason.NO_DATA)


def test_the_thresholds_are_configurable() -> None:
    rules = ProgressRules(on_track=0.95, at_risk=0.5, too_early=0.0)
    assert status_of(kpi(72.5, rules=rules))[0] == Status.AT_RISK   # 90 % < 95 %
    assert status_of(kpi(62.5, rules=rules))[0] == Status.AT_RISK   # 50 %
    assert status_of(kpi(60, rules=rules))[0] == Status.OFF_TRACK   # 40 %
    with pytest.raises(ValueError, match="at_risk"):
        ProgressRules(on_track=0.5, at_risk=0.7)


def test_a_lower_is_better_path_runs_downwards() -> None:
    # baseline 10 → target 5; actual 7.5 covers half the way
    p = progress_of(lambda b, g: b.add_curve(g, higher=False, threshold=12, target=5,
                                             stretch=2, actual=7.5), baselines=[10])
    assert p.progress[0] == 0.5


def test_a_summed_metric_without_baseline_starts_at_0() -> None:
    p = progress_of(lambda b, g: b.add_curve(g, higher=True, threshold=80, target=100,
                                             stretch=None, actual=40), summed=[True])
    assert p.progress[0] == 0.4   # 40 of 100; expected 0.5 → 80 %: at risk
    assert status_of(p)[0] == Status.AT_RISK


def test_key_results_run_from_start_to_target() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_key_result(g, start=0, target=10, current=6)       # 0.6
        b.add_key_result(g, start=20, target=10, current=18)     # 0.2
    p = progress_of(add)
    assert p.progress[0] == pytest.approx(0.4)   # (0.6 + 0.2) / 2; 0.4 / 0.5 = 80 %
    assert status_of(p)[0] == Status.AT_RISK


def test_a_rating_is_a_level_expected_to_meet_expectations_all_along() -> None:
    # Without a target, "meets expectations" (3 of 1–5) is the level to reach.
    p = progress_of(lambda b, g: b.add_rating(g, value=4))
    assert (p.progress[0], p.expected[0]) == (1.0, 1.0)   # (4 − 1) / (3 − 1), capped at 1
    assert status_of(p)[0] == Status.ON_TRACK
    p = progress_of(lambda b, g: b.add_rating(g, value=2.6))
    assert p.progress[0] == pytest.approx(0.8)            # (2.6 − 1) / (3 − 1): at risk
    assert status_of(p)[0] == Status.AT_RISK
    # With a target of its own, that is the level.
    p = progress_of(lambda b, g: b.add_rating(g, value=4, target=5))
    assert p.progress[0] == 0.75                          # (4 − 1) / (5 − 1): at risk
    assert status_of(p)[0] == Status.AT_RISK


def test_a_project_is_expected_to_have_accepted_what_is_due() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_milestone(g, due=30, accepted=28)
        b.add_milestone(g, due=45, accepted=None)
        b.add_milestone(g, due=80, accepted=None, weight=2)
    p = progress_of(add)
    # due by day 50: 2 of 4 weight → 0.5 expected; accepted 1 of 4 → 0.25; 50 %: off track
    assert (p.progress[0], p.expected[0]) == (0.25, 0.5)
    assert status_of(p) == (Status.OFF_TRACK, Reason.RATIO)


def test_a_project_with_nothing_due_is_on_track() -> None:
    p = progress_of(lambda b, g: b.add_milestone(g, due=90, accepted=None))
    assert status_of(p) == (Status.ON_TRACK, Reason.NOTHING_EXPECTED)


@pytest.mark.parametrize(("progress", "expected", "elapsed", "rule"), [
    (0.45, 0.5, 0.5, "Progress 45% against 50% expected (90% of the expected path): on track "
                     "from 90%."),
    (0.4, 0.5, 0.5, "Progress 40% against 50% expected (80% of the expected path): at risk "
                    "from 70%, on track from 90%."),
    (0.1, 0.5, 0.5, "Progress 10% against 50% expected (20% of the expected path): off track "
                    "below 70%."),
    (0.0, 0.05, 0.05, "Too early to judge: 5% of the period has passed; goals are judged from "
                      "10%."),
    (None, 0.5, 0.5, "No progress recorded yet: at risk until a value is entered."),
    (0.0, 0.0, 0.5, "Nothing is expected yet: on track."),
])
def test_the_rule_that_decided_is_spelled_out(progress: float | None, expected: float,
                                              elapsed: float, rule: str) -> None:
    assert judge_one(progress, expected, elapsed).rule == rule


def test_a_verdict_reads_one_goal_of_a_progress() -> None:
    found = verdict(kpi(70), 0)
    assert (found.status, found.progress, found.expected) == (Status.AT_RISK, 0.4, 0.5)
    assert found.ratio == pytest.approx(0.8)
    assert found.status.label == "At risk"


# --- alignment roll-up ---------------------------------------------------------------------


def test_a_parent_rolls_up_its_childrens_progress_by_contribution() -> None:
    own = {1: (0.9, 0.5), 2: (0.8, 0.5), 3: (0.2, 0.5), 4: (0.5, 0.5), 5: (None, 0.5)}
    rolled = roll_up(own, [Link(2, 1, 2), Link(3, 1, 1), Link(1, 9, 1), Link(4, 9, 3),
                           Link(5, 9, 7)])
    # goal 1: (2 × 0.8 + 1 × 0.2) / 3 = 0.6 (its own 0.9 is replaced by its children's)
    assert rolled[1][0] == pytest.approx(0.6)
    # goal 9 (no own value): (1 × 0.6 + 3 × 0.5) / 4 = 0.525; goal 5 has no progress: left out
    assert rolled[9][0] == pytest.approx(0.525)
    assert rolled[9][1] == pytest.approx(0.5)
    assert rolled[4] == (0.5, 0.5)    # a leaf keeps its own
    assert rolled[5] == (None, 0.5)


def test_a_cycle_of_alignments_is_cut_and_every_goal_gets_an_answer() -> None:
    own = {1: (0.2, 0.5), 2: (0.4, 0.5), 3: (0.6, 0.5)}
    rolled = roll_up(own, [Link(2, 1, 1), Link(3, 2, 1), Link(1, 3, 1)])
    assert set(rolled) == {1, 2, 3}
    # Walked from 1: 1 ← 2 ← 3 ← (1 is open: the link is cut), so 3 keeps its own 0.6 and
    # both 2 and 1 take it.
    assert rolled == {3: (0.6, 0.5), 2: (0.6, 0.5), 1: (0.6, 0.5)}


def test_a_deep_alignment_chain_rolls_up_without_recursion_limits() -> None:
    n = 5000
    own: dict[int, tuple[float | None, float | None]] = {n: (0.3, 0.4)}
    rolled = roll_up(own, [Link(i + 1, i, 1) for i in range(n)])
    assert rolled[0] == (0.3, 0.4)
