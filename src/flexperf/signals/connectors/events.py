"""flexperf's own event file: one row per event, the columns of the bulk API (CSV or XLSX).

Columns: external_id, kind, person (or employee_number / email), occurred_at, and optionally
hours, quality, due_on, done_on, value, participants, counterparts (";"-separated); any other
column becomes metadata (content columns such as text or subject are dropped)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flexperf.signals.connectors import records
from flexperf.signals.drafts import EventDraft

_FIELDS = ("hours", "quality", "due_on", "done_on", "value", "participants")


class EventsFile:
    code = "events"

    def parse(self, data: bytes, filename: str) -> Iterator[EventDraft]:
        for line, row in records(data, filename):
            yield self.draft(line, row)

    @staticmethod
    def draft(line: int, row: dict[str, Any]) -> EventDraft:
        person = next((str(row[k]).strip() for k in ("person", "employee_number", "email")
                       if row.get(k) not in (None, "")), "")
        known = {"external_id", "id", "kind", "person", "employee_number", "email",
                 "occurred_at", "counterparts", *_FIELDS}
        counterparts = row.get("counterparts") or ""
        return EventDraft(
            line=line, external_id=_s(row.get("external_id", row.get("id"))),
            kind=_s(row.get("kind")), person=person, occurred_at=row.get("occurred_at"),
            counterparts=tuple(c.strip() for c in str(counterparts).replace(",", ";").split(";")
                               if c.strip()),
            metadata={k: v for k, v in row.items() if k and k not in known and v not in
                      (None, "")},
            **{k: row.get(k) for k in _FIELDS},
        )


def _s(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
