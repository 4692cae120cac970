"""Connectors: typical exports of other tools → `EventDraft`s (metadata only).

A connector is anything with a ``code`` and ``parse(data, filename) -> Iterable[EventDraft]``.
Built in: ``events`` (flexperf's own columns, CSV/XLSX), ``jira`` (an issue tracker's issue
CSV), ``slack`` (a chat tool's channel export JSON: message metadata, never the text) and
``salesforce`` (a CRM's opportunities CSV). A file-level problem (not a table, missing
columns) raises ServiceError naming ``file``; a bad row becomes a draft that ingestion
rejects with its line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError
from flexperf.core.tabular import decode
from flexperf.signals.drafts import EventDraft

__all__ = ["CONNECTORS", "Connector", "EventDraft", "connector", "records"]


class Connector(Protocol):
    code: str

    def parse(self, data: bytes, filename: str) -> Iterable[EventDraft]: ...


def records(data: bytes, filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV or XLSX file as (row number as a spreadsheet shows it, {lower-case
    header: cell}); the header is row 1, blank rows are skipped."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        yield from _xlsx(data, filename)
        return
    text = decode(data)
    if text is None:
        raise ServiceError(Problem("file", _("%(file)s is neither UTF-8 nor GB18030 text.")
                                   % {"file": filename}))
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        for number, cells in enumerate(reader, start=2):
            if any(c.strip() for c in cells):
                yield number, dict(zip(header, cells, strict=False))
    except csv.Error as exc:
        raise ServiceError(Problem("file", _("%(file)s is not a readable CSV file: %(error)s")
                                   % {"file": filename, "error": exc})) from exc


def _xlsx(data: bytes, filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ServiceError(Problem("file", _("%(file)s is not a readable XLSX workbook.")
                                   % {"file": filename})) from exc
    try:
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = [("" if c is None else str(c)).strip().lower() for c in next(lines, ())]
        for number, cells in enumerate(lines, start=2):
            if any(c is not None and str(c).strip() for c in cells):
                yield number, dict(zip(header, cells, strict=False))
    finally:
        book.close()


def require(header: Iterable[str], needed: Iterable[str], filename: str) -> None:
    missing = [n for n in needed if n not in set(header)]
    if missing:
        raise ServiceError(Problem("file", _("%(file)s lacks the columns: %(columns)s.")
                                   % {"file": filename, "columns": ", ".join(missing)}))


def stamp(value: Any) -> str | dt.datetime | None:
    """Dates as tools export them: ISO, "2026-03-02 10:15", "02/Mar/26 10:15 AM"."""
    if value is None or isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(12))
    text = str(value).strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%b/%y %I:%M %p",
                "%d/%b/%Y %I:%M %p", "%Y/%m/%d %H:%M", "%m/%d/%Y",
                "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return text or None


def connector(code: str) -> Connector:
    from flexperf.signals.connectors import events, jira, salesforce, slack

    found: dict[str, Connector] = {
        "events": events.EventsFile(), "jira": jira.JiraIssues(),
        "slack": slack.SlackExport(), "salesforce": salesforce.SalesforceOpportunities()}
    if code not in found:
        raise ServiceError(Problem("format", _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(CONNECTORS)}))
    return found[code]


CONNECTORS = ("events", "jira", "slack", "salesforce")
