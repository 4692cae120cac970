"""The approver's queue of pending adjustments (approve or reject, with a note) and the period
report of every adjustment (HR and managers), with a CSV download."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from flexperf.core.actors import Actor
from flexperf.core.context_processors import may_approve
from flexperf.core.errors import ServiceError
from flexperf.core.views import current_actor, internal, page
from flexperf.goals.forms.adjustments import ApproveForm, RejectForm
from flexperf.goals.forms.problems import place
from flexperf.goals.selectors import dynamic as selectors
from flexperf.goals.services import adjustments as services
from flexperf.goals.views.common import owner_name, pick_period


@dataclass
class QueueEntry:
    entry: selectors.AdjustmentEntry
    owner: str
    approve: forms.Form
    reject: forms.Form


def _queue_page(request: HttpRequest, actor: Actor, bound: dict[str, forms.Form] | None = None,
                status: int = 200) -> HttpResponse:
    bound = bound or {}
    entries = selectors.describe_adjustments(selectors.adjustment_queue(actor))
    rows = []
    for entry in entries:
        pk = entry.adjustment.pk
        rows.append(QueueEntry(
            entry, owner_name(entry.adjustment.goal),
            bound.get(f"approve-{pk}") or ApproveForm(prefix=f"approve-{pk}"),
            bound.get(f"reject-{pk}") or RejectForm(prefix=f"reject-{pk}")))
    return render(request, "goals/adjustments.html", {
        "rows": rows, "may_report": selectors.may_read_reports(actor),
    }, status=status)


@require_GET
@page(allow=may_approve)
def adjustment_queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, current_actor(request))


@require_POST
@page(allow=may_approve)
def approve(request: HttpRequest, adjustment_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = ApproveForm(request.POST, prefix=f"approve-{adjustment_id}")
    if form.is_valid():
        try:
            adjustment = services.approve_adjustment(
                actor=actor, adjustment_id=adjustment_id, note=form.cleaned_data["note"],
                effective_from=form.cleaned_data["effective_from"])
        except ServiceError as error:
            place(error, form, aliases={"status": "__all__", "changes": "__all__"})
        else:
            messages.success(request, _("Adjustment #%(id)d was approved: %(goal)s has a new "
                                        "version.") % {"id": adjustment.pk,
                                                       "goal": adjustment.goal.title})
            return redirect("adjustment_queue")
    return _queue_page(request, actor, {f"approve-{adjustment_id}": form}, status=422)


@require_POST
@page(allow=may_approve)
def reject(request: HttpRequest, adjustment_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = RejectForm(request.POST, prefix=f"reject-{adjustment_id}")
    if form.is_valid():
        try:
            adjustment = services.reject_adjustment(actor=actor, adjustment_id=adjustment_id,
                                                    note=form.cleaned_data["note"])
        except ServiceError as error:
            place(error, form, aliases={"status": "__all__"})
        else:
            messages.success(request, _("Adjustment #%(id)d was rejected.")
                             % {"id": adjustment.pk})
            return redirect("adjustment_queue")
    return _queue_page(request, actor, {f"reject-{adjustment_id}": form}, status=422)


@require_POST
@page(allow=internal)
def cancel(request: HttpRequest, adjustment_id: int) -> HttpResponse:
    actor = current_actor(request)
    try:
        adjustment = services.cancel_adjustment(actor=actor, adjustment_id=adjustment_id)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
        adjustment = selectors.access_adjustment(actor, adjustment_id)
    else:
        messages.success(request, _("Your proposal was taken back."))
    return redirect("goal_detail", goal_id=adjustment.goal_id)


@require_GET
@page(allow=selectors.may_read_reports)
def adjustment_report(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    period, periods = pick_period(actor, request.GET.get("period"))
    rows = selectors.adjustments_report(actor, period.code) if period is not None else []
    if period is not None and request.GET.get("format") == "csv":
        response = HttpResponse(selectors.report_csv(rows), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="adjustments-{period.code}.csv"'
        return response
    return render(request, "goals/adjustment_report.html", {
        "rows": rows, "period": period, "periods": periods,
    })
