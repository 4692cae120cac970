"""A calibration session's page: the distribution beside the guidance, the performance ×
potential grid, the people with their ratings, the change form (a reason is required) and the
history of changes; HR closes the session."""

from __future__ import annotations

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
from flexperf.reviews import rules, services
from flexperf.reviews.forms import ChangeForm
from flexperf.reviews.models import CalibrationSession, Phase, SessionStatus
from flexperf.reviews.selectors import calibration as selectors
from flexperf.reviews.selectors.cycles import may_manage
from flexperf.reviews.views.common import has_person, reviews_people


def may_open(actor: Actor) -> bool:
    return has_person(actor) or reviews_people(actor)


def _all_ratings(board: selectors.Board) -> list[str]:
    seen: list[str] = []
    for ratings in board.ratings.values():
        seen += [r for r in ratings if r not in seen]
    return seen


def _session_page(request: HttpRequest, actor: Actor, session: CalibrationSession,
                  form: forms.Form | None = None, status: int = 200) -> HttpResponse:
    board = selectors.board(session)
    editable = (session.cycle.phase == Phase.CALIBRATION
                and session.status == SessionStatus.OPEN)
    ratings = _all_ratings(board)
    grid = [(group, [(potential, board.boxes[(group.group, potential)])
                     for potential in rules.POTENTIALS])
            for group in board.groups]
    return render(request, "reviews/session.html", {
        "session": session, "cycle": session.cycle, "board": board, "grid": grid,
        "potentials": rules.POTENTIALS, "editable": editable,
        "manage": may_manage(actor, session.cycle),
        "form": (form or ChangeForm(evaluations=board.evaluations, ratings=ratings))
        if editable else None,
    }, status=status)


@require_GET
@page(allow=may_open)
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = current_actor(request)
    return _session_page(request, actor, selectors.access_session(actor, session_id))


@require_POST
@page(allow=may_open)
def change_rating(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = current_actor(request)
    session = selectors.access_session(actor, session_id)
    board = selectors.board(session)
    form = ChangeForm(request.POST, evaluations=board.evaluations, ratings=_all_ratings(board))
    if form.is_valid():
        data = form.cleaned_data
        try:
            change = services.change_rating(actor=actor, session_id=session.pk,
                                            evaluation_id=data["evaluation"],
                                            rating=data["rating"], reason=data["reason"])
        except ServiceError as error:
            add_problems(form, error, aliases={"session": "__all__", "cycle": "__all__"})
        else:
            messages.success(request, _("%(name)s: %(before)s → %(after)s.") % {
                "name": change.evaluation.person.name, "before": change.before,
                "after": change.after})
            return redirect("review_session", session_id=session.pk)
    return _session_page(request, actor, session, form=form, status=422)


@require_POST
@page(allow=reviews_people)
def close_session(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = current_actor(request)
    session = selectors.access_session(actor, session_id)
    try:
        services.close_session(actor=actor, session_id=session.pk)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("The session is closed."))
    return redirect("review_session", session_id=session.pk)
