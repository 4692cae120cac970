"""Org pages: directory, org chart, person page, and HR's people, units and import/export.

Thin: parse the form, call one selector or service, render. Scope and permission come from
the selectors and services (NotFound → 404 page, Forbidden → 403 page, via `page`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flexperf.audit.views import readable_entries
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, internal, page, visible_ids
from flexperf.goals import evaluation
from flexperf.goals.evaluation import PersonScore
from flexperf.goals.models import OwnerKind, Period, Scheme
from flexperf.goals.selectors import scheme_for_person, where_scheme_comes_from
from flexperf.goals.selectors.goals import list_goals
from flexperf.goals.views.common import GoalRow, pick_period, rows_of
from flexperf.org import exporting, importing, selectors, services
from flexperf.org.forms import (
    DirectoryForm,
    ImportForm,
    PeopleFilterForm,
    PersonForm,
    UnitForm,
    unit_options,
)
from flexperf.org.models import Person, Unit

DIRECTORY_PAGE_SIZE = 24
# Shown to HR only, on the page and in the record's history.
HR_ONLY_FIELDS = ("gender", "birth_date")
ADMIN_PAGE_SIZE = 50


def is_hr(actor: Actor) -> bool:
    return actor.is_hr


def is_hr_admin(actor: Actor) -> bool:
    return actor.is_hr_admin


# --- directory and org chart -------------------------------------------------------------


@require_GET
@page(allow=internal)
def directory(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = DirectoryForm(actor, request.GET)
    form.is_valid()  # a bad filter is reported beside the box; the good ones still apply
    q, unit = form.cleaned_data.get("q", ""), form.cleaned_data.get("unit")
    people = selectors.directory(actor, q=q, unit_id=unit.pk if unit else None)
    cards = Paginator(people, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form, "cards": cards, "unit": unit, "q": q, "unit_options": unit_options(actor),
        "visible_ids": visible_ids(actor, [p.pk for p in cards]),
    }
    template = "org/_directory_results.html" if request.htmx else "org/directory.html"  # type: ignore[attr-defined]
    response = render(request, template, context)
    # The same URL answers a full page or the results fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass(frozen=True)
class TreeStep:
    """One step of walking the unit tree: entering a node, or leaving one that has children.
    The template writes the nested lists from this flat walk (a recursive include per unit
    costs more than the whole query at a few hundred units)."""

    node: selectors.UnitNode
    enter: bool


def _walk(nodes: list[selectors.UnitNode]) -> list[TreeStep]:
    steps: list[TreeStep] = []
    for node in nodes:
        steps.append(TreeStep(node, True))
        if node.children:
            steps += _walk(node.children)
            steps.append(TreeStep(node, False))
    return steps


@require_GET
@page(allow=internal)
def org_chart(request: HttpRequest) -> HttpResponse:
    roots = selectors.unit_tree(current_actor(request))
    return render(request, "org/org_chart.html", {
        "steps": _walk(roots), "roots": roots, "total": sum(node.headcount for node in roots),
    })


# --- person page -------------------------------------------------------------------------


@require_GET
@page()
def my_profile(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if actor.person_id is None:
        raise Http404
    return redirect("person", person_id=actor.person_id)


@require_GET
@page()
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = current_actor(request)
    person = selectors.access_person(actor, person_id)  # audits the read
    reports = list(selectors.direct_reports(actor, person).select_related("unit", "position"))
    hr_fields = selectors.can_see_hr_fields(actor, person)
    ancestors = list(selectors.units_visible_to(actor)
                     .filter(pk__in=tree.ancestor_pks(person.unit.path)).order_by("path"))
    manager_ids = [person.manager_id] if person.manager_id else []
    return render(request, "org/person.html", {
        "goals": goals_summary(actor, person),
        "person": person,
        "is_me": person.pk == actor.person_id,
        "manager": person.manager,
        "reports": reports,
        "visible_ids": visible_ids(actor, manager_ids) | {p.pk for p in reports},
        "breadcrumb": [*ancestors, person.unit],
        "hr_fields": hr_fields,
        "history": readable_entries(actor, selectors.person_history(actor, person),
                                    hide=() if hr_fields else HR_ONLY_FIELDS),
        "can_edit": actor.is_hr and hr_fields,
    })


@dataclass(frozen=True)
class GoalsSummary:
    """The person's scheme (and where it comes from), the current period's score and rating,
    and their goals of that period, each with its score."""

    scheme: Scheme
    source: Unit | None
    period: Period | None
    score: PersonScore | None
    rows: list[GoalRow]


def goals_summary(actor: Actor, person: Person) -> GoalsSummary | None:
    """Shown to whoever may see the person's goals (the goals domain decides)."""
    if not actor.is_internal:
        return None
    try:
        scheme = scheme_for_person(person)
    except ServiceError:  # no group default configured: the page shows no goals section
        return None
    period, _periods = pick_period(actor, None, kind=scheme.review_period)
    score: PersonScore | None = None
    rows: list[GoalRow] = []
    if period is not None:
        goals = list(list_goals(actor, period=period.code, owner_kind=OwnerKind.PERSON)
                     .filter(person=person).order_by("component__order", "pk"))
        try:
            score = evaluation.score_person(actor, person, period)
        except NotFound:
            score = None
        scores = {g.goal_id: g for g in (*score.goals, *score.unassigned)} if score else {}
        rows = rows_of(goals, scores)
    return GoalsSummary(scheme, where_scheme_comes_from(person.unit), period, score, rows)


