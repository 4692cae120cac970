from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class MeOut(Schema):
    username: str
    person_id: int | None
    name: str | None
    roles: list[str]
    token_scopes: list[str] | None = Field(description="None for a browser session.")


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    expires_days: int = Field(90, ge=1, le=3650)
    scopes: list[str] = Field(default_factory=lambda: ["read", "write"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The bearer token. Shown once; store it now.")
