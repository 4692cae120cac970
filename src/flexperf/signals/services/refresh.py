"""Recomputing weekly features: only the touched weeks (incremental), or every week."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from flexperf.core.events import emit
from flexperf.org.models import Person
from flexperf.signals import events
from flexperf.signals.bulk import insert_rows
from flexperf.signals.domains import domain_frame, local_tz
from flexperf.signals.features import FEATURE_COLUMNS, compute_person_weeks, monday
from flexperf.signals.models import DirtyWeek, PersonWeekFeatures, WorkEvent

WEEKS_PER_PASS = 8  # bounds memory: a pass reads this many weeks of events at once


@dataclass(frozen=True)
class RefreshSummary:
    weeks: tuple[dt.date, ...]
    rows: int
    people: int
    events: int
    seconds: float


def read_events(weeks: Sequence[dt.date]) -> pl.DataFrame:
    """The events of these weeks as the engine's frame (occurred_at in local time). One plain
    SQL read: the ORM's per-row conversions cost more than the whole feature computation."""
    table = WorkEvent._meta.db_table
    marks = ", ".join(["%s"] * len(weeks))
    sql = (f"SELECT person_id, week_start, kind, occurred_at, hours, quality, due_on, "  # noqa: S608
           f"done_on, counterparts FROM {table} WHERE person_id IS NOT NULL "
           f"AND week_start IN ({marks})")
    with connection.cursor() as cursor:
        cursor.execute(sql, [w.isoformat() if connection.vendor == "sqlite" else w
                             for w in weeks])
        rows = cursor.fetchall()
    names = ["person_id", "week_start", "kind", "occurred_at", "hours", "quality", "due_on",
             "done_on", "counterparts"]
    frame = pl.DataFrame(rows, schema=names, orient="row")
    casts: list[pl.Expr] = []
    for name in ("week_start", "due_on", "done_on"):
        column = pl.col(name)
        casts.append((column.cast(pl.Utf8).str.to_date("%Y-%m-%d", strict=False)
                      if frame.schema[name] in (pl.Utf8, pl.Null) else column.cast(pl.Date))
                     .alias(name))
    stamp = pl.col("occurred_at")
    if frame.schema["occurred_at"] in (pl.Utf8, pl.Null):
        stamp = stamp.cast(pl.Utf8).str.slice(0, 19).str.to_datetime(
            "%Y-%m-%d %H:%M:%S", time_unit="us", strict=False).dt.replace_time_zone("UTC")
    casts.append(stamp.dt.convert_time_zone(local_tz()).dt.replace_time_zone(None)
                 .alias("occurred_at"))
    return frame.with_columns(
        pl.col("person_id").cast(pl.Int64), pl.col("kind").cast(pl.Utf8),
        pl.col("hours").cast(pl.Float64), pl.col("quality").cast(pl.Float64),
        pl.col("counterparts").cast(pl.Utf8), *casts)


def read_people() -> pl.DataFrame:
    rows = list(Person.objects.values_list("pk", "unit_id", "hire_date", "leave_date"))
    return pl.DataFrame(rows, schema={"person_id": pl.Int64, "unit_id": pl.Int64,
                                      "hire_date": pl.Date, "leave_date": pl.Date},
                        orient="row")


def store(frame: pl.DataFrame, weeks: Sequence[dt.date]) -> int:
    """Replace the stored features of these weeks with `frame`'s rows."""
    now = timezone.now()
    names = ["person_id", "week_start", "unit_id", *FEATURE_COLUMNS, "events"]
    with transaction.atomic():
        PersonWeekFeatures.objects.filter(week_start__in=list(weeks)).delete()
        count = insert_rows(PersonWeekFeatures, [*names, "computed_at"],
                            ((*row, now) for row in frame.select(names).iter_rows()))
        DirtyWeek.objects.filter(week_start__in=list(weeks)).delete()
    return count


def all_event_weeks() -> list[dt.date]:
    return sorted(WorkEvent.objects.filter(person__isnull=False)
                  .values_list("week_start", flat=True).distinct())


def refresh_features(*, weeks: Iterable[dt.date] | None = None) -> RefreshSummary:
    """Recompute the features of the given weeks (any day stands for its Monday), or of every
    week with events when `weeks` is None. Other weeks' rows are left untouched."""
    started = time.perf_counter()
    chosen = all_event_weeks() if weeks is None else sorted({monday(w) for w in weeks})
    people = read_people()
    ids = people["person_id"].to_list()
    rows = n_events = 0
    touched: set[int] = set()
    for i in range(0, len(chosen), WEEKS_PER_PASS):
        part = chosen[i:i + WEEKS_PER_PASS]
        frame_events = read_events(part)
        n_events += frame_events.height
        frame = compute_person_weeks(frame_events, people, weeks=part,
                                     domain=domain_frame(ids, part))
        touched.update(frame.filter(pl.col("events") > 0)["person_id"].to_list())
        rows += store(frame, part)
    summary = RefreshSummary(weeks=tuple(chosen), rows=rows, people=len(touched),
                             events=n_events, seconds=time.perf_counter() - started)
    if chosen:
        emit(events.FeaturesRefreshed(weeks=tuple(w.isoformat() for w in chosen),
                                      people=len(touched)))
    return summary


def refresh_dirty() -> RefreshSummary:
    """Recompute the weeks ingestion marked as touched since the last refresh."""
    weeks = list(DirtyWeek.objects.values_list("week_start", flat=True))
    return refresh_features(weeks=weeks)
