"""`flexperf compensation import FILE`: base salaries from a CSV file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.core.errors import ServiceError
from flexperf.core.management import cli_actor
from flexperf.incentives.services import compensation


class Command(BaseCommand):
    help = _("Compensation: import base salaries (HR).")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importer = actions.add_parser(
            "import", help=_("Import base salaries from a CSV file (employee_number, amount, "
                             "currency, effective_from); every row checked, all or nothing."))
        importer.add_argument("file", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": path, "error": exc}) from exc
        try:
            report = compensation.import_salaries(actor=cli_actor(), data=data,
                                                  filename=path.name)
        except ServiceError as exc:
            first = exc.problems[0]
            more = len(exc.problems) - 1
            message = str(first) + (_(" (and %(n)d more problems)") % {"n": more}
                                    if more else "")
            raise CommandError(_("Nothing was imported: %(problem)s") % {"problem": message}
                               ) from exc
        self.stdout.write(_("Imported %(created)d new and %(updated)d changed salaries.")
                          % {"created": report.created, "updated": report.updated})
