"""Peer-recognition award latency on SQLite with a year of ledger behind it.

The demo group (org demo) and a year of recognition (recognition demo: monthly budgets, peer
awards, contributions, rule points) are loaded first, untimed. Then, timed: AWARDS awards
through the service (budget row lock, anti-gaming reads, ledger post, audit entry, event), each
its own transaction, between random colleagues on the demo's date; and points_by_person for the
whole group over the year (the leaderboard's one GROUP BY query).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from benchmarks.common import Report, emit, percentile, run_child, setup_django

SIZE, QUICK_SIZE = 5_000, 500
AWARDS, QUICK_AWARDS = 500, 100
SEED = 7


def run(quick: bool = False) -> Report:
    report = Report("recognition_award")
    size, awards = (QUICK_SIZE, QUICK_AWARDS) if quick else (SIZE, AWARDS)
    child = run_child("benchmarks.recognition_award", "--child", str(size), str(awards))
    report.details = child
    report.add(f"award through the service, p50 ({child['entries']:,} ledger entries)",
               child["p50_ms"], "ms", f"p95 {child['p95_ms']:.1f} ms, "
               f"{child['refused']} of {child['awards']} refused (budget or caps)")
    report.add("award through the service, p95", child["p95_ms"], "ms")
    report.add(f"points_by_person, {child['people']:,} people, one year",
               child["points_by_person_ms"], "ms")
    report.add("setup: demo group and a year of recognition (not timed above)",
               child["setup_seconds"], "s", f"{child['demo_awards']:,} demo awards")
    return report


def child(size: int, awards: int) -> None:
    setup_django()
    from flexperf.core.actors import Actor
    from flexperf.core.errors import ServiceError
    from flexperf.org.demo import loader
    from flexperf.org.models import Person, Status
    from flexperf.recognition.demo.loader import load_recognition_demo
    from flexperf.recognition.models import Entry
    from flexperf.recognition.selectors import points_by_person
    from flexperf.recognition.services.awards import AwardIn, give_recognition

    actor = Actor.system(username="benchmark")
    started = time.perf_counter()
    loader.load_demo(actor=actor, size=size, seed=SEED)
    counts = load_recognition_demo(actor=actor, seed=SEED)
    setup_seconds = time.perf_counter() - started
    ids = list(Person.objects.filter(status=Status.ACTIVE).values_list("pk", flat=True))
    rng = random.Random(SEED)
    on = dt.date(2026, 6, 30)
    samples, refused = [], 0
    for _ in range(awards):
        giver, recipient = rng.sample(ids, 2)
        began = time.perf_counter()
        try:
            give_recognition(actor=Actor(user_id=None, username="bench", person_id=giver),
                             data=AwardIn(recipient_id=recipient, points=rng.choice((5, 10)),
                                          message="感谢你的帮助", tag="teamwork"), on=on)
        except ServiceError:
            refused += 1
        samples.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()
    points_by_person(None, dt.date(2025, 7, 1), on)
    pbp = (time.perf_counter() - began) * 1000
    emit({"people": len(ids), "awards": awards, "refused": refused,
          "p50_ms": percentile(samples, 50), "p95_ms": percentile(samples, 95),
          "points_by_person_ms": pbp, "entries": Entry.objects.count(),
          "demo_awards": counts["awards"], "setup_seconds": setup_seconds})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, nargs=2, required=True)
    size_, awards_ = parser.parse_args().child
    child(size_, awards_)
