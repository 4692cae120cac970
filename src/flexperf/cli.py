"""The `flexperf` command: our commands plus every Django management command.

``--data-dir DIR`` may appear anywhere on the line; it must be known before settings load.
"""

from __future__ import annotations

import os
import sys

# Our commands, in the order `flexperf --help` lists them, with one line each.
COMMANDS: dict[str, str] = {
    "demo": "Migrate, load a deterministic demo group, print the logins and serve it.",
    "serve": "Run the production-style web server (gunicorn).",
    "worker": "Run background-job workers (Redis queue in production).",
    "token": "Create, list or revoke API tokens: token create USERNAME [--expires DAYS].",
    "org": "Import or export the organisation: org import FILE | org export FILE.",
    "goals": "Goals: goals import FILE [--dry-run] | score --period P [--json] | periods.",
    "series": "External series for dynamic goals: series create | list | import FILE | check.",
    "checkins": "Check-ins: checkins schedule [--on DATE] opens the due ones, sends reminders.",
    "feedback360": "360 reviews: feedback360 create-campaign | list | close C | export C FILE.",
    "cycle": "Review cycles: cycle list | open CODE … | advance CODE | close CODE.",
    "payouts": "Payout run of a cycle: payouts --cycle C [--compute] [--approve] [--format F].",
    "compensation": "Base salaries: compensation import FILE (CSV, all rows or none).",
    "points": "Recognition points: points allocate [--period YYYY-MM] | balance PERSON | verify.",
    "badges": "Badges: badges verify FILE | audit | export PERSON DIR | rotate-key.",
    "signals": "Work signals: signals import FILE --source S [--atomic] | sources | refresh.",
    "insights": "Insights: insights refresh | retrain | train-attrition --csv F --target C ….",
    "export": "Export the whole database to a JSON file.",
    "restore": "Restore the whole database from a JSON export.",
    "audit": "Verify the audit chain or export the audit trail: audit verify | audit export FILE.",
    "migrate": "Create or upgrade the database schema.",
    "createsuperuser": "Create an administrator account.",
}


def _take_data_dir(argv: list[str]) -> list[str]:
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--data-dir":
            if i + 1 >= len(argv):
                sys.exit("flexperf: --data-dir needs a folder")
            os.environ["FLEXPERF_DATA_DIR"] = argv[i + 1]
            i += 2
            continue
        if arg.startswith("--data-dir="):
            os.environ["FLEXPERF_DATA_DIR"] = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return rest


def _help() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [
        "usage: flexperf [--data-dir DIR] COMMAND [options]",
        "",
        "flexperf commands:",
        *(f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()),
        "",
        "`flexperf COMMAND --help` shows a command's options.",
        "Environment: FLEXPERF_DATA_DIR (data folder), DATABASE_URL (PostgreSQL),",
        "FLEXPERF_QUEUE=inprocess|redis and REDIS_URL (background jobs).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = _take_data_dir(list(sys.argv[1:] if argv is None else argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flexperf.settings")
    from django.core.management import ManagementUtility

    if not args or (args[0] in {"-h", "--help", "help"} and len(args) == 1):
        sys.stdout.write(_help())
        utility = ManagementUtility(["flexperf", "help", "--commands"])
        sys.stdout.write("Django management commands (all available as `flexperf NAME`):\n")
        sys.stdout.flush()
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            utility.execute()
        names = [n for n in buffer.getvalue().split() if n not in COMMANDS]
        for start in range(0, len(names), 6):
            sys.stdout.write("  " + "  ".join(names[start:start + 6]) + "\n")
        return
    if args[0] in {"--version", "version"}:
        from flexperf import __version__

        sys.stdout.write(f"flexperf {__version__}\n")
        return
    ManagementUtility(["flexperf", *args]).execute()


if __name__ == "__main__":
    main()
