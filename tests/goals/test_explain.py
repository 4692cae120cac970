"""Explanations: plain sentences whose numbers are the engine's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flexperf.goals.explain import Explainer, Labels, number, points
from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.scoring import InputBuilder, score


def explain_one(paradigm: str, add: Callable[[InputBuilder, int], None], *,
                metrics: list[str] | None = None, milestones: list[str] | None = None,
                groups: int = 1, group_weights: list[float] | None = None,
                aspirational: bool = False, okr_type: str = "", as_of: int = 0,
                kinds: list[str] | None = None) -> tuple[Explainer, list[str]]:
    b = InputBuilder(groups=groups)
    c = b.add_component(b.add_subject(), 100)
    g = b.add_goal(c, 1, group_weights=group_weights, aspirational=aspirational)
    add(b, g)
    inp = b.build(as_of=as_of)
    labels = Labels(goals=["goal"], paradigms=[paradigm], metrics=metrics or [],
                    milestones=milestones or [], components=["Component"],
                    metric_kinds=kinds or [],
                    groups=["Financial", "Customer", "Internal process", "Learning & growth"],
                    okr_types=[okr_type])
    explainer = Explainer(inp, score(inp), labels, ScoringRules(), RatingScale())
    return explainer, explainer.goal_lines(0)


def curve(actual: float | None, *, higher: bool = True, threshold: float = 80,
          target: float = 100, stretch: float | None = 120) -> str:
    _e, lines = explain_one("kpi", lambda b, g: b.add_curve(
        g, higher=higher, threshold=threshold, target=target, stretch=stretch, actual=actual))
    assert len(lines) == 1
    return lines[0]


def test_a_kpi_between_target_and_stretch_shows_the_interpolation() -> None:
    assert curve(110) == ("Actual 110 is between target 100 and stretch 120: "
                          "100 + (110 − 100) / (120 − 100) × 20 = 110.0 points.")


def test_a_kpi_between_threshold_and_target_shows_the_interpolation() -> None:
    assert curve(90) == ("Actual 90 is between threshold 80 and target 100: "
                         "60 + (90 − 80) / (100 − 80) × 40 = 80.0 points.")


def test_a_lower_is_better_kpi_measures_distances_downwards() -> None:
    # 100 + (5 − 3.5) / (5 − 2) × 20 = 110
    assert curve(3.5, higher=False, threshold=10, target=5, stretch=2) == (
        "Actual 3.5 is between target 5 and stretch 2: 100 + (5 − 3.5) / (5 − 2) × 20 = "
        "110.0 points. (Lower is better.)")


@pytest.mark.parametrize(("actual", "stretch", "text"), [
    (70, 120, "Actual 70 misses the threshold 80: 0.0 points."),
    (130, 120, "Actual 130 reaches the stretch 120: capped at 120.0 points."),
    (130, None, "Actual 130 reaches the target 100 and there is no stretch: 100.0 points."),
    (None, 120, "No value measured yet: not scored."),
])
def test_each_band_of_the_kpi_curve_has_its_sentence(actual: float | None,
                                                     stretch: float | None, text: str) -> None:
    assert curve(actual, stretch=stretch) == text


def test_an_objective_names_each_key_result_grade_and_the_verdict() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_key_result(g, start=0, target=10, current=7)
        b.add_key_result(g, start=0, target=4, current=4)
    _e, lines = explain_one("okr", add, metrics=["新客户", "发布"], aspirational=True,
                            okr_type="aspirational")
    assert lines == [
        "新客户: (7 − 0) / (10 − 0) = grade 0.70.",
        "发布: Current 4 reaches the target 4: grade 1.00.",
        "Objective grade = weighted mean of 2 key-result grades = 0.85 → 85.0 points. "
        "Aspirational: on target from 0.70 — on target.",
    ]


def test_a_committed_objective_is_not_on_target_below_1() -> None:
    _e, lines = explain_one("okr", lambda b, g: b.add_key_result(g, start=0, target=10,
                                                                  current=7),
                            okr_type="committed")
    assert lines[-1].endswith("Committed: on target at 1.00 — not yet.")


def test_a_scorecard_shows_each_perspective_and_the_weighted_formula() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_curve(g, higher=True, threshold=80, target=100, stretch=120, actual=110,
                    weight=2, group=0)
        b.add_curve(g, higher=True, threshold=10, target=15, stretch=20, actual=12.5, group=0)
        b.add_curve(g, higher=True, threshold=30, target=50, stretch=70, actual=60, group=1)
    _e, lines = explain_one("bsc", add, groups=4, group_weights=[60, 40, 20, 10],
                            metrics=["Revenue", "Margin", "NPS"])
    assert lines[0].endswith("= 110.0 points. (weight 2)")
    assert lines[3:] == [
        "Financial (weight 60): weighted mean of 2 measures = 100.0 points.",
        "Customer (weight 40): weighted mean of 1 measure = 110.0 points.",
        "Scorecard: (60 × 100.0 + 40 × 110.0) / 100 = 104.0 points.",
    ]


def test_milestones_say_how_each_was_scored() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_milestone(g, due=10, accepted=10)
        b.add_milestone(g, due=20, accepted=23)
        b.add_milestone(g, due=30, accepted=60)
        b.add_milestone(g, due=40, accepted=None)
        b.add_milestone(g, due=80, accepted=None)
    _e, lines = explain_one("project", add, milestones=["Alpha", "Beta", "RC", "GA", "v2"],
                            as_of=60)
    assert lines == [
        "Milestone 'Alpha' accepted on time: 100.",
        "Milestone 'Beta' accepted 3 days late: 100 − 3 × 2 = 94.",
        "Milestone 'RC' accepted 30 days late: 100 − 30 × 2 is below the floor, so 50.",
        "Milestone 'GA' is past due and not accepted: 0.",
        "Milestone 'v2' is not due yet: not scored.",
        # (100 + 94 + 50 + 0) / 4 = 61
        "Project: weighted mean of 4 scored milestones = 61.0 points.",
    ]


def test_surveys_and_ratings_show_the_mapping_onto_points() -> None:
    def add(b: InputBuilder, g: int) -> None:
        b.add_curve(g, higher=True, threshold=90, target=95, stretch=99, actual=97, weight=2)
        b.add_rating(g, value=4.2)
    _e, lines = explain_one("service", add, metrics=["SLA", "CSAT"], kinds=["sla", "csat"])
    assert lines[1] == "CSAT: Survey mean 4.2 on 1–5: (4.2 − 1) / 4 × 100 = 80.0 points."
    assert lines[2] == "Goal: weighted mean of 2 scored measures = 100.0 points."
    _e, lines = explain_one("behaviour", lambda b, g: b.add_rating(g, value=4),
                            metrics=["协作"], kinds=["behaviour"])
    assert lines == ["协作: Rated 4 on 1–5: (4 − 1) / 4 × 100 = 75.0 points."]


def test_a_goal_with_nothing_scored_says_so() -> None:
    _e, lines = explain_one("behaviour", lambda b, g: (b.add_rating(g, value=None),
                                                        b.add_rating(g, value=None)),
                            metrics=["协作", "担当"])
    assert lines == ["协作: Not rated yet: not scored.", "担当: Not rated yet: not scored.",
                     "Nothing is scored yet, so the goal has no points."]
    _e, lines = explain_one("project", lambda b, g: None)
    assert lines == ["Nothing is scored yet, so the goal has no points."]


def test_a_scheme_explains_components_the_missing_one_and_the_score() -> None:
    b = InputBuilder()
    s = b.add_subject()
    results, process = b.add_component(s, 70), b.add_component(s, 30)
    for weight, actual in ((60, 110), (40, 90)):
        b.add_curve(b.add_goal(results, weight), higher=True, threshold=80, target=100,
                    stretch=120, actual=actual)
    b.add_curve(b.add_goal(process, 1), higher=True, threshold=80, target=100, stretch=120,
                actual=None)
    inp = b.build(as_of=0)
    labels = Labels(goals=["a", "b", "c"], paradigms=["kpi"] * 3, metrics=["m"] * 3,
                    milestones=[], components=["Result KPIs", "Process KPIs"])
    explainer = Explainer(inp, score(inp), labels, ScoringRules(), RatingScale())
    assert explainer.subject_lines(0) == [
        "Component 'Result KPIs' (weight 70): weighted mean of 2 scored goals = 98.0 points.",
        "Component 'Process KPIs' has no scored goals: left out and the other weights "
        "re-normalised (70 of 100 counted).",
        "Score = (70 × 98.0) / 70 = 98.0 → rating B (from 85).",
    ]
    assert explainer.flags(0) == [
        "Component 'Process KPIs' has no scored goals: left out of the score."]


def test_a_subject_without_scored_components_has_no_score_sentence() -> None:
    b = InputBuilder()
    b.add_component(b.add_subject(), 100)
    inp = b.build(as_of=0)
    explainer = Explainer(inp, score(inp), Labels([], [], [], [], ["KPI"]), ScoringRules(),
                          RatingScale())
    assert explainer.score_line(0) == "No component has scored goals yet: no score."


@pytest.mark.parametrize(("value", "text"), [
    (110.0, "110"), (1.5, "1.5"), (0.125, "0.125"), (2 / 3, "0.6667"), (-0.0, "0"),
    (1e-6, "0"),
])
def test_numbers_are_written_as_people_write_them(value: float, text: str) -> None:
    assert number(value) == text


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=200, allow_nan=False))
def test_the_points_in_a_kpi_sentence_are_the_engines(actual: float) -> None:
    b = InputBuilder()
    c = b.add_component(b.add_subject(), 100)
    b.add_curve(b.add_goal(c, 1), higher=True, threshold=80, target=100, stretch=120,
                actual=actual)
    inp = b.build(as_of=0)
    result = score(inp)
    explainer = Explainer(inp, result, Labels(["g"], ["kpi"], [""], [], ["c"]), ScoringRules(),
                          RatingScale())
    text = explainer.goal(0)
    assert f"{points(result.goal_points[0])} points." in text
    assert f"= {points(result.subject_score[0])} → rating" in explainer.score_line(0)
