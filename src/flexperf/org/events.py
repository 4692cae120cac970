"""What the org domain announces (after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from flexperf.core.events import Event


@dataclass(frozen=True)
class PersonHired(Event):
    person_id: int


@dataclass(frozen=True)
class PersonChanged(Event):
    person_id: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PersonLeft(Event):
    person_id: int
    reason: str


@dataclass(frozen=True)
class ReportingLineChanged(Event):
    person_id: int
    old_manager_id: int | None
    new_manager_id: int | None


@dataclass(frozen=True)
class UnitChanged(Event):
    unit_id: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class OrgImported(Event):
    created: int
    updated: int
