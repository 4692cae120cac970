"""What the benchmarks share: child processes in fresh data folders, percentiles, the table and
the JSON file."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Figure:
    """One measured number."""

    name: str
    value: float
    unit: str
    note: str = ""


@dataclass
class Report:
    benchmark: str
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, value: float, unit: str, note: str = "") -> None:
        self.figures.append(Figure(name, value, unit, note))


def percentile(samples: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100), linear between the nearest ranks."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def timed(action: Callable[[], object], repeat: int, warmup: int = 10) -> list[float]:
    """Milliseconds per call of `action`, after `warmup` untimed calls."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def child_env(data_dir: Path) -> dict[str, str]:
    """Production settings on the embedded default (SQLite in `data_dir`), never the tests'."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "flexperf.settings",
        "FLEXPERF_DATA_DIR": str(data_dir),
        "FLEXPERF_QUEUE": "inprocess",
        # Django's test client calls itself "testserver".
        "FLEXPERF_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    })
    return env


def run_child(module: str, *args: str) -> dict[str, Any]:
    """Run ``python -m <module> ARGS`` in a fresh temporary data folder; it prints one JSON
    object on its last line of output."""
    with tempfile.TemporaryDirectory(prefix="flexperf-bench-") as folder:
        done = subprocess.run([sys.executable, "-m", module, *args], env=child_env(Path(folder)),
                              cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def setup_django() -> None:
    """In a child: start Django on the production settings and create the schema."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def emit(result: dict[str, Any]) -> None:
    """In a child: hand the result to the parent."""
    sys.stdout.write(json.dumps(result) + "\n")


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }


def print_table(report: Report) -> None:
    rows = [(f.name, _number(f.value), f.unit, f.note) for f in report.figures]
    widths = [max(len(row[i]) for row in [("figure", "value", "unit", ""), *rows])
              for i in range(4)]
    print(f"\n== {report.benchmark}")
    print(f"  {'figure'.ljust(widths[0])}  {'value'.rjust(widths[1])}  {'unit'.ljust(widths[2])}")
    for name, value, unit, note in rows:
        line = f"  {name.ljust(widths[0])}  {value.rjust(widths[1])}  {unit.ljust(widths[2])}"
        print(f"{line}  {note}".rstrip())


def _number(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def write_json(report: Report) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{report.benchmark}.json"
    payload = {
        "benchmark": report.benchmark,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "figures": [asdict(f) for f in report.figures],
        "details": report.details,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return path
