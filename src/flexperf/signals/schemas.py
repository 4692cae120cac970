"""Typed API input and output of signals."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class SourceIn(Schema):
    code: str
    name: str
    kind: str
    enabled: bool = True


class SourceOut(Schema):
    code: str
    name: str
    kind: str
    enabled: bool
    secret_set_at: dt.datetime | None
    last_ingestion_at: dt.datetime | None


class SecretOut(Schema):
    source: SourceOut
    secret: str  # shown once


class RejectOut(Schema):
    line: int
    field: str
    reason: str
    excerpt: str = ""


class BatchOut(Schema):
    id: int
    source: str
    via: str
    filename: str
    atomic: bool
    received: int
    accepted: int
    duplicates: int
    rejected: int
    stripped: int
    weeks: list[str]
    by: str
    at: dt.datetime
    duration_ms: int


class BatchDetailOut(BatchOut):
    rejects: list[RejectOut]


class ReportOut(Schema):
    batch_id: int
    source: str
    received: int
    accepted: int
    duplicates: int
    rejected: int
    stripped: int
    atomic: bool
    kept: bool
    weeks: list[str]
    rejects: list[RejectOut]


class WeekOut(Schema):
    week_start: dt.date
    unit_id: int | None = None
    throughput: float
    on_time_rate: float | None
    quality_avg: float | None
    hours: float
    after_hours_share: float | None
    meeting_hours: float
    collaboration_breadth: float
    cross_unit_interactions: float
    checkin_recency_days: float | None
    feedback_given: float
    feedback_received: float
    recognition_given: float
    recognition_received: float
    goal_trajectory_gap: float | None
    overdue_tasks: float
    milestones_missed: float


class PersonWeeksOut(Schema):
    person_id: int
    name: str
    start: dt.date
    end: dt.date
    weeks: list[WeekOut]


class TeamWeekOut(Schema):
    week_start: dt.date
    people: int
    throughput: float | None
    on_time_rate: float | None
    quality_avg: float | None
    hours: float | None
    after_hours_share: float | None
    meeting_hours: float | None
    collaboration_breadth: float | None
    cross_unit_interactions: float | None
    checkin_recency_days: float | None
    feedback_given: float | None
    feedback_received: float | None
    recognition_given: float | None
    recognition_received: float | None
    goal_trajectory_gap: float | None
    overdue_tasks: float | None
    milestones_missed: float | None


class MemberOut(Schema):
    person_id: int
    name: str
    overloaded_weeks: int
    lagging: bool


class TeamWeeksOut(Schema):
    title: str
    manager_id: int | None
    unit_id: int | None
    start: dt.date
    end: dt.date
    weeks: list[TeamWeekOut]
    members: list[MemberOut]


class WebhookOut(Schema):
    batch_id: int
    accepted: int
    duplicates: int
    rejected: int
    rejects: list[RejectOut]


class ErrorOut(Schema):
    detail: str
