"""Typed input and output of the checkins API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict, Field


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class LineIn(_In):
    goal_id: int
    metric_id: int | None = Field(None, description="One of the goal's measured metrics.")
    value: Decimal | None = Field(None, description="The metric's new value.")
    confidence: int = Field(..., ge=0, le=10)
    note: str = Field("", max_length=500)


class SubmitIn(_In):
    lines: list[LineIn] = Field(default_factory=list, max_length=200)
    obstacles: str = Field("", max_length=5000)
    resource_needs: str = Field("", max_length=5000)
    context: str = Field("", max_length=5000)


class DiscussIn(_In):
    coaching_note: str = Field(..., max_length=5000)


class ScheduleIn(_In):
    on: dt.date | None = Field(None, description="The day to schedule for (default today).")


class ScheduleOut(Schema):
    created: int
    existing: int
    reminded_due: int
    reminded_overdue: int


class LineOut(Schema):
    goal_id: int
    goal_title: str
    metric_id: int | None
    value: Decimal | None
    confidence: int
    note: str


class CheckinOut(Schema):
    id: int
    person_id: int
    person_name: str
    cadence: str
    window: str
    window_start: dt.date
    window_end: dt.date
    due_date: dt.date
    status: str
    state: str = Field(description="due, overdue, submitted or discussed.")
    obstacles: str
    resource_needs: str
    context: str
    coaching_note: str
    submitted_at: dt.datetime | None
    discussed_at: dt.datetime | None
    lines: list[LineOut]


class BoardRowOut(Schema):
    person_id: int
    person_name: str
    checkin_id: int | None
    window: str | None
    state: str
    risks: list[str]
    can_discuss: bool


class BoardOut(Schema):
    on: dt.date
    due: list[BoardRowOut]
    overdue: list[BoardRowOut]
    awaiting: list[BoardRowOut]
    at_risk: list[BoardRowOut]


class MilestoneReviewIn(_In):
    delivered: str = Field(..., max_length=5000)
    quality: int = Field(..., ge=1, le=5)
    lessons: str = Field("", max_length=5000)
    stage_rating: str = Field(..., max_length=20)


class MilestoneReviewOut(Schema):
    id: int
    milestone_id: int
    milestone_name: str
    goal_id: int
    goal_title: str
    delivered: str
    quality: int
    lessons: str
    stage_rating: str
    stage_label: str
    reviewed_on: dt.date
    reviewed_by: str
