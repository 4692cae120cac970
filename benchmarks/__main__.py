"""`python -m benchmarks [NAME ...] [--quick]`: run benchmarks, print a table, write JSON."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from benchmarks import (
    attrition_real,
    backup,
    badge_chain,
    cycle_close,
    demo_load,
    directory_api,
    insights_rules,
    leaderboard,
    org_export,
    org_import,
    recognition_award,
    scoring_db,
    scoring_engine,
    signals_features,
    signals_ingest,
)
from benchmarks.common import Report, machine, print_table, write_json

BENCHMARKS: dict[str, tuple[Callable[[bool], Report], str]] = {
    "demo_load": (demo_load.run, "demo load time at 10k and 100k people (SQLite, bulk writes)"),
    "directory_api": (directory_api.run, "people API p50/p95 for a manager and HR at 10k; "
                                         "subtree queries at 100k"),
    "org_import": (org_import.run, "org import of 10k people (CSV zip, XLSX) into an empty "
                                   "SQLite database; re-import with no changes"),
    "org_export": (org_export.run, "org export of 10k people as XLSX and as a zip of CSVs "
                                   "(and whether repeated exports are byte-identical)"),
    "backup": (backup.run, "whole-database export and restore at 10k people, and 100k unless "
                           "--quick"),
    "scoring_engine": (scoring_engine.run, "the pure scoring engine on 100k people x 8 goals of "
                                           "mixed paradigms (target under 1 s)"),
    "scoring_db": (scoring_db.run, "scoring a period from SQLite for 10k people, next to merely "
                                   "reading the same rows (target under 3x)"),
    "cycle_close": (cycle_close.run, "closing a review cycle for 10k people: finalise (scores, "
                                     "ratings), payouts with statements, export; one statement"),
    "recognition_award": (recognition_award.run, "peer award latency p50/p95 through the "
                                                 "service over a year of ledger"),
    "leaderboard": (leaderboard.run, "leaderboards for 100k people and 1M ledger entries: "
                                     "company and team boards p50/p95"),
    "badge_chain": (badge_chain.run, "badge awards (sign and append), chain audit, credential "
                                     "sign and verify"),
    "signals_ingest": (signals_ingest.run, "work-event ingestion throughput (events/s): bulk "
                                           "API and CSV import"),
    "signals_features": (signals_features.run, "feature refresh for 10k people x 1M events, and "
                                               "for one new day of events"),
    "insights_rules": (insights_rules.run, "insight rules over 10k people x 6 weeks of features"),
    "attrition_real": (attrition_real.run, "attrition model on public HR data sets "
                                           "(HR_comma_sep deduplicated, Atlas Labs): ROC-AUC, "
                                           "PR-AUC, Brier"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run flexperf benchmarks; results go to benchmarks/results/*.json.",
        epilog="benchmarks: " + "; ".join(f"{k} = {v[1]}" for k, v in BENCHMARKS.items()))
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"which to run (default all): {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true",
                        help="ten times smaller groups (backup: 10k only): a fast check that the "
                             "benchmarks run")
    options = parser.parse_args(argv)
    unknown = [n for n in options.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    info = machine()
    print(f"flexperf benchmarks on Python {info['python']}, {info['cpus']} CPUs, "
          f"{info['platform']}")
    for name in options.names or list(BENCHMARKS):
        started = time.perf_counter()
        report = BENCHMARKS[name][0](options.quick)
        print_table(report)
        path = write_json(report)
        print(f"  ({time.perf_counter() - started:.0f} s; JSON: {path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
