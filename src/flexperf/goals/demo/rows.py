"""The rows the goals demo writes, one dataclass per table with exactly the table's columns
(attribute names are the model's column attributes), plus what the generator reads.

Plain values only (Decimal for numbers, aware datetimes): the generator makes them, the loader
writes them as they are, and a test can compare two runs field by field.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# --- what the generator reads: the demo group as it stands in the database ---------------


@dataclass(frozen=True)
class OrgUnit:
    id: int
    code: str
    name: str
    parent_id: int | None
    path: str
    company_code: str
    head_id: int | None


@dataclass(frozen=True)
class OrgPerson:
    id: int
    employee_number: str
    name: str
    unit_id: int
    manager_id: int | None
    job_family: str
    level: str


@dataclass(frozen=True)
class Component:
    id: int
    key: str
    paradigm: str


@dataclass(frozen=True)
class SchemeInfo:
    id: int
    code: str
    components: tuple[Component, ...]
    review_period: str = "year"  # a person's goals belong to a period of this kind
    # The adjustment policy (who approves, and the guard's numbers).
    adjustment_approver: str = "manager"
    min_days_between_adjustments: int = 30
    max_adjustments_per_period: int = 2


@dataclass(frozen=True)
class DemoUser:
    username: str
    user_id: int
    person_id: int | None


@dataclass
class Inputs:
    """The demo group (active people only) and what the database already holds."""

    companies: dict[str, int]  # code → id
    units: list[OrgUnit]  # parents before children
    people: list[OrgPerson]  # active people, by id
    users: dict[str, DemoUser]  # the demo logins, by username
    schemes: dict[str, SchemeInfo]  # by code
    default_scheme: str  # code of the group-default scheme
    periods: dict[str, int] = field(default_factory=dict)  # existing periods: code → id


@dataclass(frozen=True)
class FirstIds:
    """The first primary key to use per table (one past the current maximum)."""

    period: int = 1
    assignment: int = 1
    goal: int = 1
    metric: int = 1
    metric_link: int = 1
    measurement: int = 1
    milestone: int = 1
    alignment: int = 1
    version: int = 1
    series: int = 1
    point: int = 1
    signal: int = 1
    adjustment: int = 1
    notification: int = 1


# --- what the generator makes -------------------------------------------------------------


@dataclass(slots=True)
class PeriodRow:
    id: int
    code: str
    kind: str
    start: dt.date
    end: dt.date


@dataclass(slots=True)
class AssignmentRow:
    id: int
    unit_id: int
    scheme_id: int
    assigned_at: dt.datetime


@dataclass(slots=True)
class GoalRow:
    id: int
    period_id: int
    paradigm: str
    owner_kind: str
    person_id: int | None
    unit_id: int | None
    company_id: int | None
    component_id: int | None
    title: str
    description: str
    weight: Decimal
    status: str
    okr_type: str
    perspective_weights: dict[str, str]
    due_date: dt.date | None
    version: int
    discussion_reason: str
    discussion_since: dt.datetime | None
    created_by_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(slots=True)
class MetricRow:
    id: int
    goal_id: int
    kind: str
    name: str
    unit_label: str
    direction: str
    baseline: Decimal | None
    threshold: Decimal | None
    target: Decimal | None
    stretch: Decimal | None
    start: Decimal | None
    confidence: int | None
    weight: Decimal
    perspective: str
    aggregation: str
    anchors: dict[str, str]
    order: int


@dataclass(slots=True)
class MetricLinkRow:
    id: int
    cause_id: int
    effect_id: int


@dataclass(slots=True)
class MeasurementRow:
    id: int
    metric_id: int
    on: dt.date
    value: Decimal
    source: str
    recorded_by_id: int | None
    note: str
    created_at: dt.datetime


@dataclass(slots=True)
class MilestoneRow:
    id: int
    goal_id: int
    name: str
    due: dt.date
    weight: Decimal
    accepted_on: dt.date | None
    order: int


@dataclass(slots=True)
class AlignmentRow:
    id: int
    child_id: int
    parent_id: int
    contribution: Decimal


@dataclass(slots=True)
class VersionRow:
    id: int
    goal_id: int
    number: int
    effective_from: dt.date
    definition: dict[str, Any]
    reason: str
    created_by_username: str
    approved_by_username: str
    adjustment_id: int | None
    created_at: dt.datetime


@dataclass(slots=True)
class SeriesRow:
    id: int
    code: str
    name: str
    name_en: str
    unit_label: str
    frequency: str
    description: str


@dataclass(slots=True)
class PointRow:
    id: int
    series_id: int
    on: dt.date
    value: Decimal
    created_at: dt.datetime


@dataclass(slots=True)
class SignalRow:
    id: int
    goal_id: int
    series_id: int
    plan_value: Decimal
    threshold_pct: Decimal
    consecutive_periods: int
    active: bool
    last_fired_at: dt.datetime | None
    last_fired_on: dt.date | None


@dataclass(slots=True)
class AdjustmentRow:
    id: int
    goal_id: int
    kind: str
    status: str
    changes: dict[str, Any]
    reason: str
    evidence: str
    trigger_id: int | None
    trigger_detail: str
    approver_role: str
    guard_note: str
    proposed_by_id: int | None
    proposed_by_username: str
    proposed_at: dt.datetime
    decided_by_username: str
    decided_at: dt.datetime | None
    decision_note: str
    effective_from: dt.date | None


@dataclass(slots=True)
class NotificationRow:
    id: int
    recipient_id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    emailed_at: dt.datetime | None


@dataclass
class DemoGoals:
    """Every row of the goals demo, in the order the loader writes them."""

    seed: int
    periods: list[PeriodRow] = field(default_factory=list)
    assignments: list[AssignmentRow] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    metrics: list[MetricRow] = field(default_factory=list)
    metric_links: list[MetricLinkRow] = field(default_factory=list)
    measurements: list[MeasurementRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    alignments: list[AlignmentRow] = field(default_factory=list)
    series: list[SeriesRow] = field(default_factory=list)
    points: list[PointRow] = field(default_factory=list)
    signals: list[SignalRow] = field(default_factory=list)
    adjustments: list[AdjustmentRow] = field(default_factory=list)
    versions: list[VersionRow] = field(default_factory=list)
    notifications: list[NotificationRow] = field(default_factory=list)
    # Everything ("full"), or for very large groups quarterly measurements and version 1 only
    # where the story needs it ("lean"; see plan.FULL_DETAIL_MAX_PEOPLE).
    detail: str = "full"

    def counts(self) -> dict[str, int]:
        person_goals = Counter(g.paradigm for g in self.goals if g.owner_kind == "person")
        statuses = Counter(g.status for g in self.goals)
        adjustments = Counter(a.status for a in self.adjustments)
        return {
            "periods": len(self.periods), "scheme_assignments": len(self.assignments),
            "goals": len(self.goals),
            **{f"person_{p}": n for p, n in sorted(person_goals.items())},
            "unit_goals": sum(g.owner_kind == "unit" for g in self.goals),
            "company_goals": sum(g.owner_kind == "company" for g in self.goals),
            "under_discussion": statuses["under_discussion"], "drafts": statuses["draft"],
            "metrics": len(self.metrics), "metric_links": len(self.metric_links),
            "measurements": len(self.measurements), "milestones": len(self.milestones),
            "alignments": len(self.alignments), "versions": len(self.versions),
            "series": len(self.series), "series_points": len(self.points),
            "signal_links": len(self.signals),
            "adjustments_approved": adjustments["approved"],
            "adjustments_pending": adjustments["pending"],
            "adjustments_rejected": adjustments["rejected"],
            "notifications": len(self.notifications),
        }
