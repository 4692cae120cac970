"""The pure scoring engine on 100,000 people × 8 goals of mixed paradigms (target: under 1 s).

Each person has a scheme of three components and eight goals: two KPIs (one lower-is-better)
and a behaviour goal in the first component, an OKR (3 key results) and a scorecard (4
measures in 4 perspectives) in the second, a project (4 milestones) and a service goal (2 SLAs
and a survey) in the third. About 10 % of values are missing (not yet measured). The arrays are
built with NumPy, outside the timing; the figure is `scoring.score` alone, plus progress.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import numpy as np

from benchmarks.common import Report, emit, run_child

PEOPLE, QUICK_PEOPLE = 100_000, 10_000
GOALS_PER_PERSON = 8
REPEATS = 5
TARGET_SECONDS = 1.0

# Per person: (component, paradigm, metrics as (scoring, group), milestones)
CURVE, KEY_RESULT, RATING = 0, 1, 2
LAYOUT: list[tuple[int, str, list[tuple[int, int]], int]] = [
    (0, "kpi", [(CURVE, 0)], 0),
    (0, "kpi lower", [(CURVE, 0)], 0),
    (0, "behaviour", [(RATING, 0)] * 3, 0),
    (1, "okr", [(KEY_RESULT, 0)] * 3, 0),
    (1, "bsc", [(CURVE, 0), (CURVE, 1), (CURVE, 2), (CURVE, 3)], 0),
    (2, "project", [], 4),
    (2, "service", [(CURVE, 0), (CURVE, 0), (RATING, 0)], 0),
    (0, "kpi", [(CURVE, 0)], 0),
]
COMPONENT_WEIGHTS = (50.0, 30.0, 20.0)


def run(quick: bool = False) -> Report:
    report = Report("scoring_engine")
    people = QUICK_PEOPLE if quick else PEOPLE
    child = run_child("benchmarks.scoring_engine", "--child", str(people))
    report.details = child
    median = child["score"]["median"]
    report.add(f"score {people:,} people × {GOALS_PER_PERSON} goals (median of {REPEATS})",
               median, "s", f"{child['metrics']:,} metrics, {child['milestones']:,} milestones")
    report.add("  ratio to the 1 s target", median / TARGET_SECONDS, "×",
               "under 1 is within target")
    report.add("  rate", people * GOALS_PER_PERSON / median, "goals/s")
    report.add("progress and status of the same goals (median)", child["progress"]["median"],
               "s")
    report.add("building the arrays (not timed above)", child["build_seconds"], "s")
    return report


def build(people: int, seed: int = 7) -> Any:
    """The engine's input for `people` people, built with array operations only."""
    from flexperf.goals import scoring

    rng = np.random.default_rng(seed)
    n_goals = people * GOALS_PER_PERSON
    person_of_goal = np.repeat(np.arange(people), GOALS_PER_PERSON)
    slot = np.tile(np.arange(GOALS_PER_PERSON), people)
    component_in_scheme = np.asarray([c for c, _p, _m, _s in LAYOUT])[slot]
    goals = scoring.Goals(
        component=person_of_goal * len(COMPONENT_WEIGHTS) + component_in_scheme,
        weight=rng.integers(1, 4, n_goals).astype(np.float64),
        group_weights=np.tile(np.asarray([40.0, 30.0, 20.0, 10.0]), (n_goals, 1)),
        aspirational=(slot == 3) & (rng.random(n_goals) < 0.5))

    # Metrics: per person the same layout, repeated.
    layout = [(g, kind, group, paradigm) for g, (_c, paradigm, metrics, _s) in enumerate(LAYOUT)
              for kind, group in metrics]
    per_person = len(layout)
    n = people * per_person
    goal = (np.repeat(np.arange(people), per_person) * GOALS_PER_PERSON
            + np.tile(np.asarray([g for g, _k, _gr, _p in layout]), people))
    kind = np.tile(np.asarray([k for _g, k, _gr, _p in layout], dtype=np.int8), people)
    group = np.tile(np.asarray([gr for _g, _k, gr, _p in layout]), people)
    lower = np.tile(np.asarray([p == "kpi lower" for _g, _k, _gr, p in layout]), people)
    target = rng.uniform(50, 150, n)
    threshold = np.where(lower, target * 1.2, target * 0.8)
    stretch = np.where(lower, target * 0.8, target * 1.2)
    stretch[rng.random(n) < 0.2] = np.nan
    actual = np.where(kind == RATING, rng.uniform(1, 5, n), target * rng.uniform(0.6, 1.4, n))
    actual[rng.random(n) < 0.1] = np.nan
    start = np.where(kind == KEY_RESULT, 0.0, np.nan)
    metrics = scoring.Metrics(
        goal=goal, scoring=kind, higher=~lower, threshold=threshold, target=target,
        stretch=stretch, start=start, actual=actual, weight=rng.integers(1, 4, n).astype(float),
        group=group)

    per = LAYOUT[5][3]
    project_goal = np.arange(people) * GOALS_PER_PERSON + 5
    m_goal = np.repeat(project_goal, per)
    due = np.tile(np.asarray([30.0, 90.0, 180.0, 300.0]), people)
    accepted = due + rng.integers(-5, 30, people * per)
    accepted[rng.random(people * per) < 0.3] = np.nan
    milestones = scoring.Milestones(goal=m_goal, due=due, accepted=accepted,
                                    weight=rng.integers(1, 3, people * per).astype(float))
    components = scoring.Components(
        subject=np.repeat(np.arange(people), len(COMPONENT_WEIGHTS)),
        weight=np.tile(np.asarray(COMPONENT_WEIGHTS), people))
    return scoring.Input(metrics=metrics, milestones=milestones, goals=goals,
                         components=components, subjects=people, as_of=200.0)


def child(people: int) -> None:
    from flexperf.goals import progress, scoring

    started = time.perf_counter()
    inp = build(people)
    build_seconds = time.perf_counter() - started
    seconds, progress_seconds = [], []
    result = scoring.score(inp)  # warm-up
    origin = progress.origins(np.full(len(inp.metrics), np.nan), inp.metrics.start,
                              inp.metrics.threshold, np.zeros(len(inp.metrics), dtype=bool))
    timeline = progress.Timeline(start=0, end=365, as_of=200)
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = scoring.score(inp)
        seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        progress.goal_progress(inp, origin, timeline)
        progress_seconds.append(time.perf_counter() - started)
    scored = ~np.isnan(result.subject_score)
    emit({
        "people": people, "goals": len(inp.goals), "metrics": len(inp.metrics),
        "milestones": len(inp.milestones), "build_seconds": build_seconds,
        "score": {"seconds": seconds, "median": statistics.median(seconds)},
        "progress": {"seconds": progress_seconds,
                     "median": statistics.median(progress_seconds)},
        "mean_score": float(result.subject_score[scored].mean()),
        "ratings": {label: int(np.count_nonzero(result.subject_rating == i))
                    for i, label in enumerate(("S", "A", "B", "C", "D"))},
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    child(parser.parse_args().child)
