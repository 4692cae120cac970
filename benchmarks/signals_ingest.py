"""Ingestion throughput of work signals: events per second through the bulk API (JSON lines
posted to /api/v1/signals/events/bulk, as an HR admin's session) and through a CSV file
(`signals import`), each for new events and for the same events sent again (all duplicates).

SQLite in a fresh data folder; PostgreSQL instead when DATABASE_URL is set (the database must
exist and be empty of flexperf tables, or be a throwaway one).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from typing import Any

from benchmarks.common import Report, emit, run_child, setup_django

EVENTS, QUICK_EVENTS = 200_000, 20_000
PEOPLE, QUICK_PEOPLE = 2_000, 500
SEED = 11
KINDS = ("task_completed", "task_created", "meeting", "message", "review_comment")


def run(quick: bool = False) -> Report:
    report = Report("signals_ingest")
    size = QUICK_EVENTS if quick else EVENTS
    people = QUICK_PEOPLE if quick else PEOPLE
    args = ["--child", str(size), "--people", str(people)]
    url = os.environ.get("DATABASE_URL")
    if url:
        args += ["--database-url", url]
    child = run_child("benchmarks.signals_ingest", *args)
    report.details = child
    db = child["database"]
    for key, label in (("api_new", "bulk API (JSON lines), new events"),
                       ("api_again", "bulk API, the same events again (duplicates)"),
                       ("csv_new", "CSV import, new events"),
                       ("csv_again", "CSV import, the same file again (duplicates)")):
        seconds = child[key]
        report.add(f"{label}, {child['events']:,} events, {db}", child["events"] / seconds,
                   "events/s", f"{seconds:.1f} s")
    return report


def _events(n: int, numbers: list[str], prefix: str) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    rows = []
    for i in range(n):
        day = 1 + rng.randrange(28)
        rows.append({
            "external_id": f"{prefix}-{i}", "kind": rng.choice(KINDS),
            "person": rng.choice(numbers),
            "occurred_at": f"2026-03-{day:02d}T{rng.randrange(8, 22):02d}:15:00+08:00",
            "hours": round(rng.uniform(0.5, 4), 1), "quality": rng.randint(1, 5),
            "counterparts": rng.sample(numbers, 2), "metadata": {"channel": "c1"}})
    return rows


def child(size: int, people: int) -> None:
    setup_django()
    from django.test import Client

    from flexperf.accounts.models import User
    from flexperf.core.actors import Actor
    from flexperf.org.demo import loader
    from flexperf.org.models import Person
    from flexperf.signals.services.importing import import_file
    from flexperf.signals.services.sources import create_source

    actor = Actor.system(username="benchmark")
    loader.load_demo(actor=actor, size=people, seed=SEED)
    create_source(actor=actor, code="bench-api", name="API", kind="custom")
    create_source(actor=actor, code="bench-csv", name="CSV", kind="custom")
    numbers = list(Person.objects.values_list("employee_number", flat=True))
    client = Client()
    client.force_login(User.objects.get(username="hr_admin"))
    body = ("\n".join(json.dumps(r) for r in _events(size, numbers, "api")) + "\n").encode()
    timings: dict[str, float] = {}
    for key in ("api_new", "api_again"):
        began = time.perf_counter()
        response = client.post("/api/v1/signals/events/bulk?source=bench-api", body,
                               content_type="application/x-ndjson")
        timings[key] = time.perf_counter() - began
        assert response.status_code == 200, response.content[:300]
    rows = _events(size, numbers, "csv")
    lines = ["external_id,kind,person,occurred_at,hours,quality,counterparts,channel"]
    lines += [f"{r['external_id']},{r['kind']},{r['person']},{r['occurred_at']},{r['hours']},"
              f"{r['quality']},{';'.join(r['counterparts'])},c1" for r in rows]
    data = ("\n".join(lines) + "\n").encode()
    for key in ("csv_new", "csv_again"):
        began = time.perf_counter()
        report = import_file(actor=actor, source="bench-csv", data=data, filename="e.csv")
        timings[key] = time.perf_counter() - began
        assert report.rejected == 0
    from django.db import connection

    emit({"events": size, "people": len(numbers), "database": connection.vendor, **timings})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    if options.database_url:
        os.environ["DATABASE_URL"] = options.database_url
    child(options.child, options.people)
