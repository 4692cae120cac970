"""How long `flexperf export` and `flexperf restore` take for the whole database holding the demo
group (org tables, users, role assignments, the audit trail …): export from one SQLite
database, restore into a fresh one, and check that the restored audit chain still verifies.

The demo loader records one audit entry for the whole load, so the trail here is short; the
rows are nearly all org records and users.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.common import Report, emit, run_child, setup_django

SIZES, QUICK_SIZES = (10_000, 100_000), (10_000,)


def run(quick: bool = False) -> Report:
    report = Report("backup")
    for size in QUICK_SIZES if quick else SIZES:
        with tempfile.TemporaryDirectory(prefix="flexperf-bench-backup-") as folder:
            path = Path(folder) / "flexperf.json"
            exported = run_child("benchmarks.backup", "--child", "export", "--size", str(size),
                                 "--file", str(path))
            restored = run_child("benchmarks.backup", "--child", "restore", "--file", str(path))
        rows = exported["rows"]
        report.details[str(size)] = {"export": exported, "restore": restored}
        report.add(f"export {size:,} people", exported["seconds"], "s",
                   f"{rows:,} rows, {exported['bytes'] / 1e6:.0f} MB")
        chain = "intact" if restored["chain_ok"] else "BROKEN"
        report.add(f"restore {size:,} people into an empty db", restored["seconds"], "s",
                   f"{restored['rows']:,} rows; audit chain {chain} "
                   f"({restored['audit_entries']:,} entries)")
        report.add(f"  export rate at {size:,}", rows / exported["seconds"], "rows/s")
        report.add(f"  restore rate at {size:,}", restored["rows"] / restored["seconds"], "rows/s")
    return report


def child_export(size: int, path: Path) -> None:
    setup_django()
    from flexperf.core.actors import Actor
    from flexperf.core.backup import export_database
    from flexperf.org.demo import loader

    actor = Actor.system(username="benchmark")
    loader.load_demo(actor=actor, size=size)
    started = time.perf_counter()
    summary = export_database(actor=actor, path=path)
    seconds = time.perf_counter() - started
    emit({"size": size, "seconds": seconds, "bytes": path.stat().st_size,
          "rows": sum(summary.rows.values()), "per_model": summary.rows})


def child_restore(path: Path) -> None:
    setup_django()
    from flexperf.audit import selectors
    from flexperf.audit.models import AuditEntry
    from flexperf.core.actors import Actor
    from flexperf.core.backup import restore_database

    started = time.perf_counter()
    summary = restore_database(actor=Actor.system(username="benchmark"), path=path)
    seconds = time.perf_counter() - started
    emit({"seconds": seconds, "rows": sum(summary.rows.values()),
          "chain_ok": selectors.verify_chain().ok, "audit_entries": AuditEntry.objects.count()})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=("export", "restore"), required=True)
    parser.add_argument("--size", type=int, default=SIZES[0])
    parser.add_argument("--file", type=Path, required=True)
    options = parser.parse_args()
    if options.child == "export":
        child_export(options.size, options.file)
    else:
        child_restore(options.file)
