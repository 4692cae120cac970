"""HR's cycles: the list with the create form, a cycle's page (phases and dates, advance or
step back, what is missing, the distribution, calibration sessions) and the calibrator-shift
report. Executives see the aggregates of their units."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flexperf.core import tree
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, page
from flexperf.org.models import Person, Status, Unit
from flexperf.reviews import rules, services
from flexperf.reviews.forms import CycleForm, SessionForm
from flexperf.reviews.models import PHASE_ORDER, Basis, Cycle, Phase
from flexperf.reviews.selectors import calibration as calibration_selectors
from flexperf.reviews.selectors import cycles as selectors
from flexperf.reviews.services.cycles import DATE_FIELDS
from flexperf.reviews.views.common import runs_cycles, sees_cycles


def _list_page(request: HttpRequest, actor: Actor, form: forms.Form | None = None,
               status: int = 200) -> HttpResponse:
    cycles = selectors.cycles_visible_to(actor).select_related("period").order_by("-pk")
    return render(request, "reviews/cycles.html", {
        "cycles": cycles, "may_create": runs_cycles(actor),
        "form": form or (CycleForm() if runs_cycles(actor) else None),
    }, status=status)


@require_http_methods(["GET", "POST"])
@page(allow=sees_cycles)
def cycle_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if request.method == "GET":
        return _list_page(request, actor)
    if not runs_cycles(actor):
        raise Forbidden
    form = CycleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            guidance = (rules.parse_guidance_text(data["guidance"]) if data["guidance"]
                        else None)
        except ServiceError as error:
            add_problems(form, error)
            return _list_page(request, actor, form, status=422)
        spec = services.CycleSpec(
            code=data["code"], name=data["name"], period=data["period"].code,
            units=[u.code for u in data["units"]], as_of=data["as_of"], start=data["start"],
            max_adjustment=data["max_adjustment"], tolerance=data["tolerance"],
            basis=data["basis"] or Basis.FULL,
            dates={name: data[name] for name in DATE_FIELDS[1:] if data.get(name)},
            guidance=guidance)
        try:
            cycle = services.create_cycle(actor=actor, spec=spec)
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Cycle %(name)s was created as a draft.")
                             % {"name": cycle.name})
            return redirect("review_cycle", cycle_id=cycle.pk)
    return _list_page(request, actor, form, status=422)


def _calibrator_candidates(cycle: Cycle) -> Any:
    """People in the cycle's units who lead someone, and HR."""
    scope = Person.objects.none()
    for unit in cycle.units.all():
        scope = scope | Person.objects.filter(tree.subtree_q("unit__path", unit.path))
    leads = Person.objects.filter(manager=OuterRef("pk"), status=Status.ACTIVE)
    hr = Person.objects.filter(user__role_assignments__role__in=[Role.HR_ADMIN, Role.HRBP])
    return (Person.objects.filter(status=Status.ACTIVE)
            .filter(pk__in=scope.filter(Exists(leads)).values("pk"))
            | Person.objects.filter(status=Status.ACTIVE, pk__in=hr.values("pk"))
            ).distinct().order_by("name")


def _cycle_units(cycle: Cycle) -> Any:
    q = Unit.objects.none()
    for unit in cycle.units.all():
        q = q | Unit.objects.filter(tree.subtree_q("path", unit.path))
    return q.filter(archived=False).order_by("path")


def _cycle_page(request: HttpRequest, actor: Actor, cycle: Cycle,
                session_form: forms.Form | None = None, status: int = 200) -> HttpResponse:
    manage = selectors.may_manage(actor, cycle)
    context: dict[str, Any] = {
        "cycle": cycle, "manage": manage, "phase_label": Phase(cycle.phase).label,
        "phases": [(p, Phase(p).label, PHASE_ORDER.index(p) <= PHASE_ORDER.index(cycle.phase))
                   for p in PHASE_ORDER],
        "dates": [(str(getattr(Cycle._meta.get_field(n), "verbose_name", n)),
                   getattr(cycle, n)) for n in DATE_FIELDS],
        "units": sorted(cycle.units.all(), key=lambda u: u.path),
        "distribution": selectors.distribution(actor, cycle),
        "guidance": rules.parse_guidance(cycle.guidance),
        "missing": (selectors.missing(actor, cycle)
                    if actor.is_hr or actor.has(Role.MANAGER) else None),
        "sessions": list(calibration_selectors.sessions_visible_to(actor, cycle)
                         .prefetch_related("units", "calibrators")),
        "locked": cycle.phase in (Phase.FINALISED, Phase.PUBLISHED),
    }
    if manage and not context["locked"]:
        context["session_form"] = session_form or SessionForm(
            units=_cycle_units(cycle), people=_calibrator_candidates(cycle))
    return render(request, "reviews/cycle.html", context, status=status)


@require_GET
@page(allow=sees_cycles)
def cycle_page(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = current_actor(request)
    return _cycle_page(request, actor, selectors.access_cycle(actor, cycle_id))


def _phase_action(request: HttpRequest, cycle_id: int, *, back: bool) -> HttpResponse:
    actor = current_actor(request)
    cycle = selectors.access_cycle(actor, cycle_id)
    try:
        if back:
            cycle = services.return_cycle(actor=actor, cycle_id=cycle.pk)
        else:
            cycle = services.advance_cycle(actor=actor, cycle_id=cycle.pk)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("The cycle is now in %(phase)s.")
                         % {"phase": Phase(cycle.phase).label})
    return redirect("review_cycle", cycle_id=cycle.pk)


@require_POST
@page(allow=runs_cycles)
def advance(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _phase_action(request, cycle_id, back=False)


@require_POST
@page(allow=runs_cycles)
def step_back(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _phase_action(request, cycle_id, back=True)


@require_POST
@page(allow=runs_cycles)
def create_session(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = current_actor(request)
    cycle = selectors.access_cycle(actor, cycle_id)
    if not selectors.may_manage(actor, cycle):
        raise Forbidden
    form = SessionForm(request.POST, units=_cycle_units(cycle),
                       people=_calibrator_candidates(cycle))
    if form.is_valid():
        data = form.cleaned_data
        try:
            session = services.create_session(
                actor=actor, cycle_id=cycle.pk, name=data["name"],
                units=[u.code for u in data["units"]],
                calibrators=[p.pk for p in data["calibrators"]])
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Calibration session %(name)s was opened.")
                             % {"name": session.name})
            return redirect("review_session", session_id=session.pk)
    return _cycle_page(request, actor, cycle, session_form=form, status=422)


@require_GET
@page(allow=runs_cycles)
def shift_report(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = current_actor(request)
    cycle = selectors.access_cycle(actor, cycle_id)
    return render(request, "reviews/shift.html", {
        "cycle": cycle, "rows": calibration_selectors.shift_report(actor, cycle)})
