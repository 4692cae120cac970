"""`flexperf export FILE`: the whole database as one JSON document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.core import backup
from flexperf.core.management import cli_actor, service_errors


class Command(BaseCommand):
    help = _("Export the whole database (every flexperf table, users, role assignments, hashed "
             "API tokens, the audit trail) to a JSON file; FILE.json.gz compresses it.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(_("%(file)s is a directory: name the file to write.")
                               % {"file": path})
        try:
            with service_errors():
                summary = backup.export_database(actor=cli_actor(), path=path)
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s")
                               % {"file": path, "error": exc.strerror or exc}) from exc
        self.stdout.write(_("Wrote %(rows)d rows of %(tables)d tables to %(file)s.")
                          % {"rows": sum(summary.rows.values()), "tables": len(summary.rows),
                             "file": path})
