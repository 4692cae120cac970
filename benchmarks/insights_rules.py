"""The insight rules over a person-week frame: 10,000 people × the 6 weeks the default rules
read (quick: 1,000 people), in one process, no database — the pure part of
`insights.services.refresh_insights` (overload, cross-team help, feedback drought, team behind
its goals), with a few hundred people of each story planted so every rule finds something."""

from __future__ import annotations

import datetime as dt
import random
import time

from benchmarks.common import Report

SIZE, QUICK_SIZE = 10_000, 1_000
SEED = 11


def _frame(size: int) -> object:
    import polars as pl

    from flexperf.insights import rules

    rng = random.Random(SEED)
    last = dt.date(2026, 6, 22)
    weeks = rules.weeks_ending(last, 6)
    rows: dict[str, list[object]] = {k: [] for k in (
        "person_id", "week_start", "unit_id", "hours", "after_hours_share",
        "cross_unit_interactions", "feedback_given", "feedback_received",
        "goal_trajectory_gap", "on_time_rate")}
    for person in range(1, size + 1):
        unit = person // 12
        overloaded = person % 37 == 0
        helper = person % 53 == 0
        dry = person % 11 == 0
        for week in weeks:
            rows["person_id"].append(person)
            rows["week_start"].append(week)
            rows["unit_id"].append(unit)
            rows["hours"].append(rng.uniform(52, 62) if overloaded else rng.uniform(35, 46))
            rows["after_hours_share"].append(rng.uniform(0, 0.2))
            rows["cross_unit_interactions"].append(rng.randint(20, 30) if helper
                                                   else rng.randint(0, 3))
            rows["feedback_given"].append(0 if dry else rng.randint(0, 2))
            rows["feedback_received"].append(0 if dry else rng.randint(1, 2))
            rows["goal_trajectory_gap"].append(rng.uniform(-0.1, 0.25))
            rows["on_time_rate"].append(rng.uniform(0.5, 1.0))
    return pl.DataFrame(rows), last


def run(quick: bool = False) -> Report:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flexperf.settings")
    django.setup()  # translations only: the rules read no database
    from flexperf.insights import rules

    report = Report("insights_rules")
    size = QUICK_SIZE if quick else SIZE
    frame, last = _frame(size)  # type: ignore[misc]
    s = rules.RuleSettings()
    started = time.perf_counter()
    found = rules.person_rules(frame, last, s)
    people_seconds = time.perf_counter() - started
    started = time.perf_counter()
    teams = rules.team_weeks(frame).with_columns(goals=0, lagging=0)
    lagging = rules.team_lagging(teams, last, s)
    team_seconds = time.perf_counter() - started
    report.add(f"person rules (overload, help, drought), {size:,} people × 6 weeks",
               people_seconds, "s", f"{len(found)} findings")
    report.add(f"team behind its goals, {size // 12 + 1:,} teams", team_seconds, "s",
               f"{len(lagging)} findings")
    report.details = {"people": size, "weeks": 6, "rows": frame.height}  # type: ignore[attr-defined]
    return report
