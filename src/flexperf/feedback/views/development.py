"""Pages for development plans: the plans the caller may read, one plan, write or change it."""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, internal, page
from flexperf.feedback.forms import ActionFormSet, PlanForm
from flexperf.feedback.models import DevelopmentPlan
from flexperf.feedback.selectors import development as selectors
from flexperf.feedback.services import development as services
from flexperf.org.selectors import people_visible_to


@page(allow=internal)
def plans(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    rows = (selectors.plans_visible_to(actor).select_related("person", "mentor", "period")
            .prefetch_related("actions").order_by("person__name", "pk")[:300])
    return render(request, "feedback/plans.html", {
        "rows": [(p, selectors.progress(p)) for p in rows], "me": actor.person_id})


@page(allow=internal)
def plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.access_plan(actor, plan_id, record_read=True)
    return render(request, "feedback/plan.html", {
        "plan": found, "progress": selectors.progress(found),
        "can_edit": selectors.can_edit(actor, found)})


def _data(form: PlanForm, formset: BaseFormSet) -> services.PlanIn:  # type: ignore[type-arg]
    data = form.cleaned_data
    actions = [services.ActionIn(f.cleaned_data["title"], f.cleaned_data.get("due"),
                                 f.cleaned_data.get("status") or "planned")
               for f in formset.forms if f.cleaned_data.get("title")]
    return services.PlanIn(
        strengths=data["strengths"], improvements=data["improvements"], path=data["path"],
        target_role=data["target_role"],
        mentor_id=data["mentor_id"].pk if data["mentor_id"] else None, actions=actions)


def _edit(request: HttpRequest, existing: DevelopmentPlan | None, person_id: int
          ) -> HttpResponse:
    actor = current_actor(request)
    if request.method == "POST":
        form = PlanForm(request.POST)
        formset = ActionFormSet(request.POST, prefix="actions")
        if form.is_valid() and formset.is_valid():
            try:
                if existing is None:
                    saved = services.create_plan(actor=actor, person_id=person_id,
                                                 period=request.POST.get("period") or None,
                                                 data=_data(form, formset))
                else:
                    saved = services.update_plan(actor=actor, plan_id=existing.pk,
                                                 data=_data(form, formset))
            except ServiceError as error:
                add_problems(form, error, {"person_id": "__all__", "period": "__all__"})
            else:
                messages.success(request, _("The development plan was saved."))
                return redirect("development_plan", plan_id=saved.pk)
        return render(request, "feedback/plan_form.html", {
            "form": form, "formset": formset, "plan": existing}, status=422)
    initial = {}
    actions = []
    if existing is not None:
        initial = {"strengths": existing.strengths, "improvements": existing.improvements,
                   "path": existing.path, "target_role": existing.target_role,
                   "mentor_id": existing.mentor_id}
        actions = [{"title": a.title, "due": a.due, "status": a.status}
                   for a in existing.actions.all()]
    return render(request, "feedback/plan_form.html", {
        "form": PlanForm(initial=initial),
        "formset": ActionFormSet(initial=actions, prefix="actions"), "plan": existing})


@require_http_methods(["GET", "POST"])
@page(allow=internal)
def plan_new(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    raw = str(request.GET.get("person") or request.POST.get("person") or actor.person_id or "")
    person_id = int(raw) if raw.isdigit() else 0
    if not people_visible_to(actor).filter(pk=person_id).exists():
        raise NotFound
    return _edit(request, None, person_id)


@require_http_methods(["GET", "POST"])
@page(allow=internal)
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.access_plan(actor, plan_id)
    if not selectors.can_edit(actor, found):
        raise NotFound
    return _edit(request, found, found.person_id)
