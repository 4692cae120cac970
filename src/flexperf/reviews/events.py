"""What the reviews domain announces (delivered after the phase change commits)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class CycleOpened(Event):
    cycle_id: int


@dataclass(frozen=True)
class CycleAdvanced(Event):
    cycle_id: int
    phase: str


@dataclass(frozen=True)
class CycleFinalised(Event):
    cycle_id: int


@dataclass(frozen=True)
class CyclePublished(Event):
    cycle_id: int
