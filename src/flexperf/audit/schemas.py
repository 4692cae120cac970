from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class AuditEntryOut(Schema):
    seq: int
    at: dt.datetime
    actor_id: int | None
    actor_username: str
    via: str
    ip: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any] = Field(description="{field: [before, after]}")
    context: dict[str, Any]
    prev_hash: str
    hash: str


class AuditFilter(Schema):
    actor: str = Field("", description="Username of whoever acted.")
    action: str = ""
    object_type: str = Field("", description="e.g. org.person")
    object_id: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    q: str = Field("", max_length=100)


class VerifyOut(Schema):
    ok: bool
    checked: int
    broken_seq: int | None
    reason: str
