"""The feature engine: work events (and what other domains know) → one row per person × week.

Pure Polars over plain frames: no ORM, no clock. `services.refresh_features` reads the rows,
calls :func:`compute_person_weeks` and stores the result; the benchmarks call it directly.

Definitions (per person and week, weeks start on Monday, times in local time):

* ``throughput``: tasks completed (``task_completed`` events).
* ``on_time_rate``: of the completed tasks with both a due and a done date, the share done on
  or before the due date; empty (null) when there are none.
* ``quality_avg``: mean quality score (1–5) of the week's events that carry one; null if none.
* ``hours``: hours logged on all events; ``meeting_hours``: on ``meeting`` events.
* ``after_hours_share``: share of the week's events outside 09:00–19:00 or on a weekend;
  null when there were no events.
* ``collaboration_breadth``: distinct counterparts (other people) in the week's events.
* ``cross_unit_interactions``: event × counterpart pairs where the counterpart works in
  another unit than the person.
* ``overdue_tasks``, ``milestones_missed``: counts of those events.
* From other domains (the ``domain`` frame): ``checkin_recency_days`` (days from the week's
  Sunday back to the last submitted check-in, null if none), ``feedback_given/received``,
  ``recognition_given/received`` (counts) and ``goal_trajectory_gap`` (expected minus actual
  progress, mean over the person's goals, in points of 0–1; positive = behind).

The grid is every person of ``people`` employed in the week (hired by its Sunday, not left
before its Monday) × the requested weeks (default: every week with an event or domain row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import polars as pl

FEATURE_COLUMNS: tuple[str, ...] = (
    "throughput", "on_time_rate", "quality_avg", "hours", "after_hours_share",
    "meeting_hours", "collaboration_breadth", "cross_unit_interactions",
    "checkin_recency_days", "feedback_given", "feedback_received", "recognition_given",
    "recognition_received", "goal_trajectory_gap", "overdue_tasks", "milestones_missed",
)
# Columns that stay null when there is nothing to measure; every other one is 0 then.
NULLABLE: frozenset[str] = frozenset({"on_time_rate", "quality_avg", "after_hours_share",
                                      "checkin_recency_days", "goal_trajectory_gap"})
DOMAIN_COLUMNS: tuple[str, ...] = (
    "checkin_recency_days", "feedback_given", "feedback_received", "recognition_given",
    "recognition_received", "goal_trajectory_gap",
)
WORK_START_HOUR = 9
WORK_END_HOUR = 19

EVENT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.Int64, "week_start": pl.Date, "kind": pl.Utf8,
    "occurred_at": pl.Datetime("us"), "hours": pl.Float64, "quality": pl.Float64,
    "due_on": pl.Date, "done_on": pl.Date, "counterparts": pl.Utf8,
}
PEOPLE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.Int64, "unit_id": pl.Int64, "hire_date": pl.Date, "leave_date": pl.Date,
}


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def output_schema() -> dict[str, pl.DataType | type[pl.DataType]]:
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "person_id": pl.Int64, "week_start": pl.Date, "unit_id": pl.Int64}
    schema.update({c: pl.Float64 for c in FEATURE_COLUMNS})
    schema["events"] = pl.Int64
    return schema


def _events(events: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in EVENT_SCHEMA if c not in events.columns]
    frame = events.with_columns([pl.lit(None, dtype=EVENT_SCHEMA[c]).alias(c) for c in missing])
    stamp = frame.schema["occurred_at"]
    occurred = pl.col("occurred_at")
    if isinstance(stamp, pl.Datetime) and stamp.time_zone is not None:
        occurred = occurred.dt.replace_time_zone(None)  # the caller gives local time
    elif not isinstance(stamp, pl.Datetime):
        occurred = occurred.cast(pl.Datetime("us"))
    counterparts = pl.col("counterparts")
    if frame.schema["counterparts"] in (pl.Utf8, pl.Null):
        counterparts = (counterparts.cast(pl.Utf8).fill_null("").str.split(",")
                        .list.eval(pl.element().cast(pl.Int64, strict=False)))
    return frame.select(
        pl.col("person_id").cast(pl.Int64), pl.col("week_start").cast(pl.Date),
        pl.col("kind").cast(pl.Utf8), occurred.alias("occurred_at"),
        pl.col("hours").cast(pl.Float64), pl.col("quality").cast(pl.Float64),
        pl.col("due_on").cast(pl.Date), pl.col("done_on").cast(pl.Date),
        counterparts.alias("counterparts"),
    ).filter(pl.col("person_id").is_not_null())


def _people(people: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in PEOPLE_SCHEMA if c not in people.columns]
    frame = people.with_columns([pl.lit(None, dtype=PEOPLE_SCHEMA[c]).alias(c)
                                 for c in missing])
    return frame.select([pl.col(c).cast(t) for c, t in PEOPLE_SCHEMA.items()]).unique(
        "person_id", keep="first")


def event_aggregates(events: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """Per person × week with at least one event: the event-derived features."""
    ev = _events(events)
    kind = pl.col("kind")
    done = kind == "task_completed"
    known = done & pl.col("due_on").is_not_null() & pl.col("done_on").is_not_null()
    hour = pl.col("occurred_at").dt.hour()
    after = (hour < WORK_START_HOUR) | (hour >= WORK_END_HOUR) | (
        pl.col("occurred_at").dt.weekday() >= 6)
    base = ev.group_by("person_id", "week_start").agg(
        done.sum().cast(pl.Float64).alias("throughput"),
        known.sum().alias("_known"),
        (known & (pl.col("done_on") <= pl.col("due_on"))).sum().alias("_on_time"),
        pl.col("quality").mean().alias("quality_avg"),
        pl.col("hours").fill_null(0.0).sum().alias("hours"),
        after.sum().alias("_after"),
        pl.len().alias("events"),
        pl.col("hours").filter(kind == "meeting").fill_null(0.0).sum().alias("meeting_hours"),
        (kind == "task_overdue").sum().cast(pl.Float64).alias("overdue_tasks"),
        (kind == "milestone_missed").sum().cast(pl.Float64).alias("milestones_missed"),
    ).with_columns(
        pl.when(pl.col("_known") > 0).then(pl.col("_on_time") / pl.col("_known"))
        .otherwise(None).alias("on_time_rate"),
        (pl.col("_after") / pl.col("events")).alias("after_hours_share"),
        pl.col("events").cast(pl.Int64),
    ).drop("_known", "_on_time", "_after")

    units = _people(people).select("person_id", "unit_id")
    pairs = (ev.select("person_id", "week_start", pl.col("counterparts").alias("other"))
             .explode("other").with_columns(pl.col("other").cast(pl.Int64))
             .filter(pl.col("other").is_not_null() & (pl.col("other") != pl.col("person_id")))
             .join(units, on="person_id", how="left")
             .join(units.rename({"person_id": "other", "unit_id": "other_unit"}), on="other",
                   how="left"))
    collab = pairs.group_by("person_id", "week_start").agg(
        pl.col("other").n_unique().cast(pl.Float64).alias("collaboration_breadth"),
        (pl.col("other_unit").is_not_null() & pl.col("unit_id").is_not_null()
         & (pl.col("other_unit") != pl.col("unit_id"))).sum().cast(pl.Float64)
        .alias("cross_unit_interactions"),
    )
    return base.join(collab, on=["person_id", "week_start"], how="left")


def compute_person_weeks(events: pl.DataFrame, people: pl.DataFrame, *,
                         weeks: Iterable[dt.date] | None = None,
                         domain: pl.DataFrame | None = None) -> pl.DataFrame:
    """The features of every person of `people` employed in each week (see the module
    docstring for each column). `events` columns: person_id, week_start, kind, occurred_at
    (local time), hours, quality, due_on, done_on, counterparts ("1,2" or a list of ids);
    `people`: person_id, unit_id[, hire_date, leave_date]; `domain`: person_id, week_start
    and any of DOMAIN_COLUMNS."""
    agg = event_aggregates(events, people)
    dom = domain if domain is not None else pl.DataFrame(
        schema={"person_id": pl.Int64, "week_start": pl.Date})
    dom = dom.with_columns(pl.col("person_id").cast(pl.Int64), pl.col("week_start").cast(pl.Date))
    if weeks is None:
        week_list = sorted(set(agg["week_start"].to_list()) | set(dom["week_start"].to_list()))
    else:
        week_list = sorted({monday(w) for w in weeks})
    grid = _people(people).join(
        pl.DataFrame({"week_start": week_list}, schema={"week_start": pl.Date}), how="cross"
    ).filter(
        (pl.col("hire_date").is_null()
         | (pl.col("hire_date") <= pl.col("week_start") + pl.duration(days=6)))
        & (pl.col("leave_date").is_null() | (pl.col("leave_date") >= pl.col("week_start")))
    ).select("person_id", "week_start", "unit_id")
    out = grid.join(agg, on=["person_id", "week_start"], how="left")
    dom_cols = [c for c in DOMAIN_COLUMNS if c in dom.columns]
    if dom_cols:
        out = out.join(dom.select("person_id", "week_start", *dom_cols),
                       on=["person_id", "week_start"], how="left")
    out = out.with_columns([pl.lit(None, dtype=pl.Float64).alias(c)
                            for c in FEATURE_COLUMNS if c not in out.columns])
    return out.select(
        "person_id", "week_start", "unit_id",
        *[pl.col(c).cast(pl.Float64) if c in NULLABLE
          else pl.col(c).cast(pl.Float64).fill_null(0.0) for c in FEATURE_COLUMNS],
        pl.col("events").fill_null(0).cast(pl.Int64),
    ).sort("person_id", "week_start")


def pair_counts(pairs: pl.DataFrame, *, given: str, received: str) -> pl.DataFrame:
    """Counts per person × week of things given and received: `pairs` has from_id, to_id and
    week_start (e.g. feedback, recognition)."""
    frame = pairs.select(pl.col("from_id").cast(pl.Int64), pl.col("to_id").cast(pl.Int64),
                         pl.col("week_start").cast(pl.Date))
    out_given = frame.group_by(pl.col("from_id").alias("person_id"), "week_start").agg(
        pl.len().cast(pl.Float64).alias(given))
    out_received = frame.group_by(pl.col("to_id").alias("person_id"), "week_start").agg(
        pl.len().cast(pl.Float64).alias(received))
    return out_given.join(out_received, on=["person_id", "week_start"], how="full",
                          coalesce=True).with_columns(pl.col(given).fill_null(0.0),
                                                      pl.col(received).fill_null(0.0))


def recency_days(submitted: pl.DataFrame, people_ids: Sequence[int], weeks: Sequence[dt.date],
                 *, column: str = "checkin_recency_days") -> pl.DataFrame:
    """Days from each week's Sunday back to the person's latest date in `submitted` (person_id,
    on) on or before that Sunday; rows only where there is one."""
    if not people_ids or not weeks:
        return pl.DataFrame(schema={"person_id": pl.Int64, "week_start": pl.Date,
                                    column: pl.Float64})
    grid = pl.DataFrame({"person_id": list(people_ids)}, schema={"person_id": pl.Int64}).join(
        pl.DataFrame({"week_start": sorted(weeks)}, schema={"week_start": pl.Date}), how="cross"
    ).with_columns((pl.col("week_start") + pl.duration(days=6)).alias("sunday")).sort("sunday")
    dates = submitted.select(pl.col("person_id").cast(pl.Int64),
                             pl.col("on").cast(pl.Date)).sort("on")
    joined = grid.join_asof(dates, left_on="sunday", right_on="on", by="person_id",
                            strategy="backward", check_sortedness=False)
    return joined.filter(pl.col("on").is_not_null()).select(
        "person_id", "week_start",
        (pl.col("sunday") - pl.col("on")).dt.total_days().cast(pl.Float64).alias(column))


def team_aggregate(frame: pl.DataFrame) -> pl.DataFrame:
    """Per week over the people in `frame`: the mean of every feature (nulls skipped), the
    sums of the counts that add up, and how many people."""
    sums = ("throughput", "hours", "overdue_tasks", "milestones_missed", "meeting_hours",
            "cross_unit_interactions", "feedback_given", "feedback_received",
            "recognition_given", "recognition_received")
    if frame.is_empty():
        return pl.DataFrame(schema={"week_start": pl.Date, "people": pl.Int64,
                                    **{c: pl.Float64 for c in FEATURE_COLUMNS},
                                    **{f"{c}_total": pl.Float64 for c in sums}})
    return frame.group_by("week_start").agg(
        pl.col("person_id").n_unique().cast(pl.Int64).alias("people"),
        *[pl.col(c).mean().alias(c) for c in FEATURE_COLUMNS],
        *[pl.col(c).sum().alias(f"{c}_total") for c in sums],
    ).sort("week_start")
