"""Reading spreadsheets people send us: XLSX workbooks, CSV files (UTF-8 or GB18030, comma,
semicolon or tab) and zips of those, into raw tables; and reading cells into values.

Shared by every import (organisation, goals …). What a table is made of, and which sheet a CSV
file holds, is the importer's business; problems go to its report with sheet, row (as Excel
shows it: the header is row 1) and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any, Protocol

from django.utils.translation import gettext as _

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "1", "yes", "y", "是"}
_FALSE = {"false", "0", "no", "n", "否"}


class ProblemSink(Protocol):
    def add(self, sheet: str, row: int | None, column: str, message: str) -> None: ...


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    message: str


class BadCells(Protocol):
    """A row being checked: where it is, and which of its cells are already known bad."""

    sheet: str
    number: int
    bad: set[str]


class Problems:
    """An import's problems, reported in the importer's sheet and column order, row by row;
    past `limit` the rest are counted in one last line."""

    def __init__(self, sheets: Sequence[str], columns: Mapping[str, Collection[str]], *,
                 limit: int = 1000) -> None:
        self.items: list[ImportProblem] = []
        self._sheets = {sheet: i for i, sheet in enumerate(sheets)}
        self._columns = {sheet: list(names) for sheet, names in columns.items()}
        self._limit = limit

    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.items.append(ImportProblem(sheet, row, column, message))

    def at(self, row: BadCells, column: str, message: str) -> None:
        row.bad.add(column)
        self.add(row.sheet, row.number, column, message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def report(self) -> list[ImportProblem]:
        def key(p: ImportProblem) -> tuple[int, int, int]:
            columns = self._columns.get(p.sheet, [])
            return (self._sheets.get(p.sheet, -1), p.row or 0,
                    columns.index(p.column) if p.column in columns else -1)

        items = sorted(self.items, key=key)
        if len(items) <= self._limit:
            return items
        rest = len(items) - self._limit
        return [*items[:self._limit],
                ImportProblem("", None, "", _("… and %(n)d more problems.") % {"n": rest})]


@dataclass
class RawTable:
    sheet: str
    source: str  # file (and sheet) name, for messages
    columns: tuple[str, ...]  # header names, stripped and lower-cased
    raw_rows: list[tuple[int, list[Any]]]  # (row number as Excel shows it, cells); no blanks
    csv: bool


@dataclass(frozen=True)
class Layout:
    """What an importer expects: the sheet names it reads from a workbook (others are
    skipped), how to tell which table a CSV file holds from its header (None: no match), and
    the message when none matches."""

    sheets: Collection[str]
    sheet_of_header: Callable[[Sequence[str]], str | None]
    unknown_header: str  # with %(file)s
    max_rows: int = 500_000


def read_files(files: Sequence[tuple[str, bytes]], problems: ProblemSink, layout: Layout
               ) -> list[RawTable]:
    """Every table in the given files; a table found twice is a problem."""
    tables: list[RawTable] = []
    for filename, data in files:
        suffix = PurePath(filename).suffix.lower()
        if suffix == ".zip":
            tables += _read_zip(filename, data, problems, layout)
        elif suffix in {".xlsx", ".xlsm"}:
            tables += _read_xlsx(filename, data, problems, layout)
        elif suffix in {".csv", ".txt"}:
            tables += _read_csv(filename, data, problems, layout)
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
    return tables


def _read_zip(filename: str, data: bytes, problems: ProblemSink, layout: Layout
              ) -> list[RawTable]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        problems.add("", None, "", _("%(file)s is not a readable zip file.") % {"file": filename})
        return []
    tables: list[RawTable] = []
    with archive:
        for info in archive.infolist():
            name = PurePath(info.filename)
            if info.is_dir() or name.name.startswith((".", "__")):
                continue
            if name.suffix.lower() in {".csv", ".xlsx"}:
                label = f"{filename}/{info.filename}"
                member = archive.read(info)
                reader = _read_csv if name.suffix.lower() == ".csv" else _read_xlsx
                tables += reader(label, member, problems, layout)
    return tables


def _read_xlsx(filename: str, data: bytes, problems: ProblemSink, layout: Layout
               ) -> list[RawTable]:
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
            if sheet not in layout.sheets:
                continue  # helper sheets (notes, lookups) are allowed beside ours
            lines = iter(worksheet.iter_rows(values_only=True))
            header = next(lines, None)
            numbered = _numbered(lines, sheet, problems, layout.max_rows)
            if header is None:
                continue
            tables.append(RawTable(sheet, f"{filename}:{worksheet.title}",
                                   tuple(header_name(c) for c in header), numbered, csv=False))
    finally:
        workbook.close()
    return tables


def _read_csv(filename: str, data: bytes, problems: ProblemSink, layout: Layout
              ) -> list[RawTable]:
    text = decode(data)
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
    header = tuple(header_name(c) for c in (lines[0] if lines else []))
    sheet = layout.sheet_of_header(header)
    if sheet is None:
        problems.add("", 1, "", layout.unknown_header % {"file": filename})
        return []
    return [RawTable(sheet, filename, header,
                     _numbered(iter(lines[1:]), sheet, problems, layout.max_rows), csv=True)]


def decode(data: bytes) -> str | None:
    # Excel's "CSV UTF-8" writes a BOM; Excel in Chinese Windows writes GBK (a subset of GB18030).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _numbered(lines: Iterator[Sequence[Any]], sheet: str, problems: ProblemSink,
              max_rows: int) -> list[tuple[int, list[Any]]]:
    numbered = []
    for number, cells in enumerate(lines, start=2):
        if number > max_rows + 1:
            problems.add(sheet, number, "", _("More than %(n)d rows: split the file.")
                         % {"n": max_rows})
            break
        if any(c is not None and str(c).strip() for c in cells):  # skip blank lines
            numbered.append((number, list(cells)))
    return numbered


def header_name(cell: Any) -> str:
    return "" if cell is None else str(cell).strip().lower()


# --- cells ---------------------------------------------------------------------------------


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text_of(cell: Any) -> str:
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


def date_of(cell: Any) -> dt.date | bool | None:
    """A date, None for a blank cell, or False when the cell is not a date."""
    if is_blank(cell):
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


def bool_of(cell: Any) -> bool | None:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = text_of(cell).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def decimal_of(cell: Any) -> Decimal | bool | None:
    """A number, None for a blank cell, or False when the cell is not a number. Excel's
    floats are read through their shortest text (0.1 stays 0.1)."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        return False
    text = repr(cell) if isinstance(cell, float) else text_of(cell)
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return False
    return number if number.is_finite() else False
