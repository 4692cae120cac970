"""Reads of the ledger: balances, points earned, a person's history, the invariants check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from flexperf.recognition.models import Account, AccountKind, Entry, Txn, TxnKind

# Earning, as points_by_person counts it (see its docstring for why holds net out).
_EARN_PERSON = (TxnKind.AWARD, TxnKind.GRANT, TxnKind.RELEASE, TxnKind.HOLD)
_EARN_WITH_HELD = (*_EARN_PERSON, TxnKind.REVERSE)


def available_balance(person_id: int) -> int:
    """Points the person may spend: their account's balance (held points sit apart)."""
    row = Account.objects.filter(code=f"person:{person_id}").values_list("balance", flat=True)
    return int(row.first() or 0)


def held_balance(person_id: int) -> int:
    row = Account.objects.filter(code=f"hold:{person_id}").values_list("balance", flat=True)
    return int(row.first() or 0)


def budget_left(person_id: int, period: str) -> int | None:
    """The giving budget left this month; None when none was allocated yet."""
    row = Account.objects.filter(code=f"budget:{person_id}:{period}").values_list(
        "balance", flat=True).first()
    return None if row is None else int(row)


def points_by_person(person_ids: Sequence[int] | None, start: dt.date, end: dt.date, *,
                     include_held: bool = False) -> dict[int, int]:
    """Points EARNED (peer awards, rules, quests, badges) with transaction date in
    [start, end], spending not subtracted; one GROUP BY query.

    Counted: entries on person accounts of earning transactions (award, grant), of releases
    (held points that HR let through count on the day of release) and of holds (points moved
    into review after they were credited leave again). With ``include_held`` the person's hold
    account counts too (and its reversals), so a held award counts on its own day."""
    kinds = _EARN_WITH_HELD if include_held else _EARN_PERSON
    accounts = ((AccountKind.PERSON, AccountKind.HOLD) if include_held
                else (AccountKind.PERSON,))
    rows = Entry.objects.filter(account__kind__in=accounts, txn__kind__in=kinds,
                                txn__on__gte=start, txn__on__lte=end)
    if person_ids is not None:
        rows = rows.filter(account__person_id__in=list(person_ids))
    totals = (rows.values(person=F("account__person_id")).annotate(points=Sum("amount"))
              .order_by())
    return {int(r["person"]): int(r["points"]) for r in totals if r["points"]}


@dataclass(frozen=True)
class HistoryLine:
    txn_id: int
    on: dt.date
    kind: str
    kind_label: str
    account: str  # "person" or "hold"
    amount: int
    reason: str
    source: str


def history(person_id: int, *, limit: int = 200) -> list[HistoryLine]:
    """Movements of the person's own and held points, newest first (unscoped: callers check)."""
    rows = (Entry.objects.filter(account__person_id=person_id,
                                 account__kind__in=(AccountKind.PERSON, AccountKind.HOLD))
            .select_related("txn", "account").order_by("-txn__on", "-txn_id")[:limit])
    labels = dict(TxnKind.choices)
    return [HistoryLine(e.txn_id, e.txn.on, e.txn.kind, str(labels.get(e.txn.kind, "")),
                        e.account.kind, e.amount, e.txn.reason, e.txn.source) for e in rows]


def ledger_problems(limit: int = 20, *, totals: bool = True) -> list[str]:
    """Empty when the ledger holds: every transaction has ≥ 2 entries summing to zero, every
    cached balance equals the sum of its entries, no account but a pool is below zero, and
    (unless `totals` is False) the earned-points rollup equals the entries."""
    problems: list[str] = []
    total = Entry.objects.aggregate(s=Coalesce(Sum("amount"), Value(0)))["s"]
    if total != 0:
        problems.append(f"all entries sum to {total}, not 0")
    bad = (Txn.objects.annotate(s=Coalesce(Sum("entries__amount"), Value(0)),
                                n=Count("entries"))
           .filter(Q(n__lt=2) | ~Q(s=0)).values_list("pk", "s", "n")[:limit])
    problems += [f"txn {pk}: {n} entries summing to {s}" for pk, s, n in bad]
    sums = Entry.objects.filter(account=OuterRef("pk")).order_by().values("account").annotate(
        s=Sum("amount")).values("s")
    drift = (Account.objects.annotate(s=Coalesce(Subquery(sums), Value(0)))
             .exclude(balance=F("s")).values_list("code", "balance", "s")[:limit])
    problems += [f"account {c}: balance {b} but entries sum to {s}" for c, b, s in drift]
    negative = (Account.objects.exclude(kind=AccountKind.POOL).filter(balance__lt=0)
                .values_list("code", "balance")[:limit])
    problems += [f"account {c}: negative balance {b}" for c, b in negative]
    if totals:
        from flexperf.recognition.selectors.totals import earned_total_problems

        problems += earned_total_problems(limit)
    return problems


def recompute_balances() -> int:
    """Set every cached balance to the sum of its entries (after bulk loads); returns rows."""
    sums = Entry.objects.filter(account=OuterRef("pk")).order_by().values("account").annotate(
        s=Sum("amount")).values("s")
    return Account.objects.update(balance=Coalesce(Subquery(sums), Value(0)))
