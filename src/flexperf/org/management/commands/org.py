"""`flexperf org import FILE… [--dry-run]` and `flexperf org export FILE`."""

from __future__ import annotations

import io
import zipfile
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
from flexperf.org import exporting, importing


class Command(BaseCommand):
    help = _("Import or export the organisation: companies, units, positions and people.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importer = actions.add_parser(
            "import", help=_("Check every row, then write all or nothing."),
            description=_("Import an XLSX workbook (sheets companies, units, positions, "
                          "people), CSV files of those tables, or a zip from `org export`. "
                          "Several files are imported together, in one transaction."))
        importer.add_argument("files", nargs="+", metavar="FILE")
        importer.add_argument("--dry-run", action="store_true",
                              help=_("Check and count only; write nothing."))
        exporter = actions.add_parser(
            "export", help=_("Write the organisation to a file."),
            description=_("FILE.xlsx: one workbook; FILE.zip: four CSV files zipped; "
                          "a directory: the four CSV files in it."))
        exporter.add_argument("file", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["files"], dry_run=options["dry_run"])
        else:
            self._export(options["file"])

    def _import(self, names: Sequence[str], *, dry_run: bool) -> None:
        files = []
        for name in names:
            try:
                files.append((Path(name).name, Path(name).read_bytes()))
            except OSError as exc:
                raise CommandError(_("Cannot read %(file)s: %(error)s")
                                   % {"file": name, "error": exc.strerror or exc}) from exc
        with service_errors():
            report = importing.import_files(actor=cli_actor(), files=files, dry_run=dry_run)
        if report.problems:
            refuse_import_problems(cast(TextIO, self.stdout), report.problems)
        self.stdout.write(table(
            (_("table"), _("created"), _("updated")),
            [(sheet, str(report.created[sheet]), str(report.updated[sheet]))
             for sheet in exporting.SHEETS]))
        if dry_run:
            self.stdout.write(_("Dry run: every row is fine; nothing was written."))

    def _export(self, name: str) -> None:
        path = Path(name)
        into_folder = path.is_dir() or name.endswith(("/", "\\"))
        suffix = path.suffix.lower()
        if not into_folder and suffix not in {".xlsx", ".zip"}:
            raise CommandError(_("FILE must end in .xlsx or .zip, or be a directory."))
        with service_errors():
            exported = exporting.export_org(cli_actor(), "xlsx" if suffix == ".xlsx" else "csv")
        try:
            if into_folder:
                path.mkdir(parents=True, exist_ok=True)
                with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
                    for member in archive.namelist():
                        (path / member).write_bytes(archive.read(member))
            else:
                path.write_bytes(exported.content)
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s")
                               % {"file": name, "error": exc.strerror or exc}) from exc
        self.stdout.write(_("Wrote %(file)s.") % {"file": path})

