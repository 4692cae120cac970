"""`flexperf audit verify` and `flexperf audit export FILE [filters] [--format csv|jsonl]`."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import exporting, selectors
from flexperf.audit.models import Action
from flexperf.core.management import cli_actor, service_errors


class Command(BaseCommand):
    help = _("Verify the audit trail's hash chain, or export the trail.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("verify", help=_("Recompute every link; name the first broken entry."))
        exporter = actions.add_parser(
            "export", help=_("Write entries (oldest first) to FILE, or to standard output for "
                             "-."))
        exporter.add_argument("file", metavar="FILE")
        exporter.add_argument("--since", type=_moment, metavar="DATE",
                              help=_("From this day (YYYY-MM-DD) or moment on."))
        exporter.add_argument("--until", type=_moment_after, metavar="DATE",
                              help=_("Up to and including this day (or before this moment)."))
        exporter.add_argument("--action", dest="entry_action", choices=Action.values,
                              metavar="ACTION", help=_("Only this action: %(choices)s.")
                              % {"choices": ", ".join(Action.values)})
        exporter.add_argument("--actor", default="", metavar="USERNAME",
                              help=_("Only entries by this user."))
        exporter.add_argument("--format", choices=exporting.FORMATS, default=None,
                              help=_("csv or jsonl (default: from FILE's suffix, else csv)."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            result = selectors.verify_chain()
            if not result.ok:
                raise CommandError(result.describe())
            self.stdout.write(result.describe())
            return
        name: str = options["file"]
        fmt = options["format"] or ("jsonl" if name.endswith((".jsonl", ".ndjson")) else "csv")
        filters = {"actor_username": options["actor"], "action": options["entry_action"] or "",
                   "since": options["since"], "until": options["until"]}
        try:
            # The file is opened first: a path that cannot be written is refused before the
            # export is recorded in the trail.
            with _output(name) as out:
                with service_errors():
                    export = exporting.export_entries(cli_actor(), fmt=fmt, filters=filters,
                                                      destination=name)
                count = export.write_to(out)
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s")
                               % {"file": name, "error": exc.strerror or exc}) from exc
        if name != "-":
            self.stdout.write(_("Wrote %(n)d entries to %(file)s.") % {"n": count, "file": name})


def _moment(text: str, *, next_day: bool = False) -> dt.datetime:
    """A day (its start, in the site's time zone) or an ISO moment (naive: site time zone)."""
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text) + dt.timedelta(days=1 if next_day else 0)
            moment = dt.datetime.combine(day, dt.time())
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(text) from exc  # argparse: "invalid _moment value"
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _moment_after(text: str) -> dt.datetime:
    return _moment(text, next_day=True)


_moment.__name__ = "date"  # argparse names the type in its error message
_moment_after.__name__ = "date"


@contextmanager
def _output(name: str) -> Iterator[IO[str]]:
    if name == "-":
        yield sys.stdout
        return
    with Path(name).open("w", encoding="utf-8", newline="") as handle:
        yield handle
