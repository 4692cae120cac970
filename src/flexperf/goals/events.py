"""What the goals domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class GoalCreated(Event):
    goal_id: int


@dataclass(frozen=True)
class GoalActivated(Event):
    goal_id: int
    version: int


@dataclass(frozen=True)
class GoalChanged(Event):
    goal_id: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class GoalClosed(Event):
    goal_id: int
    missed: bool


@dataclass(frozen=True)
class MeasurementRecorded(Event):
    goal_id: int
    metric_id: int
    measurement_id: int


@dataclass(frozen=True)
class MilestoneAccepted(Event):
    goal_id: int
    milestone_id: int
    late_days: int


@dataclass(frozen=True)
class GoalUnderDiscussion(Event):
    goal_id: int
    signal_link_id: int | None
    reason: str


@dataclass(frozen=True)
class AdjustmentProposed(Event):
    adjustment_id: int
    goal_id: int


@dataclass(frozen=True)
class AdjustmentDecided(Event):
    adjustment_id: int
    goal_id: int
    approved: bool


@dataclass(frozen=True)
class SchemeChanged(Event):
    scheme_id: int


@dataclass(frozen=True)
class SchemeAssigned(Event):
    unit_id: int
    scheme_id: int | None
