"""What an event looks like before ingestion checks it: `EventDraft` (connectors produce them)
and the rules for cleaning a row — content fields are dropped, never stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Keys that carry what people wrote or said. Never stored: dropped from rows and metadata.
CONTENT_KEYS = frozenset({
    "body", "text", "content", "subject", "message", "messages", "title", "description",
    "comment", "comments", "summary", "snippet", "html", "markdown", "attachment",
    "attachments", "files", "blocks", "notes", "transcript", "topic", "purpose",
})
MAX_METADATA_CHARS = 2000
MAX_METADATA_TEXT = 120  # a longer string value in metadata is taken for content and dropped


@dataclass(frozen=True)
class EventDraft:
    """One event as a connector read it; `ingest` validates and resolves it."""

    line: int
    external_id: str
    kind: str
    person: str = ""  # employee number or e-mail ("" for market data)
    occurred_at: str | float | dt.datetime | dt.date | None = None
    hours: float | str | None = None
    quality: int | str | None = None
    due_on: str | dt.date | None = None
    done_on: str | dt.date | None = None
    value: float | str | None = None
    participants: int | str | None = None
    counterparts: tuple[str, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def as_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"external_id": self.external_id, "kind": self.kind,
                               "person": self.person, "occurred_at": self.occurred_at,
                               "counterparts": list(self.counterparts),
                               "metadata": dict(self.metadata)}
        for name in ("hours", "quality", "due_on", "done_on", "value", "participants"):
            value = getattr(self, name)
            if value is not None and value != "":
                row[name] = value
        return row


def strip_content(value: Any) -> tuple[Any, int]:
    """`value` without content: content keys removed at any depth, long strings dropped.
    Returns the cleaned value and how many things were dropped."""
    dropped = 0
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key)
            if name.strip().lower() in CONTENT_KEYS:
                dropped += 1
                continue
            cleaned, n = strip_content(item)
            dropped += n
            if cleaned is not _DROP:
                out[name[:60]] = cleaned
        return out, dropped
    if isinstance(value, list | tuple):
        items = []
        for item in value[:100]:
            cleaned, n = strip_content(item)
            dropped += n
            if cleaned is not _DROP:
                items.append(cleaned)
        return items, dropped
    if isinstance(value, str) and len(value) > MAX_METADATA_TEXT:
        return _DROP, 1
    if value is None or isinstance(value, bool | int | float | str):
        return value, 0
    return str(value)[:MAX_METADATA_TEXT], 0


class _Drop:
    def __repr__(self) -> str:
        return "<dropped>"


_DROP: Any = _Drop()
