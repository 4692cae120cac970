"""What the recognition domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class RecognitionGiven(Event):
    award_id: int
    giver_id: int
    recipient_id: int
    tag: str
    points: int
    cross_unit: bool


@dataclass(frozen=True)
class ContributionLogged(Event):
    """kind ∈ {"knowledge", "mentoring", "cross_team_help"}."""

    contribution_id: int
    person_id: int
    kind: str
    other_person_id: int | None


@dataclass(frozen=True)
class PointsFlagged(Event):
    flag_id: int
    person_ids: tuple[int, ...]
