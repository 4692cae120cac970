"""Closing a review cycle for 10,000 people: scores and ratings (the reviews domain's
finalise, which scores everyone through the goals engine), payouts (an incentives run with
every line's statement) and statements (the run exported with every statement rendered, and
single statements read as an employee would).

The demo group (10,000 person records) with its goals year, base salaries and the standard
policy (incentives demo loader) is loaded first, untimed; a cycle on the year period covering
the whole group is created and moved to calibration (evaluations created, the manager-review
snapshot taken), untimed too. Then, timed: finalise → compute payouts → approve → export →
statements.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from benchmarks.common import Report, emit, run_child, setup_django

SIZE, QUICK_SIZE = 10_000, 1_000
SEED = 7
STATEMENT_SAMPLE = 200


def run(quick: bool = False) -> Report:
    report = Report("cycle_close")
    size = QUICK_SIZE if quick else SIZE
    child = run_child("benchmarks.cycle_close", "--child", str(size))
    report.details = child
    people = child["people"]
    total = 0.0
    for key, label in (("finalise", "scores and ratings (reviews: finalise)"),
                       ("payouts", "payouts with statements (incentives: compute run)"),
                       ("approve", "approve the run"),
                       ("export", "export the run as CSV, every statement rendered")):
        seconds = child[key]
        total += seconds
        report.add(f"{label}, {people:,} people", seconds, "s",
                   f"{people / seconds:,.0f} people/s" if seconds else "")
    report.add(f"close the cycle end to end, {people:,} people", total, "s",
               f"{people / total:,.0f} people/s")
    report.add(f"one employee's statement (median of {STATEMENT_SAMPLE})",
               child["statement_ms"]["median"], "ms",
               f"p95 {child['statement_ms']['p95']:.1f} ms")
    report.add("setup: demo group, goals, salaries, cycle to calibration (not timed above)",
               child["setup_seconds"], "s",
               f"{child['lines']:,} payout lines, total ¥{child['total']}")
    return report


def child(size: int) -> None:
    setup_django()
    from django.db import transaction

    from flexperf.core.actors import Actor
    from flexperf.goals.demo.loader import load_goals_demo
    from flexperf.incentives.demo.loader import POLICY_CODE, load_incentives_demo
    from flexperf.incentives.exporting import export_run
    from flexperf.incentives.models import IncentivePolicy, PayoutLine
    from flexperf.incentives.selectors.statements import access_statement
    from flexperf.org.demo import loader
    from flexperf.org.models import Unit
    from flexperf.reviews.models import Evaluation, Phase
    from flexperf.reviews.services import cycles

    actor = Actor.system(username="benchmark")
    started = time.perf_counter()
    loader.load_demo(actor=actor, size=size, seed=SEED)
    load_goals_demo(actor=actor, seed=SEED)
    load_incentives_demo(actor=actor, seed=SEED)  # policy and salaries (no cycle yet)
    roots = list(Unit.objects.filter(parent__isnull=True).values_list("code", flat=True))
    cycle = cycles.create_cycle(actor=actor, spec=cycles.CycleSpec(
        code="bench-2026", name="2026 benchmark", period="2026", units=roots))
    while cycle.phase != Phase.CALIBRATION:
        cycle = cycles.advance_cycle(actor=actor, cycle_id=cycle.pk)
    policy = IncentivePolicy.objects.get(code=POLICY_CODE)
    setup_seconds = time.perf_counter() - started

    timings: dict[str, float] = {}

    def timed(name: str, action: Any) -> Any:
        began = time.perf_counter()
        with transaction.atomic():
            result = action()
        timings[name] = time.perf_counter() - began
        return result

    from flexperf.incentives.services import runs

    timed("finalise", lambda: cycles.finalise_cycle(actor=actor, cycle_id=cycle.pk))
    run = timed("payouts", lambda: runs.compute_payouts(actor=actor, cycle_id=cycle.pk,
                                                        policy_id=policy.pk))
    timed("approve", lambda: runs.approve_run(actor=actor, run_id=run.pk))
    exported = timed("export", lambda: export_run(actor, run.pk, "csv"))
    cycles.advance_cycle(actor=actor, cycle_id=cycle.pk)  # publish

    people = list(Evaluation.objects.filter(cycle_id=cycle.pk)
                  .order_by("person__employee_number").values_list("person_id", flat=True))
    sample = people[:: max(1, len(people) // STATEMENT_SAMPLE)][:STATEMENT_SAMPLE]
    samples = []
    for pid in sample:
        me = Actor(user_id=None, username=f"p{pid}", person_id=pid)
        began = time.perf_counter()
        access_statement(me, cycle.pk, pid)
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    emit({
        "people": run.people, "setup_seconds": setup_seconds, **timings,
        "lines": PayoutLine.objects.filter(run=run).count(), "total": run.totals.get("CNY"),
        "export_bytes": len(exported.data),
        "statement_ms": {"median": statistics.median(samples),
                         "p95": samples[int(len(samples) * 0.95) - 1]},
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    child(parser.parse_args().child)
