"""Reading the files: XLSX workbooks, CSV files (UTF-8 or GB18030, comma, semicolon or tab) and
zips of those, into tables; then each table's cells into typed values, with a problem for every
cell that cannot be read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from flexperf.org.exporting import COLUMNS, FORMULA_STARTS, SHEETS
from flexperf.org.importing.spec import (
    KEY_COLUMN,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    SPEC,
    Col,
    Problems,
    Row,
    Table,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "1", "yes", "y", "是"}
_FALSE = {"false", "0", "no", "n", "否"}


# --- reading files -------------------------------------------------------------------------


def read_tables(files: Sequence[tuple[str, bytes]], problems: Problems) -> list[Table]:
    """Every table in the given files: XLSX workbooks, CSV files, and zips of those."""
    tables: list[Table] = []
    for filename, data in files:
        suffix = PurePath(filename).suffix.lower()
        if suffix == ".zip":
            tables += _read_zip(filename, data, problems)
        elif suffix in {".xlsx", ".xlsm"}:
            tables += _read_xlsx(filename, data, problems)
        elif suffix in {".csv", ".txt"}:
            tables += _read_csv(filename, data, problems)
        else:
            problems.add("", None, "", _("%(file)s: use an XLSX workbook, CSV files or a zip of "
                                         "CSV files.") % {"file": filename})
    seen: dict[str, str] = {}
    for table in tables:
        if table.sheet in seen:
            problems.add(table.sheet, None, "", _("The %(sheet)s table is in both %(a)s and "
                                                  "%(b)s.") % {"sheet": table.sheet,
                                                               "a": seen[table.sheet],
                                                               "b": table.source})
        seen[table.sheet] = table.source
    if not tables and not problems:
        problems.add("", None, "", _("No companies, units, positions or people found in the "
                                     "file."))
    return tables


def _read_zip(filename: str, data: bytes, problems: Problems) -> list[Table]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        problems.add("", None, "", _("%(file)s is not a readable zip file.") % {"file": filename})
        return []
    tables: list[Table] = []
    with archive:
        for info in archive.infolist():
            name = PurePath(info.filename)
            if info.is_dir() or name.name.startswith((".", "__")):
                continue
            if name.suffix.lower() in {".csv", ".xlsx"}:
                label = f"{filename}/{info.filename}"
                member = archive.read(info)
                reader = _read_csv if name.suffix.lower() == ".csv" else _read_xlsx
                tables += reader(label, member, problems)
    return tables


def _read_xlsx(filename: str, data: bytes, problems: Problems) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        problems.add("", None, "", _("%(file)s is not a readable XLSX workbook.")
                     % {"file": filename})
        return []
    tables = []
    try:
        for worksheet in workbook.worksheets:
            sheet = worksheet.title.strip().lower()
            if sheet not in SPEC:
                continue  # helper sheets (notes, lookups) are allowed beside ours
            lines = iter(worksheet.iter_rows(values_only=True))
            header = next(lines, None)
            numbered = _numbered(lines, sheet, problems)
            if header is None:
                continue
            tables.append(Table(sheet, f"{filename}:{worksheet.title}",
                                tuple(_header_name(c) for c in header), numbered, csv=False))
    finally:
        workbook.close()
    return tables


def _read_csv(filename: str, data: bytes, problems: Problems) -> list[Table]:
    text = _decode(data)
    if text is None:
        problems.add("", None, "", _("%(file)s is neither UTF-8 nor GB18030 text.")
                     % {"file": filename})
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        problems.add("", None, "", _("%(file)s is not a readable CSV file: %(error)s")
                     % {"file": filename, "error": exc})
        return []
    header = tuple(_header_name(c) for c in (lines[0] if lines else []))
    sheet = _table_of(header)
    if sheet is None:
        problems.add("", 1, "", _("%(file)s: the header does not match the columns of "
                                  "companies, units, positions or people.") % {"file": filename})
        return []
    return [Table(sheet, filename, header, _numbered(iter(lines[1:]), sheet, problems),
                  csv=True)]


def _decode(data: bytes) -> str | None:
    # Excel's "CSV UTF-8" writes a BOM; Excel in Chinese Windows writes GBK (a subset of GB18030).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _numbered(lines: Iterator[Sequence[Any]], sheet: str, problems: Problems
              ) -> list[tuple[int, list[Any]]]:
    numbered = []
    for number, cells in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            problems.add(sheet, number, "", _("More than %(n)d rows: split the file.")
                         % {"n": MAX_ROWS})
            break
        if any(c is not None and str(c).strip() for c in cells):  # skip blank lines
            numbered.append((number, list(cells)))
    return numbered


def _header_name(cell: Any) -> str:
    return "" if cell is None else str(cell).strip().lower()


def _table_of(header: Sequence[str]) -> str | None:
    """The table a CSV file holds (it carries no sheet name): the one whose required columns
    are all there, then the one sharing most columns, then the narrower one ("code,name" is a
    companies file rather than a units file missing columns)."""
    present = set(header)

    def score(sheet: str) -> tuple[bool, int, int]:
        return (set(REQUIRED_COLUMNS[sheet]) <= present, len(present & set(COLUMNS[sheet])),
                -len(COLUMNS[sheet]))

    best = max(SHEETS, key=score)
    return best if score(best)[1] else None


# --- parsing cells -------------------------------------------------------------------------


def parse_table(table: Table, problems: Problems) -> list[Row]:
    spec = SPEC[table.sheet]
    positions: dict[str, int] = {}
    for index, name in enumerate(table.columns):
        if not name:
            continue
        if name not in spec:
            problems.add(table.sheet, 1, name, _("Unknown column."))
        elif name in positions:
            problems.add(table.sheet, 1, name, _("The column appears twice."))
        else:
            positions[name] = index
    missing = {name for name in REQUIRED_COLUMNS[table.sheet] if name not in positions}
    for name in sorted(missing):
        problems.add(table.sheet, 1, name, _("Required column is missing."))
    if KEY_COLUMN[table.sheet] in missing:
        return []
    parsed = []
    for number, cells in table.raw_rows:
        # The rows are still read so that other tables' references to them resolve; a missing
        # column is marked bad on each row so it is reported once, on the header.
        row = Row(table.sheet, number, {}, bad=set(missing))
        for name, index in positions.items():
            cell = cells[index] if index < len(cells) else None
            if table.csv and isinstance(cell, str) and cell.startswith("'") \
                    and cell[1:].startswith(FORMULA_STARTS):
                cell = cell[1:]  # undo the exporter's quoting of formula-like text
            _parse_cell(row, name, spec[name], cell, problems)
        parsed.append(row)
    return parsed


def _parse_cell(row: Row, name: str, col: Col, cell: Any, problems: Problems) -> None:
    if col.kind == "date":
        value = _date_of(cell)
        if value is False:
            problems.at(row, name, _("'%(value)s' is not a date: use YYYY-MM-DD.")
                        % {"value": cell})
            return
        row.values[name] = value
        return
    if col.kind == "bool":
        flag = _bool_of(cell)
        if flag is None and _is_blank(cell):
            flag = bool(col.default)
        if flag is None:
            problems.at(row, name, _("'%(value)s' is not true or false.") % {"value": cell})
            return
        row.values[name] = flag
        return
    text = _text_of(cell)
    if not text:
        if col.required:
            problems.at(row, name, _("This field is required."))
            return
        row.values[name] = col.default
        return
    if col.max_length and len(text) > col.max_length:
        problems.at(row, name, _("Longer than %(n)d characters.") % {"n": col.max_length})
        return
    if col.kind == "choice":
        lowered = text.lower()
        if lowered not in col.choices:
            problems.at(row, name, _("'%(value)s' is not one of: %(allowed)s")
                        % {"value": text, "allowed": ", ".join(col.choices)})
            return
        text = lowered
    row.values[name] = text


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text_of(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel stores 1001 typed as a number as 1001.0
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _date_of(cell: Any) -> dt.date | bool | None:
    """A date, None for a blank cell, or False when the cell is not a date."""
    if _is_blank(cell):
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    if not _ISO_DATE.match(text):
        return False
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return False


def _bool_of(cell: Any) -> bool | None:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = _text_of(cell).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None

