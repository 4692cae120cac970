"""Org import: read a workbook or CSV, check every row, write all or nothing.

(Interface fixed here; implementation to follow.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flexperf.core.actors import Actor


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class ImportReport:
    ok: bool
    dry_run: bool
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)


def import_org(*, actor: Actor, data: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    raise NotImplementedError
