"""Org import: read a workbook or CSV files, check every row, then write all or nothing.

Input is what :mod:`flexperf.org.exporting` writes: an XLSX workbook with any of the sheets
``companies``, ``units``, ``positions``, ``people``, or CSV files holding one of those tables each
(told apart by their header), or a zip of such CSV files. Rows refer to each other by code
(company code, unit code, position code, employee number), never by database id; a reference may
point to a row of the same import or to a record already in the database.

Every row is checked before anything is written, and each problem is reported with its sheet,
its row number as Excel shows it (the header is row 1) and its column. If there is any problem,
nothing is written.

Records are matched by their natural key: a key not yet in the database creates a record, a known
key updates the columns present in the file (a column missing from the file leaves that field
alone; a blank cell clears it, or sets the field's default: status ``active``, country ``CN`` …).
Records in the database that the file does not mention are left alone: an import never deletes
or archives anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.core.events import emit
from flexperf.org import events, rules
from flexperf.org.exporting import COLUMNS, FORMULA_STARTS, SHEETS
from flexperf.org.models import (
    Company,
    Gender,
    JobFamily,
    LeaveReason,
    Person,
    Position,
    Segment,
    Status,
    Unit,
)
from flexperf.org.services import PERSON_FIELDS, UNIT_FIELDS

COMPANY_FIELDS = ("code", "name", "name_en", "country", "currency")
POSITION_FIELDS = ("code", "title", "title_en", "unit", "job_family", "level", "is_key")
MAX_ROWS = 500_000  # per table; a larger file is rejected before it is parsed further
MAX_PROBLEMS = 1000  # listed in the report; the rest are counted
MAX_DEPTH = 255 // tree.STEP  # levels a materialized path column can hold
BATCH = 1000
KEY_LOOKUP_CHUNK = 900  # below SQLite's default limit of bound parameters per query


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class ImportReport:
    ok: bool
    dry_run: bool
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)


# --- columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """How one column is read: its kind, the model field it fills, and whether it is required."""

    kind: str  # text | choice | date | bool | ref
    field: str
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 0
    default: Any = ""


def _text(model: type[models.Model], name: str, *, required: bool = False,
          default: Any = "") -> Col:
    max_length = model._meta.get_field(name).max_length or 0  # type: ignore[union-attr]
    return Col("text", name, required, max_length=max_length, default=default)


def _choice(name: str, choices: Iterable[str], *, required: bool = False,
            default: Any = "") -> Col:
    return Col("choice", name, required, tuple(choices), default=default)


def _ref(name: str, *, required: bool = False) -> Col:
    return Col("ref", name, required, max_length=32, default=None)


SPEC: dict[str, dict[str, Col]] = {
    "companies": {
        "code": _text(Company, "code", required=True),
        "name": _text(Company, "name", required=True),
        "name_en": _text(Company, "name_en"),
        "country": _text(Company, "country", default="CN"),
        "currency": _text(Company, "currency", default="CNY"),
    },
    "units": {
        "code": _text(Unit, "code", required=True),
        "name": _text(Unit, "name", required=True),
        "name_en": _text(Unit, "name_en"),
        "company_code": _ref("company", required=True),
        "parent_code": _ref("parent"),
        "segment": _choice("segment", Segment.values, required=True),
        "head_employee_number": _ref("head"),
        "archived": Col("bool", "archived", default=False),
    },
    "positions": {
        "code": _text(Position, "code", required=True),
        "title": _text(Position, "title", required=True),
        "title_en": _text(Position, "title_en"),
        "unit_code": _ref("unit", required=True),
        "job_family": _choice("job_family", JobFamily.values, required=True),
        "level": _text(Position, "level"),
        "is_key": Col("bool", "is_key", default=False),
    },
    "people": {
        "employee_number": _text(Person, "employee_number", required=True),
        "name": _text(Person, "name", required=True),
        "name_en": _text(Person, "name_en"),
        "email": _text(Person, "email"),
        "unit_code": _ref("unit", required=True),
        "position_code": _ref("position"),
        "manager_employee_number": _ref("manager"),
        "job_family": _choice("job_family", JobFamily.values, required=True),
        "level": _text(Person, "level"),
        "location": _text(Person, "location"),
        # Required, but its absence is reported by rules.person_dates with the other date rules.
        "hire_date": Col("date", "hire_date", default=None),
        "status": _choice("status", Status.values, default=Status.ACTIVE.value),
        "leave_date": Col("date", "leave_date", default=None),
        "leave_reason": _choice("leave_reason", LeaveReason.values),
        "gender": _choice("gender", Gender.values),
        "birth_date": Col("date", "birth_date", default=None),
    },
}
REQUIRED_COLUMNS = {
    sheet: tuple(n for n, c in cols.items() if c.required or (sheet, n) == ("people", "hire_date"))
    for sheet, cols in SPEC.items()
}
KEY_COLUMN = {"companies": "code", "units": "code", "positions": "code",
              "people": "employee_number"}
# Reference columns: which table they point into.
REF_TARGET = {"company_code": "companies", "parent_code": "units", "unit_code": "units",
              "position_code": "positions", "head_employee_number": "people",
              "manager_employee_number": "people"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_TRUE = {"true", "1", "yes", "y", "是"}
_FALSE = {"false", "0", "no", "n", "否"}


# --- reading files -------------------------------------------------------------------------


@dataclass
class Row:
    sheet: str
    number: int  # as Excel shows it: the header is row 1
    values: dict[str, Any]  # parsed values of the columns present (refs hold codes)
    bad: set[str] = field(default_factory=set)  # columns that already have a problem

    @property
    def key(self) -> str:
        return str(self.values.get(KEY_COLUMN[self.sheet], ""))


@dataclass
class Table:
    sheet: str
    source: str  # file (and sheet) name, for messages
    columns: tuple[str, ...]
    raw_rows: list[tuple[int, list[Any]]]  # (row number, cells)
    csv: bool


class Problems:
    def __init__(self) -> None:
        self.items: list[ImportProblem] = []

    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.items.append(ImportProblem(sheet, row, column, message))

    def at(self, row: Row, column: str, message: str) -> None:
        row.bad.add(column)
        self.add(row.sheet, row.number, column, message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def report(self) -> list[ImportProblem]:
        order = {sheet: i for i, sheet in enumerate(SHEETS)}

        def sort_key(p: ImportProblem) -> tuple[int, int, int]:
            columns = COLUMNS.get(p.sheet, ())
            return (order.get(p.sheet, -1), p.row or 0,
                    columns.index(p.column) if p.column in columns else -1)

        items = sorted(self.items, key=sort_key)
        if len(items) <= MAX_PROBLEMS:
            return items
        rest = len(items) - MAX_PROBLEMS
        return [*items[:MAX_PROBLEMS],
                ImportProblem("", None, "", _("… and %(n)d more problems.") % {"n": rest})]


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


# --- what is in the database -----------------------------------------------------------------


@dataclass
class PersonIndex:
    """The reporting structure of everyone in the database, by employee number (no full rows)."""

    pk: dict[str, int]
    number: dict[int, str]
    manager: dict[str, str | None]
    unit: dict[str, str]
    position: dict[str, str | None]
    status: dict[str, str]
    path: dict[int, str]
    manager_pk: dict[int, int | None]


@dataclass
class Database:
    companies: dict[str, Company]
    units: dict[str, Unit]
    positions: dict[str, Position]
    people: PersonIndex
    people_rows: dict[str, Person]  # full rows of the people the file mentions
    unit_code: dict[int, str]
    position_code: dict[int, str]
    company_code: dict[int, str]


def _load_database(people_in_file: Iterable[str]) -> Database:
    companies = {c.code: c for c in Company.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    positions = {p.code: p for p in Position.objects.all()}
    unit_code = {u.pk: code for code, u in units.items()}
    position_code = {p.pk: code for code, p in positions.items()}
    index = PersonIndex({}, {}, {}, {}, {}, {}, {}, {})
    records = Person.objects.values_list("pk", "employee_number", "manager_id", "unit_id",
                                         "position_id", "status", "path")
    manager_ids: dict[str, int | None] = {}
    for pk, number, manager_id, unit_id, position_id, status, path in records.iterator(
            chunk_size=5000):
        index.pk[number] = pk
        index.number[pk] = number
        manager_ids[number] = manager_id
        index.manager_pk[pk] = manager_id
        index.unit[number] = unit_code[unit_id]
        index.position[number] = position_code.get(position_id) if position_id else None
        index.status[number] = status
        index.path[pk] = path
    index.manager = {n: index.number[m] if m else None for n, m in manager_ids.items()}
    wanted = sorted(n for n in set(people_in_file) if n in index.pk)
    people_rows: dict[str, Person] = {}
    for start in range(0, len(wanted), KEY_LOOKUP_CHUNK):
        chunk = wanted[start:start + KEY_LOOKUP_CHUNK]
        people_rows.update((p.employee_number, p)
                           for p in Person.objects.filter(employee_number__in=chunk))
    return Database(companies, units, positions, index, people_rows, unit_code, position_code,
                    {c.pk: code for code, c in companies.items()})


# --- checking --------------------------------------------------------------------------------


@dataclass
class Plan:
    """What the import would do, per table: rows to create and rows to update (by key)."""

    rows: dict[str, dict[str, Row]]
    create: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SHEETS})
    update: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SHEETS})


def check(tables: list[Table], problems: Problems) -> tuple[Plan, Database]:
    rows: dict[str, dict[str, Row]] = {sheet: {} for sheet in SHEETS}
    for table in tables:
        for row in parse_table(table, problems):
            _add_unique(rows[table.sheet], row, problems)
    db = _load_database(rows["people"])
    plan = Plan(rows)
    _check_references(plan, db, problems)
    _check_companies(plan, problems)
    _check_units(plan, db, problems)
    _check_positions(plan, db, problems)
    _check_people(plan, db, problems)
    _plan_changes(plan, db)
    return plan, db


def _add_unique(rows: dict[str, Row], row: Row, problems: Problems) -> None:
    key_column = KEY_COLUMN[row.sheet]
    if key_column in row.bad:
        return
    key = row.key
    if key in rows:
        problems.at(row, key_column, _("%(key)s is already on row %(row)d.")
                    % {"key": key, "row": rows[key].number})
        return
    rows[key] = row


def _known(plan: Plan, db: Database, sheet: str) -> set[str]:
    in_db = db.people.pk if sheet == "people" else _existing(sheet, db)
    return set(in_db) | set(plan.rows[sheet])


def _check_references(plan: Plan, db: Database, problems: Problems) -> None:
    known = {sheet: _known(plan, db, sheet) for sheet in SHEETS}
    messages = {
        "companies": _("Unknown company %(code)s: not in the file nor in the database."),
        "units": _("Unknown unit %(code)s: not in the file nor in the database."),
        "positions": _("Unknown position %(code)s: not in the file nor in the database."),
        "people": _("Unknown person %(code)s: no such employee number in the file nor in the "
                    "database."),
    }
    for sheet in SHEETS:
        for row in plan.rows[sheet].values():
            for column, target in REF_TARGET.items():
                code = row.values.get(column)
                if code and code not in known[target]:
                    problems.at(row, column, messages[target] % {"code": code})


def _check_companies(plan: Plan, problems: Problems) -> None:
    for row in plan.rows["companies"].values():
        for column, pattern, message in (
            ("country", _COUNTRY, _("Use a two-letter country code such as CN.")),
            ("currency", _CURRENCY, _("Use a three-letter currency code such as CNY.")),
        ):
            if column in row.values and column not in row.bad:
                row.values[column] = str(row.values[column]).upper()
                if not pattern.match(row.values[column]):
                    problems.at(row, column, message)


def _final(plan: Plan, sheet: str, column: str, in_db: Mapping[str, Any]) -> dict[str, Any]:
    """key → value of `column` after the import: the file's value, else the database's."""
    values = dict(in_db)
    for key, row in plan.rows[sheet].items():
        if column in row.values:
            values[key] = row.values[column]
        elif key not in values:
            values[key] = SPEC[sheet][column].default
    return values


def _parent_code(db: Database, unit: Unit) -> str | None:
    return db.unit_code[unit.parent_id] if unit.parent_id else None


def _check_units(plan: Plan, db: Database, problems: Problems) -> None:
    parents = _final(plan, "units", "parent_code",
                     {code: _parent_code(db, u) for code, u in db.units.items()})
    _check_tree(plan.rows["units"], parents, "parent_code", problems,
                cycle=_("Units form a cycle: %(cycle)s."),
                deep=_("The unit tree would be deeper than %(n)d levels."))
    # An archived unit keeps no active people (people in the file are checked on their rows).
    archived = [row for row in plan.rows["units"].values() if row.values.get("archived")]
    if archived:
        active_elsewhere: Counter[str] = Counter(
            db.people.unit[n] for n, status in db.people.status.items()
            if status == Status.ACTIVE and n not in plan.rows["people"])
        for row in archived:
            if active_elsewhere[row.key]:
                problems.at(row, "archived", _("%(n)d active people not in this file are still in "
                                               "this unit.") % {"n": active_elsewhere[row.key]})


def _check_tree(rows: Mapping[str, Row], parents: Mapping[str, str | None], column: str,
                problems: Problems, *, cycle: str, deep: str) -> None:
    """Cycles and depth of a tree (units by parent, people by manager) after the import.

    Every row on a cycle is reported. A branch too deep for the path column is reported on the
    nearest row of the file at or above its deepest node (that row is what moved it).
    """
    on_cycle: set[str] = set()
    for keys in rules.reporting_cycles(parents):
        on_cycle.update(keys)
        described = " → ".join([*keys, keys[0]])
        for key in keys:
            if key in rows and column not in rows[key].bad:
                problems.at(rows[key], column, cycle % {"cycle": described})
    depth: dict[str, int] = {}
    too_deep: set[str] = set()
    for key in parents:
        if key in on_cycle or _depth_of(key, parents, depth, on_cycle) < MAX_DEPTH:
            continue
        node: str | None = key
        while node is not None and node not in rows:
            node = parents.get(node)
        if node is not None:
            too_deep.add(node)
    for key in sorted(too_deep):
        if column not in rows[key].bad:
            problems.at(rows[key], column, deep % {"n": MAX_DEPTH})


def _depth_of(key: str, parents: Mapping[str, str | None], memo: dict[str, int],
              on_cycle: set[str]) -> int:
    """0 for a root; iterative, so a long chain cannot exhaust the stack."""
    walk = []
    node: str | None = key
    while node is not None and node not in memo and node not in on_cycle:
        walk.append(node)
        node = parents.get(node)
    base = memo[node] if node is not None and node in memo else -1
    for offset, visited in enumerate(reversed(walk), start=1):
        memo[visited] = base + offset
    return memo.get(key, 0)


def _check_positions(plan: Plan, db: Database, problems: Problems) -> None:
    """A position that moves to another unit must not stay with people elsewhere."""
    holders: dict[str, list[str]] = defaultdict(list)
    for number, position in db.people.position.items():
        if position and number not in plan.rows["people"]:
            holders[position].append(number)
    for code, row in plan.rows["positions"].items():
        unit = row.values.get("unit_code")
        current = db.positions.get(code)
        if current is None or unit is None or db.unit_code[current.unit_id] == unit:
            continue
        elsewhere = sorted(n for n in holders[code] if db.people.unit[n] != unit)
        if elsewhere:
            shown = ", ".join(elsewhere[:5]) + (" …" if len(elsewhere) > 5 else "")
            problems.at(row, "unit_code", _("Held by people in other units who are not in this "
                                            "file: %(numbers)s.") % {"numbers": shown})


def _check_people(plan: Plan, db: Database, problems: Problems) -> None:
    rows = plan.rows["people"]
    managers = _final(plan, "people", "manager_employee_number", db.people.manager)
    _check_tree(rows, managers, "manager_employee_number", problems,
                cycle=_("Reporting lines form a cycle: %(cycle)s."),
                deep=_("The reporting line would be longer than %(n)d levels."))
    position_units = _final(plan, "positions", "unit_code",
                            {code: db.unit_code[p.unit_id] for code, p in db.positions.items()})
    archived = _final(plan, "units", "archived", {c: u.archived for c, u in db.units.items()})
    today = timezone.localdate()
    for number, row in rows.items():
        merged = _merged_person(row, db.people_rows.get(number), db)
        unit, position = merged["unit_code"], merged["position_code"]
        if position and unit and not row.bad & {"position_code", "unit_code"} \
                and position_units.get(position) != unit:
            problems.at(row, "position_code", _("Position %(position)s belongs to unit "
                                                "%(unit)s, not %(own)s.")
                        % {"position": position, "unit": position_units.get(position),
                           "own": unit})
        if unit and archived.get(unit) and merged["status"] == Status.ACTIVE \
                and "unit_code" not in row.bad:
            problems.at(row, "unit_code", _("Unit %(unit)s is archived.") % {"unit": unit})
        email = merged["email"]
        if email and "email" not in row.bad:
            try:
                validate_email(email)
            except ValidationError:
                problems.at(row, "email", _("'%(email)s' is not an e-mail address.")
                            % {"email": email})
        for problem in rules.person_dates(
            hire_date=merged["hire_date"], status=merged["status"],
            leave_date=merged["leave_date"], leave_reason=merged["leave_reason"],
            birth_date=merged["birth_date"], today=today,
        ):
            # A cell that could not be read already has its problem; don't add a second one.
            if problem.field not in row.bad:
                problems.at(row, problem.field, problem.message)


def _merged_person(row: Row, current: Person | None, db: Database) -> dict[str, Any]:
    """The person's values after the import (file, else database, else default)."""
    merged = _current_values("people", current, db) if current is not None else {
        column: col.default for column, col in SPEC["people"].items()}
    merged.update(row.values)
    return merged


