"""The chain: pure audit over entries, and tampering with stored bytes in the database."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from flexperf.badges import chain, selectors, services
from flexperf.badges.models import AppendOnlyError, ChainEntry, ChainHead
from flexperf.core.actors import Actor
from tests.badges.conftest import tamper
from tests.conftest import SmallOrg

KEY = Ed25519PrivateKey.generate()
KEYS = {"k1": KEY.public_key()}


def build(n: int) -> list[chain.StoredEntry]:
    entries, previous = [], chain.GENESIS_HASH
    for seq in range(1, n + 1):
        text = chain.canonical({"seq": seq, "kind": "award", "award_id": seq, "x": "徽章"})
        digest = chain.entry_hash(previous, text)
        entries.append(chain.StoredEntry(seq, "award", seq, text, previous, digest,
                                         chain.sign(KEY, digest), "k1"))
        previous = digest
    return entries


def head_of(entries: list[chain.StoredEntry]) -> tuple[int, str]:
    return (entries[-1].seq, entries[-1].hash) if entries else (0, chain.GENESIS_HASH)


def test_intact_chain_verifies() -> None:
    entries = build(5)
    result = chain.audit(entries, KEYS, head_of(entries))
    assert (result.ok, result.checked, result.head_seq) == (True, 5, 5)


def replace(entry: chain.StoredEntry, **changes: object) -> chain.StoredEntry:
    return chain.StoredEntry(**{**entry.__dict__, **changes})


@pytest.mark.parametrize(("change", "problem"), [
    ({"payload": '{"award_id":3,"kind":"award","seq":3,"x":"假"}'}, "hash"),
    ({"hash": "f" * 64}, "hash"),
    ({"prev_hash": "e" * 64}, "link"),
    ({"signature": chain.b64url(b"\0" * 64)}, "signature"),
    ({"kid": "other"}, "kid"),
    ({"kind": "revocation"}, "payload"),
])
def test_first_broken_entry_is_named(change: dict[str, object], problem: str) -> None:
    entries = build(5)
    entries[2] = replace(entries[2], **change)
    result = chain.audit(entries, KEYS, head_of(build(5)))
    assert (result.ok, result.broken_seq, result.problem, result.checked) == (
        False, 3, problem, 2)


def test_gap_and_truncation_are_named() -> None:
    entries = build(5)
    head = head_of(entries)
    assert chain.audit(entries[:2] + entries[3:], KEYS, head).broken_seq == 3
    cut = chain.audit(entries[:4], KEYS, head)
    assert (cut.broken_seq, cut.problem) == (5, "truncated")


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=300))
def test_any_flipped_payload_byte_is_caught_at_its_entry(target: int, position: int) -> None:
    entries = build(6)
    text = entries[target - 1].payload
    at = position % len(text)
    flipped = text[:at] + chr(ord(text[at]) ^ 1) + text[at + 1:]
    entries[target - 1] = replace(entries[target - 1], payload=flipped)
    result = chain.audit(entries, KEYS, head_of(build(6)))
    assert (result.ok, result.broken_seq) == (False, target)


# --- in the database ------------------------------------------------------------------------


def award_three(small_org: SmallOrg) -> list[int]:
    system = Actor.system()
    people = [small_org.people[k].pk for k in ("rep1", "rep2", "engineer")]
    return [services.award_badge(actor=system, badge_code="mentor", person_id=pk).id
            for pk in people]


def test_awards_form_an_intact_signed_chain(small_org: SmallOrg) -> None:
    award_three(small_org)
    rows = list(ChainEntry.objects.order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == chain.GENESIS_HASH
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert ChainHead.objects.get(pk=1).hash == rows[-1].hash
    result = selectors.audit_chain()
    assert (result.ok, result.checked) == (True, 3)


@pytest.mark.parametrize("column", ["payload", "hash", "prev_hash", "signature", "kid"])
def test_editing_any_stored_column_names_the_entry(small_org: SmallOrg, column: str) -> None:
    award_three(small_org)
    row = ChainEntry.objects.get(seq=2)
    value: str = getattr(row, column)
    changed = value[:5] + ("A" if value[5] != "A" else "B") + value[6:]
    sql = "UPDATE badges_chainentry SET " + column + " = %s WHERE seq = 2"  # noqa: S608
    tamper(sql, [changed])
    result = selectors.audit_chain()
    assert (result.ok, result.broken_seq) == (False, 2)


def test_deleted_last_entry_is_caught_by_the_head(small_org: SmallOrg) -> None:
    award_three(small_org)
    tamper("DELETE FROM badges_chainentry WHERE seq = 3", [])
    result = selectors.audit_chain()
    assert (result.ok, result.broken_seq, result.problem) == (False, 3, "truncated")


def test_database_refuses_update(small_org: SmallOrg) -> None:
    award_three(small_org)
    with pytest.raises(DatabaseError), \
            transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE badges_chainentry SET payload = 'x' WHERE seq = 1")
    assert ChainEntry.objects.get(seq=1).payload != "x"


def test_database_refuses_delete_on_postgresql(small_org: SmallOrg) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE for flush and restore (the head catches it)")
    award_three(small_org)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM badges_chainentry WHERE seq = 1")


def test_models_refuse_save_and_delete(small_org: SmallOrg) -> None:
    award_three(small_org)
    row = ChainEntry.objects.get(seq=1)
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
