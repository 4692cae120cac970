"""Open Badges 3.0 credentials secured as compact JWS (VC-JOSE-COSE) and their verification.

The JWS payload IS the credential JSON (``typ: vc+jwt``, ``cty: vc``, ``alg: EdDSA``, ``kid`` =
the RFC 7638 thumbprint published at /.well-known/jwks.json). Anyone can check the signature
with the public key alone; :func:`verify` also asks our chain whether the award was revoked.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from flexperf.badges import chain, keys
from flexperf.badges.images import absolute_image_url, public_url

CONTEXTS = ["https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
MEDIA_TYPE = "application/vc+jwt"
ALG = "EdDSA"
STATUS_TYPE = "FlexperfBadgeStatus"


def issuer_id() -> str:
    return public_url() + "/badges/issuer/"


def issuer_profile(name: str) -> dict[str, Any]:
    return {"id": issuer_id(), "type": ["Profile"], "name": name, "url": public_url() + "/"}


def status_url(uid: str) -> str:
    return f"{public_url()}/api/v1/badges/status/{uid}"


def identity_hash(identifier: str, salt: str) -> str:
    """Open Badges IdentityObject hash: "sha256$" + hex(SHA-256(identifier + salt))."""
    return "sha256$" + hashlib.sha256((identifier.strip().lower() + salt).encode()).hexdigest()


def build_credential(award: Mapping[str, Any], badge: Mapping[str, Any],
                     issuer_name: str) -> dict[str, Any]:
    """The OpenBadgeCredential of an award, from the award's signed chain payload and its
    class (name, description, criteria, image)."""
    recipient = award["recipient"]
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{award['uid']}",
        "type": TYPES,
        "issuer": issuer_profile(issuer_name),
        "validFrom": award["issued_at"],
        "name": badge["name"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": recipient["identity_hash"],
                "identityType": recipient["identity_type"],
                "hashed": True,
                "salt": recipient["salt"],
            }],
            "achievement": {
                "id": f"{public_url()}/badges/classes/{badge['code']}/",
                "type": ["Achievement"],
                "name": badge["name"],
                "description": badge["description"],
                "criteria": {"narrative": badge["criteria"]},
                "image": {"id": absolute_image_url(badge["image"]), "type": "Image"},
            },
        },
        "credentialStatus": {"id": status_url(award["uid"]), "type": STATUS_TYPE},
    }


def sign_credential(credential: Mapping[str, Any]) -> str:
    current = keys.key_set().current
    header = {"alg": ALG, "kid": current.kid, "typ": "vc+jwt", "cty": "vc"}
    payload = chain.canonical(credential).encode()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc: "EdDSA is deprecated via RFC 9864"
        return jws.serialize_compact(header, payload, current.jwk, algorithms=[ALG])


@dataclass(frozen=True)
class Checked:
    """What the signature and issuer checks found; revocation is looked up by the caller."""

    status: str  # valid | invalid_signature | unknown_issuer | malformed
    kid: str = ""
    credential: dict[str, Any] = field(default_factory=dict)
    detail: str = ""

    @property
    def credential_uid(self) -> str:
        cid = str(self.credential.get("id", ""))
        return cid.removeprefix("urn:uuid:") if cid.startswith("urn:uuid:") else ""


def check_signature(token: str) -> Checked:
    """Signature and issuer of a compact JWS: the header must name EdDSA and one of our keys,
    the signature must verify over the exact bytes, the payload must be an OpenBadgeCredential
    whose issuer is us. The signature is checked before the payload is read, so any altered
    payload byte reads as invalid_signature."""
    token = (token or "").strip()
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        return Checked("malformed", detail="not three base64url parts")
    try:
        header = json.loads(chain.unb64url(parts[0]))
    except (ValueError, UnicodeDecodeError):
        return Checked("malformed", detail="header is not base64url JSON")
    if not isinstance(header, dict):
        return Checked("malformed", detail="header is not a JSON object")
    if header.get("alg") != ALG:
        return Checked("malformed", detail="alg must be EdDSA")
    kid = str(header.get("kid", ""))
    public = keys.key_set().public_keys.get(kid)
    if public is None:
        return Checked("unknown_issuer", kid=kid, detail="kid is not in our key set")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = jws.deserialize_compact(token, keys.public_jwk(public), algorithms=[ALG])
    except JoseError:
        return Checked("invalid_signature", kid=kid)
    except (ValueError, TypeError):
        return Checked("malformed", kid=kid, detail="cannot decode")
    try:
        credential = json.loads(found.payload)
    except (ValueError, UnicodeDecodeError):
        return Checked("malformed", kid=kid, detail="payload is not JSON")
    if not isinstance(credential, dict) or "OpenBadgeCredential" not in (
            credential.get("type") or []):
        return Checked("malformed", kid=kid, detail="payload is not an OpenBadgeCredential")
    issuer = credential.get("issuer")
    issuer_value = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_value != issuer_id():
        return Checked("unknown_issuer", kid=kid, credential=credential,
                       detail="issuer is not this organisation")
    return Checked("valid", kid=kid, credential=credential)


def public_jwk_dict(key: OKPKey) -> dict[str, Any]:
    return dict(key.as_dict(private=False))
