"""How long `flexperf org import` takes: the demo group's own export (a zip of CSV files, and an
XLSX workbook) imported into an empty SQLite database, then imported again unchanged.

One child process writes both files from a freshly loaded demo group; each format is then
imported by a child of its own, into its own empty database. The second import finds nothing
to change (it reads, checks and compares every row, and writes nothing).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Report, emit, run_child, setup_django

SIZE, QUICK_SIZE = 10_000, 1_000
FILES = {"csv zip": "org.zip", "xlsx": "org.xlsx"}


def run(quick: bool = False) -> Report:
    report = Report("org_import")
    size = QUICK_SIZE if quick else SIZE
    with tempfile.TemporaryDirectory(prefix="flexperf-bench-files-") as folder:
        made = run_child("benchmarks.org_import", "--child", "files", "--size", str(size),
                         "--out", folder)
        report.details["files"] = made
        for label, name in FILES.items():
            child = run_child("benchmarks.org_import", "--child", "import",
                              "--file", str(Path(folder) / name))
            report.details[label] = child
            people = child["created"]["people"]
            report.add(f"import {label}, {people:,} people, empty db", child["seconds"], "s",
                       _megabytes(made["bytes"][name]))
            report.add(f"  rate ({label})", people / child["seconds"], "people/s")
            report.add(f"  of which audit.record_many ({label})", child["audit_seconds"], "s",
                       f"{child['audit_entries']:,} entries")
            report.add(f"re-import {label}, no changes", child["again_seconds"], "s",
                       "checks every row, writes nothing")
    return report


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.2f} MB"


def child_files(size: int, out: Path) -> None:
    setup_django()
    from flexperf.core.actors import Actor
    from flexperf.org import exporting
    from flexperf.org.demo import loader

    actor = Actor.system(username="benchmark")
    loader.load_demo(actor=actor, size=size)
    sizes = {}
    for fmt, name in (("csv", FILES["csv zip"]), ("xlsx", FILES["xlsx"])):
        data = exporting.export_org(actor, fmt).content
        (out / name).write_bytes(data)
        sizes[name] = len(data)
    emit({"size": size, "bytes": sizes})


def child_import(path: Path) -> None:
    setup_django()
    from flexperf.audit import services as audit
    from flexperf.audit.models import AuditEntry
    from flexperf.core.actors import Actor
    from flexperf.org.importing import import_org

    actor = Actor.system(username="benchmark")
    data = path.read_bytes()
    audit_seconds = _time_calls(audit, "record_many")
    started = time.perf_counter()
    report = import_org(actor=actor, data=data, filename=path.name)
    seconds = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError(f"import of {path.name} failed: {report.problems[:5]}")
    entries = AuditEntry.objects.count()
    started = time.perf_counter()
    again = import_org(actor=actor, data=data, filename=path.name)
    again_seconds = time.perf_counter() - started
    if not again.ok or any(again.created.values()) or any(again.updated.values()):
        raise RuntimeError(f"re-import of {path.name} was not a no-op: {again}")
    emit({"file": path.name, "seconds": seconds, "again_seconds": again_seconds,
          "audit_seconds": audit_seconds[0], "audit_entries": entries,
          "created": report.created})


def _time_calls(module: Any, name: str) -> list[float]:
    """Wrap module.name so that the seconds spent in it add up in the returned one-item list."""
    spent = [0.0]
    original: Callable[..., Any] = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    setattr(module, name, timed)
    return spent


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=("files", "import"), required=True)
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--file", type=Path)
    options = parser.parse_args()
    if options.child == "files":
        child_files(options.size, options.out)
    else:
        child_import(options.file)
