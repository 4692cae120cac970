"""What an org import is made of: the columns of each table and how they are read, the rows
and tables read from the files, and the problems found on them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from flexperf.core import tabular, tree
from flexperf.core.tabular import ImportProblem
from flexperf.org.exporting import COLUMNS, SHEETS
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

MAX_ROWS = 500_000  # per table; a larger file is rejected before it is parsed further
MAX_PROBLEMS = 1000  # listed in the report; the rest are counted
MAX_DEPTH = 255 // tree.STEP  # levels a materialized path column can hold


# --- the report ----------------------------------------------------------------------------


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


# --- rows, tables and problems -------------------------------------------------------------


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


class Problems(tabular.Problems):
    """The organisation import's problems, in its sheet and column order."""

    def __init__(self) -> None:
        super().__init__(SHEETS, COLUMNS, limit=MAX_PROBLEMS)