# --- HR: people ----------------------------------------------------------------------------


@require_GET
@page(allow=is_hr)
def people_admin(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = PeopleFilterForm(actor, request.GET)
    form.is_valid()  # a bad filter is reported beside the box; the good ones still apply
    unit = form.cleaned_data.get("unit")
    people = selectors.search_people(actor, q=form.cleaned_data.get("q", ""),
                                     unit_id=unit.pk if unit else None,
                                     status=form.cleaned_data.get("status") or None)
    rows = Paginator(people, ADMIN_PAGE_SIZE).get_page(request.GET.get("page"))
    editable = set(selectors.people_visible_to(actor).filter(
        selectors.hr_scope(actor), pk__in=[p.pk for p in rows]).values_list("pk", flat=True))
    return render(request, "org/people_admin.html", {
        "form": form, "rows": rows, "editable": editable, "unit": unit,
        "unit_options": unit_options(actor),
    })


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def person_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = PersonForm(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(actor=actor, **form.values())
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.name})
            return redirect("person", person_id=person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": None})


def _editable_person(actor: Actor, person_id: int) -> Person:
    """The person, if the caller's HR scope covers them; otherwise they do not exist."""
    person = selectors.access_person(actor, person_id, record_read=False)
    if not selectors.can_see_hr_fields(actor, person):
        raise Http404
    return person


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = current_actor(request)
    person = _editable_person(actor, person_id)
    form = PersonForm(actor, request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=actor, person_id=person.pk, **form.values())
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Changes to %(name)s were saved.")
                             % {"name": person.name})
            return redirect("person", person_id=person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": person})


# --- HR admin: units -----------------------------------------------------------------------


@require_GET
@page(allow=is_hr_admin)
def units_admin(request: HttpRequest) -> HttpResponse:
    rows = selectors.flatten(selectors.unit_tree(current_actor(request), include_archived=True))
    return render(request, "org/units_admin.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@page(allow=is_hr_admin)
def unit_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = UnitForm(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(actor=actor, **form.values())
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Unit %(name)s was created.") % {"name": unit.name})
            return redirect("units_admin")
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@require_http_methods(["GET", "POST"])
@page(allow=is_hr_admin)
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = current_actor(request)
    unit = selectors.access_unit(actor, unit_id)
    form = UnitForm(actor, request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(actor=actor, unit_id=unit.pk, **form.values())
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Unit %(name)s was saved.") % {"name": unit.name})
            return redirect("units_admin")
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@require_POST
@page(allow=is_hr_admin)
def unit_archive(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = current_actor(request)
    unit: Unit = selectors.access_unit(actor, unit_id)
    archive = request.POST.get("archived", "1") == "1"
    try:
        services.update_unit(actor=actor, unit_id=unit.pk, archived=archive)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        text = _("Unit %(name)s was archived.") if archive else _("Unit %(name)s was restored.")
        messages.success(request, text % {"name": unit.name})
    return redirect("units_admin")


# --- HR: import and export -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page(allow=is_hr_admin)
def import_export(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report: importing.ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.import_org(actor=actor, data=upload.read(),
                                      filename=upload.name or "",
                                      dry_run=form.cleaned_data["dry_run"])
        if report.ok and not report.dry_run:
            messages.success(request, _("The import was written."))
    counts = []
    if report is not None:
        sheets = sorted(set(report.created) | set(report.updated))
        counts = [(s, report.created.get(s, 0), report.updated.get(s, 0)) for s in sheets]
    status = 200 if report is None or report.ok else 422
    return render(request, "org/import_export.html",
                  {"form": form, "report": report, "counts": counts}, status=status)


@require_GET
@page(allow=is_hr_admin)
def export(request: HttpRequest) -> HttpResponse:
    try:
        exported = exporting.export_org(current_actor(request), request.GET.get("format", "xlsx"))
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
        return HttpResponseRedirect(reverse("import_export"))
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
