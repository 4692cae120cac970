"""API input and output of badges."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import ConfigDict, Field


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class BadgeClassIn(_In):
    code: str = Field(min_length=2, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    description: str = Field(min_length=1, max_length=2000)
    criteria: str = Field(min_length=1, max_length=2000)
    image: str = Field(description="A key of the built-in images, e.g. mentor, star.")
    awarder_roles: list[str] = Field(default_factory=list,
                                     description="manager, hrbp, hr_admin, executive")
    auto_only: bool = False


class BadgeClassOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    description: str
    criteria: str
    image: str
    image_url: str
    awarder_roles: list[str]
    auto_only: bool


class AwardIn(_In):
    badge_code: str = Field(min_length=1, max_length=60)
    person_id: int
    evidence: str = Field("", max_length=2000)
    source_key: str | None = Field(None, max_length=200)


class AwardOut(Schema):
    id: int
    uid: str
    code: str
    name: str
    image_url: str
    person_id: int
    person_name: str
    issued_on: dt.date
    awarded_by: str
    evidence: str
    revoked: bool
    revoked_reason: str
    entry_seq: int
    credential_url: str | None


class RevocationIn(_In):
    reason: str = Field(min_length=1, max_length=2000)


class DecisionIn(_In):
    note: str = Field("", max_length=2000)


class RevocationOut(Schema):
    id: int
    award_id: int
    badge_code: str
    person_id: int
    person_name: str
    reason: str
    status: str
    requested_by: str
    requested_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    entry_seq: int | None


class VerifyIn(_In):
    credential: str = Field(min_length=1, max_length=100_000,
                            description="The compact JWS (header.payload.signature).")
    identity: str = Field("", max_length=254, description=(
        "Optional: the recipient's e-mail (or employee number) to check against the hashed "
        "identifier."))


class VerifyOut(Schema):
    status: str = Field(description="valid, invalid_signature, revoked, unknown_issuer or "
                                    "malformed")
    kid: str
    badge_name: str
    recipient: str
    issued: str
    credential_id: str
    issuer: str
    revoked_on: str
    recipient_match: bool | None
    detail: str


class StatusOut(Schema):
    id: str
    revoked: bool
    revoked_on: str | None


class ChainOut(Schema):
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None
    problem: str | None
    message: str
    kid: str
