"""Ingestion: rows from any path (bulk API, file, webhook, connector) → checked, resolved,
stored once per (source, external id), in chunks of `CHUNK` with one insert each.

A bad row is rejected with its line and reason and the good rows are kept; with `atomic` a
single bad row keeps nothing (the batch and its rejected rows are still logged). Content is
never stored: content fields are dropped (and counted), rows keep metadata only.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.org.models import Person
from flexperf.signals import events
from flexperf.signals.bulk import insert_rows
from flexperf.signals.domains import local_tz
from flexperf.signals.drafts import CONTENT_KEYS, MAX_METADATA_CHARS, strip_content
from flexperf.signals.features import monday
from flexperf.signals.models import (
    PERSONLESS_KINDS,
    DirtyWeek,
    EventKind,
    IngestionBatch,
    RejectedRow,
    Source,
    WorkEvent,
)

CHUNK = 1000
EVENT_COLUMNS = ("source_id", "external_id", "kind", "person_id", "occurred_at", "week_start",
                 "hours", "quality", "due_on", "done_on", "value", "participants",
                 "counterparts", "metadata", "batch_id")
MAX_STORED_REJECTS = 5000
EXCERPT = 200
KNOWN = frozenset({"external_id", "id", "kind", "person", "employee_number", "email",
                   "occurred_at", "hours", "quality", "due_on", "done_on", "value",
                   "participants", "counterparts", "metadata", "source"})

# A row: (line number, the parsed object, or the reason it could not be parsed).
Row = tuple[int, Mapping[str, Any] | str]


@dataclass(frozen=True)
class Reject:
    line: int
    field: str
    reason: str
    excerpt: str = ""


@dataclass
class BatchReport:
    batch_id: int
    source: str
    received: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    stripped: int = 0
    atomic: bool = False
    kept: bool = True
    weeks: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)  # the first MAX_STORED_REJECTS

    def as_dict(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "source": self.source, "received": self.received,
                "accepted": self.accepted, "duplicates": self.duplicates,
                "rejected": self.rejected, "stripped": self.stripped, "atomic": self.atomic,
                "kept": self.kept, "weeks": self.weeks,
                "rejects": [{"line": r.line, "field": r.field, "reason": r.reason}
                            for r in self.rejects]}

    def problems(self) -> list[Problem]:
        return [Problem(r.field or "row", r.reason, row=r.line) for r in self.rejects]


class _Undo(Exception):
    pass


class _Bad(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


# --- sources ------------------------------------------------------------------------------


def usable_source(code: str) -> Source:
    """The enabled source with this code, or a ServiceError naming `source` and why not."""
    found = Source.objects.filter(code=code).first()
    if found is None:
        raise ServiceError(Problem("source", _("No signal source %(code)s: an HR admin adds "
                                               "it on the sources page first.")
                                   % {"code": code}))
    if not found.enabled:
        raise ServiceError(Problem("source", _("The source %(code)s is switched off: events "
                                               "from it are refused until an HR admin "
                                               "enables it.") % {"code": code}))
    return found


# --- cells --------------------------------------------------------------------------------


def _text(value: Any, name: str, *, limit: int = 200, required: bool = True) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if required and not text:
        raise _Bad(name, _("Required."))
    if len(text) > limit:
        raise _Bad(name, _("At most %(n)d characters.") % {"n": limit})
    return text


def _number(value: Any, name: str, *, low: float | None = None, high: float | None = None
            ) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Bad(name, _("Not a number."))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Bad(name, _("Not a number.")) from None
    if not math.isfinite(number):
        raise _Bad(name, _("Not a number."))
    if (low is not None and number < low) or (high is not None and number > high):
        raise _Bad(name, _("Must be between %(low)s and %(high)s.")
                   % {"low": low, "high": high})
    return number


def _date(value: Any, name: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise _Bad(name, _("Not a date (YYYY-MM-DD).")) from None


def _when(value: Any, tz: ZoneInfo) -> dt.datetime:
    """An ISO date-time (local time when it names no offset), a date, or Unix seconds."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _Bad("occurred_at", _("Required."))
    stamp: dt.datetime
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime.combine(value, dt.time(12))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        stamp = dt.datetime.fromtimestamp(float(value), tz=dt.UTC)
    else:
        text = str(value).strip()
        try:
            stamp = dt.datetime.fromtimestamp(float(text), tz=dt.UTC)
        except ValueError:
            try:
                stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise _Bad("occurred_at", _("Not a date-time (ISO 8601, e.g. "
                                            "2026-03-02T10:30:00+08:00).")) from None
        except OverflowError:
            raise _Bad("occurred_at", _("Not a date-time.")) from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=tz)
    if not dt.datetime(2000, 1, 1, tzinfo=dt.UTC) <= stamp <= dt.datetime(
            2100, 1, 1, tzinfo=dt.UTC):
        raise _Bad("occurred_at", _("Out of range (2000–2100)."))
    return stamp


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None and str(v).strip()][:200]
    raise _Bad("counterparts", _("A list of employee numbers or e-mail addresses."))


