"""Whole-database export and restore: every flexperf table, users, role assignments and API
tokens (hashed), as one JSON document.

The document is written row by row, so a group of 100,000 people never sits in memory at once,
and it is laid out so that it can be read back the same way while staying one valid JSON value::

    {"header": {"format": "flexperf-backup", "format_version": 1, "migrations": {...}, ...},
    "rows": [
    {"model": "accounts.user", "pk": 1, "fields": {...}},
    ...
    ],
    "counts": {"accounts.user": 7, ...}}

Rows use Django's serializer ("python" flavour, our own JSON encoding so that timestamps keep
their microseconds: the audit chain's hashes cover them). Content types and permissions are
written by natural key, because ``migrate`` gives them ids of its own in every database.

A restore goes into a migrated database with the same migrations, in one transaction; the audit
trail and its chain head come back exactly as they were, so the chain still verifies, and the
restore itself is the next entry.
"""

from __future__ import annotations

import datetime as dt
import decimal
import gzip
import json
import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.duration import duration_iso_string
from django.utils.translation import gettext as _

from flexperf import __version__
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, ServiceError

FORMAT = "flexperf-backup"
FORMAT_VERSION = 1
CHUNK = 2000
NATURAL_KEY_MODELS: tuple[type[models.Model], ...] = (ContentType, Permission)
# Besides our own apps: groups, which users belong to. Sessions, admin log entries and login
# throttling records are not part of a backup.
EXTRA_MODELS = ("auth.Group",)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: dict[str, int]


@dataclass(frozen=True)
class RestoreSummary:
    rows: dict[str, int]
    cleared: dict[str, int] = field(default_factory=dict)
    created_at: str = ""


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model of the flexperf apps (in app order), plus :data:`EXTRA_MODELS`."""
    chosen: list[type[models.Model]] = [apps.get_model(label) for label in EXTRA_MODELS]
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("flexperf."):
            chosen += [m for m in app_config.get_models()
                       if m._meta.managed and not m._meta.proxy]
    return chosen


def _m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField[Any, Any]]:
    return [f for f in model._meta.local_many_to_many
            if f.remote_field.through._meta.auto_created]  # type: ignore[union-attr]


def _tables(chosen: Sequence[type[models.Model]]) -> list[str]:
    tables = []
    for model in chosen:
        tables.append(model._meta.db_table)
        tables += [f.remote_field.through._meta.db_table  # type: ignore[union-attr]
                   for f in _m2m_fields(model)]
    return tables


def applied_migrations(chosen: Sequence[type[models.Model]]) -> dict[str, list[str]]:
    labels = {m._meta.app_label for m in chosen}
    applied: dict[str, list[str]] = {label: [] for label in sorted(labels)}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        if app_label in labels:
            applied[app_label].append(name)
    return {label: sorted(names) for label, names in applied.items()}


# --- export ----------------------------------------------------------------------------------


class _RowSerializer(PythonSerializer):
    """Django's python serializer, using natural keys only for content types and permissions."""

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = field.related_model in NATURAL_KEY_MODELS
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = field.related_model in NATURAL_KEY_MODELS
        super().handle_m2m_field(obj, field)


def _json_default(value: Any) -> Any:
    # Full precision, unlike DjangoJSONEncoder, which cuts datetimes to milliseconds.
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(",", ":"))


def _chunks(model: type[models.Model]) -> Iterator[list[models.Model]]:
    """All rows in primary-key order, CHUNK at a time (keyset paging: constant memory)."""
    prefetch: list[str | Prefetch[Any]] = []
    for m2m in _m2m_fields(model):
        if m2m.related_model is Permission:
            prefetch.append(Prefetch(m2m.name, Permission.objects.select_related("content_type")))
        else:
            prefetch.append(m2m.name)
    # Natural keys are read through the relation: join it instead of a query per row.
    natural = [f.name for f in model._meta.concrete_fields
               if f.is_relation and f.related_model in NATURAL_KEY_MODELS]
    natural += [f"{name}__content_type" for name in natural
                if model._meta.get_field(name).related_model is Permission]
    rows = model._base_manager.order_by("pk").select_related(*natural).prefetch_related(
        *prefetch)
    last: Any = None
    while True:
        page = list((rows if last is None else rows.filter(pk__gt=last))[:CHUNK])
        if not page:
            return
        yield page
        last = page[-1].pk


def _open(path: Path, mode: str, *, compress: bool = False) -> IO[str]:
    """Text in UTF-8; gzip when writing with `compress`, or when reading a gzip file."""
    if mode == "r":
        with path.open("rb") as probe:
            compress = probe.read(2) == b"\x1f\x8b"
    if compress:
        return gzip.open(path, mode + "t", encoding="utf-8", newline="\n")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8", newline="\n")


