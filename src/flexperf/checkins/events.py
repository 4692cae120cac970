"""What the checkins domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class CheckinSubmitted(Event):
    checkin_id: int
    person_id: int


@dataclass(frozen=True)
class CheckinDiscussed(Event):
    checkin_id: int
    person_id: int


@dataclass(frozen=True)
class MilestoneReviewed(Event):
    review_id: int
    goal_id: int
