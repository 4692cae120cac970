"""Creating a goal (one form per paradigm) and changing a draft. The goal's owner comes from the
address: a person (default: the caller), a unit or the company."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.views import current_actor, internal, page
from flexperf.goals.forms.goal import PERSPECTIVE_FIELDS, GoalForms, goal_forms
from flexperf.goals.forms.problems import place
from flexperf.goals.models import Goal, OwnerKind, Paradigm, Period, SchemeComponent
from flexperf.goals.selectors import (
    can_edit_goal,
    can_manage_goal,
    components_of,
    scheme_for_person,
)
from flexperf.goals.selectors.goals import goal_detail
from flexperf.goals.services import goals as goal_services
from flexperf.goals.views.common import pick_period
from flexperf.org import selectors as org

ALIASES = {
    "person_id": "__all__", "unit_id": "__all__", "company_id": "__all__",
    "paradigm": "__all__", "perspective_weights": "__all__", "status": "__all__",
    **{f"perspective_weights.{p}": name for p, name in PERSPECTIVE_FIELDS.items()},
}
DESCRIPTIONS: dict[str, Any] = {
    Paradigm.KPI: gettext_lazy("One measure with a threshold, a target and a stretch."),
    Paradigm.OKR: gettext_lazy("An objective with 2 to 5 key results, graded 0.0–1.0."),
    Paradigm.BSC: gettext_lazy("Measures under the four perspectives, with perspective weights."),
    Paradigm.PROJECT: gettext_lazy("Milestones with due dates and weights, accepted on time "
                                   "or late."),
    Paradigm.SERVICE: gettext_lazy("Service levels and internal-customer satisfaction surveys."),
    Paradigm.BEHAVIOUR: gettext_lazy("Behavioural indicators rated 1–5 against anchors."),
}


@dataclass(frozen=True)
class Owner:
    """Whose goal it is: the keyword arguments for the service and what the page shows."""

    kind: str
    id: int
    name: str
    components: list[SchemeComponent] | None  # a person's scheme components; None otherwise
    review_kind: str | None

    @property
    def arguments(self) -> dict[str, Any]:
        return {"owner_kind": self.kind, f"{self.kind}_id": self.id}

    @property
    def query(self) -> str:
        return f"{self.kind}={self.id}"


def _owner(actor: Actor, query: QueryDict) -> Owner:
    """The owner named in the address (404 outside the caller's scope; 403 when the caller may
    not set its goals)."""
    if query.get("unit"):
        unit = org.access_unit(actor, _int(query.get("unit", "")))
        if not can_manage_goal(actor, Goal(owner_kind=OwnerKind.UNIT, unit=unit)):
            raise PermissionDenied
        return Owner(OwnerKind.UNIT, unit.pk, unit.name, None, None)
    if query.get("company"):
        company = org.companies_visible_to(actor).filter(
            pk=_int(query.get("company", ""))).first()
        if company is None:
            raise NotFound
        if not can_manage_goal(actor, Goal(owner_kind=OwnerKind.COMPANY, company=company)):
            raise PermissionDenied
        return Owner(OwnerKind.COMPANY, company.pk, company.name, None, None)
    person_id = _int(query.get("person", "")) if query.get("person") else actor.person_id
    if person_id is None:
        raise NotFound
    person = org.access_person(actor, person_id, record_read=False)
    if person.pk != actor.person_id and not can_manage_goal(
            actor, Goal(owner_kind=OwnerKind.PERSON, person=person)):
        raise PermissionDenied
    scheme = scheme_for_person(person)
    return Owner(OwnerKind.PERSON, person.pk, person.name, components_of(scheme),
                 scheme.review_period)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NotFound from None


def _components(owner_components: list[SchemeComponent] | None,
                paradigm: str) -> list[SchemeComponent] | None:
    if owner_components is None:
        return None
    return [c for c in owner_components if c.paradigm == paradigm]


@require_http_methods(["GET", "POST"])
@page(allow=internal)
def goal_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    owner = _owner(actor, request.GET)
    paradigm = request.GET.get("paradigm", "")
    period, periods = pick_period(actor, request.GET.get("period"), kind=owner.review_kind)
    if paradigm not in Paradigm.values:
        return render(request, "goals/choose_paradigm.html", {
            "owner": owner, "period": period,
            "paradigms": [(p, Paradigm(p).label, DESCRIPTIONS[p]) for p in Paradigm.values
                          if owner.components is None
                          or any(c.paradigm == p for c in owner.components)],
        })
    forms = goal_forms(paradigm, data=request.POST or None, periods=periods,
                       components=_components(owner.components, paradigm), period=period)
    if request.method == "POST" and forms.is_valid():
        definition = forms.definition()
        if definition is not None:
            values, rows = definition
            try:
                goal = goal_services.create_goal(actor=actor, paradigm=paradigm,
                                                 **owner.arguments, **values)
            except ServiceError as error:
                place(error, forms.form, rows, ALIASES)
            else:
                messages.success(request, _("The draft %(title)s was saved. It counts once "
                                            "it is activated.") % {"title": goal.title})
                return redirect("goal_detail", goal_id=goal.pk)
    return _form_page(request, forms, owner=owner, goal=None, periods=periods)


@require_http_methods(["GET", "POST"])
@page(allow=internal)
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = current_actor(request)
    detail = goal_detail(actor, goal_id)
    goal = detail.goal
    if not can_edit_goal(actor, goal):
        if goal.status != "draft":
            messages.error(request, _("Only a draft changes directly; propose an adjustment "
                                      "instead."))
            return redirect("goal_detail", goal_id=goal.pk)
        raise PermissionDenied
    position = {m.pk: i for i, m in enumerate(detail.metrics)}
    links = [(position[c], position[e]) for c, e in detail.links]
    components = None
    if goal.person is not None:
        components = _components(components_of(scheme_for_person(goal.person)), goal.paradigm)
    _period, periods = pick_period(actor, None)
    forms = goal_forms(goal.paradigm, data=request.POST or None, periods=periods,
                       components=components, goal=goal, links=links)
    if request.method == "POST" and forms.is_valid():
        definition = forms.definition()
        if definition is not None:
            values, rows = definition
            try:
                goal_services.update_goal(actor=actor, goal_id=goal.pk, **values)
            except ServiceError as error:
                place(error, forms.form, rows, ALIASES)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("goal_detail", goal_id=goal.pk)
    return _form_page(request, forms, owner=None, goal=goal, periods=periods)


def _form_page(request: HttpRequest, forms: GoalForms, *, owner: Owner | None,
               goal: Goal | None, periods: list[Period]) -> HttpResponse:
    return render(request, "goals/goal_form.html", {
        "forms": forms, "owner": owner, "goal": goal, "paradigm": forms.paradigm,
        "paradigm_label": Paradigm(forms.paradigm).label,
        "no_periods": not periods, "milestone_fields": ("name", "due", "weight"),
    }, status=422 if request.method == "POST" else 200)
