"""Exporting the audit trail: CSV for spreadsheets, JSON lines for programs. One writer serves the
audit page's download and ``flexperf audit export``.

Every export is recorded in the trail before a row is written, and holds exactly the entries that
match its filters and come before its own entry. The trail is append-only, so the export's entry
(its filters and its place in the chain) says precisely what was handed out, even when the
download is cut short.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import selectors
from flexperf.audit import services as audit
from flexperf.audit.models import Action, AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError

FORMATS = ("csv", "jsonl")
# The CSV header and the JSON keys, in this order.
COLUMNS = ("seq", "at", "actor_id", "actor", "via", "ip", "action", "object_type", "object_id",
           "object", "changes", "context", "prev_hash", "hash")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


@dataclass(frozen=True)
class AuditExport:
    """An export already recorded in the trail, ready to be written."""

    fmt: str
    entries: QuerySet[AuditEntry]  # what it holds, in the order written
    record: AuditEntry  # the trail's entry for this export

    def chunks(self) -> Iterator[str]:
        """The file's text: its head (for CSV the byte-order mark, which makes spreadsheets read
        UTF-8 right, and the header; for JSON lines nothing), then one line per entry."""
        spreadsheet = self.fmt == "csv"
        yield "\ufeff" + _csv_line(COLUMNS) if spreadsheet else ""
        for entry in self.entries.iterator(chunk_size=CHUNK):
            row = _row(entry)
            yield (_csv_line([_cell(value) for value in row.values()]) if spreadsheet
                   else json.dumps(row, ensure_ascii=False) + "\n")

    def write_to(self, out: IO[str]) -> int:
        """Write the whole file to `out`; the number of entries written."""
        chunks = self.chunks()
        out.write(next(chunks))
        count = 0
        for line in chunks:
            out.write(line)
            count += 1
        return count


def export_entries(actor: Actor, *, fmt: str, filters: Mapping[str, Any], destination: str = "",
                   newest_first: bool = False) -> AuditExport:
    """Record an export of the entries matching `filters` (the keyword arguments of
    :func:`flexperf.audit.selectors.entries_visible_to`) and return it, to be written.

    Auditors and HR admins only (Forbidden otherwise). `destination` (a file name) goes into the
    export's own entry; the rows come oldest first unless `newest_first` (as the page shows them).
    """
    if fmt not in FORMATS:
        raise ServiceError(Problem("format", _("Format must be csv or jsonl, not '%(fmt)s'.")
                                   % {"fmt": fmt}))
    entries = selectors.entries_visible_to(actor, **filters)
    label = f"audit trail {fmt.upper()}" + (f": {destination}" if destination else "")
    record = audit.record(actor, audit.Draft(
        Action.EXPORT, "audit.auditentry", "", label[:200],
        context={"filters": {name: value for name, value in filters.items() if value}},
    ))
    ordered = entries.filter(seq__lt=record.seq).order_by("-seq" if newest_first else "seq")
    return AuditExport(fmt, ordered, record)


def _row(entry: AuditEntry) -> dict[str, Any]:
    values = (entry.seq, timezone.localtime(entry.at).isoformat(), entry.actor_id,
              entry.actor_username, entry.via, entry.ip, entry.action, entry.object_type,
              entry.object_id, entry.object_repr, entry.changes, entry.context, entry.prev_hash,
              entry.hash)
    return dict(zip(COLUMNS, values, strict=True))


def _csv_line(cells: Iterable[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula; JSON for changes and context."""
    if value is None or isinstance(value, int):
        return "" if value is None else value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           sort_keys=True)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
