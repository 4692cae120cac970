"""Payout runs (HR): compute for a finalised cycle, see a run's lines, approve, export; the
compensation upload; the fairness report."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from flexperf.core.errors import ServiceError
from flexperf.core.views import current_actor, page
from flexperf.goals.forms.problems import place
from flexperf.incentives import engine
from flexperf.incentives.access import is_hr
from flexperf.incentives.cycles import all_cycles
from flexperf.incentives.exporting import FORMATS, export_run
from flexperf.incentives.forms import ComputeForm, SalaryUploadForm
from flexperf.incentives.labels import DIMENSION_LABELS, KIND_LABELS
from flexperf.incentives.selectors import policies as selectors
from flexperf.incentives.selectors.fairness import DEFAULT_MIN_GROUP, fairness_report
from flexperf.incentives.services import compensation
from flexperf.incentives.services import runs as services

LINES_PAGE = 100


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def run_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    cycles = [(c.id, f"{c.name} ({c.code})") for c in all_cycles() if c.finalised]
    policies = [(p.pk, p.name) for p in selectors.policies_visible_to(actor)]
    form = ComputeForm(request.POST or None, cycles=cycles, policies=policies)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.compute_payouts(actor=actor, cycle_id=form.cleaned_data["cycle"],
                                           policy_id=form.cleaned_data["policy"])
        except ServiceError as error:
            place(error, form)
        else:
            messages.success(request, _("Payouts were computed for %(n)d people.")
                             % {"n": run.people})
            return redirect("incentives_run", run_id=run.pk)
    runs = selectors.runs_visible_to(actor).order_by("-computed_at", "-pk")
    return render(request, "incentives/runs.html",
                  {"runs": runs, "form": form, "can_edit": actor.is_hr_admin,
                   "cycles": all_cycles()},
                  status=422 if form.is_bound and form.errors else 200)


@page(allow=is_hr)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    actor = current_actor(request)
    run = selectors.access_run(actor, run_id)
    lines = Paginator(selectors.lines_of(actor, run), LINES_PAGE).get_page(request.GET.get("page"))
    selectors.record_lines_read(actor, run, list(lines))
    rows = [(line, engine.render(line.statement)) for line in lines]
    return render(request, "incentives/run.html", {
        "run": run, "lines": lines, "rows": rows, "formats": FORMATS, "kind_labels": KIND_LABELS,
        "can_edit": actor.is_hr_admin})


@require_POST
@page(allow=is_hr)
def run_approve(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        services.approve_run(actor=current_actor(request), run_id=run_id)
    except ServiceError as error:
        messages.error(request, "; ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("The run was approved."))
    return redirect("incentives_run", run_id=run_id)


@page(allow=is_hr)
def run_export(request: HttpRequest, run_id: int) -> HttpResponse:
    try:
        exported = export_run(current_actor(request), run_id, request.GET.get("format", "csv"))
    except ServiceError as error:
        messages.error(request, "; ".join(p.message for p in error.problems))
        return redirect("incentives_run", run_id=run_id)
    response = HttpResponse(exported.data, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def compensation_page(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = SalaryUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = compensation.import_salaries(actor=actor, data=upload.read(),
                                                  filename=upload.name or "salaries.csv")
        except ServiceError as error:
            problems = error.problems
            form.add_error("file", _("Nothing was imported: the file has %(n)d problems.")
                           % {"n": len(problems)})
        else:
            messages.success(request, _("Imported %(created)d new and %(updated)d changed "
                                        "salaries.") % {"created": report.created,
                                                         "updated": report.updated})
            return redirect("incentives_compensation")
    salaries = selectors.salary_page(actor, request.GET.get("page"), LINES_PAGE)
    return render(request, "incentives/compensation.html", {
        "form": form, "problems": problems[:200], "salaries": salaries,
        "can_edit": actor.is_hr_admin}, status=422 if form.is_bound and form.errors else 200)


@page(allow=is_hr)
def fairness_page(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    cycles = [c for c in all_cycles() if c.finalised]
    chosen = request.GET.get("cycle", "")
    cycle = next((c for c in cycles if str(c.id) == chosen), cycles[0] if cycles else None)
    try:
        min_group = max(1, int(request.GET.get("min_group", DEFAULT_MIN_GROUP)))
    except ValueError:
        min_group = DEFAULT_MIN_GROUP
    found = fairness_report(actor, cycle.id, min_group=min_group) if cycle else None
    return render(request, "incentives/fairness.html", {
        "cycles": cycles, "cycle": cycle, "report": found, "min_group": min_group,
        "ratings": ("S", "A", "B", "C", "D", "—"), "dimension_labels": DIMENSION_LABELS})
