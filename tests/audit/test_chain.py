"""The audit trail's hash chain: intact when untouched, and any edit, removal or insertion is
named by the first entry where the chain breaks."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from flexperf.audit import chain, services
from flexperf.audit.models import Action, AppendOnlyError, AuditEntry, ChainHead
from flexperf.audit.selectors import verify_chain
from flexperf.core.actors import Actor
from tests.audit.tampering import tamper
from tests.services import need_postgres

SYSTEM = Actor.system()


def _append(n: int, label: str = "x") -> None:
    for i in range(n):
        services.record(SYSTEM, services.Draft(Action.UPDATE, "test.thing", str(i),
                                               f"{label}{i}", changes={"n": [i, i + 1]}))


@pytest.mark.django_db
def test_an_untouched_chain_verifies() -> None:
    _append(5)
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 5)


@pytest.mark.django_db
def test_the_first_entry_links_to_the_genesis_hash_and_each_to_its_predecessor() -> None:
    _append(3)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert entries[0].prev_hash == chain.GENESIS_HASH
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    head = ChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (3, entries[-1].hash)


@pytest.mark.django_db
def test_editing_one_stored_value_is_named_by_its_entry() -> None:
    _append(5)
    tamper("UPDATE audit_auditentry SET object_repr = %s WHERE seq = %s", ["forged", 3])
    result = verify_chain()
    assert (result.ok, result.broken_seq, result.checked) == (False, 3, 2)
    assert "altered" in result.reason


@pytest.mark.django_db
def test_rewriting_an_entry_and_its_hash_breaks_the_next_link() -> None:
    _append(5)
    entry = AuditEntry.objects.get(seq=2)
    fields = services.hashed_fields(entry) | {"object_repr": "forged"}
    tamper("UPDATE audit_auditentry SET object_repr = %s, hash = %s WHERE seq = %s",
            ["forged", chain.entry_hash(entry.prev_hash, fields), 2])
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, 3)
    assert "previous-hash" in result.reason


@pytest.mark.django_db
def test_removing_the_last_entries_is_caught_by_the_chain_head() -> None:
    _append(5)
    if connection.vendor == "postgresql":
        tamper("DELETE FROM audit_auditentry WHERE seq >= %s", [4])
    else:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE seq >= %s", [4])
    result = verify_chain()
    assert (result.ok, result.broken_seq, result.checked) == (False, 4, 3)


@pytest.mark.django_db
def test_removing_an_entry_in_the_middle_is_named() -> None:
    _append(5)
    if connection.vendor == "postgresql":
        tamper("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    else:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    result = verify_chain()
    assert (result.ok, result.broken_seq) == (False, 2)
    assert "missing" in result.reason


@pytest.mark.django_db
def test_the_database_refuses_updates_to_audit_rows() -> None:
    _append(1)
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_repr = 'x'")


@pytest.mark.django_db
def test_the_orm_refuses_to_save_or_delete_an_existing_entry() -> None:
    _append(1)
    entry = AuditEntry.objects.get()
    entry.object_repr = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.django_db
def test_values_survive_the_database_round_trip_unchanged_for_hashing() -> None:
    import datetime as dt
    from decimal import Decimal

    services.record(SYSTEM, services.Draft(Action.UPDATE, "test.thing", "1", "多语言 ✓", changes={
        "amount": [Decimal("12.30"), Decimal("15.00")], "date": [dt.date(2026, 1, 1), None],
        "ratio": [0.1, 2.5], "nested": [{"b": 1, "a": [1, 2]}, {}],
    }))
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_from_many_connections_keep_one_unbroken_chain() -> None:
    need_postgres()
    errors: list[BaseException] = []

    def worker(label: str) -> None:
        try:
            _append(15, label)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"t{i}-",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 60)
