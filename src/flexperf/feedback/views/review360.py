"""Pages for 360 reviews: campaigns (HR opens and closes them), nominating raters (the
subject), approvals (the manager), answering (a colleague, or a partner through the one-time
link without signing in), results (anonymity-safe) and the question template (HR admin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.http import client_ip
from flexperf.core.views import current_actor, internal, page
from flexperf.feedback.forms import CampaignForm, DecisionForm, NominationForm, QuestionForm
from flexperf.feedback.models import Nomination
from flexperf.feedback.selectors import review360 as selectors
from flexperf.feedback.services import answers as answer_services
from flexperf.feedback.services import campaigns as campaign_services
from flexperf.feedback.services import nominations as nomination_services
from flexperf.feedback.services import questions as question_services
from flexperf.feedback.services.nominations import in_campaign
from flexperf.org.models import Person


def _hr_admin(actor: Actor) -> bool:
    return actor.is_hr_admin


def _campaigns_page(request: HttpRequest, form: CampaignForm | None = None,
                    status: int = 200) -> HttpResponse:
    actor = current_actor(request)
    may_run = campaign_services.may_run_campaigns(actor)
    return render(request, "feedback/campaigns.html", {
        "campaigns": selectors.campaigns_visible_to(actor),
        "assignments": selectors.my_assignments(actor),
        "form": (form or CampaignForm()) if may_run else None,
        "may_edit_questions": actor.is_hr_admin,
    }, status=status)


@require_http_methods(["GET", "POST"])
@page(allow=internal)
def campaigns(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _campaigns_page(request)
    form = CampaignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_services.create_campaign(
                actor=current_actor(request), data=campaign_services.CampaignIn(
                    name=data["name"], period=data["period"], units=data["units"].split(","),
                    opens_on=data["opens_on"], closes_on=data["closes_on"],
                    max_requests_per_rater=data["max_requests_per_rater"]))
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The campaign %(name)s is open.")
                             % {"name": campaign.name})
            return redirect("review360_campaign", campaign_id=campaign.pk)
    return _campaigns_page(request, form, status=422)


def _campaign_page(request: HttpRequest, campaign_id: int, form: NominationForm | None = None,
                   status: int = 200) -> HttpResponse:
    actor = current_actor(request)
    campaign = selectors.access_campaign(actor, campaign_id)
    me = Person.objects.select_related("unit").filter(pk=actor.person_id or 0).first()
    covered = me is not None and in_campaign(campaign, me)
    nominations = [(n, selectors.shown_status(actor, n))
                   for n in selectors.my_nominations(actor, campaign)]
    return render(request, "feedback/campaign.html", {
        "campaign": campaign, "covered": covered, "nominations": nominations,
        "form": form or NominationForm(), "subjects": selectors.subjects(actor, campaign)[:500],
        "may_run": campaign_services.may_run_campaigns(actor),
        "questions": campaign.questions.all(),
    }, status=status)


@page(allow=internal)
def campaign(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _campaign_page(request, campaign_id)


@require_POST
@page(allow=internal)
def nominate(request: HttpRequest, campaign_id: int) -> HttpResponse:
    form = NominationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            nomination_services.nominate(
                actor=current_actor(request), campaign_id=campaign_id,
                data=nomination_services.NominationIn(
                    relationship=data["relationship"],
                    rater_id=data["rater_id"].pk if data["rater_id"] else None,
                    external_name=data["external_name"],
                    external_email=data["external_email"]))
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The nomination waits for your manager's approval."))
            return redirect("review360_campaign", campaign_id=campaign_id)
    return _campaign_page(request, campaign_id, form, status=422)


@require_POST
@page(allow=internal)
def close(request: HttpRequest, campaign_id: int) -> HttpResponse:
    try:
        campaign_services.close_campaign(actor=current_actor(request), campaign_id=campaign_id)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("The campaign is closed; results are readable."))
    return redirect("review360_campaign", campaign_id=campaign_id)


def _approvals_page(request: HttpRequest, errors: dict[int, forms.Form] | None = None,
                    status: int = 200) -> HttpResponse:
    actor = current_actor(request)
    errors = errors or {}
    rows = [(n, errors.get(n.pk) or DecisionForm(prefix=f"n{n.pk}"))
            for n in nomination_services.nominations_to_decide(actor)]
    return render(request, "feedback/approvals.html", {"rows": rows}, status=status)


@page(allow=internal)
def approvals(request: HttpRequest) -> HttpResponse:
    return _approvals_page(request)


@require_POST
@page(allow=internal)
def decide(request: HttpRequest, nomination_id: int) -> HttpResponse:
    form = DecisionForm(request.POST, prefix=f"n{nomination_id}")
    if form.is_valid():
        try:
            nomination_services.decide_nomination(
                actor=current_actor(request), nomination_id=nomination_id,
                approve=request.POST.get("decision") == "approve",
                note=form.cleaned_data["note"])
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Decided."))
            return redirect("review360_approvals")
    return _approvals_page(request, {nomination_id: form}, status=422)


def _answer_fields(nomination: Nomination, post: Any | None) -> tuple[list[dict[str, Any]],
                                                                     list[answer_services.AnswerIn]]:
    rows, answers = [], []
    for question in nomination.campaign.questions.order_by("competency", "order", "pk"):
        rating = (post or {}).get(f"q{question.pk}-rating", "")
        comment = (post or {}).get(f"q{question.pk}-comment", "")
        rows.append({"question": question, "rating": rating, "comment": comment})
        answers.append(answer_services.AnswerIn(
            question.pk, int(rating) if str(rating).isdigit() else None, comment))
    return rows, answers


def _render_answer(request: HttpRequest, nomination: Nomination, rows: list[dict[str, Any]],
                   errors: list[str], action: str, status: int = 200) -> HttpResponse:
    return render(request, "feedback/answer360.html", {
        "nomination": nomination, "rows": rows, "errors": errors, "action": action,
        "scale": range(1, 6)}, status=status)


@require_http_methods(["GET", "POST"])
@page(allow=internal)
def answer(request: HttpRequest, nomination_id: int) -> HttpResponse:
    actor = current_actor(request)
    nomination = answer_services.assigned_to(actor, nomination_id)
    rows, answers = _answer_fields(nomination, request.POST if request.method == "POST"
                                   else None)
    action = request.path
    if request.method != "POST":
        return _render_answer(request, nomination, rows, [], action)
    try:
        answer_services.submit_answers(actor=actor, nomination_id=nomination_id,
                                       answers=answers)
    except ServiceError as error:
        return _render_answer(request, nomination, rows,
                              [p.message for p in error.problems], action, status=422)
    messages.success(request, _("Thank you: your answers were recorded anonymously."))
    return redirect("review360_campaigns")


@require_http_methods(["GET", "POST"])
def external(request: HttpRequest, token: str) -> HttpResponse:
    """The partner's page: no sign-in, the link's token is the key (used once)."""
    try:
        nomination = answer_services.nomination_for_token(token)
    except NotFound:
        raise Http404 from None
    except ServiceError as error:
        return render(request, "feedback/external_done.html",
                      {"message": error.problems[0].message}, status=410)
    rows, answers = _answer_fields(nomination, request.POST if request.method == "POST"
                                   else None)
    if request.method != "POST":
        return _render_answer(request, nomination, rows, [], request.path)
    try:
        answer_services.submit_external(token=token, answers=answers, ip=client_ip(request))
    except ServiceError as error:
        return _render_answer(request, nomination, rows,
                              [p.message for p in error.problems], request.path, status=422)
    return render(request, "feedback/external_done.html",
                  {"message": _("Thank you: your answers were recorded.")})


@page(allow=internal)
def results(request: HttpRequest, campaign_id: int, person_id: int) -> HttpResponse:
    actor = current_actor(request)
    campaign = selectors.access_campaign(actor, campaign_id)
    subject = selectors.subjects(actor, campaign).filter(pk=person_id).first()
    if subject is None:
        raise NotFound
    try:
        report = selectors.results(actor, campaign_id, person_id)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
        return redirect("review360_campaign", campaign_id=campaign_id)
    groups = [(g, selectors.group_label(g), report.raters[g], report.comments.get(g, ()))
              for g in report.groups]
    table = [(c, [report.cells.get((c, g)) for g in report.groups])
             for c in report.competencies]
    return render(request, "feedback/results.html", {
        "campaign": campaign, "subject": subject, "groups": groups, "table": table,
        "report": report})


@page(allow=internal)
def export(request: HttpRequest, campaign_id: int) -> HttpResponse:
    try:
        body = selectors.export_csv(current_actor(request), campaign_id)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
        return redirect("review360_campaign", campaign_id=campaign_id)
    response = HttpResponse(body, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="360-{campaign_id}.csv"'
    return response


def _questions_page(request: HttpRequest, form: QuestionForm | None = None,
                    status: int = 200) -> HttpResponse:
    return render(request, "feedback/questions.html", {
        "questions": selectors.questions(), "form": form or QuestionForm()}, status=status)


@require_http_methods(["GET", "POST"])
@page(allow=_hr_admin)
def questions(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _questions_page(request)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            question_services.create_question(actor=current_actor(request),
                                              competency=data["competency"],
                                              text_=data["text"], order=data["order"])
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("review360_questions")
    return _questions_page(request, form, status=422)


@require_POST
@page(allow=_hr_admin)
def toggle_question(request: HttpRequest, question_id: int) -> HttpResponse:
    question_services.update_question(actor=current_actor(request), question_id=question_id,
                                      active=request.POST.get("active") == "1")
    return redirect("review360_questions")