# --- planning --------------------------------------------------------------------------------


def _current_values(sheet: str, record: models.Model, db: Database) -> dict[str, Any]:
    """A database record in the file's terms (codes instead of ids)."""
    values: dict[str, Any] = {}
    for column, col in SPEC[sheet].items():
        if col.kind == "ref":
            target_id = getattr(record, f"{col.field}_id")
            lookup = {"company": db.company_code, "parent": db.unit_code, "unit": db.unit_code,
                      "position": db.position_code, "head": db.people.number,
                      "manager": db.people.number}[col.field]
            values[column] = lookup[target_id] if target_id else None
        else:
            values[column] = getattr(record, col.field)
    return values


def _existing(sheet: str, db: Database) -> Mapping[str, models.Model]:
    """Full database rows by key (for people: only those the file mentions)."""
    tables: dict[str, Mapping[str, models.Model]] = {
        "companies": db.companies, "units": db.units, "positions": db.positions,
        "people": db.people_rows,
    }
    return tables[sheet]


def _plan_changes(plan: Plan, db: Database) -> None:
    for sheet in SHEETS:
        existing = _existing(sheet, db)
        for key, row in plan.rows[sheet].items():
            record = existing.get(key)
            if record is None:
                plan.create[sheet].append(key)
                continue
            current = _current_values(sheet, record, db)
            if any(current[column] != value for column, value in row.values.items()):
                plan.update[sheet].append(key)


