"""Pages for instant feedback: give, my feedback (received / given), one item, requests."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, internal, page
from flexperf.feedback.forms import AnswerForm, GiveForm, RequestForm
from flexperf.feedback.selectors import feedback as selectors
from flexperf.feedback.services import feedback as services
from flexperf.org.selectors import access_person


def has_person(actor: Actor) -> bool:
    return actor.person_id is not None


@require_http_methods(["GET", "POST"])
@page(allow=has_person)
def give(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = GiveForm(request.POST or None, initial={"recipient": request.GET.get("to")})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.give_feedback(actor=actor, data=services.FeedbackIn(
                    recipient_id=data["recipient"].pk, kind=data["kind"], text=data["text"],
                    visibility=data["visibility"], behaviour=data["behaviour"],
                    goal_id=data["goal_id"]))
            except ServiceError as error:
                add_problems(form, error, {"recipient": "recipient", "goal_id": "goal_id"})
            else:
                messages.success(request, _("Your feedback was sent."))
                return redirect("feedback_mine_given")
        return render(request, "feedback/give.html", {"form": form}, status=422)
    return render(request, "feedback/give.html", {"form": form})


def _mine(request: HttpRequest, tab: str) -> HttpResponse:
    actor = current_actor(request)
    rows = selectors.received(actor) if tab == "received" else selectors.given(actor)
    return render(request, "feedback/mine.html", {
        "tab": tab, "rows": rows[:200], "counts": selectors.counts_by_kind(rows)})


@page(allow=has_person)
def mine(request: HttpRequest) -> HttpResponse:
    return _mine(request, "received")


@page(allow=has_person)
def mine_given(request: HttpRequest) -> HttpResponse:
    return _mine(request, "given")


@page(allow=internal)
def person_feedback(request: HttpRequest, person_id: int) -> HttpResponse:
    """Feedback a colleague received, as far as the caller may read it: for their managers
    (coaching) and HR in scope; a person outside the caller's scope is 404."""
    actor = current_actor(request)
    person = access_person(actor, person_id)
    rows = selectors.list_feedback(actor, recipient_id=person.pk)
    return render(request, "feedback/mine.html", {
        "tab": "received", "rows": rows[:200], "counts": selectors.counts_by_kind(rows),
        "person": person})


@page()
def detail(request: HttpRequest, feedback_id: int) -> HttpResponse:
    row = selectors.access_feedback(current_actor(request), feedback_id)
    return render(request, "feedback/detail.html", {"row": row})


def _requests_page(request: HttpRequest, form: RequestForm | None = None,
                   status: int = 200) -> HttpResponse:
    actor = current_actor(request)
    return render(request, "feedback/requests.html", {
        "incoming": selectors.requests_incoming(actor)[:200],
        "outgoing": selectors.requests_outgoing(actor)[:200],
        "form": form or RequestForm(),
    }, status=status)


@require_http_methods(["GET", "POST"])
@page(allow=has_person)
def requests(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _requests_page(request)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_feedback(actor=current_actor(request),
                                      requested_id=form.cleaned_data["requested"].pk,
                                      question=form.cleaned_data["question"],
                                      goal_id=form.cleaned_data["goal_id"])
        except ServiceError as error:
            add_problems(form, error, {"requested": "requested"})
        else:
            messages.success(request, _("Your request was sent."))
            return redirect("feedback_requests")
    return _requests_page(request, form, status=422)


@require_http_methods(["GET", "POST"])
@page(allow=has_person)
def answer(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.access_request(actor, request_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.answer_request(actor=actor, request_id=request_id, kind=data["kind"],
                                        text_=data["text"], visibility=data["visibility"],
                                        behaviour=data["behaviour"])
            except ServiceError as error:
                add_problems(form, error)
            else:
                messages.success(request, _("Your feedback was sent."))
                return redirect("feedback_requests")
        return render(request, "feedback/answer.html", {"req": found, "form": form},
                      status=422)
    return render(request, "feedback/answer.html", {"req": found, "form": form})


@require_POST
@page(allow=has_person)
def decline(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.decline_request(actor=current_actor(request), request_id=request_id,
                                 reason=request.POST.get("reason", ""))
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("You declined the request."))
    return redirect("feedback_requests")
