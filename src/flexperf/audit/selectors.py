"""Reading the audit trail: auditors and HR admins only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q, QuerySet

from flexperf.audit import chain
from flexperf.audit.models import AuditEntry, ChainHead
from flexperf.audit.services import hashed_fields
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden


def entries_visible_to(
    actor: Actor,
    *,
    actor_username: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    q: str = "",
) -> QuerySet[AuditEntry]:
    if not actor.can_read_audit:
        raise Forbidden
    entries = AuditEntry.objects.all()
    if actor_username:
        entries = entries.filter(actor_username=actor_username)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if since:
        entries = entries.filter(at__gte=since)
    if until:
        entries = entries.filter(at__lt=until)
    if q:
        entries = entries.filter(Q(object_repr__icontains=q) | Q(actor_username__icontains=q))
    return entries.order_by("-seq")


def _stored(batch_size: int = 2000) -> Iterator[chain.StoredEntry]:
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size):
        yield chain.StoredEntry(fields=hashed_fields(entry), prev_hash=entry.prev_hash,
                                hash=entry.hash)


def verify_chain(actor: Actor | None = None) -> chain.VerifyResult:
    """Recompute every link; `actor` None means the operator at the command line."""
    if actor is not None and not actor.can_read_audit:
        raise Forbidden
    head = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return chain.verify(_stored(), head)
