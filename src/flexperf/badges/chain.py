"""Pure functions of the badge chain: canonical payloads, entry hashes, Ed25519 signatures and
the audit walk. No ORM, no clock.

entry hash = SHA-256( prev_hash ‖ "\\n" ‖ canonical payload ), hex
signature  = Ed25519( ascii bytes of the entry hash ), base64url without padding
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

GENESIS_HASH = "0" * 64


def canonical(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, payload_text: str) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode())
    digest.update(b"\n")
    digest.update(payload_text.encode())
    return digest.hexdigest()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: Ed25519PrivateKey, digest: str) -> str:
    return b64url(key.sign(digest.encode()))


def signature_ok(key: Ed25519PublicKey, digest: str, signature: str) -> bool:
    try:
        key.verify(unb64url(signature), digest.encode())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


@dataclass(frozen=True)
class StoredEntry:
    seq: int
    kind: str
    award_id: int
    payload: str
    prev_hash: str
    hash: str
    signature: str
    kid: str


@dataclass(frozen=True)
class AuditResult:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str = ""  # a code: see REASONS in badges.labels

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "head_seq": self.head_seq,
                "head_hash": self.head_hash, "broken_seq": self.broken_seq,
                "problem": self.problem or None}


def audit(entries: Iterable[StoredEntry], keys: Mapping[str, Ed25519PublicKey],
          head: tuple[int, str] | None) -> AuditResult:
    """Walk the entries in sequence order and name the first one that does not hold: a gap,
    a broken link, content that does not match its hash, a payload that contradicts its row,
    an unknown key or a bad signature; the head catches entries cut off the end."""
    expected, previous, checked = 1, GENESIS_HASH, 0
    head_seq, head_hash = head if head is not None else (0, GENESIS_HASH)

    def broken(seq: int, problem: str) -> AuditResult:
        return AuditResult(False, checked, head_seq, head_hash, seq, problem)

    for entry in entries:
        if entry.seq != expected:
            return broken(expected, "missing")
        if entry.prev_hash != previous:
            return broken(entry.seq, "link")
        if entry_hash(entry.prev_hash, entry.payload) != entry.hash:
            return broken(entry.seq, "hash")
        try:
            body = json.loads(entry.payload)
        except ValueError:
            return broken(entry.seq, "payload")
        if (not isinstance(body, dict) or body.get("seq") != entry.seq
                or body.get("kind") != entry.kind or body.get("award_id") != entry.award_id):
            return broken(entry.seq, "payload")
        key = keys.get(entry.kid)
        if key is None:
            return broken(entry.seq, "kid")
        if not signature_ok(key, entry.hash, entry.signature):
            return broken(entry.seq, "signature")
        previous = entry.hash
        expected += 1
        checked += 1
    if head_seq > checked:
        return broken(checked + 1, "truncated")
    if head_seq < checked:
        return broken(head_seq + 1, "beyond_head")
    if head_hash != previous:
        return broken(checked, "head")
    return AuditResult(True, checked, head_seq, head_hash)
