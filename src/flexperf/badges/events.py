"""What the badges domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class BadgeAwarded(Event):
    award_id: int
    person_id: int
    badge_code: str


@dataclass(frozen=True)
class BadgeRevoked(Event):
    award_id: int
    person_id: int
    badge_code: str
