"""Weekly feature refresh: 10,000 people × 1,000,000 work events (26 weeks).

* the pure engine (`signals.features.compute_person_weeks`) on an in-memory frame;
* through the database: every week recomputed (`refresh_features()`: read the events, the
  other domains' columns, compute, replace the stored rows);
* one new day of events (≈1/182 of the total) ingested, then the incremental refresh of the
  one touched week (`refresh_dirty()`).

SQLite in a fresh data folder (PostgreSQL when DATABASE_URL is set). Events are inserted
untimed with the same plain inserts the demo loader uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time

import numpy as np
import polars as pl

from benchmarks.common import Report, emit, run_child, setup_django

PEOPLE, QUICK_PEOPLE = 10_000, 1_000
EVENTS, QUICK_EVENTS = 1_000_000, 100_000
WEEKS = 26
FIRST = dt.date(2026, 1, 5)
SEED = 5
KINDS = np.array(["task_completed", "task_created", "meeting", "message", "review_comment",
                  "task_overdue", "milestone_missed"])


def run(quick: bool = False) -> Report:
    report = Report("signals_features")
    people = QUICK_PEOPLE if quick else PEOPLE
    events = QUICK_EVENTS if quick else EVENTS
    args = ["--child", str(people), "--events", str(events)]
    if os.environ.get("DATABASE_URL"):
        args += ["--database-url", os.environ["DATABASE_URL"]]
    child = run_child("benchmarks.signals_features", *args)
    report.details = child
    scale = f"{child['people']:,} people × {child['events']:,} events"
    report.add(f"pure engine, {scale}", child["engine"], "s",
               f"{child['events'] / child['engine']:,.0f} events/s")
    report.add(f"refresh every week through the database, {scale}, {child['database']}",
               child["refresh_all"], "s", f"{child['rows']:,} person-weeks")
    report.add(f"one new day: ingest {child['day_events']:,} events", child["day_ingest"], "s",
               "")
    report.add("one new day: incremental refresh of the touched week", child["day_refresh"],
               "s", f"{child['day_rows']:,} person-weeks")
    report.add("setup: people and events inserted (not timed above)", child["setup"], "s", "")
    return report


def frames(people: int, events: int, ids: np.ndarray, units: np.ndarray
           ) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(SEED)
    who = rng.integers(0, len(ids), events)
    week = rng.integers(0, WEEKS, events)
    minute = rng.integers(0, 7 * 24 * 60, events)
    start = np.datetime64(FIRST.isoformat(), "m")
    occurred = start + (week * 7 * 24 * 60 + minute).astype("timedelta64[m]")
    other = ids[rng.integers(0, len(ids), events)]
    due = (np.datetime64(FIRST.isoformat(), "D") + (week * 7 + rng.integers(0, 7, events))
           .astype("timedelta64[D]"))
    late = rng.integers(-2, 3, events).astype("timedelta64[D]")
    ev = pl.DataFrame({
        "person_id": ids[who], "week_start": (np.datetime64(FIRST.isoformat(), "D")
                                              + (week * 7).astype("timedelta64[D]")),
        "kind": KINDS[rng.integers(0, len(KINDS), events)],
        "occurred_at": occurred.astype("datetime64[us]"),
        "hours": rng.uniform(0.2, 4, events).round(1),
        "quality": rng.integers(1, 6, events).astype(float),
        "due_on": due, "done_on": due + late, "counterparts": other.astype(str)})
    ev = ev.with_columns(pl.col("occurred_at").cast(pl.Datetime("us")),
                         pl.col("week_start").cast(pl.Date), pl.col("due_on").cast(pl.Date),
                         pl.col("done_on").cast(pl.Date))
    pp = pl.DataFrame({"person_id": ids, "unit_id": units})
    return ev, pp


def child(people: int, events: int) -> None:
    setup_django()
    from zoneinfo import ZoneInfo

    from django.db import connection

    from flexperf.core.actors import Actor
    from flexperf.org.demo import loader
    from flexperf.org.models import Person
    from flexperf.signals.bulk import insert_rows
    from flexperf.signals.domains import local_tz
    from flexperf.signals.features import compute_person_weeks
    from flexperf.signals.models import WorkEvent
    from flexperf.signals.services import ingestion
    from flexperf.signals.services.refresh import refresh_dirty, refresh_features
    from flexperf.signals.services.sources import create_source

    actor = Actor.system(username="benchmark")
    began = time.perf_counter()
    loader.load_demo(actor=actor, size=people, seed=SEED)
    rows = list(Person.objects.values_list("pk", "unit_id", "employee_number"))
    ids = np.array([r[0] for r in rows])
    units = np.array([r[1] for r in rows])
    ev, pp = frames(people, events, ids, units)

    t = time.perf_counter()
    out = compute_person_weeks(ev, pp)
    engine = time.perf_counter() - t

    source = create_source(actor=actor, code="bench", name="Bench", kind="custom").source
    tz = ZoneInfo(local_tz())
    columns = ("source_id", "external_id", "kind", "person_id", "occurred_at", "week_start",
               "hours", "quality", "due_on", "done_on", "counterparts", "metadata")
    insert_rows(WorkEvent, columns, (
        (source.pk, f"b{i}", r[2], r[0], r[3].replace(tzinfo=tz), r[1], r[4], int(r[5]), r[6],
         r[7], r[8], {}) for i, r in enumerate(ev.iter_rows())))
    setup = time.perf_counter() - began

    t = time.perf_counter()
    summary = refresh_features()
    refresh_all = time.perf_counter() - t

    numbers = [r[2] for r in rows]
    day = FIRST + dt.timedelta(weeks=WEEKS)
    count = max(1, events // (WEEKS * 7))
    rng = np.random.default_rng(SEED + 1)
    new = [(i + 1, {"external_id": f"day-{i}", "kind": "task_completed",
                    "person": numbers[int(rng.integers(0, len(numbers)))],
                    "occurred_at": f"{day.isoformat()}T{10 + i % 8:02d}:00:00", "hours": 1.5})
           for i in range(count)]
    t = time.perf_counter()
    ingestion.ingest(actor=actor, source="bench", rows=new, via="bulk_api", refresh=False)
    day_ingest = time.perf_counter() - t
    t = time.perf_counter()
    incremental = refresh_dirty()
    day_refresh = time.perf_counter() - t
    emit({"people": len(rows), "events": events, "engine": engine, "engine_rows": out.height,
          "refresh_all": refresh_all, "rows": summary.rows, "day_events": count,
          "day_ingest": day_ingest, "day_refresh": day_refresh, "day_rows": incremental.rows,
          "setup": setup, "database": connection.vendor})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    if options.database_url:
        os.environ["DATABASE_URL"] = options.database_url
    child(options.child, options.events)
