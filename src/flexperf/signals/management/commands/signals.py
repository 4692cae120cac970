"""`flexperf signals …`: import FILE --source S [--atomic] [--json] [--format F] | sources |
refresh [--week DATE …] | purge [--days N] | partition-plan [--from DATE] [--months N]."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.core import clock
from flexperf.core.management import cli_actor, service_errors, table
from flexperf.signals.connectors import CONNECTORS
from flexperf.signals.models import Source
from flexperf.signals.services import partition_plan, purge_events, refresh_features
from flexperf.signals.services.importing import import_file
from flexperf.signals.services.retention import retention_days


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from None


class Command(BaseCommand):
    help = _("Work signals: import events, list sources, refresh features, purge old events.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        imp = actions.add_parser("import", help=_("Import events from a CSV, XLSX or JSON file."))
        imp.add_argument("file", metavar="FILE")
        imp.add_argument("--source", required=True, metavar="S", help=_("Source code."))
        imp.add_argument("--atomic", action="store_true",
                         help=_("Keep nothing when any row is bad."))
        imp.add_argument("--json", action="store_true", help=_("Print the report as JSON."))
        imp.add_argument("--format", default="auto", choices=("auto", *CONNECTORS),
                         help=_("The file's layout (default: detected)."))
        actions.add_parser("sources", help=_("List the signal sources."))
        refresh = actions.add_parser("refresh", help=_("Recompute weekly features."))
        refresh.add_argument("--week", action="append", default=[], metavar="DATE",
                             help=_("A day of a week to recompute (repeatable; default: all)."))
        purge = actions.add_parser("purge", help=_("Delete events older than the retention."))
        purge.add_argument("--days", type=int, default=None,
                           help=_("Keep this many days (default: the retention setting)."))
        plan = actions.add_parser("partition-plan",
                                  help=_("Print PostgreSQL DDL partitioning events by month."))
        plan.add_argument("--from", dest="start", default=None, metavar="DATE")
        plan.add_argument("--months", type=int, default=24)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": path, "error": exc}) from exc
        with service_errors():
            report = import_file(actor=cli_actor(), source=options["source"], data=data,
                                 filename=path.name, fmt=options["format"],
                                 atomic=options["atomic"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(_("Batch %(id)d: %(received)d rows, %(accepted)d stored, "
                                "%(duplicates)d already stored, %(rejected)d rejected.")
                              % (report.as_dict() | {"id": report.batch_id}))
            if report.rejects:
                self.stdout.write(table((_("line"), _("field"), _("reason")),
                                        [(str(r.line), r.field, r.reason)
                                         for r in report.rejects[:200]]))
        if not report.kept:
            raise CommandError(_("--atomic: %(n)d rows are bad, nothing was stored.")
                               % {"n": report.rejected})

    def _sources(self, options: dict[str, Any]) -> None:
        rows = [(s.code, s.kind, _("on") if s.enabled else _("off"),
                 s.last_ingestion_at.isoformat(timespec="seconds") if s.last_ingestion_at
                 else "—") for s in Source.objects.order_by("code")]
        self.stdout.write(table((_("code"), _("kind"), _("enabled"), _("last ingestion")), rows))

    def _refresh(self, options: dict[str, Any]) -> None:
        weeks = [_date(w) for w in options["week"]] or None
        summary = refresh_features(weeks=weeks)
        self.stdout.write(_("Recomputed %(weeks)d weeks: %(rows)d person-weeks from %(events)d "
                            "events in %(seconds).2f s.")
                          % {"weeks": len(summary.weeks), "rows": summary.rows,
                             "events": summary.events, "seconds": summary.seconds})

    def _purge(self, options: dict[str, Any]) -> None:
        days = options["days"] if options["days"] is not None else retention_days()
        if days < 1:
            raise CommandError(_("--days must be at least 1."))
        done = purge_events(actor=cli_actor(), days=days)
        self.stdout.write(_("Deleted %(n)d events older than %(cutoff)s.")
                          % {"n": done.events, "cutoff": done.cutoff.date().isoformat()})

    def _partition_plan(self, options: dict[str, Any]) -> None:
        start = _date(options["start"]) if options["start"] else clock.today().replace(day=1)
        self.stdout.write(partition_plan(start=start, months=max(1, options["months"])))
