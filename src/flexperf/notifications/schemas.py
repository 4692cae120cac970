from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="e.g. goal_under_discussion, adjustment_decided")
    title: str
    body: str
    url: str = Field(description="Where to act on it, a path inside flexperf.")
    created_at: dt.datetime
    read_at: dt.datetime | None
    emailed_at: dt.datetime | None


class NotificationFilter(Schema):
    unread: bool | None = Field(None, description="true: only unread; false: only read.")


class UnreadCountOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int = Field(description="How many notifications were marked read.")