def export_database(*, actor: Actor, path: Path) -> BackupSummary:
    """Write the whole database to `path` (``.json``, or ``.json.gz`` compressed).

    The export is recorded in the audit trail first, so the file holds its own entry. Rows are
    read in one transaction (a repeatable-read snapshot on PostgreSQL), so the file is
    consistent, and written to a temporary file that replaces `path` only when complete.
    """
    if not actor.is_hr_admin:
        raise Forbidden
    chosen = backed_up_models()
    audit.record(actor, audit.Draft(Action.EXPORT, "core.database", "", path.name,
                                    context={"file": str(path)}))
    partial = path.with_name(path.name + ".partial")
    counts: dict[str, int] = {}
    try:
        with _snapshot(), _open(partial, "w", compress=path.suffix == ".gz") as out:
            header = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app_version": __version__,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": applied_migrations(chosen),
                "models": [m._meta.label_lower for m in chosen],
            }
            out.write('{"header": ' + _dumps(header) + ",\n")
            out.write('"rows": [\n')
            first = True
            for model in chosen:
                counts[model._meta.label_lower] = 0
                for page in _chunks(model):
                    for row in _RowSerializer().serialize(page):
                        out.write(("" if first else ",\n") + _dumps(row))
                        first = False
                    counts[model._meta.label_lower] += len(page)
            out.write(("" if first else "\n") + "],\n")
            out.write('"counts": ' + _dumps(counts) + "}\n")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(path=path, rows=counts)


@contextmanager
def _snapshot() -> Iterator[None]:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # Must be the transaction's first statement; inside an outer one (tests) it can't be.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# --- restore ---------------------------------------------------------------------------------


def read_header(path: Path) -> dict[str, Any]:
    """The header of a backup file, or ServiceError when the file is not one."""
    with _open(path, "r") as stream:
        return _header(stream)


def _header(stream: IO[str]) -> dict[str, Any]:
    not_ours = ServiceError(_("This is not a flexperf export file."), field="file")
    try:
        line = stream.readline()
        document = json.loads(line.rstrip().rstrip(",") + "}")
    except (ValueError, UnicodeDecodeError, OSError, EOFError) as exc:
        raise not_ours from exc
    header = document.get("header") if isinstance(document, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise not_ours
    if header.get("format_version") != FORMAT_VERSION:
        raise ServiceError(_("This export has format version %(found)s; this flexperf reads "
                             "version %(ours)d.") % {"found": header.get("format_version"),
                                                     "ours": FORMAT_VERSION}, field="file")
    return header


def _check_migrations(header: dict[str, Any], chosen: Sequence[type[models.Model]]) -> None:
    ours = applied_migrations(chosen)
    theirs = header.get("migrations") or {}
    differences = []
    for label in sorted(set(ours) | set(theirs)):
        only_file = sorted(set(theirs.get(label, [])) - set(ours.get(label, [])))
        only_db = sorted(set(ours.get(label, [])) - set(theirs.get(label, [])))
        differences += [f"{label}.{name} " + _("(only in the file)") for name in only_file]
        differences += [f"{label}.{name} " + _("(only in this database)") for name in only_db]
    if differences:
        shown = ", ".join(differences[:3]) + (" …" if len(differences) > 3 else "")
        raise ServiceError(_("The export was made with other migrations than this database has "
                             "(%(differences)s): migrate both to the same version first.")
                           % {"differences": shown}, field="file")


def restore_database(*, actor: Actor, path: Path, force: bool = False) -> RestoreSummary:
    """Load an export into this (migrated) database, in one transaction.

    Refuses when the database already holds data unless `force`, which first clears every
    table the export covers. Refuses when the file's migrations differ from the database's.
    Everyone is signed out (sessions are not part of an export).
    """
    if not actor.is_hr_admin:
        raise Forbidden
    chosen = backed_up_models()
    try:
        return _restore(actor, path, chosen, force=force)
    except (EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise ServiceError(_("The export file is damaged or cut off: %(error)s")
                           % {"error": exc}, field="file") from exc


def _restore(actor: Actor, path: Path, chosen: Sequence[type[models.Model]], *, force: bool
             ) -> RestoreSummary:
    with _open(path, "r") as stream:
        header = _header(stream)
        _check_migrations(header, chosen)
        if stream.readline().strip() != '"rows": [':
            raise ServiceError(_("The export file is damaged (no rows)."), field="file")
        with transaction.atomic():
            cleared = _clear(chosen, force=force)
            _sign_everyone_out()
            rows = _load(stream, chosen)
            _check_counts(stream, rows)
            try:
                connection.check_constraints(table_names=_tables(chosen))
            except IntegrityError as exc:
                raise ServiceError(_("The rows of the export do not fit together: %(error)s")
                                   % {"error": exc}, field="file") from exc
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), _with_through(chosen)):
                    cursor.execute(sql)
            audit.record(actor, audit.Draft(
                Action.RESTORE, "core.database", "", path.name,
                context={"file": str(path), "created_at": header.get("created_at", ""),
                         "app_version": header.get("app_version", ""),
                         "rows": sum(rows.values()), "forced": force}))
    return RestoreSummary(rows=rows, cleared=cleared, created_at=str(header.get("created_at")))


def _with_through(chosen: Sequence[type[models.Model]]) -> list[type[models.Model]]:
    result = list(chosen)
    for model in chosen:
        result += [f.remote_field.through for f in _m2m_fields(model)]  # type: ignore[misc]
    return result


