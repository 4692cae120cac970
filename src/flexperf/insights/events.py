"""What the insights domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class InsightRaised(Event):
    """A new insight (not a refresh of an open one)."""

    insight_id: int
    kind: str
    subject_person_id: int | None
    unit_id: int | None
