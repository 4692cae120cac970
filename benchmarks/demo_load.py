"""How long `flexperf demo` takes to load N people into a fresh SQLite database (bulk writes):
the group alone, its goals for the year, and both together as the command loads them (one
transaction).

The targets from the issues: 100,000 people in under two minutes in total; 10,000 with their
goals well under a minute. Above 20,000 active people the goals are lean (quarterly
measurements, version 1 only where the story needs it; goals.demo.plan.FULL_DETAIL_MAX_PEOPLE).
"""

from __future__ import annotations

import argparse
import time

from benchmarks.common import Report, emit, run_child, setup_django

SIZES = (600, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
TARGET_SECONDS = {10_000: 60.0, 100_000: 120.0}  # in total, with the goals


def run(quick: bool = False) -> Report:
    report = Report("demo_load")
    sizes = QUICK_SIZES if quick else SIZES
    seconds: dict[int, float] = {}
    for size in sizes:
        child = run_child("benchmarks.demo_load", "--child", str(size))
        seconds[size] = child["total_seconds"]
        target = TARGET_SECONDS.get(size)
        goals = child["goal_counts"]
        report.add(f"load {size:,} people with goals", child["total_seconds"], "s",
                   f"target < {target:.0f} s" if target else "")
        report.add(f"  the group alone at {size:,}", child["seconds"], "s")
        report.add(f"  rate at {size:,}", size / child["seconds"], "people/s", "the group")
        report.add(f"  generate the group only at {size:,}", child["generate_seconds"], "s",
                   "pure Python, no database")
        report.add(f"  goals at {size:,}", child["goals_seconds"], "s",
                   f"{goals['goals']:,} goals, {goals['measurements']:,} measurements, "
                   f"{goals['versions']:,} versions ({child['goal_detail']})")
        report.details[str(size)] = child
    small, large = sizes[-2:]
    report.add(f"time ratio {large:,} / {small:,}", seconds[large] / seconds[small], "×",
               f"{large // small}× the people, with goals")
    return report


def child(size: int) -> None:
    setup_django()
    from django.db import transaction

    from flexperf.audit.models import AuditEntry
    from flexperf.core.actors import Actor
    from flexperf.goals.demo import loader as goals_loader
    from flexperf.org.demo import generator, loader

    started = time.perf_counter()
    generator.generate(size=size)
    generate_seconds = time.perf_counter() - started
    actor = Actor.system(username="benchmark")
    started = time.perf_counter()
    with transaction.atomic():  # as `flexperf demo` loads them
        result = loader.load_demo(actor=actor, size=size)
        goals = goals_loader.load_goals_demo(actor=actor, seed=generator.DEFAULT_SEED)
    total = time.perf_counter() - started
    detail = AuditEntry.objects.get(object_type="goals.demo").context["detail"]
    emit({"size": size, "seconds": result.seconds, "goals_seconds": goals.seconds,
          "total_seconds": total, "generate_seconds": generate_seconds,
          "counts": result.counts, "goal_counts": goals.counts, "goal_detail": detail})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    child(parser.parse_args().child)
