"""The points ledger: accounts, transactions and their entries (double entry, append-only).

Every movement of points is a :class:`Txn` with two or more :class:`Entry` rows whose amounts
sum to zero (a positive amount credits the account, a negative one debits it). Entries and
transactions are never changed or deleted: the database refuses UPDATE (and, on PostgreSQL,
DELETE) of them (migration 0002), and on PostgreSQL a deferred constraint trigger refuses a
transaction whose entries do not sum to zero at commit.

``Account.balance`` is a cache of the sum of the account's entries, updated with
``balance = balance + amount`` in the same database transaction under the account's row lock;
``selectors.ledger_problems`` recomputes every balance from the entries to verify it. Only
pools (the issuers of points) may go below zero; the CHECK constraint refuses a negative
balance everywhere else.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    PERSON = "person", _("Person")
    HOLD = "hold", _("Held for review")
    BUDGET = "budget", _("Giving budget")
    POOL = "pool", _("Pool")
    STORE = "store", _("Rewards store")


class TxnKind(models.TextChoices):
    ALLOCATE = "allocate", _("Budget allocated")
    EXPIRE = "expire", _("Budget expired")
    AWARD = "award", _("Peer recognition")
    GRANT = "grant", _("Grant")
    SPEND = "spend", _("Redemption")
    REFUND = "refund", _("Refund")
    HOLD = "hold", _("Held for review")
    RELEASE = "release", _("Released after review")
    REVERSE = "reverse", _("Reversed after review")


# Transactions that earn points for a person (what points_by_person counts).
EARNING_KINDS = (TxnKind.AWARD, TxnKind.GRANT)


class AppendOnlyError(Exception):
    pass


class Account(models.Model):
    code = models.CharField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    period = models.CharField(max_length=7, blank=True, default="")
    balance = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("points account")
        verbose_name_plural = _("points accounts")
        indexes = [models.Index(fields=["kind", "period"], name="recog_account_kind_period")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind="pool") | models.Q(balance__gte=0),
                                   name="recog_account_not_negative"),
        ]

    def __str__(self) -> str:
        return self.code


class Txn(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=TxnKind.choices, db_index=True)
    on = models.DateField(_("date"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20, blank=True, default="")
    # Globally unique when given: what makes grants, spends and allocations idempotent.
    source_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    reason = models.CharField(max_length=300, blank=True, default="")
    actor_username = models.CharField(max_length=150, blank=True, default="")
    rule = models.ForeignKey("recognition.Rule", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")

    class Meta:
        verbose_name = _("points transaction")
        verbose_name_plural = _("points transactions")

    def __str__(self) -> str:
        return f"txn {self.pk} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("points transactions are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("points transactions are append-only")


class EarnedTotal(models.Model):
    """Points earned per person and period: a rollup of the ledger for leaderboards.

    ``period_key`` is a month ("2026-05"), a quarter ("2026-Q2") or a year ("2026").
    ``points`` is what ``points_by_person`` counts for that period (entries on the person's
    account of awards, grants, releases and holds); ``with_held`` adds the hold account's
    entries (what it counts with ``include_held``). Updated by ``services.ledger.post`` in the
    same database transaction as every posting it covers (an upsert adding the deltas); the
    ledger stays the truth: ``selectors.ledger.earned_total_problems`` compares the two and
    ``services.totals.rebuild_earned_totals`` recomputes the rollup from the entries.
    """

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+",
                               db_index=False)
    period_key = models.CharField(max_length=7)
    points = models.BigIntegerField(default=0)
    with_held = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("points earned in a period")
        verbose_name_plural = _("points earned in periods")
        # (period, person) first: a board of a team looks its members up within the period.
        constraints = [models.UniqueConstraint(fields=["period_key", "person"],
                                               name="recog_earned_period_person")]
        # Without the person: a lookup of some people within a period must prefer the unique
        # (period, person) index (SQLite picks a covering index otherwise, scanning the period).
        indexes = [
            models.Index(fields=["period_key", "-points"], name="recog_earned_top"),
            models.Index(fields=["period_key", "-with_held"], name="recog_earned_top_held"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.period_key} {self.points}"


class Entry(models.Model):
    txn = models.ForeignKey(Txn, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField()

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        indexes = [models.Index(fields=["account", "txn"], name="recog_entry_account_txn")]
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0),
                                              name="recog_entry_not_zero")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount:+d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("points entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("points entries are append-only")
