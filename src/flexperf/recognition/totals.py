"""The earned-points rollup (``models.EarnedTotal``) as the ledger defines it: which entries
count, the period keys of a day, the deltas of one posting and the totals recomputed from all
entries. Shared by the posting service, the rebuild, the verification and the migration that
fills the table (so it takes the Entry model as a parameter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connections
from django.db.models import Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from flexperf.recognition.models.ledger import AccountKind, TxnKind

# What points_by_person counts: on person accounts, these kinds …
PERSON_KINDS: tuple[str, ...] = (TxnKind.AWARD, TxnKind.GRANT, TxnKind.RELEASE, TxnKind.HOLD)
# … and with include_held also these on hold accounts.
HELD_KINDS: tuple[str, ...] = (*PERSON_KINDS, TxnKind.REVERSE)

Totals = dict[tuple[int, str], tuple[int, int]]  # (person, period key) → (points, with_held)


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_key(year: int, month: int) -> str:
    return f"{year:04d}-Q{(month - 1) // 3 + 1}"


def period_keys(day: dt.date) -> tuple[str, str, str]:
    """The month, quarter and year keys of a day: "2026-05", "2026-Q2", "2026"."""
    return (month_key(day.year, day.month), quarter_key(day.year, day.month),
            f"{day.year:04d}")


def split(txn_kind: str, account_kind: str, amount: int) -> tuple[int, int]:
    """(points, with_held) that one entry adds to its person's totals."""
    if account_kind == AccountKind.PERSON and txn_kind in PERSON_KINDS:
        return amount, amount
    if account_kind == AccountKind.HOLD and txn_kind in HELD_KINDS:
        return 0, amount
    return 0, 0


def deltas(txn_kind: str,
           legs: Iterable[tuple[str, int | None, int]]) -> dict[int, tuple[int, int]]:
    """Per person, what a posting's legs (account kind, person id, amount) add."""
    out: dict[int, tuple[int, int]] = {}
    for account_kind, person_id, amount in legs:
        points, with_held = split(txn_kind, account_kind, amount)
        if person_id is None or (points, with_held) == (0, 0):
            continue
        old = out.get(person_id, (0, 0))
        out[person_id] = (old[0] + points, old[1] + with_held)
    return {pid: d for pid, d in out.items() if d != (0, 0)}


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def upsert_sql(model: Any, vendor: str) -> str:
    table = _table(model)
    del vendor  # the same statement on SQLite (≥ 3.24) and PostgreSQL
    # The table name is the model's, never input.
    return (f"INSERT INTO {table} (person_id, period_key, points, with_held) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (person_id, period_key) DO UPDATE SET "
            f"points = {table}.points + excluded.points, "
            f"with_held = {table}.with_held + excluded.with_held")


def add(model: Any, txn_kind: str, on: dt.date,
        legs: Iterable[tuple[str, int | None, int]], *, using: str = "default") -> int:
    """Add one posting's deltas to the rollup (an atomic upsert per person and period, rows in
    (person, key) order). Returns the rows touched."""
    change = deltas(txn_kind, legs)
    params = [(pid, key, points, with_held)
              for pid, (points, with_held) in sorted(change.items())
              for key in period_keys(on)]
    if params:
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.executemany(upsert_sql(model, connection.vendor), params)
    return len(params)


def expected(entry_model: Any) -> Totals:
    """The rollup as the entries say it should be (zero rows left out): one GROUP BY query by
    person, account kind, transaction kind and month, then quarters and years in Python."""
    rows = (entry_model.objects
            .filter(account__kind__in=(AccountKind.PERSON, AccountKind.HOLD),
                    txn__kind__in=HELD_KINDS, account__person_id__isnull=False)
            .annotate(year=ExtractYear("txn__on"), month=ExtractMonth("txn__on"))
            .values("account__person_id", "account__kind", "txn__kind", "year", "month")
            .annotate(total=Sum("amount"))
            .values_list("account__person_id", "account__kind", "txn__kind", "year", "month",
                         "total")
            .order_by())
    out: dict[tuple[int, str], tuple[int, int]] = {}
    for person_id, account_kind, txn_kind, year, month, total in rows.iterator(chunk_size=20000):
        points, with_held = split(txn_kind, account_kind, int(total))
        if (points, with_held) == (0, 0):
            continue
        for key in (month_key(year, month), quarter_key(year, month), f"{year:04d}"):
            old = out.get((person_id, key), (0, 0))
            out[(person_id, key)] = (old[0] + points, old[1] + with_held)
    return {k: v for k, v in out.items() if v != (0, 0)}


def rewrite(model: Any, totals: Totals, *, using: str = "default") -> int:
    """Replace the whole rollup with `totals` (call inside a transaction)."""
    connection = connections[using]
    table = _table(model)
    rows = [(pid, key, points, with_held)
            for (pid, key), (points, with_held) in sorted(totals.items())]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (the model's table)
        for start in range(0, len(rows), 50_000):
            cursor.executemany(
                f"INSERT INTO {table} (person_id, period_key, points, with_held) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)", rows[start:start + 50_000])
    return len(rows)
