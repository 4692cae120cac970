"""Posting to the points ledger, and the contract functions other domains call:
grant_points, spend_points, refund_points.

Every post is one transaction with ≥ 2 entries summing to zero. Debited accounts (other than
pools) are locked with SELECT … FOR UPDATE in primary-key order before their balance is read,
so two concurrent posts from one account serialise and the second sees what the first left.
The same transaction adds what the post earns to the rollup (``models.EarnedTotal``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.org.models import Person
from flexperf.recognition import totals
from flexperf.recognition.models import (
    Account,
    AccountKind,
    EarnedTotal,
    Entry,
    Rule,
    Txn,
    TxnKind,
)

Leg = tuple[Account, int]


def account(code: str, kind: str, *, person_id: int | None = None, period: str = "") -> Account:
    found = Account.objects.filter(code=code).first()
    if found is not None:
        return found
    created, _ = Account.objects.get_or_create(
        code=code, defaults={"kind": kind, "person_id": person_id, "period": period})
    return created


def person_account(person_id: int) -> Account:
    return account(f"person:{person_id}", AccountKind.PERSON, person_id=person_id)


def hold_account(person_id: int) -> Account:
    return account(f"hold:{person_id}", AccountKind.HOLD, person_id=person_id)


def budget_code(person_id: int, period: str) -> str:
    return f"budget:{person_id}:{period}"


def budget_account(person_id: int, period: str) -> Account:
    return account(budget_code(person_id, period), AccountKind.BUDGET, person_id=person_id,
                   period=period)


def pool(name: str) -> Account:
    """An issuer of points ("peer" for budgets, "rule", "quest", "badge" …); may go negative."""
    return account(f"pool:{name}", AccountKind.POOL)


def store() -> Account:
    return account("store", AccountKind.STORE)


def post(*, actor: Actor, kind: str, on: dt.date, legs: Sequence[Leg], source: str = "",
         source_key: str | None = None, reason: str = "", rule: Rule | None = None,
         short_field: str = "points") -> Txn:
    """Append one balanced transaction; a debit that would take an account (not a pool) below
    zero is refused with a problem naming `short_field`. Call inside transaction.atomic."""
    if len(legs) < 2:
        raise ValueError("a transaction needs at least two entries")
    if sum(amount for _, amount in legs) != 0:
        raise ValueError("a transaction's entries must sum to zero")
    if any(amount == 0 for _, amount in legs):
        raise ValueError("an entry moves at least one point")
    with transaction.atomic():
        ids = sorted({acc.pk for acc, _ in legs})
        locked = {a.pk: a for a in
                  Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        delta: dict[int, int] = {}
        for acc, amount in legs:
            delta[acc.pk] = delta.get(acc.pk, 0) + amount
        for pk in ids:
            row = locked[pk]
            if row.kind != AccountKind.POOL and row.balance + delta[pk] < 0:
                raise ServiceError(Problem(short_field, _(
                    "Not enough points: %(available)d available.") % {"available": row.balance}))
        txn = Txn.objects.create(kind=kind, on=on, source=source[:20], source_key=source_key,
                                 reason=reason[:300], actor_username=actor.username[:150],
                                 rule=rule)
        Entry.objects.bulk_create([Entry(txn=txn, account_id=acc.pk, amount=amount)
                                   for acc, amount in legs])
        for pk in ids:
            if delta[pk]:
                Account.objects.filter(pk=pk).update(balance=F("balance") + delta[pk])
        # The earned-points rollup, in this transaction and under the accounts' row locks.
        totals.add(EarnedTotal, kind, on,
                   [(locked[acc.pk].kind, locked[acc.pk].person_id, amount)
                    for acc, amount in legs])
    return txn


def _existing(source_key: str) -> Txn | None:
    return Txn.objects.filter(source_key=source_key).first()


def _key(source_key: str) -> str:
    key = (source_key or "").strip()
    if not key:
        raise ServiceError(Problem("source_key", _("This field is required.")))
    if len(key) > 200:
        raise ServiceError(Problem("source_key", _("At most %(n)d characters.") % {"n": 200}))
    return key


def _positive(points: int) -> int:
    if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
        raise ServiceError(Problem("points", _("Give a whole number of points above zero.")))
    return points


def _audit_txn(actor: Actor, txn: Txn, person_id: int, points: int) -> None:
    audit.record(actor, audit.Draft(
        action=Action.CREATE, object_type="recognition.txn", object_id=str(txn.pk),
        object_repr=f"{txn.kind} {points:+d}",
        context={"kind": txn.kind, "person": person_id, "points": points,
                 "source": txn.source, "source_key": txn.source_key or ""}))


def _post_once(*, actor: Actor, key: str, kind: str, on: dt.date, legs: Sequence[Leg],
               source: str, reason: str, person_id: int, points: int,
               rule: Rule | None = None) -> int:
    """Post and audit one keyed transaction; when a concurrent call posted the same key first
    (the unique key refuses ours), answer that one's id instead."""
    try:
        with transaction.atomic():
            txn = post(actor=actor, kind=kind, on=on, legs=legs, source=source,
                       source_key=key, reason=reason, rule=rule)
            _audit_txn(actor, txn, person_id, points)
    except IntegrityError:
        earlier = _existing(key)
        if earlier is None:
            raise
        return earlier.pk
    return txn.pk


