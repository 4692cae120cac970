"""Writing the audit trail. Called by every domain service inside its transaction, so a change
and its audit entry commit (or roll back) together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from flexperf.audit import chain
from flexperf.audit.models import Action, AuditEntry, ChainHead
from flexperf.core.actors import Actor
from flexperf.core.jsonable import JsonValue, to_jsonable


@dataclass(frozen=True)
class Draft:
    """An entry to append; the chain fields are filled in by :func:`record_many`."""

    action: Action
    object_type: str
    object_id: str = ""
    object_repr: str = ""
    changes: Mapping[str, Any] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)


def object_type_of(instance: models.Model) -> str:
    return instance._meta.label_lower


def draft_for(
    instance: models.Model,
    action: Action,
    *,
    changes: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> Draft:
    return Draft(
        action=action,
        object_type=object_type_of(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes or {},
        context=context or {},
    )


def record(actor: Actor, draft: Draft) -> AuditEntry:
    return record_many(actor, [draft])[0]


def record_many(actor: Actor, drafts: Sequence[Draft]) -> list[AuditEntry]:
    """Append entries in one transaction, holding the chain head's row lock while chaining."""
    if not drafts:
        return []
    with transaction.atomic():
        ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": chain.GENESIS_HASH})
        head = ChainHead.objects.select_for_update().get(pk=1)
        now = timezone.now()
        previous, seq = head.hash, head.seq
        entries = []
        for draft in drafts:
            seq += 1
            fields = _fields(actor, draft, seq, now)
            digest = chain.entry_hash(previous, fields)
            entries.append(AuditEntry(
                at=now, prev_hash=previous, hash=digest,
                **{k: v for k, v in fields.items() if k != "at"},
            ))
            previous = digest
        AuditEntry.objects.bulk_create(entries, batch_size=1000)
        head.seq, head.hash = seq, previous
        head.save(update_fields=["seq", "hash"])
    return entries


def _fields(actor: Actor, draft: Draft, seq: int, at: Any) -> dict[str, Any]:
    changes = to_jsonable(dict(draft.changes))
    context = to_jsonable(dict(draft.context))
    return {
        "seq": seq,
        "at": chain.timestamp(at),
        "actor_id": actor.user_id,
        "actor_username": actor.username,
        "via": str(actor.via),
        "ip": actor.ip or "",
        "action": str(draft.action),
        "object_type": draft.object_type,
        "object_id": draft.object_id,
        "object_repr": draft.object_repr[:200],
        "changes": changes,
        "context": context,
    }


def hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    """The values an entry's hash covers, as read back from the database."""
    fields = {name: getattr(entry, name) for name in chain.HASHED_FIELDS}
    fields["at"] = chain.timestamp(entry.at)
    return fields


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, JsonValue]:
    """Field values as plain JSON (foreign keys as ids) for before/after comparisons."""
    values: dict[str, JsonValue] = {}
    for name in fields:
        model_field = instance._meta.get_field(name)
        attname = getattr(model_field, "attname", name)
        values[name] = to_jsonable(getattr(instance, attname))
    return values


def diff(
    before: Mapping[str, JsonValue], after: Mapping[str, JsonValue]
) -> dict[str, list[JsonValue]]:
    """{field: [before, after]} for the fields that changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
