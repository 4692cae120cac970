"""Reading the files: XLSX workbooks, CSV files (UTF-8 or GB18030, comma, semicolon or tab) and
zips of those, into tables (through :mod:`flexperf.core.tabular`, shared with other imports);
then each table's cells into typed values, with a problem for every cell that cannot be read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from flexperf.core import tabular
from flexperf.core.tabular import bool_of as _bool_of
from flexperf.core.tabular import date_of as _date_of
from flexperf.core.tabular import is_blank as _is_blank
from flexperf.core.tabular import text_of as _text_of
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

# --- reading files -------------------------------------------------------------------------


def read_tables(files: Sequence[tuple[str, bytes]], problems: Problems) -> list[Table]:
    """Every table in the given files: XLSX workbooks, CSV files, and zips of those."""
    layout = tabular.Layout(
        sheets=SPEC, sheet_of_header=_table_of, max_rows=MAX_ROWS,
        unknown_header=_("%(file)s: the header does not match the columns of companies, "
                         "units, positions or people."))
    tables = [Table(t.sheet, t.source, t.columns, t.raw_rows, csv=t.csv)
              for t in tabular.read_files(files, problems, layout)]
    if not tables and not problems:
        problems.add("", None, "", _("No companies, units, positions or people found in the "
                                     "file."))
    return tables


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

