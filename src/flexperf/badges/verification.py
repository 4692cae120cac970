"""Verifying a credential someone presents: signature and issuer (credentials.check_signature),
then our chain for a revocation entry. No login: anyone holding a credential may ask."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flexperf.badges import credentials, selectors
from flexperf.badges.models import ChainEntry, EntryKind


@dataclass(frozen=True)
class Verification:
    status: str  # valid | invalid_signature | revoked | unknown_issuer | malformed
    kid: str = ""
    badge_name: str = ""
    recipient: str = ""  # the hashed identifier (the credential names nobody in clear)
    issued: str = ""
    credential_id: str = ""
    issuer: str = ""
    revoked_on: str = ""
    recipient_match: bool | None = None  # when the verifier gave an e-mail / employee no.
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "valid"

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "kid": self.kid, "badge_name": self.badge_name,
                "recipient": self.recipient, "issued": self.issued,
                "credential_id": self.credential_id, "issuer": self.issuer,
                "revoked_on": self.revoked_on, "recipient_match": self.recipient_match,
                "detail": self.detail}


def _readable(credential: dict[str, Any]) -> dict[str, str]:
    subject = credential.get("credentialSubject") or {}
    if not isinstance(subject, dict):
        subject = {}
    achievement = subject.get("achievement") or {}
    identifiers = subject.get("identifier") or []
    first = identifiers[0] if isinstance(identifiers, list) and identifiers else {}
    issuer = credential.get("issuer")
    return {
        "badge_name": str(achievement.get("name", "")) if isinstance(achievement, dict) else "",
        "recipient": str(first.get("identityHash", "")) if isinstance(first, dict) else "",
        "issued": str(credential.get("validFrom", "")),
        "credential_id": str(credential.get("id", "")),
        "issuer": str(issuer.get("name", "") if isinstance(issuer, dict) else issuer or ""),
    }


def _matches(credential: dict[str, Any], identity: str) -> bool:
    subject = credential.get("credentialSubject") or {}
    for item in subject.get("identifier") or []:
        if isinstance(item, dict) and item.get("hashed") and credentials.identity_hash(
                identity, str(item.get("salt", ""))) == item.get("identityHash"):
            return True
    return False


def verify(token: str, *, identity: str = "") -> Verification:
    checked = credentials.check_signature(token)
    readable = _readable(checked.credential) if checked.credential else {}
    match = _matches(checked.credential, identity) if identity.strip() and readable else None
    if checked.status != "valid":
        return Verification(checked.status, kid=checked.kid, detail=checked.detail,
                            recipient_match=match, **readable)
    award = selectors.award_by_uid(checked.credential_uid)
    revoked_on = revocation_of(award.pk) if award is not None else ""
    status = "revoked" if revoked_on else "valid"
    return Verification(status, kid=checked.kid, revoked_on=revoked_on, recipient_match=match,
                        **readable)


def revocation_of(award_id: int) -> str:
    """The day the award was revoked (from its signed revocation entry), or "" if it stands."""
    entry = ChainEntry.objects.filter(kind=EntryKind.REVOCATION, award_id=award_id).first()
    if entry is None:
        return ""
    try:
        day = str(json.loads(entry.payload).get("revoked_on", ""))
    except ValueError:
        day = ""
    return day or entry.created_at.date().isoformat()
