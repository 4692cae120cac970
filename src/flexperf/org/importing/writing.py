"""Writing a checked plan: bulk inserts and updates in table order, materialized paths for the
unit tree and the reporting lines, and one audit entry per record changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.org.exporting import SHEETS
from flexperf.org.importing.checking import Database, Plan
from flexperf.org.importing.spec import REF_TARGET, SPEC, Row
from flexperf.org.models import Company, Person, Position, Unit
from flexperf.org.services import PERSON_FIELDS, UNIT_FIELDS

COMPANY_FIELDS = ("code", "name", "name_en", "country", "currency")
POSITION_FIELDS = ("code", "title", "title_en", "unit", "job_family", "level", "is_key")
BATCH = 1000
AUDITED_FIELDS = {"companies": COMPANY_FIELDS, "units": UNIT_FIELDS,
                  "positions": POSITION_FIELDS, "people": PERSON_FIELDS}
MODELS: dict[str, type[models.Model]] = {"companies": Company, "units": Unit,
                                         "positions": Position, "people": Person}
# References to rows that may not have an id yet when their own table is written.
FORWARD_REFS = {"parent", "head", "manager"}


def write(*, actor: Actor, plan: Plan, db: Database, filenames: Sequence[str]) -> None:
    """Carry out a checked plan, with an audit entry per record changed and one for the import.

    Call inside the import's transaction.
    """
    drafts = _write(plan, db)
    drafts.append(audit.Draft(Action.IMPORT, "org.organisation", "", ", ".join(filenames)[:200],
                              context={"files": list(filenames), "created": plan.create_counts,
                                       "updated": plan.update_counts}))
    audit.record_many(actor, drafts)


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

