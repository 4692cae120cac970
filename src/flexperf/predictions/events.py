"""What the predictions domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class ModelTrained(Event):
    model_id: int
    kind: str
    label: str


@dataclass(frozen=True)
class ModelActivated(Event):
    model_id: int
    kind: str
    label: str
