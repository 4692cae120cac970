"""Files of events (CSV/XLSX of our columns, or a tool's export through its connector)."""

from __future__ import annotations

from collections.abc import Iterator

from flexperf.core.actors import Actor
from flexperf.core.tabular import decode
from flexperf.signals.connectors import connector
from flexperf.signals.models import Via
from flexperf.signals.services.ingestion import BatchReport, Row, ingest, usable_source


def detect(data: bytes, filename: str) -> str:
    """Which connector reads this file: JSON is a chat export; a CSV's header tells a tracker
    or CRM export from our own columns."""
    name = filename.lower()
    if name.endswith(".json"):
        return "slack"
    if name.endswith((".csv", ".txt")):
        head = (decode(data[:4096]) or "").split("\n", 1)[0].lower()
        if "issue key" in head:
            return "jira"
        if "opportunity id" in head:
            return "salesforce"
    return "events"


def file_rows(data: bytes, filename: str, fmt: str = "auto") -> Iterator[Row]:
    reader = connector(detect(data, filename) if fmt in ("", "auto") else fmt)
    for draft in reader.parse(data, filename):
        yield draft.line, draft.as_row()


def import_file(*, actor: Actor, source: str, data: bytes, filename: str, fmt: str = "auto",
                atomic: bool = False, via: str = Via.FILE) -> BatchReport:
    """Ingest a file for `source`: refused first when the source is unknown or off, then
    every row checked (problems by line; with `atomic`, one bad row keeps nothing)."""
    usable_source(source)
    rows = list(file_rows(data, filename, fmt))  # file-level problems raise before logging
    return ingest(actor=actor, source=source, rows=rows, via=via, atomic=atomic,
                  filename=filename)
