"""`flexperf goals import FILE… [--dry-run]`, `flexperf goals score --period P [--json]
[--unit CODE]`, `flexperf goals periods create CODE | list`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.core.management import (
    cli_actor,
    refuse_import_problems,
    service_errors,
    table,
)
from flexperf.goals import importing
from flexperf.goals.selectors.goals import periods_visible_to
from flexperf.goals.services import periods as period_services


class Command(BaseCommand):
    help = _("Goals: import goals and measurements, score a period, manage periods.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importer = actions.add_parser(
            "import", help=_("Import goals and measurements; check every row, then write all "
                             "or nothing."),
            description=_("An XLSX workbook with the sheets goals and measurements, CSV files "
                          "of those, or a zip of them. Several files are imported together, "
                          "in one transaction."))
        importer.add_argument("files", nargs="+", metavar="FILE")
        importer.add_argument("--dry-run", action="store_true",
                              help=_("Check and count only; write nothing."))
        scorer = actions.add_parser(
            "score", help=_("Score every person's goals for a period."),
            description=_("Scheme score and rating per person, as a table or JSON."))
        scorer.add_argument("--period", required=True, metavar="P",
                            help=_("Period code, e.g. 2026 or 2026-H1."))
        scorer.add_argument("--json", action="store_true", dest="as_json",
                            help=_("Print JSON instead of a table."))
        scorer.add_argument("--unit", metavar="CODE",
                            help=_("Only the people of this unit and the units below it."))
        scorer.add_argument("--as-of", metavar="DATE", dest="as_of",
                            help=_("Score as of this day (YYYY-MM-DD; default: today, or the "
                                   "period's end once it is over)."))
        scorer.add_argument("--paced", action="store_true",
                            help=_("Judge pace: while the period runs, against where the "
                                   "expected path stands on the day; people reviewed over "
                                   "shorter periods are scored from those periods' goals."))
        periods = actions.add_parser("periods", help=_("Create or list periods."))
        period_actions = periods.add_subparsers(dest="period_action", required=True,
                                                metavar="ACTION")
        create = period_actions.add_parser(
            "create", help=_("Create a period from its code: 2026, 2026-H1, 2026-Q3, "
                             "2026-11."))
        create.add_argument("code", metavar="CODE")
        period_actions.add_parser("list", help=_("List the periods."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options["files"], dry_run=options["dry_run"])
        elif action == "score":
            # Imported here: the scoring command line lives with the scoring engine.
            from flexperf.goals import cli_score

            with service_errors():
                cli_score.run(period=options["period"], as_json=options["as_json"],
                              unit=options["unit"], as_of=options["as_of"],
                              paced=options["paced"], stdout=cast(TextIO, self.stdout))
        elif options["period_action"] == "create":
            with service_errors():
                period = period_services.create_period(actor=cli_actor(), code=options["code"])
            self.stdout.write(_("Created period %(code)s: %(start)s to %(end)s.")
                              % {"code": period.code, "start": period.start.isoformat(),
                                 "end": period.end.isoformat()})
        else:
            rows = [(p.code, p.get_kind_display(), p.start.isoformat(), p.end.isoformat())
                    for p in periods_visible_to(cli_actor())]
            self.stdout.write(table((_("code"), _("kind"), _("start"), _("end")), rows))

    def _import(self, names: Sequence[str], *, dry_run: bool) -> None:
        files = []
        for name in names:
            try:
                files.append((Path(name).name, Path(name).read_bytes()))
            except OSError as exc:
                raise CommandError(_("Cannot read %(file)s: %(error)s")
                                   % {"file": name, "error": exc.strerror or exc}) from exc
        with service_errors():
            report = importing.import_goal_files(actor=cli_actor(), files=files,
                                                 dry_run=dry_run)
        if report.problems:
            refuse_import_problems(cast(TextIO, self.stdout), report.problems)
        self.stdout.write(table(
            (_("records"), _("created"), _("matched")),
            [(name, str(report.created.get(name, 0)),
              "" if name not in report.matched else str(report.matched[name]))
             for name in report.created]))
        if dry_run:
            self.stdout.write(_("Dry run: every row is fine; nothing was written."))
