"""Giving budgets: every active person gets the policy's budget each month.

Unused budget expires: allocating month P moves what is left in every earlier month's budget
back to the peer pool (an "expire" transaction dated the first day of P). A budget that was not
allocated yet is allocated on the giver's first award of the month, so giving never waits for
the job. Allocation is idempotent per person and month (source key "allocate:P:person").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.org.models import Person, Status
from flexperf.recognition import periods
from flexperf.recognition.models import Account, AccountKind, Entry, Policy, Txn, TxnKind
from flexperf.recognition.services.common import policy, require_hr_admin, whole
from flexperf.recognition.services.ledger import budget_account, budget_code, pool, post

POLICY_FIELDS = ("budget_per_period", "max_per_award", "pair_cap", "free_awards",
                 "decay_percent", "pingpong_window_days", "pingpong_min_each")
_LIMITS = {"budget_per_period": (0, 100000), "max_per_award": (1, 100000),
           "pair_cap": (1, 1000000), "free_awards": (0, 100), "decay_percent": (0, 100),
           "pingpong_window_days": (1, 366), "pingpong_min_each": (1, 1000)}


@dataclass(frozen=True)
class AllocationReport:
    period: str
    allocated: int
    already: int
    points: int
    expired: int
    expired_points: int


def allocation_key(period: str, person_id: int) -> str:
    return f"allocate:{period}:{person_id}"


def _expire_before(actor: Actor, period: str, on: dt.date) -> tuple[int, int]:
    stale = list(Account.objects.select_for_update()
                 .filter(kind=AccountKind.BUDGET, period__lt=period, balance__gt=0)
                 .order_by("pk"))
    if not stale:
        return 0, 0
    peer = pool("peer")
    txns = Txn.objects.bulk_create([
        Txn(kind=TxnKind.EXPIRE, on=on, source="budget", reason=f"expired {a.period}",
            source_key=f"expire:{a.code}", actor_username=actor.username[:150])
        for a in stale])
    entries: list[Entry] = []
    for txn, acc in zip(txns, stale, strict=True):
        entries += [Entry(txn=txn, account_id=acc.pk, amount=-acc.balance),
                    Entry(txn=txn, account_id=peer.pk, amount=acc.balance)]
    Entry.objects.bulk_create(entries, batch_size=2000)
    total = sum(a.balance for a in stale)
    Account.objects.filter(pk__in=[a.pk for a in stale]).update(balance=0)
    Account.objects.filter(pk=peer.pk).update(balance=F("balance") + total)
    return len(stale), total


def allocate_budgets(*, actor: Actor, period: str | None = None) -> AllocationReport:
    """Allocate month `period` (default: this month) to every active person; expire earlier
    months' leftovers. Running it again allocates nothing twice."""
    require_hr_admin(actor)
    period = periods.parse(period) if period else periods.period_of(clock.today())
    amount = policy().budget_per_period
    start, _end = periods.bounds(period)
    with transaction.atomic():
        people = list(Person.objects.filter(status=Status.ACTIVE).values_list("pk", flat=True))
        keys = {pid: allocation_key(period, pid) for pid in people}
        done = set(Txn.objects.filter(source_key__in=list(keys.values()))
                   .values_list("source_key", flat=True))
        todo = [pid for pid in people if keys[pid] not in done]
        expired, expired_points = _expire_before(actor, period, start)
        if todo and amount > 0:
            Account.objects.bulk_create(
                [Account(code=budget_code(pid, period), kind=AccountKind.BUDGET, person_id=pid,
                         period=period) for pid in todo], ignore_conflicts=True, batch_size=2000)
            ids = dict(Account.objects.filter(
                code__in=[budget_code(pid, period) for pid in todo]).values_list("person_id",
                                                                                 "pk"))
            peer = pool("peer")
            txns = Txn.objects.bulk_create(
                [Txn(kind=TxnKind.ALLOCATE, on=start, source="budget", source_key=keys[pid],
                     reason=f"budget {period}", actor_username=actor.username[:150])
                 for pid in todo], batch_size=2000)
            entries: list[Entry] = []
            for txn, pid in zip(txns, todo, strict=True):
                entries += [Entry(txn=txn, account_id=peer.pk, amount=-amount),
                            Entry(txn=txn, account_id=ids[pid], amount=amount)]
            Entry.objects.bulk_create(entries, batch_size=2000)
            Account.objects.filter(pk__in=list(ids.values())).update(
                balance=F("balance") + amount)
            Account.objects.filter(pk=peer.pk).update(balance=F("balance") - amount * len(todo))
        allocated = len(todo) if amount > 0 else 0
        report = AllocationReport(period=period, allocated=allocated,
                                  already=len(people) - len(todo), points=amount * allocated,
                                  expired=expired, expired_points=expired_points)
        audit.record(actor, audit.Draft(
            action=Action.CREATE, object_type="recognition.budget_allocation", object_id=period,
            object_repr=f"budgets {period}",
            context={"allocated": report.allocated, "already": report.already,
                     "points_each": amount, "expired": expired,
                     "expired_points": expired_points}))
    return report


def ensure_budget(*, actor: Actor, person_id: int, period: str) -> Account:
    """The giver's budget for the month, allocated now if the job has not run yet."""
    budget = budget_account(person_id, period)
    key = allocation_key(period, person_id)
    if not Txn.objects.filter(source_key=key).exists():
        amount = policy().budget_per_period
        if amount > 0:
            try:
                with transaction.atomic():
                    post(actor=actor, kind=TxnKind.ALLOCATE, on=periods.bounds(period)[0],
                         legs=[(pool("peer"), -amount), (budget, amount)], source="budget",
                         source_key=key, reason=f"budget {period}")
            except IntegrityError:  # allocated at the same moment by another request
                pass
    return budget


def update_policy(*, actor: Actor, **values: int) -> Policy:
    require_hr_admin(actor)
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise ServiceError(Problem(sorted(unknown)[0], _("Unknown setting.")))
    with transaction.atomic():
        found = policy()
        before = audit.snapshot(found, POLICY_FIELDS)
        for name, value in values.items():
            low, high = _LIMITS[name]
            setattr(found, name, whole(value, name, low=low, high=high))
        found.save()
        audit.record(actor, audit.draft_for(found, Action.UPDATE, changes=audit.diff(
            before, audit.snapshot(found, POLICY_FIELDS))))
    return found
