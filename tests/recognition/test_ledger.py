from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.recognition import selectors, services
from flexperf.recognition.models import AppendOnlyError, Entry, Txn
from flexperf.recognition.selectors.ledger import available_balance, ledger_problems
from tests.conftest import SmallOrg

SYSTEM = Actor.system()


def test_grant_spend_refund_are_idempotent_and_balanced(small_org: SmallOrg, today: None
                                                        ) -> None:
    rep1 = small_org.people["rep1"].pk
    first = services.grant_points(actor=SYSTEM, person_id=rep1, points=30, reason="quest",
                                  source="quest", source_key=f"quest:1:level:1:{rep1}")
    again = services.grant_points(actor=SYSTEM, person_id=rep1, points=30, reason="quest",
                                  source="quest", source_key=f"quest:1:level:1:{rep1}")
    assert first == again
    assert available_balance(rep1) == 30
    spend = services.spend_points(actor=SYSTEM, person_id=rep1, points=20, reason="mug",
                                  source_key="redeem:1")
    assert services.spend_points(actor=SYSTEM, person_id=rep1, points=20, reason="mug",
                                 source_key="redeem:1") == spend
    assert available_balance(rep1) == 10
    with pytest.raises(ServiceError) as short:
        services.spend_points(actor=SYSTEM, person_id=rep1, points=11, reason="mug",
                              source_key="redeem:2")
    assert short.value.problems[0].field == "points"
    refund = services.refund_points(actor=SYSTEM, source_key="redeem:1", reason="out of stock")
    assert services.refund_points(actor=SYSTEM, source_key="redeem:1", reason="x") == refund
    assert available_balance(rep1) == 30
    # Spending is not subtracted from what was earned.
    assert selectors.points_by_person([rep1], *_june()) == {rep1: 30}
    assert ledger_problems() == []
    with pytest.raises(ServiceError) as unknown:
        services.refund_points(actor=SYSTEM, source_key="redeem:9", reason="x")
    assert unknown.value.problems[0].field == "source_key"


def _june() -> tuple[dt.date, dt.date]:
    return dt.date(2026, 6, 1), dt.date(2026, 6, 30)


def test_entries_and_transactions_refuse_update(small_org: SmallOrg, today: None) -> None:
    rep1 = small_org.people["rep1"].pk
    services.grant_points(actor=SYSTEM, person_id=rep1, points=5, reason="r", source="badge",
                          source_key="badge:1")
    entry = Entry.objects.first()
    assert entry is not None
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(amount=500)
    with pytest.raises(DatabaseError), transaction.atomic():
        Txn.objects.update(reason="edited")
    assert Entry.objects.get(pk=entry.pk).amount == entry.amount
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            Entry.objects.filter(pk=entry.pk).delete()
