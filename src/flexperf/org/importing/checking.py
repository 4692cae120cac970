"""Checking the rows: unique keys, references (to the file or the database), trees without
cycles and not too deep, the rules of each record; then the plan of what to create and update."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _

from flexperf.core import clock
from flexperf.org import rules
from flexperf.org.exporting import SHEETS
from flexperf.org.importing.reading import parse_table
from flexperf.org.importing.spec import (
    KEY_COLUMN,
    MAX_DEPTH,
    REF_TARGET,
    SPEC,
    Problems,
    Row,
    Table,
)
from flexperf.org.models import Company, Person, Position, Status, Unit

KEY_LOOKUP_CHUNK = 900  # below SQLite's default limit of bound parameters per query
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


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

    @property
    def create_counts(self) -> dict[str, int]:
        return {sheet: len(keys) for sheet, keys in self.create.items()}

    @property
    def update_counts(self) -> dict[str, int]:
        return {sheet: len(keys) for sheet, keys in self.update.items()}


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
    today = clock.today()
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

