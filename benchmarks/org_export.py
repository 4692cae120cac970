"""How long `flexperf org export` takes for the demo group: the XLSX workbook and the zip of CSV
files, and whether two exports of the same data are the same bytes."""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time

from benchmarks.common import Report, emit, run_child, setup_django

SIZE, QUICK_SIZE = 10_000, 1_000
REPEATS = 3
FORMATS = {"xlsx": "xlsx", "csv": "csv zip"}


def run(quick: bool = False) -> Report:
    report = Report("org_export")
    size = QUICK_SIZE if quick else SIZE
    child = run_child("benchmarks.org_export", "--child", str(size))
    report.details = child
    for fmt, label in FORMATS.items():
        stats = child["formats"][fmt]
        same = (f"the {REPEATS} files byte-identical" if stats["identical"]
                else f"the {REPEATS} files DIFFER")
        report.add(f"export {label}, {size:,} people (median of {REPEATS})", stats["median"], "s",
                   f"{stats['bytes'] / 1e6:.2f} MB; {same}")
        report.add(f"  rate ({label})", size / stats["median"], "people/s")
    return report


def child(size: int) -> None:
    setup_django()
    from flexperf.core.actors import Actor
    from flexperf.org import exporting
    from flexperf.org.demo import loader

    actor = Actor.system(username="benchmark")
    loader.load_demo(actor=actor, size=size)
    formats = {}
    for fmt in FORMATS:
        seconds, digests, size_bytes = [], set(), 0
        for _ in range(REPEATS):
            started = time.perf_counter()
            content = exporting.export_org(actor, fmt).content
            seconds.append(time.perf_counter() - started)
            digests.add(hashlib.sha256(content).hexdigest())
            size_bytes = len(content)
        formats[fmt] = {"seconds": seconds, "median": statistics.median(seconds),
                        "bytes": size_bytes, "identical": len(digests) == 1,
                        "sha256": sorted(digests)[0]}
    emit({"size": size, "repeats": REPEATS, "formats": formats})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", type=int, required=True)
    child(parser.parse_args().child)
