"""The signals API (mounted under /api/v1/): sources, ingestion (bulk JSON lines, files, the
signed webhook), the ingestion log, and person and team weekly features."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.core.errors import Problem, ServiceError
from flexperf.signals import schemas, selectors
from flexperf.signals.models import IngestionBatch, Source, Via
from flexperf.signals.services import ingestion, sources, webhook
from flexperf.signals.services.importing import import_file

router = Router(tags=["signals"])


def source_out(s: Source) -> dict[str, Any]:
    return {"code": s.code, "name": s.name, "kind": s.kind, "enabled": s.enabled,
            "secret_set_at": s.secret_set_at, "last_ingestion_at": s.last_ingestion_at}


def batch_out(b: IngestionBatch, *, rejects: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": b.pk, "source": b.source_code, "via": b.via, "filename": b.filename,
        "atomic": b.atomic, "received": b.received, "accepted": b.accepted,
        "duplicates": b.duplicates, "rejected": b.rejected, "stripped": b.stripped,
        "weeks": list(b.weeks or []), "by": b.actor_username, "at": b.created_at,
        "duration_ms": b.duration_ms}
    if rejects:
        out["rejects"] = [{"line": r.line, "field": r.field, "reason": r.reason,
                           "excerpt": r.excerpt} for r in b.rejects.all()[:5000]]
    return out


def _date(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ServiceError(Problem(field, "Not a date (YYYY-MM-DD).")) from None


def _report(report: ingestion.BatchReport) -> Reply[Any]:
    """200 with the report; 422 (naming each bad line) when `atomic` kept nothing."""
    body = report.as_dict()
    if not report.kept:
        return Reply(422, {"detail": [
            {"field": r.field or "row", "msg": r.reason, "row": r.line,
             "loc": ["body", r.line, r.field]} for r in report.rejects],
            "batch_id": report.batch_id})
    return Reply(200, body)


# --- sources --------------------------------------------------------------------------------


@router.get("/signals/sources", response=list[schemas.SourceOut],
            summary="Signal sources (HR admin)")
def list_sources(request: HttpRequest) -> list[dict[str, Any]]:
    return [source_out(s) for s in selectors.sources(actor_of(request))]


@router.post("/signals/sources", response={201: schemas.SecretOut},
             summary="Add a source; its webhook secret is in this answer only")
def create_source(request: HttpRequest, payload: schemas.SourceIn) -> Reply[Any]:
    created = sources.create_source(actor=actor_of(request, write=True), code=payload.code,
                                    name=payload.name, kind=payload.kind,
                                    enabled=payload.enabled)
    return Reply(201, {"source": source_out(created.source), "secret": created.secret})


@router.post("/signals/sources/{code}/enable", response=schemas.SourceOut,
             summary="Opt a source in: its events are accepted")
def enable_source(request: HttpRequest, code: str) -> dict[str, Any]:
    return source_out(sources.set_enabled(actor=actor_of(request, write=True), code=code,
                                          enabled=True))


@router.post("/signals/sources/{code}/disable", response=schemas.SourceOut,
             summary="Switch a source off: its events are refused")
def disable_source(request: HttpRequest, code: str) -> dict[str, Any]:
    return source_out(sources.set_enabled(actor=actor_of(request, write=True), code=code,
                                          enabled=False))


@router.post("/signals/sources/{code}/rotate-secret", response=schemas.SecretOut,
             summary="A new webhook secret (the old one stops working); shown once")
def rotate_secret(request: HttpRequest, code: str) -> dict[str, Any]:
    created = sources.rotate_secret(actor=actor_of(request, write=True), code=code)
    return {"source": source_out(created.source), "secret": created.secret}


# --- ingestion ------------------------------------------------------------------------------


@router.post("/signals/events/bulk", response={200: schemas.ReportOut, 422: Any},
             summary="Bulk events as JSON lines (application/x-ndjson), streamed")
def bulk_events(request: HttpRequest, source: str, atomic: bool = False) -> Reply[Any]:
    """One JSON object per line: external_id, kind, person (employee number or e-mail),
    occurred_at, and optionally hours, quality (1–5), due_on, done_on, value, participants,
    counterparts, metadata. Read in chunks of 1,000 lines; an (source, external_id) already
    stored is counted as a duplicate. Bad lines are reported with their number; with
    `atomic=true` one bad line keeps nothing (422)."""
    actor = actor_of(request, write=True)
    if (request.content_type or "").endswith("/json"):
        import json

        try:
            rows: Any = list(ingestion.json_rows(json.loads(request.body or b"null")))
        except ValueError:
            raise ServiceError(Problem("body", "Not valid JSON.")) from None
    else:
        rows = ingestion.ndjson_rows(iter(request.readline, b""))
    report = ingestion.ingest(actor=actor, source=source, rows=rows, via=Via.BULK_API,
                              atomic=atomic)
    return _report(report)


@router.post("/signals/import", response={200: schemas.ReportOut, 422: Any},
             summary="Import a file of events (CSV, XLSX, or a tool's export)")
def import_events(request: HttpRequest, file: File[UploadedFile], source: Form[str],
                  atomic: Form[bool] = False, format: Form[str] = "auto") -> Reply[Any]:
    report = import_file(actor=actor_of(request, write=True), source=source,
                         data=file.read(), filename=file.name or "events.csv", fmt=format,
                         atomic=atomic, via=Via.FILE)
    return _report(report)


@router.post("/signals/webhook/{source}", auth=None,
             response={200: schemas.WebhookOut, 401: schemas.ErrorOut, 403: schemas.ErrorOut,
                       404: schemas.ErrorOut, 409: schemas.ErrorOut},
             summary="Signed webhook (HMAC-SHA256 of '{timestamp}.{body}'), no login")
def receive_webhook(request: HttpRequest, source: str) -> Reply[Any]:
    """Headers: `X-Flexperf-Timestamp` (Unix seconds, within 300 s of now) and
    `X-Flexperf-Signature` (hex HMAC-SHA256 with the source's secret). A replayed signature
    answers 409. Body: one event object, a list, {"events": [...]}, or JSON lines."""
    try:
        delivered = webhook.receive(
            code=source, timestamp=request.headers.get("X-Flexperf-Timestamp", ""),
            signature=request.headers.get("X-Flexperf-Signature", ""), body=request.body)
    except webhook.WebhookRefused as refused:
        return Reply(refused.status, {"detail": refused.message})
    report = delivered.report
    return Reply(200, {"batch_id": report.batch_id, "accepted": report.accepted,
                       "duplicates": report.duplicates, "rejected": report.rejected,
                       "rejects": [{"line": r.line, "field": r.field, "reason": r.reason}
                                   for r in report.rejects]})


# --- the log --------------------------------------------------------------------------------


@router.get("/signals/batches", response=list[schemas.BatchOut],
            summary="Ingestion batches, newest first (HR admin)")
def list_batches(request: HttpRequest, source: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[dict[str, Any]]:
    rows = selectors.batches(actor_of(request), source=source)
    limit = max(1, min(limit, 500))
    return [batch_out(b) for b in rows[max(offset, 0):max(offset, 0) + limit]]


@router.get("/signals/batches/{int:batch_id}", response=schemas.BatchDetailOut,
            summary="One batch with its rejected rows (line, field, reason)")
def get_batch(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    return batch_out(selectors.access_batch(actor_of(request), batch_id), rejects=True)


# --- features -------------------------------------------------------------------------------


@router.get("/signals/people/{int:person_id}/weeks", response=schemas.PersonWeeksOut,
            summary="A person's weekly features (self, manager chain, HR in scope)")
def person_weeks(request: HttpRequest, person_id: int, start: str | None = None,
                 end: str | None = None) -> dict[str, Any]:
    found = selectors.person_signals(actor_of(request), person_id,
                                     start=_date(start, "start"), end=_date(end, "end"))
    return {"person_id": found.person.pk, "name": found.person.name, "start": found.start,
            "end": found.end, "weeks": found.weeks}


def _team(found: selectors.TeamSignals) -> dict[str, Any]:
    return {"title": found.title, "manager_id": found.manager.pk if found.manager else None,
            "unit_id": found.unit.pk if found.unit else None, "start": found.start,
            "end": found.end, "weeks": found.weeks,
            "members": [{"person_id": m.person_id, "name": m.name,
                         "overloaded_weeks": m.overloaded_weeks, "lagging": m.lagging}
                        for m in found.members]}


@router.get("/signals/teams/{int:manager_id}/weeks", response=schemas.TeamWeeksOut,
            summary="A manager's reporting subtree: weekly aggregates and members' state")
def team_weeks(request: HttpRequest, manager_id: int, start: str | None = None,
               end: str | None = None) -> dict[str, Any]:
    return _team(selectors.team_signals(actor_of(request), manager_id=manager_id,
                                        start=_date(start, "start"), end=_date(end, "end")))


@router.get("/signals/units/{int:unit_id}/weeks", response=schemas.TeamWeeksOut,
            summary="A unit's subtree: weekly aggregates (managers and HR in scope)")
def unit_weeks(request: HttpRequest, unit_id: int, start: str | None = None,
               end: str | None = None) -> dict[str, Any]:
    return _team(selectors.team_signals(actor_of(request), unit_id=unit_id,
                                        start=_date(start, "start"), end=_date(end, "end")))
