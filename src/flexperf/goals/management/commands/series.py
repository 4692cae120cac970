"""`flexperf series create CODE NAME …`, `flexperf series list`,
`flexperf series import FILE [--series CODE]`, `flexperf series check [--series CODE]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from flexperf.core.errors import NotFound
from flexperf.core.management import (
    cli_actor,
    refuse_with_problems,
    service_errors,
    table,
)
from flexperf.goals.models import PeriodKind
from flexperf.goals.selectors import dynamic as selectors
from flexperf.goals.services import series as services


class Command(BaseCommand):
    help = _("External series that goals watch: create, list, import points, check triggers.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help=_("Create a named series."))
        create.add_argument("code", metavar="CODE")
        create.add_argument("name", metavar="NAME")
        create.add_argument("--name-en", default="")
        create.add_argument("--unit", default="", help=_("Unit of measure, e.g. USD/t."))
        create.add_argument("--frequency", default=PeriodKind.MONTH,
                            choices=list(PeriodKind.values))
        create.add_argument("--description", default="")
        actions.add_parser("list", help=_("List the series with their latest point."))
        importer = actions.add_parser(
            "import", help=_("Load points from a CSV file: all rows or none."),
            description=_("Columns series, date, value; or date, value with --series (a CSV "
                          "file, or an XLSX workbook's sheet named points). A date already "
                          "stored is updated when its value differs, else left alone: "
                          "importing the same file twice changes nothing."))
        importer.add_argument("file", metavar="FILE")
        importer.add_argument("--series", metavar="CODE", default=None,
                              help=_("The series every row belongs to."))
        check = actions.add_parser("check", help=_("Check the goals watching the series now."))
        check.add_argument("--series", metavar="CODE", default=None,
                           help=_("Only this series (default: all)."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            with service_errors():
                series = services.create_series(
                    actor=cli_actor(), code=options["code"], name=options["name"],
                    name_en=options["name_en"], unit_label=options["unit"],
                    frequency=options["frequency"], description=options["description"])
            self.stdout.write(_("Created series %(code)s (id %(id)d).")
                              % {"code": series.code, "id": series.pk})
        elif action == "list":
            self._list()
        elif action == "import":
            self._import(options["file"], options["series"])
        else:
            self._check(options["series"])

    def _list(self) -> None:
        rows = []
        for series in selectors.series_visible_to(cli_actor()).order_by("code"):
            latest = series.points.order_by("-on").first()
            rows.append((series.code, series.name, series.unit_label, series.frequency,
                         latest.on.isoformat() if latest else "-",
                         f"{latest.value.normalize():f}" if latest else "-"))
        self.stdout.write(table((_("code"), _("name"), _("unit"), _("frequency"),
                                 _("latest date"), _("latest value")), rows))

    def _import(self, name: str, series_code: str | None) -> None:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": name, "error": exc.strerror or exc}) from exc
        with service_errors():
            report = services.import_points(actor=cli_actor(), data=data,
                                            filename=Path(name).name, series_code=series_code)
        if report.problems:
            refuse_with_problems(cast(TextIO, self.stdout), (_("row"), _("column"), _("message")),
                                 [("" if p.row is None else str(p.row), p.field, p.message)
                                  for p in report.problems])
        self.stdout.write(table(
            (_("series"), _("created"), _("updated"), _("unchanged")),
            [(code, str(c.created), str(c.updated), str(c.unchanged))
             for code, c in sorted(report.counts.items())]))

    def _check(self, series_code: str | None) -> None:
        actor = cli_actor()
        ids = None
        if series_code:
            try:
                ids = [selectors.access_series_by_code(actor, series_code).pk]
            except NotFound as exc:
                raise CommandError(_("No series with code %(code)s.")
                                   % {"code": series_code}) from exc
        with service_errors():
            firings = services.check_signals(actor=actor, series_ids=ids)
        for firing in firings:
            state = (_("now under discussion") if firing.moved_to_discussion
                     else _("already under discussion"))
            self.stdout.write(_("Goal %(goal)d (%(state)s): %(detail)s")
                              % {"goal": firing.goal_id, "state": state,
                                 "detail": firing.detail})
        self.stdout.write(ngettext("%(n)d trigger fired.", "%(n)d triggers fired.",
                                   len(firings)) % {"n": len(firings)})