# --- writing ---------------------------------------------------------------------------------


AUDITED_FIELDS = {"companies": COMPANY_FIELDS, "units": UNIT_FIELDS,
                  "positions": POSITION_FIELDS, "people": PERSON_FIELDS}
MODELS: dict[str, type[models.Model]] = {"companies": Company, "units": Unit,
                                         "positions": Position, "people": Person}
# References to rows that may not have an id yet when their own table is written.
FORWARD_REFS = {"parent", "head", "manager"}


def _write(plan: Plan, db: Database) -> list[audit.Draft]:
    """Bulk writes in table order (companies → units → positions → people).

    New rows get their ids from bulk_create; references that can point forward (a unit's
    parent and head, a person's manager) and the materialized paths are filled in afterwards and
    written with one UPDATE per few hundred rows (:func:`_bulk_set`).
    """
    records: dict[str, dict[str, Any]] = {
        "companies": dict(db.companies), "units": dict(db.units),
        "positions": dict(db.positions), "people": dict(db.people_rows),
    }
    before = {(sheet, key): audit.snapshot(records[sheet][key], AUDITED_FIELDS[sheet])
              for sheet in SHEETS for key in plan.update[sheet]}
    for sheet in SHEETS:
        new = []
        for key in plan.create[sheet]:
            records[sheet][key] = MODELS[sheet]()
            new.append(records[sheet][key])
        for key in _touched(plan, sheet):
            _assign(sheet, records[sheet][key], plan.rows[sheet][key], records, forward=False)
        MODELS[sheet]._default_manager.bulk_create(new, batch_size=BATCH)
    people_pk = dict(db.people.pk)
    people_pk.update((key, records["people"][key].pk) for key in plan.create["people"])
    for sheet in ("units", "people"):
        for key in _touched(plan, sheet):
            _assign(sheet, records[sheet][key], plan.rows[sheet][key], records, forward=True,
                    people_pk=people_pk)
    for sheet in ("companies", "positions"):
        changed = [records[sheet][key] for key in plan.update[sheet]]
        names = [n for n in AUDITED_FIELDS[sheet] if n != "code"]
        _save_fields(MODELS[sheet], changed, names)
    _write_units([records["units"][key] for key in _touched(plan, "units")],
                 records["units"].values())
    _write_people(plan, db, records["people"])
    drafts: list[audit.Draft] = []
    for sheet in SHEETS:
        for key in plan.create[sheet]:
            record = records[sheet][key]
            drafts.append(audit.draft_for(record, Action.CREATE, changes=audit.diff(
                {}, audit.snapshot(record, AUDITED_FIELDS[sheet]))))
        for key in plan.update[sheet]:
            record = records[sheet][key]
            changes = audit.diff(before[(sheet, key)],
                                 audit.snapshot(record, AUDITED_FIELDS[sheet]))
            if changes:
                drafts.append(audit.draft_for(record, Action.UPDATE, changes=changes))
    return drafts


