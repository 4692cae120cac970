"""Org export: companies, units, positions and people as one XLSX workbook or as zipped CSVs.

The columns use codes, not database ids (``company_code``, ``parent_code``,
``manager_employee_number`` …), so a file exported here imports into any flexperf database (see
:mod:`flexperf.org.importing`, which reads exactly these column names).

Two exports of the same data are the same bytes, so a checksum tells whether anything changed:
rows come in a fixed order, and the dates inside the files (of each zip entry, and the
workbook's created/modified properties) are a fixed :data:`FILE_DATE`, not the moment of export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.org.models import Company, Person, Position, Unit

SHEETS = ("companies", "units", "positions", "people")
COLUMNS: dict[str, tuple[str, ...]] = {
    "companies": ("code", "name", "name_en", "country", "currency"),
    "units": ("code", "name", "name_en", "company_code", "parent_code", "segment",
              "head_employee_number", "archived"),
    "positions": ("code", "title", "title_en", "unit_code", "job_family", "level", "is_key"),
    "people": ("employee_number", "name", "name_en", "email", "unit_code", "position_code",
               "manager_employee_number", "job_family", "level", "location", "hire_date",
               "status", "leave_date", "leave_reason", "gender", "birth_date"),
}
# The ORM lookups behind each column, in COLUMNS order.
_LOOKUPS: dict[str, tuple[str, ...]] = {
    "companies": ("code", "name", "name_en", "country", "currency"),
    "units": ("code", "name", "name_en", "company__code", "parent__code", "segment",
              "head__employee_number", "archived"),
    "positions": ("code", "title", "title_en", "unit__code", "job_family", "level", "is_key"),
    "people": ("employee_number", "name", "name_en", "email", "unit__code", "position__code",
               "manager__employee_number", "job_family", "level", "location", "hire_date",
               "status", "leave_date", "leave_reason", "gender", "birth_date"),
}
# A spreadsheet evaluates a cell that starts with one of these (CSV/formula injection); the CSV
# export quotes such text with a leading apostrophe, which the importer removes again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000
# The date written inside every export: the earliest a zip entry can hold (as in reproducible
# builds), naive because zip entries and the workbook's core properties carry no zone.
FILE_DATE = dt.datetime(1980, 1, 1)


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    filename: str
    content_type: str


def export_org(actor: Actor, fmt: str) -> ExportedFile:
    """The whole organisation (HR admin only: it includes demographic columns).

    ``fmt`` is ``xlsx`` (one workbook, a sheet per table) or ``csv`` (a zip of four CSV files,
    UTF-8 with BOM so that Excel shows Chinese names). The export is a sensitive read and is
    recorded in the audit trail.
    """
    if not actor.is_hr_admin:
        raise Forbidden
    if fmt not in FORMATS:
        raise ServiceError(Problem("format", _("Format must be xlsx or csv, not '%(fmt)s'.")
                                   % {"fmt": fmt}))
    stamp = clock.today().strftime("%Y%m%d")
    counts = {sheet: _queryset(sheet).count() for sheet in SHEETS}
    if fmt == "xlsx":
        exported = ExportedFile(_xlsx(), f"flexperf-org-{stamp}.xlsx", XLSX_TYPE)
    else:
        exported = ExportedFile(_zipped_csv(), f"flexperf-org-{stamp}.zip", "application/zip")
    audit.record(actor, audit.Draft(Action.EXPORT, "org.organisation", "",
                                    exported.filename, context={"format": fmt, "rows": counts}))
    return exported


def rows(sheet: str) -> Iterator[tuple[Any, ...]]:
    """The rows of one table in COLUMNS order: parents before children, managers before reports."""
    yield from _queryset(sheet).values_list(*_LOOKUPS[sheet]).iterator(chunk_size=CHUNK)


def _queryset(sheet: str) -> Any:
    if sheet == "companies":
        return Company.objects.order_by("code")
    if sheet == "units":
        return Unit.objects.order_by("path", "code")
    if sheet == "positions":
        return Position.objects.order_by("code")
    return Person.objects.order_by("path", "employee_number")


def csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(sheet: str, handle: io.StringIO | Any) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(COLUMNS[sheet])
    for row in rows(sheet):
        writer.writerow([csv_text(value) for value in row])


def csv_bytes(sheet: str) -> bytes:
    buffer = io.StringIO()
    write_csv(sheet, buffer)
    return buffer.getvalue().encode("utf-8-sig")


class ReproducibleZip(zipfile.ZipFile):
    """A zip file whose entries all carry :data:`FILE_DATE` and the same permissions, however
    they are added (openpyxl adds its parts with ``writestr`` and each write-only worksheet from
    a temporary file with ``write``)."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = (zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
                else zinfo_or_arcname)
        info = zipfile.ZipInfo(name, date_time=FILE_DATE.timetuple()[:6])
        info.compress_type = self.compression if compress_type is None else compress_type
        info.external_attr = 0o644 << 16  # -rw-r--r--
        super().writestr(info, data, compresslevel=compresslevel)

    def write(self, filename: str | os.PathLike[str], arcname: str | os.PathLike[str] | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        path = Path(filename)
        self.writestr(str(arcname) if arcname is not None else path.name, path.read_bytes(),
                      compress_type, compresslevel)


def _zipped_csv() -> bytes:
    buffer = io.BytesIO()
    with ReproducibleZip(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for sheet in SHEETS:
            archive.writestr(f"{sheet}.csv", csv_bytes(sheet))
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet)
        worksheet.freeze_panes = "A2"
        for index, name in enumerate(COLUMNS[sheet]):
            worksheet.column_dimensions[_column_letter(index)].width = max(12, len(name) + 2)
        worksheet.append(COLUMNS[sheet])
        for row in rows(sheet):
            worksheet.append(list(_xlsx_cells(worksheet, row)))
    # Workbook.save would stamp "modified" with the current time: write through ExcelWriter.
    workbook.properties.created = workbook.properties.modified = FILE_DATE
    buffer = io.BytesIO()
    with ReproducibleZip(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _xlsx_cells(worksheet: Any, row: Iterable[Any]) -> Iterator[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for value in row:
        if isinstance(value, str) and (value[:1] == "=" or ILLEGAL_CHARACTERS_RE.search(value)):
            # openpyxl would store "=…" as a formula (and refuse control characters): keep the
            # cell plain text. Other values go in as they are (dates get a date format).
            cell = WriteOnlyCell(worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
            yield cell
        else:
            yield value


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
