"""The badge chain: award throughput (each award signs and appends one chain entry under the
head's row lock, writes its audit entry and notification) and the time `badges audit` takes to
recompute every hash, link and Ed25519 signature of a 10,000-entry chain.

A small group (org demo, 300 people) is loaded untimed; then N awards are made one by one
through the service (timed, p50/p95 per award), and the chain is audited (timed).
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.common import Report, emit, percentile, run_child, setup_django

SIZE, QUICK_SIZE = 10_000, 1_000
SEED = 7


def run(quick: bool = False) -> Report:
    report = Report("badge_chain")
    entries = QUICK_SIZE if quick else SIZE
    child = run_child("benchmarks.badge_chain", "--child", str(entries))
    report.details = child
    n = child["entries"]
    report.add(f"award a badge (sign + append), {n:,} awards", child["award_seconds"], "s",
               f"{n / child['award_seconds']:,.0f} awards/s")
    report.add("one award, median", child["award_ms"]["median"], "ms",
               f"p95 {child['award_ms']['p95']:.2f} ms")
    report.add(f"audit the chain, {n:,} entries", child["audit_seconds"], "s",
               f"{n / child['audit_seconds']:,.0f} entries/s")
    report.add(f"credential (sign JWS) + verify it, median of {child['verify_samples']}",
               child["credential_ms"]["median"], "ms",
               f"verify alone {child['verify_ms']['median']:.2f} ms")
    return report


def child(entries: int) -> None:
    setup_django()
    from flexperf.badges import selectors, services, verification
    from flexperf.badges.models import BadgeAward
    from flexperf.core.actors import Actor
    from flexperf.org.demo import loader
    from flexperf.org.models import Person, Status

    actor = Actor.system(username="benchmark")
    loader.load_demo(actor=actor, size=300, seed=SEED)
    people = list(Person.objects.filter(status=Status.ACTIVE).values_list("pk", flat=True))
    codes = ["mentor", "knowledge-sharer", "customer-hero", "cross-team-helper"]
    samples = []
    started = time.perf_counter()
    for i in range(entries):
        began = time.perf_counter()
        services.award_badge(actor=actor, badge_code=codes[i % len(codes)],
                             person_id=people[i % len(people)], source_key=f"bench:{i}")
        samples.append((time.perf_counter() - began) * 1000)
    award_seconds = time.perf_counter() - started
    began = time.perf_counter()
    result = selectors.audit_chain()
    audit_seconds = time.perf_counter() - began
    if not result.ok or result.checked != entries:
        raise SystemExit(f"chain not intact: {result}")
    credential_ms, verify_ms = [], []
    for award in BadgeAward.objects.select_related("badge_class").order_by("pk")[:50]:
        began = time.perf_counter()
        token = services.credential_token(award)
        middle = time.perf_counter()
        if verification.verify(token).status != "valid":
            raise SystemExit("credential did not verify")
        done = time.perf_counter()
        credential_ms.append((done - began) * 1000)
        verify_ms.append((done - middle) * 1000)
    emit({
        "entries": entries, "award_seconds": award_seconds, "audit_seconds": audit_seconds,
        "award_ms": {"median": statistics.median(samples), "p95": percentile(samples, 95)},
        "credential_ms": {"median": statistics.median(credential_ms)},
        "verify_ms": {"median": statistics.median(verify_ms)},
        "verify_samples": len(credential_ms),
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    child(parser.parse_args().child)
