"""How long `flexperf demo` takes to load N people into a fresh SQLite database (bulk writes).

The target from the issue: 100,000 people in under two minutes.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.common import Report, emit, run_child, setup_django

SIZES = (10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
TARGET_SECONDS = {100_000: 120.0}


def run(quick: bool = False) -> Report:
    report = Report("demo_load")
    sizes = QUICK_SIZES if quick else SIZES
    seconds: dict[int, float] = {}
    for size in sizes:
        child = run_child("benchmarks.demo_load", "--child", str(size))
        seconds[size] = child["seconds"]
        target = TARGET_SECONDS.get(size)
        note = f"target < {target:.0f} s" if target else ""
        report.add(f"load {size:,} people", child["seconds"], "s", note)
        report.add(f"  rate at {size:,}", size / child["seconds"], "people/s")
        report.add(f"  generate only at {size:,}", child["generate_seconds"], "s",
                   "pure Python, no database")
        report.details[str(size)] = child
    small, large = sizes
    report.add(f"time ratio {large:,} / {small:,}", seconds[large] / seconds[small], "×",
               f"{large // small}× the people")
    return report


def child(size: int) -> None:
    setup_django()
    from flexperf.core.actors import Actor
    from flexperf.org.demo import generator, loader

    started = time.perf_counter()
    generator.generate(size=size)
    generate_seconds = time.perf_counter() - started
    result = loader.load_demo(actor=Actor.system(username="benchmark"), size=size)
    emit({"size": size, "seconds": result.seconds, "generate_seconds": generate_seconds,
          "counts": result.counts})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    child(parser.parse_args().child)
