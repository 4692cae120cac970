"""Pages: the manager's inbox, one insight (acknowledge, act, dismiss), my insights, outcomes
per insight type, the rule settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, internal, page, visible_ids
from flexperf.insights import presenting, selectors, services
from flexperf.insights.forms import ActForm, DismissForm, FilterForm, SettingsForm
from flexperf.insights.models import Insight
from flexperf.insights.rules import SETTING_LABELS, RuleSettings

PER_PAGE = 50


def has_person(actor: Actor) -> bool:
    return actor.is_internal and actor.person_id is not None


def hr_admin(actor: Actor) -> bool:
    return actor.is_hr_admin


def _views(actor: Actor, rows: list[Insight]) -> list[presenting.InsightView]:
    selectors.record_views(actor, rows)
    return [presenting.view(i) for i in rows]


@require_GET
@page(allow=selectors.may_use_inbox)
def inbox(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    filters = FilterForm(request.GET or None)
    kind = status = ""
    if filters.is_valid():
        kind, status = filters.cleaned_data["kind"], filters.cleaned_data["status"]
    found = selectors.inbox(actor, kind=kind, status=status)
    page_obj = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    people = [i.subject_person_id for i in rows if i.subject_person_id]
    return render(request, "insights/inbox.html", {
        "items": _views(actor, rows), "page_obj": page_obj, "filters": filters,
        "visible_ids": visible_ids(actor, people), "count": page_obj.paginator.count})


@require_GET
@page(allow=has_person)
def mine(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    rows = list(selectors.mine(actor)[:200])
    return render(request, "insights/mine.html", {"items": [presenting.view(i) for i in rows]})


def _detail(request: HttpRequest, actor: Actor, insight: Insight, *,
            act_form: ActForm | None = None, dismiss_form: DismissForm | None = None,
            status: int = 200) -> HttpResponse:
    item = presenting.view(insight)
    recommended = [a.code for a in item.actions]
    can_decide = insight.is_active and selectors.can_decide(actor, insight)
    problems = [] if can_decide else [
        str(message) for form in (act_form, dismiss_form) if form is not None
        for messages_ in form.errors.values() for message in messages_]
    return render(request, "insights/detail.html", {
        "item": item, "can_decide": can_decide, "problems": problems,
        "act_form": act_form or ActForm(recommended=recommended),
        "dismiss_form": dismiss_form or DismissForm(),
        "person_visible": bool(insight.subject_person_id and visible_ids(
            actor, [insight.subject_person_id])),
        "mine": insight.subject_person_id is not None
        and insight.subject_person_id == actor.person_id,
        "next": _next(request)}, status=status)


@require_GET
@page(allow=internal)
def detail(request: HttpRequest, insight_id: int) -> HttpResponse:
    actor = current_actor(request)
    return _detail(request, actor, selectors.access_insight(actor, insight_id))


def _next(request: HttpRequest) -> str:
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _done(request: HttpRequest, insight_id: int, text: str) -> HttpResponse:
    messages.success(request, text)
    target = _next(request)
    if target:
        return redirect(target)
    return redirect("insight_detail", insight_id=insight_id)


def _refused(request: HttpRequest, actor: Actor, insight_id: int, error: ServiceError, *,
             act_form: ActForm | None = None, dismiss_form: DismissForm | None = None
             ) -> HttpResponse:
    insight = selectors.access_insight(actor, insight_id, record_read=False)
    if act_form is None and dismiss_form is None:
        dismiss_form = DismissForm()
        dismiss_form.is_valid()
        add_problems(dismiss_form, error)
    elif act_form is not None:
        add_problems(act_form, error)
    elif dismiss_form is not None:
        add_problems(dismiss_form, error)
    return _detail(request, actor, insight, act_form=act_form, dismiss_form=dismiss_form,
                   status=422)


@require_POST
@page(allow=internal)
def acknowledge(request: HttpRequest, insight_id: int) -> HttpResponse:
    actor = current_actor(request)
    try:
        services.acknowledge(actor=actor, insight_id=insight_id)
    except ServiceError as error:
        return _refused(request, actor, insight_id, error)
    return _done(request, insight_id, _("The insight was acknowledged."))


@require_POST
@page(allow=internal)
def act(request: HttpRequest, insight_id: int) -> HttpResponse:
    actor = current_actor(request)
    insight = selectors.access_insight(actor, insight_id, record_read=False)
    form = ActForm(request.POST, recommended=[a.code for a in presenting.recommended(
        insight.kind)])
    if form.is_valid():
        try:
            services.act(actor=actor, insight_id=insight_id,
                         action=form.cleaned_data["action"], note=form.cleaned_data["note"])
        except ServiceError as error:
            return _refused(request, actor, insight_id, error, act_form=form)
        return _done(request, insight_id, _("Recorded: the insight was acted on."))
    return _detail(request, actor, insight, act_form=form, status=422)


@require_POST
@page(allow=internal)
def dismiss(request: HttpRequest, insight_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss(actor=actor, insight_id=insight_id,
                             reason=form.cleaned_data["reason"])
        except ServiceError as error:
            return _refused(request, actor, insight_id, error, dismiss_form=form)
        return _done(request, insight_id, _("The insight was dismissed."))
    insight = selectors.access_insight(actor, insight_id, record_read=False)
    return _detail(request, actor, insight, dismiss_form=form, status=422)


@require_GET
@page(allow=selectors.may_read_outcomes)
def outcomes(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    rows = selectors.outcomes(actor)
    return render(request, "insights/outcomes.html", {
        "rows": rows, "settings": selectors.current_settings(),
        "chart": _chart(rows)})


def _chart(rows: list[selectors.OutcomeView]) -> list[dict[str, Any]]:
    """Bars of the mean change (acted, not acted) per kind, scaled to the largest change."""
    values = [abs(v) for r in rows for v in (r.outcome.mean_change_acted,
                                             r.outcome.mean_change_not_acted) if v is not None]
    scale = max(values) if values else 1.0
    out = []
    for i, row in enumerate(rows):
        bars = []
        for j, value in enumerate((row.outcome.mean_change_acted,
                                   row.outcome.mean_change_not_acted)):
            if value is None:
                continue
            width = 140 * abs(value) / scale if scale else 0.0
            x = 160 if value >= 0 else 160 - width
            bars.append({"x": round(x, 1), "y": 8 + i * 40 + j * 14, "width": round(width, 1),
                         "acted": j == 0, "value": value})
        out.append({"label": row.label, "y": 20 + i * 40, "bars": bars})
    return out


@require_http_methods(["GET", "POST"])
@page(allow=hr_admin)
def settings_page(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    current = selectors.current_settings()
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.update_settings(actor=actor, values=form.cleaned_data)
            except ServiceError as error:
                add_problems(form, error)
            else:
                messages.success(request, _("The insight rules were saved."))
                return redirect("insights_settings")
        return render(request, "insights/settings.html", {
            "form": form, "defaults": RuleSettings().as_dict(), "labels": SETTING_LABELS},
            status=422)
    return render(request, "insights/settings.html", {
        "form": SettingsForm(initial=current.as_dict()), "defaults": RuleSettings().as_dict(),
        "labels": SETTING_LABELS})
