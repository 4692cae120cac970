"""Pure hash-chain functions: no ORM, no clock."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

GENESIS_HASH = "0" * 64

# The fields that an entry's hash covers, in addition to the previous entry's hash.
HASHED_FIELDS = (
    "seq", "at", "actor_id", "actor_username", "via", "ip", "action",
    "object_type", "object_id", "object_repr", "changes", "context",
)


def timestamp(moment: dt.datetime) -> str:
    """The one text form of a time inside a hash: UTC, microseconds."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(fields: Mapping[str, Any]) -> bytes:
    payload = {name: fields[name] for name in HASHED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode())
    digest.update(b"\n")
    digest.update(canonical(fields))
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredEntry:
    fields: Mapping[str, Any]
    prev_hash: str
    hash: str

    @property
    def seq(self) -> int:
        return int(self.fields["seq"])


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return _("audit chain intact: %(n)d entries verified") % {"n": self.checked}
        return _("audit chain broken at entry #%(seq)s: %(reason)s") % {
            "seq": self.broken_seq, "reason": self.reason}


def verify(entries: Iterable[StoredEntry], head: tuple[int, str] | None) -> VerifyResult:
    """Walk entries in sequence order; name the first one that does not hold.

    `head` is the (seq, hash) the chain head row records; it catches entries cut off the end.
    """
    expected_seq = 1
    previous = GENESIS_HASH
    checked = 0
    for entry in entries:
        if entry.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq,
                                _("entry missing (found #%(seq)d next)") % {"seq": entry.seq})
        if entry.prev_hash != previous:
            return VerifyResult(False, checked, entry.seq,
                                _("previous-hash link does not match the entry before it"))
        if entry_hash(entry.prev_hash, entry.fields) != entry.hash:
            return VerifyResult(False, checked, entry.seq,
                                _("content does not match its hash (entry was altered)"))
        previous = entry.hash
        expected_seq += 1
        checked += 1
    head_seq, head_hash = head if head is not None else (0, GENESIS_HASH)
    if head_seq > checked:
        return VerifyResult(False, checked, checked + 1,
                            _("entries #%(first)d..#%(last)d are missing from the end")
                            % {"first": checked + 1, "last": head_seq})
    if head_seq < checked:
        return VerifyResult(False, checked, head_seq + 1,
                            _("entries after #%(seq)d were added without the chain head")
                            % {"seq": head_seq})
    if head_hash != previous:
        return VerifyResult(False, checked, checked,
                            _("the chain head's hash does not match the last entry"))
    return VerifyResult(True, checked)
