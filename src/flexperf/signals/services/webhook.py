"""The signed webhook: `POST /api/v1/signals/webhook/{source}` without a login.

Checks, in order: the source exists (404) and is enabled (403), the timestamp is within
TOLERANCE seconds of now (401), the signature is the HMAC-SHA256 of ``f"{timestamp}.{body}"``
with the source's secret (401), and the signature was not accepted before (409: a replay).
Then the body's events are ingested as an HR-admin system caller named after the source.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from flexperf.core.actors import Actor, Via
from flexperf.signals import secrets
from flexperf.signals.models import Source, WebhookDelivery
from flexperf.signals.models import Via as IngestVia
from flexperf.signals.services.ingestion import BatchReport, Row, ingest, json_rows, ndjson_rows

DEFAULT_TOLERANCE = 300


class WebhookRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Delivered:
    report: BatchReport


def tolerance() -> int:
    return int(getattr(settings, "FLEXPERF_SIGNALS_WEBHOOK_TOLERANCE", DEFAULT_TOLERANCE))


def _rows(body: bytes) -> list[Row] | object:
    text = body.decode("utf-8", errors="replace").strip()
    try:
        return list(json_rows(json.loads(text)))
    except ValueError:
        return list(ndjson_rows(text.splitlines()))


def receive(*, code: str, timestamp: str, signature: str, body: bytes,
            now: float | None = None) -> Delivered:
    source = Source.objects.filter(code=code).first()
    if source is None:
        raise WebhookRefused(404, _("No such source."))
    if not source.enabled:
        raise WebhookRefused(403, _("The source %(code)s is switched off.") % {"code": code})
    try:
        sent = int(timestamp.strip())
    except (ValueError, AttributeError):
        raise WebhookRefused(401, _("X-Flexperf-Timestamp must be Unix seconds.")) from None
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance():
        raise WebhookRefused(401, _("The timestamp is more than %(n)d seconds off: sign "
                                    "each request when you send it.") % {"n": tolerance()})
    secret = secrets.decrypt(source.secret_encrypted)
    if secret is None or not signature or not secrets.matches(secret, str(sent), body,
                                                                 signature):
        raise WebhookRefused(401, _("The signature does not match the body and timestamp."))
    signature = signature.strip().lower()
    if WebhookDelivery.objects.filter(signature=signature).exists():
        raise WebhookRefused(409, _("This request was delivered before (replay)."))
    actor = Actor.system(via=Via.API, username=f"webhook:{code}"[:150])
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(source=source, signature=signature)
            rows = _rows(body)
            report = ingest(actor=actor, source=code, rows=rows,  # type: ignore[arg-type]
                            via=IngestVia.WEBHOOK)
    except IntegrityError:
        raise WebhookRefused(409, _("This request was delivered before (replay).")) from None
    return Delivered(report)
