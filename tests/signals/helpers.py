"""Shared helpers for the signals tests."""

from __future__ import annotations

from typing import Any

from flexperf.core.actors import Actor
from flexperf.signals.models import Source, SourceKind
from flexperf.signals.services import ingestion as ingesting
from flexperf.signals.services.sources import create_source

SYSTEM = Actor.system()


def source(code: str = "jira", *, enabled: bool = True, kind: str = SourceKind.TRACKER
           ) -> tuple[Source, str]:
    created = create_source(actor=SYSTEM, code=code, name=code.title(), kind=kind,
                            enabled=enabled)
    return created.source, created.secret


def rows(*items: dict[str, Any]) -> list[ingesting.Row]:
    return [(i, item) for i, item in enumerate(items, start=1)]


def send(code: str, *items: dict[str, Any], atomic: bool = False,
         refresh: bool = False) -> ingesting.BatchReport:
    return ingesting.ingest(actor=SYSTEM, source=code, rows=rows(*items), via="bulk_api",
                            atomic=atomic, refresh=refresh)
