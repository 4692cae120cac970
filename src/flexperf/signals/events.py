"""What the signals domain announces."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class EventsIngested(Event):
    """A batch stored `accepted` new events; `weeks` are the touched Mondays (ISO dates)."""

    batch_id: int
    source: str
    accepted: int
    weeks: tuple[str, ...]


@dataclass(frozen=True)
class FeaturesRefreshed(Event):
    """Weekly features were recomputed for these Mondays (ISO dates) and this many people."""

    weeks: tuple[str, ...]
    people: int
