"""Retention: events older than FLEXPERF_SIGNALS_RETENTION_DAYS are deleted (nightly job and
`flexperf signals purge`), and the monthly partitioning plan for PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.signals.models import DirtyWeek, WebhookDelivery, WorkEvent

DEFAULT_RETENTION_DAYS = 730
DELETE_CHUNK = 10_000
_SETVAL = ("SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
           "(SELECT coalesce(max(id), 1) FROM {table}));")


def retention_days() -> int:
    return int(getattr(settings, "FLEXPERF_SIGNALS_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


@dataclass(frozen=True)
class Purged:
    cutoff: dt.datetime
    events: int
    deliveries: int


def purge_events(*, actor: Actor | None, days: int | None = None,
                 now: dt.datetime | None = None) -> Purged:
    """Delete events that occurred before now − `days` (default: the retention setting), in
    chunks, and replay-guard signatures older than a day. Their weeks' features are kept
    (they summarise, they do not hold events)."""
    actor = actor or Actor.system(username="signals:retention")
    keep = retention_days() if days is None else days
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=keep)
    deleted = 0
    while True:
        ids = list(WorkEvent.objects.filter(occurred_at__lt=cutoff)
                   .values_list("pk", flat=True)[:DELETE_CHUNK])
        if not ids:
            break
        with transaction.atomic():
            deleted += WorkEvent.objects.filter(pk__in=ids).delete()[0]
    deliveries = WebhookDelivery.objects.filter(
        received_at__lt=now - dt.timedelta(days=1)).delete()[0]
    DirtyWeek.objects.filter(week_start__lt=cutoff.date() - dt.timedelta(days=7)).delete()
    if deleted:
        audit.record(actor, audit.Draft(action=Action.DELETE, object_type="signals.workevent",
                                        object_repr=f"older than {cutoff.date().isoformat()}",
                                        context={"events": deleted, "days": keep}))
    return Purged(cutoff=cutoff, events=deleted, deliveries=deliveries)


def partition_plan(*, start: dt.date, months: int = 24) -> str:
    """PostgreSQL DDL that turns signals_workevent into a table range-partitioned by month of
    occurred_at. Printed, never run: review it, run it in a maintenance window (it copies the
    table), and add next month's partition ahead of time (e.g. from cron)."""
    table = WorkEvent._meta.db_table
    first = start.replace(day=1)
    lines = [
        "-- flexperf signals: monthly partitions of " + table + " (PostgreSQL 12+).",
        "-- The unique key must include the partition column, so (source_id, external_id)",
        "-- becomes (source_id, external_id, occurred_at): keep external ids unique per",
        "-- source in the sending tool, as flexperf's ingestion does on every insert.",
        "BEGIN;",
        f"ALTER TABLE {table} RENAME TO {table}_old;",
        f"CREATE TABLE {table} (LIKE {table}_old INCLUDING DEFAULTS INCLUDING IDENTITY)",
        "    PARTITION BY RANGE (occurred_at);",
        f"ALTER TABLE {table} ADD PRIMARY KEY (id, occurred_at);",
        f"ALTER TABLE {table} ADD CONSTRAINT signal_source_external_id_p",
        "    UNIQUE (source_id, external_id, occurred_at);",
        f"CREATE INDEX signal_person_week_p ON {table} (person_id, week_start);",
        f"CREATE INDEX signal_week_p ON {table} (week_start);",
        f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT;",
    ]
    month = first
    for _ in range(months):
        following = (month + dt.timedelta(days=32)).replace(day=1)
        lines.append(f"CREATE TABLE {table}_{month:%Y_%m} PARTITION OF {table} "
                     f"FOR VALUES FROM ('{month.isoformat()}') TO ('{following.isoformat()}');")
        month = following
    lines += [
        f"INSERT INTO {table} SELECT * FROM {table}_old;",  # noqa: S608 (our table name)
        _SETVAL.format(table=table),
        f"DROP TABLE {table}_old;",
        "COMMIT;",
        "-- Retention then drops whole months: DROP TABLE " + table + "_YYYY_MM;",
    ]
    return "\n".join(lines)


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"
