"""The feature engine on constructed frames (pure, no database), with exact numbers."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from flexperf.signals.features import (
    FEATURE_COLUMNS,
    compute_person_weeks,
    pair_counts,
    recency_days,
    team_aggregate,
)
from flexperf.signals.sparkline import spark

MON = dt.date(2026, 1, 5)


def events(*rows: tuple[int, str, dt.datetime, float | None, int | None,
                        dt.date | None, dt.date | None, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [(p, MON, k, at, h, q, due, done, cp) for p, k, at, h, q, due, done, cp in rows],
        schema=["person_id", "week_start", "kind", "occurred_at", "hours", "quality", "due_on",
                "done_on", "counterparts"], orient="row")


PEOPLE = pl.DataFrame({"person_id": [1, 2, 3], "unit_id": [10, 10, 11]})


def test_every_event_feature_has_its_exact_value() -> None:
    frame = events(
        (1, "task_completed", dt.datetime(2026, 1, 5, 10), 2.0, 4, MON, MON, "2,3"),
        (1, "task_completed", dt.datetime(2026, 1, 6, 20), None, 2, MON, dt.date(2026, 1, 6), ""),
        (1, "task_completed", dt.datetime(2026, 1, 6, 11), 1.0, None, None, None, ""),
        (1, "meeting", dt.datetime(2026, 1, 10, 10), 1.5, None, None, None, "2,3,1"),
        (1, "task_overdue", dt.datetime(2026, 1, 7, 8, 59), None, None, None, None, ""),
        (1, "milestone_missed", dt.datetime(2026, 1, 7, 19), None, None, None, None, ""),
        (2, "message", dt.datetime(2026, 1, 7, 12), None, None, None, None, "1"),
    )
    out = {r["person_id"]: r for r in compute_person_weeks(frame, PEOPLE).to_dicts()}
    one = out[1]
    assert one["throughput"] == 3.0
    assert one["on_time_rate"] == 0.5  # one of the two with both dates was late
    assert one["quality_avg"] == 3.0
    assert one["hours"] == 4.5
    assert one["meeting_hours"] == 1.5
    # Tue 20:00, Sat 10:00, Wed 08:59 and Wed 19:00 are outside 09:00–19:00 or on a weekend.
    assert one["after_hours_share"] == 4 / 6
    assert one["collaboration_breadth"] == 2.0  # 2 and 3; self is not a counterpart
    assert one["cross_unit_interactions"] == 2.0  # person 3 (unit 11) twice
    assert (one["overdue_tasks"], one["milestones_missed"], one["events"]) == (1.0, 1.0, 6)
    assert out[2]["collaboration_breadth"] == 1.0
    assert out[2]["after_hours_share"] == 0.0
    three = out[3]  # no events: counts 0, rates empty
    assert three["events"] == 0
    assert three["hours"] == 0.0
    assert three["on_time_rate"] is None
    assert three["after_hours_share"] is None
    assert list(compute_person_weeks(frame, PEOPLE).columns) == [
        "person_id", "week_start", "unit_id", *FEATURE_COLUMNS, "events"]


def test_people_count_only_in_the_weeks_they_were_employed() -> None:
    people = pl.DataFrame({"person_id": [1, 2], "unit_id": [10, 10],
                           "hire_date": [dt.date(2026, 1, 11), dt.date(2026, 1, 12)],
                           "leave_date": [None, None]},
                          schema={"person_id": pl.Int64, "unit_id": pl.Int64,
                                  "hire_date": pl.Date, "leave_date": pl.Date})
    out = compute_person_weeks(events(), people, weeks=[MON, dt.date(2026, 1, 14)])
    assert out.select("person_id", "week_start").rows() == [
        (1, MON), (1, dt.date(2026, 1, 12)), (2, dt.date(2026, 1, 12))]


def test_domain_columns_are_joined_and_defaults_kept() -> None:
    domain = pl.DataFrame({"person_id": [2], "week_start": [MON], "feedback_received": [3.0],
                           "goal_trajectory_gap": [0.25]})
    out = {r["person_id"]: r for r in compute_person_weeks(events(), PEOPLE, weeks=[MON],
                                                            domain=domain).to_dicts()}
    assert out[2]["feedback_received"] == 3.0
    assert out[2]["goal_trajectory_gap"] == 0.25
    assert out[1]["feedback_received"] == 0.0
    assert out[1]["goal_trajectory_gap"] is None


def test_pair_counts_and_recency() -> None:
    pairs = pl.DataFrame({"from_id": [1, 1, 2], "to_id": [2, 3, 1],
                          "week_start": [MON, MON, MON]})
    counts = {r["person_id"]: (r["given"], r["received"]) for r in pair_counts(
        pairs, given="given", received="received").to_dicts()}
    assert counts == {1: (2.0, 1.0), 2: (1.0, 1.0), 3: (0.0, 1.0)}
    submitted = pl.DataFrame({"person_id": [1, 1], "on": [dt.date(2025, 12, 20),
                                                         dt.date(2026, 1, 20)]})
    rec = recency_days(submitted, [1, 2], [MON, dt.date(2026, 1, 19)]).sort("week_start")
    # Sunday 2026-01-11 − 2025-12-20 = 22 days; Sunday 01-25 − 01-20 = 5; person 2: no row.
    assert rec.rows() == [(1, MON, 22.0), (1, dt.date(2026, 1, 19), 5.0)]


def test_team_aggregate_means_and_totals() -> None:
    frame = compute_person_weeks(events(
        (1, "task_completed", dt.datetime(2026, 1, 5, 10), 6.0, None, None, None, ""),
        (2, "task_completed", dt.datetime(2026, 1, 5, 10), 2.0, None, None, None, "")),
        PEOPLE.filter(pl.col("person_id") < 3))
    team = team_aggregate(frame).to_dicts()[0]
    assert (team["people"], team["hours"], team["hours_total"], team["throughput_total"]) == (
        2, 4.0, 8.0, 2.0)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.sampled_from(["task_completed", "meeting",
                                                              "message"]),
                          st.integers(0, 6), st.integers(0, 23),
                          st.one_of(st.none(), st.floats(0, 10))), max_size=30))
def test_shares_stay_within_0_and_1_and_hours_add_up(rows: list[tuple[int, str, int, int,
                                                                      float | None]]) -> None:
    frame = events(*[(p, k, dt.datetime.combine(MON + dt.timedelta(days=d), dt.time(h)), hrs,
                      None, None, None, "") for p, k, d, h, hrs in rows])
    out = compute_person_weeks(frame, PEOPLE, weeks=[MON])
    shares = out["after_hours_share"].drop_nulls()
    assert ((shares >= 0) & (shares <= 1)).all()
    assert abs(float(out["hours"].sum()) - sum(h or 0.0 for *_x, h in rows)) < 1e-6
    assert out["events"].sum() == len(rows)


def test_sparkline_points_skip_empty_weeks() -> None:
    line = spark([1.0, None, 3.0])
    assert line.points == "2.0,26.0 118.0,2.0"
    assert line.last == 3.0
    assert spark([None, None]).points == ""