def grant(*, actor: Actor, person_id: int, points: int, reason: str, source: str,
          source_key: str, on: dt.date | None = None, rule: Rule | None = None) -> int:
    key = _key(source_key)
    earlier = _existing(key)
    if earlier is not None:
        return earlier.pk
    _positive(points)
    code = (source or "").strip()[:20]
    if not code:
        raise ServiceError(Problem("source", _("This field is required.")))
    if not Person.objects.filter(pk=person_id).exists():
        raise ServiceError(Problem("person_id", _("No person with this id.")))
    return _post_once(actor=actor, key=key, kind=TxnKind.GRANT, on=on or clock.today(),
                      legs=[(pool(code), -points), (person_account(person_id), points)],
                      source=code, reason=reason, person_id=person_id, points=points,
                      rule=rule)


def grant_points(*, actor: Actor, person_id: int, points: int, reason: str, source: str,
                 source_key: str, on: dt.date | None = None) -> int:
    """Grant `points` from the `source` pool ("quest", "badge", "rule" …) to the person.
    Idempotent on `source_key`: a second call posts nothing and returns the first txn id."""
    return grant(actor=actor, person_id=person_id, points=points, reason=reason,
                 source=source, source_key=source_key, on=on)


def spend_points(*, actor: Actor, person_id: int, points: int, reason: str,
                 source_key: str) -> int:
    """Debit the person's available balance into the rewards store (a redemption).
    A problem naming "points" when the balance is short; idempotent on `source_key`."""
    key = _key(source_key)
    earlier = _existing(key)
    if earlier is not None:
        return earlier.pk
    _positive(points)
    if not Person.objects.filter(pk=person_id).exists():
        raise ServiceError(Problem("person_id", _("No person with this id.")))
    return _post_once(actor=actor, key=key, kind=TxnKind.SPEND, on=clock.today(),
                      legs=[(person_account(person_id), -points), (store(), points)],
                      source="store", reason=reason, person_id=person_id, points=-points)


def refund_points(*, actor: Actor, source_key: str, reason: str) -> int:
    """Give back a redemption's points (new entries, the spend stays). Idempotent."""
    key = _key(source_key)
    spend = Txn.objects.filter(source_key=key, kind=TxnKind.SPEND).first()
    if spend is None:
        raise ServiceError(Problem("source_key", _("No redemption with this key.")))
    refund_key = f"refund:{key}"[:200]
    earlier = _existing(refund_key)
    if earlier is not None:
        return earlier.pk
    debit = Entry.objects.select_related("account").get(txn=spend, amount__lt=0)
    person_id = debit.account.person_id
    assert person_id is not None
    points = -debit.amount
    return _post_once(actor=actor, key=refund_key, kind=TxnKind.REFUND, on=clock.today(),
                      legs=[(store(), -points), (person_account(person_id), points)],
                      source="store", reason=reason, person_id=person_id, points=points)
