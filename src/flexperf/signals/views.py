"""Pages: sources and the ingestion log (HR admin), the upload page, a person's signals and
the team signals dashboard. Thin: every read and write goes through selectors and services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from flexperf.core.actors import Actor, Role
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.views import current_actor, page
from flexperf.goals.forms.problems import place
from flexperf.signals import selectors
from flexperf.signals.features import monday
from flexperf.signals.forms import SourceForm, UploadForm
from flexperf.signals.models import Via
from flexperf.signals.services import sources as source_services
from flexperf.signals.services.importing import import_file
from flexperf.signals.sparkline import spark

LABELS = {
    "throughput": gettext_lazy("Tasks completed"),
    "on_time_rate": gettext_lazy("On time"),
    "quality_avg": gettext_lazy("Quality (1–5)"),
    "hours": gettext_lazy("Hours"),
    "after_hours_share": gettext_lazy("After hours"),
    "meeting_hours": gettext_lazy("Meeting hours"),
    "collaboration_breadth": gettext_lazy("Collaborators"),
    "cross_unit_interactions": gettext_lazy("Cross-unit interactions"),
    "checkin_recency_days": gettext_lazy("Days since check-in"),
    "feedback_given": gettext_lazy("Feedback given"),
    "feedback_received": gettext_lazy("Feedback received"),
    "recognition_given": gettext_lazy("Recognition given"),
    "recognition_received": gettext_lazy("Recognition received"),
    "goal_trajectory_gap": gettext_lazy("Behind goal path"),
    "overdue_tasks": gettext_lazy("Overdue tasks"),
    "milestones_missed": gettext_lazy("Milestones missed"),
}
SHARES = {"on_time_rate", "after_hours_share", "goal_trajectory_gap"}
TEAM_TRENDS = ("hours", "after_hours_share", "throughput", "on_time_rate",
               "collaboration_breadth", "cross_unit_interactions", "goal_trajectory_gap",
               "feedback_received")


def _hr_admin(actor: Actor) -> bool:
    return actor.is_hr_admin


def _window(request: HttpRequest) -> tuple[dt.date, dt.date, int]:
    try:
        weeks = max(2, min(int(request.GET.get("weeks", "12")), 52))
    except ValueError:
        weeks = 12
    end: dt.date | None
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = None
    start, last = selectors.default_window(end, weeks)
    return start, last, weeks


def _trends(series: dict[str, list[float | None]], names: tuple[str, ...]
            ) -> list[dict[str, object]]:
    return [{"name": n, "label": LABELS[n], "share": n in SHARES, "spark": spark(series[n])}
            for n in names if n in series]


# --- HR admin -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page(allow=_hr_admin)
def source_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = source_services.create_source(
                actor=actor, code=data["code"], name=data["name"], kind=data["kind"],
                enabled=data["enabled"])
        except ServiceError as error:
            place(error, form)
        else:
            return _show_secret(request, created.source.code, created.secret)
    return render(request, "signals/sources.html", {
        "sources": selectors.sources(actor), "form": form, "secret": None},
        status=422 if form.is_bound and form.errors else 200)


def _show_secret(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    actor = current_actor(request)
    messages.success(request, _("Copy the webhook secret of %(code)s now: it is not shown "
                                "again.") % {"code": code})
    return render(request, "signals/sources.html", {
        "sources": selectors.sources(actor), "form": SourceForm(),
        "secret": {"code": code, "value": secret}})


@require_POST
@page(allow=_hr_admin)
def source_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    actor = current_actor(request)
    if action == "rotate":
        created = source_services.rotate_secret(actor=actor, code=code)
        return _show_secret(request, created.source.code, created.secret)
    if action not in ("enable", "disable"):
        raise NotFound
    source = source_services.set_enabled(actor=actor, code=code, enabled=action == "enable")
    messages.success(request, (_("%(code)s is enabled: its events are accepted.")
                               if source.enabled else
                               _("%(code)s is switched off: its events are refused."))
                     % {"code": code})
    return redirect("signals_sources")


@page(allow=_hr_admin)
def batch_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    source = request.GET.get("source", "")
    rows = Paginator(selectors.batches(actor, source=source or None), 50).get_page(
        request.GET.get("page"))
    return render(request, "signals/batches.html", {
        "batches": rows, "source": source,
        "sources": selectors.sources(actor).values_list("code", flat=True)})


@page(allow=_hr_admin)
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.access_batch(current_actor(request), batch_id)
    rejects = Paginator(batch.rejects.all(), 100).get_page(request.GET.get("page"))
    return render(request, "signals/batch.html", {"batch": batch, "rejects": rejects})


@require_http_methods(["GET", "POST"])
@page(allow=_hr_admin)
def upload(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    choices = [(s.code, f"{s.name} ({s.code})") for s in selectors.sources(actor)
               if s.enabled]
    form = UploadForm(request.POST or None, request.FILES or None, sources=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = import_file(actor=actor, source=data["source"], data=data["file"].read(),
                                 filename=data["file"].name or "events.csv", fmt=data["format"],
                                 atomic=data["atomic"], via=Via.UPLOAD)
        except ServiceError as error:
            place(error, form, aliases={"file": "file", "format": "format"})
        else:
            if report.kept:
                messages.success(request, _("%(accepted)d events stored, %(duplicates)d "
                                            "already stored, %(rejected)d rows rejected.")
                                 % report.as_dict())
            else:
                messages.error(request, _("%(rejected)d rows are bad: nothing was stored.")
                               % report.as_dict())
            return redirect("signals_batch", batch_id=report.batch_id)
    return render(request, "signals/upload.html", {"form": form},
                  status=422 if form.is_bound and form.errors else 200)


# --- people and teams -----------------------------------------------------------------------


@page()
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = current_actor(request)
    start, end, weeks = _window(request)
    found = selectors.person_signals(actor, person_id, start=start, end=end)
    by_week = {w["week_start"]: w for w in found.weeks}
    week_list = [monday(start) + dt.timedelta(weeks=i) for i in range(weeks)]
    series = {n: [_f(by_week.get(w, {}).get(n)) for w in week_list] for n in LABELS}
    rows = [{"week": w, **by_week[w]} for w in reversed(week_list) if w in by_week]
    return render(request, "signals/person.html", {
        "person": found.person, "trends": _trends(series, tuple(LABELS)), "rows": rows,
        "columns": [(n, LABELS[n], n in SHARES) for n in LABELS], "start": start, "end": end,
        "weeks": weeks, "own": found.person.pk == actor.person_id})


@page()
def my_signals(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if actor.person_id is None:
        raise NotFound
    return person(request, actor.person_id)


@page(allow=lambda a: a.has(Role.MANAGER) or a.is_hr)
def team(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    start, end, weeks = _window(request)
    unit_id = _int(request.GET.get("unit"))
    manager_id = _int(request.GET.get("manager"))
    if unit_id is None and manager_id is None:
        if actor.person_id is None:
            raise NotFound
        manager_id = actor.person_id
    found = selectors.team_signals(actor, manager_id=manager_id, unit_id=unit_id,
                                   start=start, end=end)
    members = [{"m": m, "hours": spark(m.series.get("hours", [])),
                "after": spark(m.series.get("after_hours_share", []))} for m in found.members]
    return render(request, "signals/team.html", {
        "team": found, "trends": _trends(found.series, TEAM_TRENDS), "members": members,
        "start": start, "end": end, "weeks": weeks, "labels": LABELS})


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _f(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
