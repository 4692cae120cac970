"""My reviews, team reviews and the evaluation page with the self review and manager review
forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, page
from flexperf.reviews import services
from flexperf.reviews.forms import ManagerReviewForm, SelfReviewForm
from flexperf.reviews.models import Evaluation, Phase
from flexperf.reviews.selectors import cycles as selectors
from flexperf.reviews.views.common import has_person, reviews_people


@require_GET
@page(allow=has_person)
def my_reviews(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(request, "reviews/mine.html", {
        "evaluations": list(selectors.my_evaluations(actor)),
        "published": Phase.PUBLISHED,
    })


@require_GET
@page(allow=reviews_people)
def team_reviews(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    cycles = list(selectors.cycles_visible_to(actor).exclude(phase=Phase.DRAFT)
                  .select_related("period"))
    wanted = request.GET.get("cycle", "")
    cycle = next((c for c in cycles if c.code == wanted), None) or (cycles[0] if cycles
                                                                    else None)
    rows = list(selectors.team_evaluations(actor, cycle)) if cycle is not None else []
    return render(request, "reviews/team.html", {
        "cycles": cycles, "cycle": cycle, "rows": rows,
        "missing": selectors.missing(actor, cycle) if cycle is not None else None,
    })


def _evaluation_page(request: HttpRequest, actor: Actor, evaluation: Evaluation, *,
                     self_form: forms.Form | None = None,
                     manager_form: forms.Form | None = None, status: int = 200) -> HttpResponse:
    view = selectors.describe(actor, evaluation)
    context: dict[str, Any] = {"view": view, "evaluation": evaluation, "cycle": evaluation.cycle,
                               "phase_label": Phase(evaluation.cycle.phase).label}
    if view.may_self_review:
        context["self_form"] = self_form or SelfReviewForm(
            ratings=view.ratings, initial={"text": evaluation.self_text,
                                           "rating": evaluation.self_rating})
    if view.may_manager_review:
        context["manager_form"] = manager_form or ManagerReviewForm(
            limit=evaluation.cycle.max_adjustment, initial={
                "text": evaluation.manager_text, "potential": evaluation.potential,
                "adjustment": evaluation.adjustment, "reason": evaluation.adjustment_reason})
    return render(request, "reviews/evaluation.html", context, status=status)


@require_GET
@page()
def evaluation_page(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    actor = current_actor(request)
    return _evaluation_page(request, actor, selectors.access_evaluation(actor, evaluation_id))


@require_POST
@page(allow=has_person)
def self_review(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    actor = current_actor(request)
    evaluation = selectors.access_evaluation(actor, evaluation_id)
    form = SelfReviewForm(request.POST, ratings=selectors.describe(actor, evaluation).ratings)
    if form.is_valid():
        try:
            services.submit_self_review(actor=actor, evaluation_id=evaluation.pk,
                                        text=form.cleaned_data["text"],
                                        rating=form.cleaned_data["rating"])
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Your self review was submitted."))
            return redirect("review_evaluation", evaluation_id=evaluation.pk)
    return _evaluation_page(request, actor, evaluation, self_form=form, status=422)


@require_POST
@page(allow=reviews_people)
def manager_review(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    actor = current_actor(request)
    evaluation = selectors.access_evaluation(actor, evaluation_id)
    form = ManagerReviewForm(request.POST, limit=evaluation.cycle.max_adjustment)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_manager_review(
                actor=actor, evaluation_id=evaluation.pk,
                review=services.ManagerReview(data["text"], data["potential"],
                                              data["adjustment"], data["reason"]))
        except ServiceError as error:
            add_problems(form, error, aliases={"adjustment_reason": "reason"})
        else:
            messages.success(request, _("The review of %(name)s was submitted.")
                             % {"name": evaluation.person.name})
            return redirect("review_evaluation", evaluation_id=evaluation.pk)
    return _evaluation_page(request, actor, evaluation, manager_form=form, status=422)