def _touched(plan: Plan, sheet: str) -> list[str]:
    return [*plan.create[sheet], *plan.update[sheet]]


def _assign(sheet: str, record: Any, row: Row, records: Mapping[str, Mapping[str, Any]], *,
            forward: bool, people_pk: Mapping[str, int] | None = None) -> None:
    """Copy a row's values onto its record: plain columns and backward references first
    (``forward=False``), the forward references once every id exists (``forward=True``)."""
    for column, value in row.values.items():
        col = SPEC[sheet][column]
        if col.kind != "ref":
            if not forward:
                setattr(record, col.field, value)
            continue
        if (col.field in FORWARD_REFS) != forward:
            continue
        if value is None:
            target_id = None
        elif col.field in {"head", "manager"}:
            assert people_pk is not None
            target_id = people_pk[value]
        else:
            target_id = records[REF_TARGET[column]][value].pk
        setattr(record, f"{col.field}_id", target_id)


def _paths(parent_of: Mapping[int, int | None]) -> dict[int, str]:
    """Materialized paths for a whole forest, without recursion."""
    paths: dict[int, str] = {}
    for start in parent_of:
        walk = []
        node: int | None = start
        while node is not None and node not in paths:
            walk.append(node)
            node = parent_of.get(node)
        prefix = paths[node] if node is not None else ""
        for pk in reversed(walk):
            prefix = tree.child_path(prefix, pk)
            paths[pk] = prefix
    return paths


