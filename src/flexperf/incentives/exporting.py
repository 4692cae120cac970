"""Export of a payout run (HR): one row per payout line, CSV (UTF-8 with BOM) or XLSX.

Columns: employee_number, name, kind, amount, currency, reference, statement (the line's
sentences in the active language). Rows in employee-number order, then line order. Two exports
of the same run are the same bytes (no timestamps inside). Exporting is audited.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.incentives import engine
from flexperf.incentives.selectors.policies import access_run, lines_of
from flexperf.org.exporting import FILE_DATE, XLSX_TYPE, ReproducibleZip, csv_text

COLUMNS = ("employee_number", "name", "kind", "amount", "currency", "reference", "statement")
FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class ExportedRun:
    filename: str
    content_type: str
    data: bytes


def export_run(actor: Actor, run_id: int, fmt: str) -> ExportedRun:
    if fmt not in FORMATS:
        raise ServiceError(_("Choose csv or xlsx."), field="format")
    run = access_run(actor, run_id)
    rows = list(_rows(actor, run_id))
    data = _csv(rows) if fmt == "csv" else _xlsx(rows)
    audit.record(actor, audit.draft_for(run, Action.EXPORT,
                                        context={"format": fmt, "lines": len(rows)}))
    name = f"payouts-{run.cycle.code}-run{run.pk}.{fmt}"
    return ExportedRun(name, CSV_TYPE if fmt == "csv" else XLSX_TYPE, data)


def _rows(actor: Actor, run_id: int) -> Iterator[tuple[Any, ...]]:
    run = access_run(actor, run_id)
    for line in lines_of(actor, run).iterator(chunk_size=2000):
        yield (line.person.employee_number, line.person.name, line.kind, line.amount,
               line.currency, line.reference, " ".join(engine.render(line.statement)))


def _csv(rows: list[tuple[Any, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([f"{v:.2f}" if i == 3 else csv_text(v) for i, v in enumerate(row)])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[tuple[Any, ...]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("payouts")
    sheet.append(COLUMNS)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never a formula
                cells.append(cell)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "#,##0.00"
                cells.append(cell)
        sheet.append(cells)
    workbook.properties.created = workbook.properties.modified = FILE_DATE
    buffer = io.BytesIO()
    with ReproducibleZip(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()
