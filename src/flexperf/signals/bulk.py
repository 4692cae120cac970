"""Plain multi-row inserts for the two big tables (events and weekly features): one
``executemany`` per chunk instead of the ORM's per-object SQL compilation, which costs ten
times more than the database's own work at these volumes. Values are adapted by the
connection's own operations (time zones, dates, JSON), so what lands is what the ORM writes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Model

CHUNK = 5000


def _adapter(sample: Any) -> Callable[[Any], Any] | None:
    """How to adapt a column, judged by a value of it (None: pass values through)."""
    ops = connection.ops
    if isinstance(sample, dt.datetime):
        convert = ops.adapt_datetimefield_value
    elif isinstance(sample, dt.date):
        convert = ops.adapt_datefield_value
    elif isinstance(sample, dict | list):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    else:
        return None
    return lambda v: None if v is None else convert(v)


def _adapted(chunk: list[Sequence[Any]], width: int) -> list[Sequence[Any]]:
    adapters = []
    for i in range(width):
        sample = next((row[i] for row in chunk if row[i] is not None), None)
        adapters.append((i, _adapter(sample)))
    active = [(i, f) for i, f in adapters if f is not None]
    if not active:
        return chunk
    out: list[Sequence[Any]] = []
    for row in chunk:
        values = list(row)
        for i, convert in active:
            values[i] = convert(values[i])
        out.append(values)
    return out


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]],
                *, ignore_conflicts: bool = False) -> int:
    """Insert `rows` (values in the order of `columns`, database column names) into `model`'s
    table; returns how many rows were sent."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    if ignore_conflicts:
        verb = "INSERT OR IGNORE INTO" if connection.vendor == "sqlite" else "INSERT INTO"
        tail = " ON CONFLICT DO NOTHING" if connection.vendor != "sqlite" else ""
    else:
        verb, tail = "INSERT INTO", ""
    sql = f"{verb} {table} ({names}) VALUES ({marks}){tail}"
    sent = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, CHUNK)):
            cursor.executemany(sql, _adapted(chunk, len(columns)))
            sent += len(chunk)
    return sent
