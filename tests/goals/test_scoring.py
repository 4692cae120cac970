"""The one scoring engine: hand-worked numbers for every paradigm and for schemes, and the
properties every score must keep."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.scoring import (
    Band,
    Input,
    InputBuilder,
    MilestoneState,
    Result,
    rate,
    rating_label,
    score,
)

NAN = float("nan")


def one_goal(add: object, *, groups: int = 1, group_weights: list[float] | None = None,
             aspirational: bool = False, as_of: int = 0,
             rules: ScoringRules | None = None) -> tuple[Input, Result]:
    """A subject with one component holding one goal; `add(builder, goal)` adds its parts."""
    b = InputBuilder(groups=groups)
    c = b.add_component(b.add_subject(), 100)
    g = b.add_goal(c, 1, group_weights=group_weights, aspirational=aspirational)
    add(b, g)  # type: ignore[operator]
    inp = b.build(as_of=as_of)
    return inp, score(inp, rules)


def kpi(actual: float | None, *, threshold: float = 80, target: float = 100,
        stretch: float | None = 120, higher: bool = True,
        rules: ScoringRules | None = None) -> tuple[float, int]:
    _inp, result = one_goal(lambda b, g: b.add_curve(
        g, higher=higher, threshold=threshold, target=target, stretch=stretch, actual=actual),
        rules=rules)
    return float(result.metric_points[0]), int(result.metric_band[0])


# --- KPI (G1) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("actual", "points", "band"), [
    (70, 0.0, Band.BELOW_THRESHOLD),     # below the threshold 80
    (80, 60.0, Band.TO_TARGET),          # at the threshold
    (90, 80.0, Band.TO_TARGET),          # 60 + (90 − 80) / (100 − 80) × 40
    (100, 100.0, Band.TO_STRETCH),       # at the target: 100 + 0 × 20
    (110, 110.0, Band.TO_STRETCH),       # 100 + (110 − 100) / (120 − 100) × 20
    (120, 120.0, Band.AT_STRETCH),       # at the stretch: the cap
    (150, 120.0, Band.AT_STRETCH),       # beyond it: still the cap
])
def test_a_higher_is_better_kpi_follows_the_curve(actual: float, points: float,
                                                  band: int) -> None:
    assert kpi(actual) == (points, band)


@pytest.mark.parametrize(("actual", "points"), [
    (12, 0.0),     # worse than the threshold 10
    (10, 60.0),    # at the threshold
    (7.5, 80.0),   # 60 + (10 − 7.5) / (10 − 5) × 40
    (5, 100.0),    # at the target
    (3.5, 110.0),  # 100 + (5 − 3.5) / (5 − 2) × 20
    (2, 120.0),    # at the stretch
    (0, 120.0),
])
def test_a_lower_is_better_kpi_mirrors_the_curve(actual: float, points: float) -> None:
    assert kpi(actual, threshold=10, target=5, stretch=2, higher=False)[0] == pytest.approx(
        points)


def test_without_a_stretch_the_target_caps_at_target_points() -> None:
    assert kpi(130, stretch=None) == (100.0, Band.AT_TARGET_NO_STRETCH)
    assert kpi(90, stretch=None) == (80.0, Band.TO_TARGET)


def test_a_kpi_without_a_measurement_is_not_scored() -> None:
    points, band = kpi(None)
    assert math.isnan(points)
    assert band == Band.NOT_SCORED


def test_every_kpi_number_comes_from_the_rules() -> None:
    rules = ScoringRules(kpi_threshold_points=50, kpi_target_points=100, kpi_cap_points=150)
    assert kpi(80, rules=rules)[0] == 50.0
    assert kpi(90, rules=rules)[0] == 75.0   # 50 + (90 − 80) / 20 × 50
    assert kpi(110, rules=rules)[0] == 125.0  # 100 + (110 − 100) / 20 × 50
    assert kpi(200, rules=rules)[0] == 150.0


# --- OKR (G2) ---------------------------------------------------------------------------------


def test_an_objective_grades_the_weighted_mean_of_its_key_results() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_key_result(g, start=0, target=10, current=7)              # 0.7
        b.add_key_result(g, start=0, target=4, current=4)               # 1.0
        b.add_key_result(g, start=100, target=50, current=75, weight=2)  # 25 / 50 = 0.5
    _inp, result = one_goal(add)
    # (0.7 + 1.0 + 2 × 0.5) / 4 = 0.675 → 67.5 points
    assert result.metric_points.tolist() == pytest.approx([70.0, 100.0, 50.0])
    assert result.goal_points[0] == pytest.approx(67.5)
    assert result.metric_band.tolist() == [Band.KR_PARTIAL, Band.KR_DONE, Band.KR_PARTIAL]


def test_a_key_result_grade_is_clamped_between_0_and_1() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_key_result(g, start=0, target=10, current=12)   # 1.2 → 1.0
        b.add_key_result(g, start=0, target=10, current=-3)   # −0.3 → 0.0
    _inp, result = one_goal(add)
    assert result.metric_points.tolist() == [100.0, 0.0]
    assert result.metric_band.tolist() == [Band.KR_DONE, Band.KR_NOT_STARTED]
    assert result.goal_points[0] == 50.0


@pytest.mark.parametrize(("aspirational", "current", "on_target"), [
    (True, 7, True),     # aspirational 0.7: success
    (True, 6, False),    # aspirational 0.6
    (False, 7, False),   # committed 0.7 falls short
    (False, 10, True),   # committed needs 1.0
])
def test_an_aspirational_okr_is_on_target_at_point_7_a_committed_one_at_1(
        aspirational: bool, current: float, on_target: bool) -> None:
    _inp, result = one_goal(
        lambda b, g: b.add_key_result(g, start=0, target=10, current=current),
        aspirational=aspirational)
    assert bool(result.goal_on_target[0]) is on_target


def test_key_results_without_a_current_value_are_left_out_of_the_grade() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_key_result(g, start=0, target=10, current=8)
        b.add_key_result(g, start=0, target=10, current=None)
    _inp, result = one_goal(add)
    assert result.goal_points[0] == 80.0


# --- Balanced Scorecard (G3) ------------------------------------------------------------------


def test_a_scorecard_weighs_measures_in_a_perspective_then_the_perspectives() -> None:
    # groups: 0 financial (60), 1 customer (40), 2 internal process (20), 3 learning (10)
    def add(b: InputBuilder, g: int) -> None:
        b.add_curve(g, higher=True, threshold=80, target=100, stretch=120, actual=110,
                    weight=2, group=0)                      # 110
        b.add_curve(g, higher=True, threshold=10, target=15, stretch=20, actual=12.5,
                    group=0)                                # 60 + 2.5 / 5 × 40 = 80
        b.add_curve(g, higher=True, threshold=30, target=50, stretch=70, actual=60,
                    group=1)                                # 110
        b.add_curve(g, higher=True, threshold=1, target=2, stretch=3, actual=None,
                    group=2)                                # not measured: left out
    _inp, result = one_goal(add, groups=4, group_weights=[60, 40, 20, 10])
    # financial (2 × 110 + 80) / 3 = 100; customer 110
    assert result.group_points[0, :2].tolist() == pytest.approx([100.0, 110.0])
    assert np.isnan(result.group_points[0, 2:]).all()
    # perspectives with scored measures: (60 × 100 + 40 × 110) / (60 + 40) = 104
    assert result.goal_points[0] == pytest.approx(104.0)


# --- Projects (G4) ----------------------------------------------------------------------------


def test_project_milestones_score_on_time_late_floored_missed_and_not_yet_due() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_milestone(g, due=50, accepted=48)               # early: 100
        b.add_milestone(g, due=60, accepted=63, weight=2)     # 3 days late: 100 − 3 × 2 = 94
        b.add_milestone(g, due=70, accepted=100)              # 30 late: 40 → floor 50
        b.add_milestone(g, due=80, accepted=None)             # past due, not accepted: 0
        b.add_milestone(g, due=90, accepted=101)              # accepted after the as-of: 0
        b.add_milestone(g, due=120, accepted=None, weight=3)  # not yet due: not scored
        b.add_milestone(g, due=100, accepted=None)            # due today: not scored yet
        b.add_milestone(g, due=100, accepted=100)             # accepted on the due day: 100
    _inp, result = one_goal(add, as_of=100)
    points = result.milestone_points.tolist()
    assert points[:5] == [100.0, 94.0, 50.0, 0.0, 0.0]
    assert math.isnan(points[5])
    assert math.isnan(points[6])
    assert points[7] == 100.0
    assert result.milestone_state.tolist() == [
        MilestoneState.ON_TIME, MilestoneState.LATE, MilestoneState.LATE_FLOOR,
        MilestoneState.MISSED, MilestoneState.MISSED, MilestoneState.NOT_DUE,
        MilestoneState.NOT_DUE, MilestoneState.ON_TIME]
    assert result.milestone_days_late[:3].tolist() == [0.0, 3.0, 30.0]
    # (100 + 2 × 94 + 50 + 0 + 0 + 100) / (1 + 2 + 1 + 1 + 1 + 1) = 438 / 7
    assert result.goal_points[0] == pytest.approx(438 / 7)


def test_a_project_with_nothing_due_yet_has_no_points() -> None:
    _inp, result = one_goal(lambda b, g: b.add_milestone(g, due=200, accepted=None), as_of=100)
    assert math.isnan(result.goal_points[0])
    assert result.component_flag[0]


def test_late_penalty_and_floor_come_from_the_rules() -> None:
    rules = ScoringRules(project_late_penalty_per_day=5, project_late_floor=40)
    _inp, result = one_goal(lambda b, g: (b.add_milestone(g, due=10, accepted=14),
                                          b.add_milestone(g, due=10, accepted=30)),
                            as_of=30, rules=rules)
    assert result.milestone_points.tolist() == [80.0, 40.0]  # 100 − 4 × 5; 100 − 100 → 40


# --- Service (G5) and behaviour (G6) ----------------------------------------------------------


def test_a_service_goal_weighs_sla_measures_and_the_survey_mean() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_curve(g, higher=True, threshold=90, target=95, stretch=99, actual=97,
                    weight=2)                 # 100 + (97 − 95) / (99 − 95) × 20 = 110
        b.add_rating(g, value=4.2)            # (4.2 − 1) / 4 × 100 = 80
    _inp, result = one_goal(add)
    assert result.metric_points.tolist() == pytest.approx([110.0, 80.0])
    assert result.goal_points[0] == pytest.approx(100.0)  # (2 × 110 + 80) / 3


def test_behaviour_ratings_map_1_to_5_onto_0_to_100() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_rating(g, value=4)               # 75
        b.add_rating(g, value=3.5)             # 62.5
        b.add_rating(g, value=5, weight=2)     # 100
        b.add_rating(g, value=1)               # 0
        b.add_rating(g, value=None)            # not rated: left out
    _inp, result = one_goal(add)
    assert result.metric_points[:4].tolist() == [75.0, 62.5, 100.0, 0.0]
    # (75 + 62.5 + 2 × 100 + 0) / 5 = 67.5
    assert result.goal_points[0] == pytest.approx(67.5)


# --- schemes (G7) -----------------------------------------------------------------------------


def mature_sales(process_actual: float | None) -> tuple[Input, Result]:
    """Result KPIs 70 (two goals, weights 60 and 40) + process KPIs 30 (one goal)."""
    b = InputBuilder()
    s = b.add_subject()
    results, process = b.add_component(s, 70), b.add_component(s, 30)
    for weight, actual in ((60, 110), (40, 90)):  # 110 and 80 points
        b.add_curve(b.add_goal(results, weight), higher=True, threshold=80, target=100,
                    stretch=120, actual=actual)
    b.add_curve(b.add_goal(process, 1), higher=True, threshold=80, target=100, stretch=120,
                actual=process_actual)
    inp = b.build(as_of=0)
    return inp, score(inp)


def test_a_scheme_score_is_the_weighted_mean_of_its_components() -> None:
    _inp, result = mature_sales(120)
    # result KPIs (60 × 110 + 40 × 80) / 100 = 98; process 120
    assert result.component_points.tolist() == pytest.approx([98.0, 120.0])
    # (70 × 98 + 30 × 120) / 100 = 104.6 → A (100 ≤ 104.6 < 110)
    assert result.subject_score[0] == pytest.approx(104.6)
    assert rating_label(int(result.subject_rating[0]), RatingScale()) == "A"


def test_a_missing_component_is_renormalised_away_and_flagged_never_counted_as_0() -> None:
    _inp, result = mature_sales(None)
    assert result.component_flag.tolist() == [False, True]
    assert math.isnan(result.component_points[1])
    # 70 × 98 / 70 = 98, not 70 × 98 / 100 = 68.6 → B
    assert result.subject_score[0] == pytest.approx(98.0)
    assert result.subject_weight_used[0] == 70.0
    assert result.subject_weight_total[0] == 100.0
    assert rating_label(int(result.subject_rating[0]), RatingScale()) == "B"


def test_support_function_scheme_from_three_paradigms() -> None:
    b = InputBuilder()
    s = b.add_subject()
    kpis, service, behaviour = (b.add_component(s, w) for w in (40, 40, 20))
    b.add_curve(b.add_goal(kpis, 1), higher=True, threshold=80, target=100, stretch=120,
                actual=100)                                           # 100
    g = b.add_goal(service, 1)
    b.add_curve(g, higher=True, threshold=90, target=95, stretch=99, actual=97, weight=2)
    b.add_rating(g, value=4.2)                                        # (2 × 110 + 80) / 3 = 100
    g = b.add_goal(behaviour, 1)
    for value in (4, 3.5):
        b.add_rating(g, value=value)                                  # (75 + 62.5) / 2 = 68.75
    result = score(b.build(as_of=0))
    # (40 × 100 + 40 × 100 + 20 × 68.75) / 100 = 93.75 → B
    assert result.subject_score[0] == pytest.approx(93.75)
    assert result.subject_rating[0] == 2


def test_a_subject_with_nothing_scored_has_no_score_and_no_rating() -> None:
    b = InputBuilder()
    s = b.add_subject()
    b.add_curve(b.add_goal(b.add_component(s, 100), 1), higher=True, threshold=1, target=2,
                stretch=None, actual=None)
    result = score(b.build(as_of=0))
    assert math.isnan(result.subject_score[0])
    assert result.subject_rating[0] == -1
    assert rating_label(-1, RatingScale()) is None


def test_goals_outside_any_component_are_scored_but_count_towards_no_scheme() -> None:
    b = InputBuilder()
    s = b.add_subject()
    b.add_curve(b.add_goal(b.add_component(s, 100), 1), higher=True, threshold=80, target=100,
                stretch=120, actual=100)
    b.add_curve(b.add_goal(-1, 1), higher=True, threshold=80, target=100, stretch=120,
                actual=120)  # e.g. a unit's goal
    result = score(b.build(as_of=0))
    assert result.goal_points.tolist() == [100.0, 120.0]
    assert result.subject_score[0] == 100.0


@pytest.mark.parametrize(("value", "rating"), [
    (120, "S"), (110, "S"), (109.99, "A"), (100, "A"), (99.99, "B"), (85, "B"), (84.99, "C"),
    (60, "C"), (59.99, "D"), (0, "D"),
])
def test_the_default_scale_rates_s_a_b_c_d(value: float, rating: str) -> None:
    scale = RatingScale()
    assert rating_label(int(rate(np.asarray([value]), scale)[0]), scale) == rating == scale.rate(
        value)


def test_float_noise_just_under_a_minimum_still_reaches_the_rating() -> None:
    scale = RatingScale()
    assert rating_label(int(rate(np.asarray([109.99999999999999]), scale)[0]), scale) == "S"


def test_a_custom_scale_rates_with_its_own_bands() -> None:
    scale = RatingScale.from_json([{"rating": "优秀", "min": 95}, {"rating": "合格", "min": 70},
                                   {"rating": "待改进", "min": None}])
    ratings = rate(np.asarray([96.0, 95.0, 80.0, 69.0, NAN]), scale)
    assert [rating_label(int(i), scale) for i in ratings] == [
        "优秀", "优秀", "合格", "待改进", None]


def test_arrays_that_disagree_in_length_or_refer_outside_are_refused() -> None:
    b = InputBuilder()
    b.add_curve(0, higher=True, threshold=1, target=2, stretch=3, actual=2)
    with pytest.raises(ValueError, match=r"metrics\.goal"):
        b.build(as_of=0)  # metric of goal 0, but there is no goal


# --- properties -------------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.01, max_value=1000, allow_nan=False)


@st.composite
def curves(draw: st.DrawFn) -> tuple[float, float, float | None]:
    threshold = draw(finite)
    target = threshold + draw(st.floats(min_value=0.001, max_value=1e5))
    has_stretch = draw(st.booleans())
    stretch = target + draw(st.floats(min_value=0.001, max_value=1e5)) if has_stretch else None
    return threshold, target, stretch


@settings(max_examples=300, deadline=None)
@given(curves(), finite, finite)
def test_more_actual_never_lowers_points_when_higher_is_better(
        curve: tuple[float, float, float | None], a: float, b: float) -> None:
    threshold, target, stretch = curve
    low, high = sorted((a, b))
    assert (kpi(low, threshold=threshold, target=target, stretch=stretch)[0]
            <= kpi(high, threshold=threshold, target=target, stretch=stretch)[0])


@settings(max_examples=300, deadline=None)
@given(curves(), finite, finite)
def test_more_actual_never_raises_points_when_lower_is_better(
        curve: tuple[float, float, float | None], a: float, b: float) -> None:
    # Mirror a higher-is-better curve: threshold > target > stretch.
    threshold, target, stretch = (-curve[0], -curve[1], None if curve[2] is None else -curve[2])
    low, high = sorted((a, b))
    assert (kpi(low, threshold=threshold, target=target, stretch=stretch, higher=False)[0]
            >= kpi(high, threshold=threshold, target=target, stretch=stretch, higher=False)[0])


@settings(max_examples=300, deadline=None)
@example(items=[("curve", 0.0, 0.0, 0.0, 0.0, True, 128.0),
                ("curve", 0.0, 0.0, 0.0, 0.0, True, 0.01)])  # a mean of caps one ulp above
@given(st.lists(st.tuples(st.sampled_from(["curve", "kr", "rating", "milestone"]), finite,
                          finite, finite, finite, st.booleans(), positive),
                min_size=1, max_size=12))
def test_points_stay_within_0_and_the_cap_whatever_the_input(
        items: list[tuple[str, float, float, float, float, bool, float]]) -> None:
    # Any numbers, even inconsistent thresholds: never below 0 nor above 120.
    b = InputBuilder()
    c = b.add_component(b.add_subject(), 100)
    for kind, x, y, z, actual, flag, weight in items:
        g = b.add_goal(c, weight)
        if kind == "curve":
            b.add_curve(g, higher=flag, threshold=x, target=y, stretch=z if flag else None,
                        actual=actual, weight=weight)
        elif kind == "kr":
            b.add_key_result(g, start=x, target=y, current=actual, weight=weight)
        elif kind == "rating":
            b.add_rating(g, value=actual, weight=weight)
        else:
            b.add_milestone(g, due=int(x), accepted=int(y) if flag else None, weight=weight)
    result = score(b.build(as_of=int(z)))
    for values in (result.metric_points, result.milestone_points, result.goal_points,
                   result.component_points, result.subject_score):
        known = values[~np.isnan(values)]
        assert ((known >= 0) & (known <= 120)).all()


@st.composite
def schemes(draw: st.DrawFn) -> list[tuple[float, list[tuple[float, list[tuple[float, float]]]]]]:
    """Components (weight, goals (weight, metrics (weight, actual)))."""
    metric = st.tuples(positive, st.one_of(st.none(), st.floats(0, 200)))
    goal = st.tuples(positive, st.lists(metric, min_size=1, max_size=3))
    component = st.tuples(positive, st.lists(goal, min_size=0, max_size=3))
    return draw(st.lists(component, min_size=1, max_size=4))


def scheme_score(spec: list[tuple[float, list[tuple[float, list[tuple[float, float]]]]]],
                 factor: float = 1.0) -> float:
    b = InputBuilder()
    s = b.add_subject()
    for component_weight, goals in spec:
        c = b.add_component(s, component_weight * factor)
        for goal_weight, metrics in goals:
            g = b.add_goal(c, goal_weight * factor)
            for metric_weight, actual in metrics:
                b.add_curve(g, higher=True, threshold=80, target=100, stretch=120,
                            actual=actual, weight=metric_weight * factor)
    return float(score(b.build(as_of=0)).subject_score[0])


@settings(max_examples=200, deadline=None)
@given(schemes(), st.floats(min_value=0.01, max_value=100))
def test_scaling_all_weights_by_a_positive_factor_changes_nothing(
        spec: list[tuple[float, list[tuple[float, list[tuple[float, float]]]]]],
        factor: float) -> None:
    plain, scaled = scheme_score(spec), scheme_score(spec, factor)
    assert (math.isnan(plain) and math.isnan(scaled)) or scaled == pytest.approx(plain,
                                                                                  rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(schemes(), positive, st.lists(st.tuples(positive, st.lists(
    st.tuples(positive, st.none()), min_size=1, max_size=2)), max_size=2))
def test_a_component_without_scored_goals_never_changes_the_score(
        spec: list[tuple[float, list[tuple[float, list[tuple[float, float]]]]]],
        weight: float, unscored: list[tuple[float, list[tuple[float, None]]]]) -> None:
    with_missing = [*spec, (weight, unscored)]
    plain, missing = scheme_score(spec), scheme_score(with_missing)  # type: ignore[arg-type]
    assert (math.isnan(plain) and math.isnan(missing)) or missing == pytest.approx(plain,
                                                                                   rel=1e-12)


def test_many_subjects_score_in_one_call_each_on_their_own() -> None:
    b = InputBuilder()
    for actual in (70, 90, 110, None):  # 0, 80, 110 points, not scored
        c = b.add_component(b.add_subject(), 100)
        b.add_curve(b.add_goal(c, 1), higher=True, threshold=80, target=100, stretch=120,
                    actual=actual)
    result = score(b.build(as_of=0))
    assert result.subject_score[:3].tolist() == pytest.approx([0.0, 80.0, 110.0])
    assert math.isnan(result.subject_score[3])
    assert [rating_label(int(i), RatingScale()) for i in result.subject_rating] == [
        "D", "C", "S", None]