def _write_units(touched: list[Unit], every_unit: Iterable[Unit]) -> None:
    """The touched units, plus every unit whose path moves with a moved parent."""
    every = list(every_unit)
    paths = _paths({u.pk: u.parent_id for u in every})
    chosen = {u.pk: u for u in touched}
    chosen.update((u.pk, u) for u in every if u.path != paths[u.pk])
    for unit in chosen.values():
        unit.path = paths[unit.pk]
    names = [n for n in UNIT_FIELDS if n != "code"]
    _save_fields(Unit, list(chosen.values()), [*names, "path"])


def _write_people(plan: Plan, db: Database, people: Mapping[str, Person]) -> None:
    manager_pk = dict(db.people.manager_pk)
    manager_pk.update((p.pk, p.manager_id) for p in people.values())
    paths = _paths(manager_pk)
    created = [people[key] for key in plan.create["people"]]
    updated = [people[key] for key in plan.update["people"]]
    _bulk_set(Person, ["manager", "path"], {p.pk: (p.manager_id, paths[p.pk]) for p in created})
    for person in updated:
        person.path = paths[person.pk]
    _save_fields(Person, updated, [*(n for n in PERSON_FIELDS if n != "employee_number"), "path"])
    # Everyone below a moved manager moves too; for them only the path changes.
    written = {p.pk for p in (*created, *updated)}
    _bulk_set(Person, ["path"], {pk: (path,) for pk, path in paths.items()
                                 if pk not in written and db.people.path.get(pk) != path})


