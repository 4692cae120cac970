"""Check-in pages: my check-ins, a check-in (submit form for the person, coaching form for a
manager up the line), a person's timeline (check-ins and milestone reviews), the team board,
and the milestone review form. Forms come back with the problem under the field (status 422)
and nothing written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flexperf.checkins import selectors
from flexperf.checkins.forms import CheckinForm, DiscussForm, MilestoneReviewForm
from flexperf.checkins.models import Checkin, MilestoneReview
from flexperf.checkins.selectors.board import may_use_board, team_board
from flexperf.checkins.services import checkins as checkin_services
from flexperf.checkins.services import milestones as milestone_services
from flexperf.checkins.stages import stage_label
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.core.views import current_actor, internal, page
from flexperf.goals.selectors import can_manage_goal
from flexperf.org.selectors import access_person


def _has_person(actor: Actor) -> bool:
    return actor.person_id is not None


@require_GET
@page(allow=_has_person)
def my_checkins(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    today = clock.today()
    rows = [(c, c.state(today)) for c in selectors.my_checkins(actor)]
    return render(request, "checkins/mine.html", {"rows": rows, "today": today})


def _detail_context(actor: Actor, checkin: Checkin, *, submit: CheckinForm | None = None,
                    discuss: DiscussForm | None = None) -> dict[str, Any]:
    today = clock.today()
    if submit is None and selectors.can_submit(actor, checkin):
        submit = CheckinForm(goals=checkin_services.goals_for(checkin), prefix="checkin")
    if discuss is None and selectors.can_discuss(actor, checkin):
        discuss = DiscussForm(prefix="discuss")
    return {"checkin": checkin, "state": checkin.state(today),
            "lines": selectors.lines_of(checkin), "submit_form": submit,
            "discuss_form": discuss,
            "timeline_url_person": checkin.person_id}


@require_GET
@page(allow=internal)
def checkin_detail(request: HttpRequest, checkin_id: int) -> HttpResponse:
    actor = current_actor(request)
    checkin = selectors.access_checkin(actor, checkin_id)
    return render(request, "checkins/detail.html", _detail_context(actor, checkin))


@require_POST
@page(allow=internal)
def submit(request: HttpRequest, checkin_id: int) -> HttpResponse:
    actor = current_actor(request)
    checkin = selectors.access_checkin(actor, checkin_id, record_read=False)
    if checkin.person_id != actor.person_id:
        raise Forbidden
    form = CheckinForm(request.POST, goals=checkin_services.goals_for(checkin),
                       prefix="checkin")
    if form.is_valid():
        lines, sent = form.lines()
        try:
            checkin_services.submit_checkin(
                actor=actor, checkin_id=checkin_id, lines=lines,
                obstacles=form.cleaned_data["obstacles"],
                resource_needs=form.cleaned_data["resource_needs"],
                context=form.cleaned_data["context"])
        except ServiceError as error:
            form.place(error, sent)
        else:
            messages.success(request, _("Your check-in was submitted."))
            return redirect("checkin_detail", checkin_id=checkin_id)
    return render(request, "checkins/detail.html", _detail_context(actor, checkin, submit=form),
                  status=422)


@require_POST
@page(allow=internal)
def discuss(request: HttpRequest, checkin_id: int) -> HttpResponse:
    actor = current_actor(request)
    checkin = selectors.access_checkin(actor, checkin_id, record_read=False)
    form = DiscussForm(request.POST, prefix="discuss")
    if form.is_valid():
        try:
            checkin_services.discuss_checkin(actor=actor, checkin_id=checkin_id,
                                             coaching_note=form.cleaned_data["coaching_note"])
        except ServiceError as error:
            for problem in error.problems:
                form.add_error("coaching_note" if problem.field == "coaching_note" else None,
                               problem.message)
        else:
            messages.success(request, _("The check-in is marked discussed."))
            return redirect("checkin_detail", checkin_id=checkin_id)
    return render(request, "checkins/detail.html",
                  _detail_context(actor, checkin, discuss=form), status=422)


@require_GET
@page(allow=internal)
def timeline(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = current_actor(request)
    person = access_person(actor, person_id)
    today = clock.today()
    checkins = [(c, c.state(today)) for c in selectors.person_checkins(actor, person.pk)]
    reviews = [(r, stage_label(r.stage_rating))
               for r in selectors.person_milestone_reviews(actor, person.pk)]
    return render(request, "checkins/timeline.html", {
        "person": person, "checkins": checkins, "reviews": reviews})


@require_GET
@page(allow=may_use_board)
def board(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    found = team_board(actor, on=clock.today())
    return render(request, "checkins/board.html", {"board": found, "sections": [
        ("overdue", _("Overdue"), found.overdue), ("due", pgettext("check-in", "Due"), found.due),
        ("awaiting", _("Awaiting discussion"), found.awaiting),
        ("at-risk", _("At risk"), found.at_risk)]})


@require_http_methods(["GET", "POST"])
@page(allow=internal)
def review_milestone(request: HttpRequest, milestone_id: int) -> HttpResponse:
    actor = current_actor(request)
    milestone = milestone_services.access_milestone(actor, milestone_id)
    if not can_manage_goal(actor, milestone.goal):
        raise Forbidden
    existing = MilestoneReview.objects.filter(milestone=milestone).first()
    form = MilestoneReviewForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            milestone_services.review_milestone(
                actor=actor, milestone_id=milestone_id, **form.cleaned_data)
        except ServiceError as error:
            form.place(error)
        else:
            messages.success(request, _("The milestone review was recorded."))
            person = milestone.goal.person_id
            if person is not None:
                return redirect("checkin_timeline", person_id=person)
            return redirect("goal_detail", goal_id=milestone.goal_id)
    if request.method == "POST":
        status = 422
    return render(request, "checkins/milestone_review.html", {
        "milestone": milestone, "goal": milestone.goal, "form": form, "existing": existing,
        "existing_label": stage_label(existing.stage_rating) if existing else "",
        "reached": milestone_services.is_reached(milestone, clock.today())},
        status=status)