# Rows the migrations themselves install (the built-in scheme templates): every freshly
# migrated database holds them, and the export carries its own copy, so they are replaced
# without --force.
MIGRATION_SEEDED = frozenset({"goals.scheme", "goals.schemecomponent", "recognition.rule",
                              "recognition.policy", "badges.badgeclass"})


def _clear(chosen: Sequence[type[models.Model]], *, force: bool) -> dict[str, int]:
    present = {m._meta.label_lower: m._base_manager.count() for m in chosen}
    present = {label: n for label, n in present.items() if n}
    if not present:
        return {}
    if not force and set(present) - MIGRATION_SEEDED:
        raise ServiceError(
            _("This database already holds data (%(people)d people, %(users)d users, %(rows)d "
              "rows in all): restore into a freshly migrated database, or use --force to "
              "replace everything.") % {"people": present.get("org.person", 0),
                                        "users": present.get(settings.AUTH_USER_MODEL.lower(), 0),
                                        "rows": sum(present.values())}, field="file")
    # TRUNCATE … CASCADE on PostgreSQL (the audit table's trigger guards row deletes, not
    # TRUNCATE); DELETE on SQLite, whose trigger guards only UPDATE. Both reach tables that
    # refer to ours (e.g. the admin log's users).
    # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still pending in
    # this transaction (rows written earlier in it): run those checks now.
    if connection.vendor == "postgresql":
        connection.check_constraints()
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), _tables(chosen), allow_cascade=True):
            cursor.execute(sql)
    return present


def _sign_everyone_out() -> None:
    """Sessions are not part of an export; the ones here belong to accounts being replaced."""
    if apps.is_installed("django.contrib.sessions"):
        apps.get_model("sessions", "Session")._base_manager.all().delete()


def _load(stream: IO[str], chosen: Sequence[type[models.Model]]) -> dict[str, int]:
    allowed = {m._meta.label_lower for m in chosen}
    rows: dict[str, int] = {}
    batch: list[dict[str, Any]] = []
    model_label = ""
    for number, line in enumerate(stream, start=3):
        text = line.strip()
        if text == "],":
            break
        try:
            row = json.loads(text.rstrip(","))
            label = str(row["model"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ServiceError(_("The export file is damaged at line %(n)d.") % {"n": number},
                               field="file") from exc
        if label not in allowed:
            raise ServiceError(_("The export holds rows of %(model)s, which this flexperf does "
                                 "not have.") % {"model": label}, field="file")
        if batch and (label != model_label or len(batch) >= CHUNK):
            _insert(batch)
            batch = []
        model_label = label
        batch.append(row)
        rows[label] = rows.get(label, 0) + 1
    else:
        raise ServiceError(_("The export file ends early: it was cut off."), field="file")
    if batch:
        _insert(batch)
    return rows


def _insert(batch: list[dict[str, Any]]) -> None:
    """Rows of one model: bulk inserts (no save(), no signals), then their many-to-many links."""
    try:
        objects = list(serializers.deserialize("python", batch))
    except DeserializationError as exc:
        raise ServiceError(_("A row of the export cannot be read: %(error)s") % {"error": exc},
                           field="file") from exc
    model = type(objects[0].object)
    try:
        with _stored_timestamps(model):
            _write(model, objects)
    except DatabaseError as exc:
        raise ServiceError(_("Rows of %(model)s cannot be written: %(error)s")
                           % {"model": model._meta.label_lower, "error": exc},
                           field="file") from exc


@contextmanager
def _stored_timestamps(model: type[models.Model]) -> Iterator[None]:
    """Keep the exported values of `auto_now` / `auto_now_add` fields: bulk_create would stamp
    them with the time of the restore. (Restores run alone, with everyone signed out.)"""
    stamped = [f for f in model._meta.concrete_fields
               if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    flags = [(f, f.auto_now, f.auto_now_add) for f in stamped]  # type: ignore[attr-defined]
    for stamp in stamped:
        stamp.auto_now = stamp.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for stamp, auto_now, auto_now_add in flags:
            stamp.auto_now, stamp.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]


def _write(model: type[models.Model], objects: list[Any]) -> None:
    if model._meta.parents:  # multi-table inheritance: bulk_create cannot write these
        for deserialized in objects:
            deserialized.save()
        return
    model._base_manager.bulk_create([d.object for d in objects], batch_size=CHUNK)
    for m2m in _m2m_fields(model):
        through = cast(type[models.Model], m2m.remote_field.through)
        source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        links = [through(**{source: d.object.pk, target: value})
                 for d in objects for value in (d.m2m_data or {}).get(m2m.name, [])]
        through._base_manager.bulk_create(links, batch_size=CHUNK)


def _check_counts(stream: IO[str], rows: dict[str, int]) -> None:
    trailer = stream.readline().strip()
    try:
        counts = json.loads("{" + trailer)["counts"]
    except (ValueError, KeyError) as exc:
        raise ServiceError(_("The export file ends early: it was cut off."),
                           field="file") from exc
    expected = {label: n for label, n in counts.items() if n}
    if expected != rows:
        raise ServiceError(_("The export file is damaged: its row counts do not match its "
                             "rows."), field="file")