def _save_fields(model: type[models.Model], records: Sequence[models.Model],
                 names: Sequence[str]) -> None:
    fields = [_concrete(model, name) for name in names]
    _bulk_set(model, names, {r.pk: [f.value_from_object(r) for f in fields] for r in records})


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    if name == "pk":
        return model._meta.pk
    return next(f for f in model._meta.concrete_fields if name in {f.name, f.attname})


def _bulk_set(model: type[models.Model], names: Sequence[str],
              rows: Mapping[Any, Sequence[Any]]) -> None:
    """``UPDATE … SET column = CASE pk WHEN … THEN … END`` for many rows per statement.

    What ``QuerySet.bulk_update`` does, without an ORM expression per value, which costs it
    about a second per thousand rows. Like it, cast the CASE only where the database needs it
    (PostgreSQL): on SQLite a cast to a date's NUMERIC affinity would mangle it.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = [_concrete(model, name) for name in names]
    pk = quote(_concrete(model, "pk").column)
    needs_cast = connection.features.requires_casted_case_in_updates
    items = list(rows.items())
    max_params = connection.features.max_query_params or 999
    per_statement = max(1, min(500, max_params // (2 * len(names) + 1)))
    with connection.cursor() as cursor:
        for start in range(0, len(items), per_statement):
            batch = items[start:start + per_statement]
            assignments, params = [], []
            for index, model_field in enumerate(fields):
                case = f"CASE {pk} {' '.join(['WHEN %s THEN %s'] * len(batch))} END"
                if needs_cast:
                    case = f"CAST({case} AS {model_field.db_type(connection)})"
                assignments.append(f"{quote(model_field.column)} = {case}")
                for key, values in batch:
                    params += [key, model_field.get_db_prep_save(values[index], connection)]
            params += [key for key, _values in batch]
            cursor.execute(
                f"UPDATE {quote(model._meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
                f"WHERE {pk} IN ({', '.join(['%s'] * len(batch))})", params)


# --- entry points ----------------------------------------------------------------------------


def import_org(*, actor: Actor, data: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    """Import one file: an XLSX workbook, a CSV of one table, or a zip of CSV files."""
    return import_files(actor=actor, files=[(filename, data)], dry_run=dry_run)


def import_files(*, actor: Actor, files: Sequence[tuple[str, bytes]], dry_run: bool = False
                 ) -> ImportReport:
    """Import several files together (e.g. units.csv and people.csv), in one transaction.

    HR admins only. With ``dry_run`` everything is checked and counted, nothing is written.
    """
    if not actor.is_hr_admin:
        raise Forbidden
    problems = Problems()
    tables = read_tables(files, problems)
    if problems:
        return ImportReport(ok=False, dry_run=dry_run, problems=problems.report())
    try:
        with transaction.atomic():
            plan, db = check(tables, problems)
            if problems:
                return ImportReport(ok=False, dry_run=dry_run, problems=problems.report())
            created = {sheet: len(plan.create[sheet]) for sheet in SHEETS}
            updated = {sheet: len(plan.update[sheet]) for sheet in SHEETS}
            report = ImportReport(ok=True, dry_run=dry_run, created=created, updated=updated)
            if dry_run or not (sum(created.values()) + sum(updated.values())):
                return report
            drafts = _write(plan, db)
            names = [name for name, _data in files]
            drafts.append(audit.Draft(Action.IMPORT, "org.organisation", "",
                                      ", ".join(names)[:200],
                                      context={"files": names, "created": created,
                                               "updated": updated}))
            audit.record_many(actor, drafts)
            emit(events.OrgImported(created=sum(created.values()),
                                    updated=sum(updated.values())))
    except IntegrityError:
        # Someone else wrote the same codes between our checks and our writes.
        problems.add("", None, "", _("The organisation changed while the file was being "
                                     "imported; nothing was written. Import it again."))
        return ImportReport(ok=False, dry_run=dry_run, problems=problems.report())
    return report
