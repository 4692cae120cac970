"""Audit trail pages (auditors and HR admins): browse, verify the chain, download as CSV."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from flexperf.audit import exporting, selectors
from flexperf.audit.forms import AuditFilterForm
from flexperf.audit.models import Action, AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.views import current_actor, page
from flexperf.org import selectors as org
from flexperf.org.models import Company, Person, Position, Unit

PAGE_SIZE = 50
EMPTY = "—"


def can_read_audit(actor: Actor) -> bool:
    return actor.can_read_audit


# --- how an entry reads --------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryView:
    entry: AuditEntry
    action: str
    rows: list[ChangeRow]


def _names(actor: Actor, model: type[models.Model], ids: set[int]) -> dict[int, str]:
    """Names of referenced records, through the caller's own scope (unknown ones stay ids)."""
    if model is Unit:
        return {u.pk: u.name for u in org.units_visible_to(actor).filter(pk__in=ids)}
    if model is Position:
        return {p.pk: p.title for p in org.positions_visible_to(actor).filter(pk__in=ids)}
    if model is Company:
        return {c.pk: c.name for c in org.companies_visible_to(actor).filter(pk__in=ids)}
    if model is Person:
        found = {p.pk: p.name for p in org.people_visible_to(actor).filter(pk__in=ids)}
        if actor.is_internal and len(found) < len(ids):
            found |= {p.pk: p.name for p in org.directory(actor).filter(pk__in=ids)}
        return found
    return {}


def readable_entries(actor: Actor, entries: Iterable[AuditEntry],
                     hide: Collection[str] = ()) -> list[EntryView]:
    """Entries with each change as "field: before → after" in words: field names and choices
    in the reader's language, referenced records by name. Fields in `hide` are left out."""
    entries = list(entries)
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    fields: dict[tuple[str, str], models.Field[Any, Any] | None] = {}
    for entry in entries:
        for name, pair in (entry.changes or {}).items():
            field = fields.setdefault((entry.object_type, name),
                                      _field(entry.object_type, name))
            if field is not None and field.is_relation and field.related_model is not None:
                for value in _pair(pair):
                    if isinstance(value, int):
                        wanted[field.related_model].add(value)  # type: ignore[index]
    names = {model: _names(actor, model, ids) for model, ids in wanted.items()}
    actions = dict(Action.choices)
    views = []
    for entry in entries:
        rows = []
        for name, pair in sorted((entry.changes or {}).items()):
            if name in hide:
                continue
            field = fields[(entry.object_type, name)]
            label = capfirst(str(field.verbose_name)) if field is not None else name
            before, after = _pair(pair)
            shown = ChangeRow(label, _show(field, before, names), _show(field, after, names))
            if shown.before != shown.after:  # a new record's empty fields say nothing
                rows.append(shown)
        views.append(EntryView(entry, str(actions.get(entry.action, entry.action)), rows))
    return views


def _field(object_type: str, name: str) -> models.Field[Any, Any] | None:
    try:
        model = apps.get_model(object_type)
        field = model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return field if isinstance(field, models.Field) else None


def _pair(value: Any) -> tuple[Any, Any]:
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    return None, value


def _show(field: models.Field[Any, Any] | None, value: Any,
          names: dict[type[models.Model], dict[int, str]]) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None:
        related = field.related_model
        if field.is_relation and isinstance(related, type) and isinstance(value, int):
            found = names.get(related, {}).get(value)
            return f"{found} (#{value})" if found else f"#{value}"
        if field.choices:
            labels = {str(k): str(v) for k, v in field.flatchoices}
            return labels.get(str(value), str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


# --- pages ---------------------------------------------------------------------------------


@require_GET
@page(allow=can_read_audit)
def trail(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = AuditFilterForm(request.GET)
    entries = (selectors.entries_visible_to(actor, **form.filters()) if form.is_valid()
               else AuditEntry.objects.none())
    rows = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/trail.html", {
        "form": form, "rows": rows, "entries": readable_entries(actor, rows),
        "export_query": request.GET.urlencode(),
    })


@require_GET
@page(allow=can_read_audit)
def verify(request: HttpRequest) -> HttpResponse:
    result = selectors.verify_chain(current_actor(request))
    template = "audit/_verify_result.html" if request.htmx else "audit/verify.html"  # type: ignore[attr-defined]
    return render(request, template, {"result": result})


@require_GET
@page(allow=can_read_audit)
def export_csv(request: HttpRequest) -> HttpResponseBase:
    actor = current_actor(request)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Fix the filters before downloading."))
        return redirect(f"{reverse('audit_trail')}?{request.GET.urlencode()}")
    export = exporting.export_entries(actor, fmt="csv", filters=form.filters(),
                                      newest_first=True)  # as the page lists them
    response = StreamingHttpResponse(export.chunks(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response
