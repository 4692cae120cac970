"""`flexperf restore FILE [--force]`: load a whole-database export into a migrated database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.core import backup
from flexperf.core.management import cli_actor, service_errors


class Command(BaseCommand):
    help = _("Restore the whole database from a `flexperf export` file, in one transaction. "
             "The database must be migrated to the same migrations as the export.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--force", action="store_true",
                            help=_("Replace the data this database already holds."))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": path})
        try:
            with service_errors():
                summary = backup.restore_database(actor=cli_actor(), path=path,
                                                  force=options["force"])
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": path, "error": exc.strerror or exc}) from exc
        if summary.cleared:
            self.stdout.write(_("Replaced %(rows)d rows that were in the database.")
                              % {"rows": sum(summary.cleared.values())})
        self.stdout.write(_("Restored %(rows)d rows from %(file)s (exported %(when)s).")
                          % {"rows": sum(summary.rows.values()), "file": path,
                             "when": summary.created_at})