def excerpt_of(row: Mapping[str, Any] | str) -> str:
    """A short excerpt of the row for the log, content fields removed."""
    if isinstance(row, str):
        return row[:EXCERPT]
    cleaned, _n = strip_content({k: v for k, v in row.items() if k != "metadata"})
    return json.dumps(cleaned, ensure_ascii=False, default=str)[:EXCERPT]


# --- people -------------------------------------------------------------------------------


class People:
    """Employee number or e-mail → person id, looked up per chunk (one query)."""

    def __init__(self) -> None:
        self.by_key: dict[str, int | None] = {}

    def load(self, keys: Iterable[str]) -> None:
        wanted = {k for k in keys if k and k not in self.by_key}
        if not wanted:
            return
        emails = [k.lower() for k in wanted if "@" in k]
        numbers = [k for k in wanted if "@" not in k]
        found = Person.objects.filter(Q(employee_number__in=numbers) | Q(email__in=emails)
                                      ).order_by("pk").values_list("pk", "employee_number",
                                                                   "email")
        for pk, number, email in found:
            self.by_key.setdefault(number, pk)
            if email:
                self.by_key.setdefault(email.lower(), pk)
        for key in wanted:
            self.by_key.setdefault(key.lower() if "@" in key else key, None)

    def get(self, key: str) -> int | None:
        return self.by_key.get(key.lower() if "@" in key else key)


def _person_key(row: Mapping[str, Any]) -> str:
    for name in ("person", "employee_number", "email"):
        value = row.get(name)
        if value is not None and str(value).strip():
            return _text(value, name, limit=254)
    return ""


# --- one row ------------------------------------------------------------------------------


def clean_row(row: Mapping[str, Any], *, source: Source, people: People, tz: ZoneInfo
              ) -> tuple[WorkEvent, int]:
    """The event a row describes (unsaved) and how many content fields were dropped."""
    external_id = _text(row.get("external_id", row.get("id")), "external_id")
    kind = _text(row.get("kind"), "kind", limit=20)
    if kind not in EventKind.values:
        raise _Bad("kind", _("Unknown kind %(kind)s; use one of: %(kinds)s.")
                   % {"kind": kind, "kinds": ", ".join(EventKind.values)})
    key = _person_key(row)
    person_id: int | None = None
    if key:
        person_id = people.get(key)
        if person_id is None:
            raise _Bad("person", _("No person with employee number or e-mail %(key)s.")
                       % {"key": key[:60]})
    elif kind not in PERSONLESS_KINDS:
        raise _Bad("person", _("Name the person by employee number or e-mail."))
    occurred = _when(row.get("occurred_at"), tz)
    quality = _number(row.get("quality"), "quality", low=1, high=5)
    if quality is not None and not quality.is_integer():
        raise _Bad("quality", _("A whole number from 1 to 5."))
    participants = _number(row.get("participants"), "participants", low=0, high=100_000)
    counterparts: list[int] = []
    for other in _list(row.get("counterparts")):
        pk = people.get(other)
        if pk is not None and pk != person_id and pk not in counterparts:
            counterparts.append(pk)
    extra = {k: v for k, v in row.items() if k not in KNOWN}
    given = row.get("metadata")
    if given is not None and not isinstance(given, Mapping):
        raise _Bad("metadata", _("An object of names and values."))
    metadata, dropped = strip_content({**extra, **(given or {})})
    if len(json.dumps(metadata, default=str)) > MAX_METADATA_CHARS:
        raise _Bad("metadata", _("At most %(n)d characters of metadata.")
                   % {"n": MAX_METADATA_CHARS})
    local_day = occurred.astimezone(tz).date()
    return WorkEvent(
        source=source, external_id=external_id, kind=kind, person_id=person_id,
        occurred_at=occurred, week_start=monday(local_day),
        hours=_number(row.get("hours"), "hours", low=0, high=168),
        quality=int(quality) if quality is not None else None,
        due_on=_date(row.get("due_on"), "due_on"), done_on=_date(row.get("done_on"), "done_on"),
        value=_number(row.get("value"), "value"),
        participants=int(participants) if participants is not None else None,
        counterparts=",".join(str(pk) for pk in counterparts), metadata=metadata,
    ), dropped


def _keys(row: Mapping[str, Any]) -> list[str]:
    keys = []
    try:
        keys.append(_person_key(row))
        keys += _list(row.get("counterparts"))
    except _Bad:
        pass
    return keys


# --- a batch ------------------------------------------------------------------------------


def _may_ingest(actor: Actor) -> None:
    if not actor.is_hr_admin or not actor.allows("write"):
        raise Forbidden


