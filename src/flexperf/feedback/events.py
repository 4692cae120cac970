"""What the feedback domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class FeedbackGiven(Event):
    """For recognition rules: who gave which kind of feedback to whom, and how visibly."""

    feedback_id: int
    giver_id: int
    recipient_id: int
    kind: str
    visibility: str
    source: str


@dataclass(frozen=True)
class FeedbackRequested(Event):
    request_id: int
    requester_id: int
    requested_id: int


@dataclass(frozen=True)
class Campaign360Closed(Event):
    campaign_id: int
