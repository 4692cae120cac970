"""Rows the check-ins demo inserts, named after the models' column attributes (see
`goals.demo.loader.insert_rows`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(slots=True)
class CheckinRow:
    id: int
    person_id: int
    cadence: str
    window: str
    window_start: dt.date
    window_end: dt.date
    due_date: dt.date
    status: str
    obstacles: str
    resource_needs: str
    context: str
    submitted_at: dt.datetime | None
    coaching_note: str
    discussed_at: dt.datetime | None
    discussed_by_id: int | None
    due_reminded_at: dt.datetime | None
    overdue_reminded_at: dt.datetime | None
    created_at: dt.datetime


@dataclass(slots=True)
class LineRow:
    id: int
    checkin_id: int
    goal_id: int
    metric_id: int | None
    value: Decimal | None
    confidence: int
    note: str
    measurement_id: int | None


@dataclass(slots=True)
class ReviewRow:
    id: int
    milestone_id: int
    goal_id: int
    delivered: str
    quality: int
    lessons: str
    stage_rating: str
    reviewed_by_id: int | None
    reviewed_by_username: str
    reviewed_on: dt.date
    created_at: dt.datetime


@dataclass(slots=True)
class AnalysisRow:
    id: int
    goal_id: int
    premature: str
    premature_note: str
    resources_matched: str
    resources_note: str
    learned: str
    recorded_by_username: str
    created_at: dt.datetime
    updated_at: dt.datetime