def ingest(*, actor: Actor, source: str, rows: Iterable[Row], via: str, atomic: bool = False,
           filename: str = "", refresh: bool = True) -> BatchReport:
    """Store the rows' events for `source` (see the module docstring). Refuses (ServiceError
    on `source`) an unknown or disabled source before reading a row. With `refresh`, the
    touched weeks' features are recomputed after commit (a background job)."""
    _may_ingest(actor)
    src = usable_source(source)
    tz = ZoneInfo(local_tz())
    started = time.perf_counter()
    with transaction.atomic():
        batch = IngestionBatch.objects.create(
            source=src, source_code=src.code, via=via, filename=filename[:200], atomic=atomic,
            actor_username=actor.username[:150], actor_id=actor.user_id)
        report = BatchReport(batch_id=batch.pk, source=src.code, atomic=atomic)
        weeks: set[dt.date] = set()
        try:
            with transaction.atomic():
                for chunk in _chunks(rows):
                    _store_chunk(chunk, src, batch, tz, report, weeks)
                if atomic and report.rejected:
                    raise _Undo
        except _Undo:
            report.kept = False
            report.accepted = 0
            weeks = set()
        report.weeks = sorted(w.isoformat() for w in weeks)
        RejectedRow.objects.bulk_create([
            RejectedRow(batch=batch, line=r.line, field=r.field[:60], reason=r.reason[:500],
                        excerpt=r.excerpt[:300]) for r in report.rejects], batch_size=CHUNK)
        for name in ("received", "accepted", "duplicates", "rejected", "stripped"):
            setattr(batch, name, getattr(report, name))
        batch.weeks = report.weeks
        batch.duration_ms = int((time.perf_counter() - started) * 1000)
        batch.save()
        now = timezone.now()
        Source.objects.filter(pk=src.pk).update(last_ingestion_at=now)
        if weeks:
            existing = set(DirtyWeek.objects.filter(week_start__in=weeks)
                           .values_list("week_start", flat=True))
            DirtyWeek.objects.bulk_create([DirtyWeek(week_start=w) for w in weeks
                                           if w not in existing], ignore_conflicts=True)
        audit.record(actor, audit.draft_for(batch, Action.IMPORT, context={
            "source": src.code, "via": via, "received": report.received,
            "accepted": report.accepted, "duplicates": report.duplicates,
            "rejected": report.rejected, "atomic": atomic, "kept": report.kept}))
        if report.accepted:
            emit(events.EventsIngested(batch_id=batch.pk, source=src.code,
                                       accepted=report.accepted, weeks=tuple(report.weeks)))
            if refresh:
                transaction.on_commit(_enqueue_refresh)
    return report


def _enqueue_refresh() -> None:
    from flexperf.signals.tasks import refresh_touched_weeks

    refresh_touched_weeks()


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _store_chunk(chunk: list[Row], src: Source, batch: IngestionBatch, tz: ZoneInfo,
                 report: BatchReport, weeks: set[dt.date]) -> None:
    people = People()
    people.load(k for _line, row in chunk if not isinstance(row, str) for k in _keys(row))
    good: dict[str, WorkEvent] = {}
    for line, row in chunk:
        report.received += 1
        try:
            if isinstance(row, str):
                raise _Bad("row", row)
            event, dropped = clean_row(row, source=src, people=people, tz=tz)
        except _Bad as bad:
            report.rejected += 1
            if len(report.rejects) < MAX_STORED_REJECTS:
                report.rejects.append(Reject(line, bad.field, bad.reason, excerpt_of(row)))
            continue
        report.stripped += dropped
        if event.external_id in good:
            report.duplicates += 1
            continue
        event.batch = batch
        good[event.external_id] = event
    if not good:
        return
    stored = set(WorkEvent.objects.filter(source=src, external_id__in=list(good))
                 .values_list("external_id", flat=True))
    new = [e for key, e in good.items() if key not in stored]
    report.duplicates += len(stored)
    insert_rows(WorkEvent, EVENT_COLUMNS, (
        (e.source_id, e.external_id, e.kind, e.person_id, e.occurred_at, e.week_start, e.hours,
         e.quality, e.due_on, e.done_on, e.value, e.participants, e.counterparts, e.metadata,
         batch.pk) for e in new), ignore_conflicts=True)
    report.accepted += len(new)
    weeks.update(e.week_start for e in new if e.person_id is not None)


# --- parsing bodies -------------------------------------------------------------------------


def ndjson_rows(lines: Iterable[bytes | str]) -> Iterator[Row]:
    """JSON lines, one object per line (blank lines skipped), numbered from 1."""
    for number, raw in enumerate(lines, start=1):
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        text = text.strip()
        if not text:
            continue
        try:
            value = json.loads(text)
        except ValueError as exc:
            yield number, _("Not valid JSON: %(error)s") % {"error": str(exc)[:100]}
            continue
        if not isinstance(value, dict):
            yield number, _("Each line must be one JSON object.")
            continue
        yield number, value


def json_rows(value: Any) -> Iterator[Row]:
    """A JSON body: one event object, a list of them, or {"events": [...]}."""
    if isinstance(value, dict) and isinstance(value.get("events"), list):
        value = value["events"]
    items = value if isinstance(value, list) else [value]
    for number, item in enumerate(items, start=1):
        yield (number, item) if isinstance(item, dict) else (
            number, _("Each event must be a JSON object."))


__all__ = ["CONTENT_KEYS", "BatchReport", "Reject", "Row", "ingest", "json_rows",
           "ndjson_rows", "usable_source"]
