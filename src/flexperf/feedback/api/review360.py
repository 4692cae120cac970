"""360 reviews over the API: the question template (HR), campaigns (HR), nominations (the
subject), decisions (the manager), answers (the rater) and anonymity-safe results."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.feedback import schemas
from flexperf.feedback.models import Campaign, Nomination, Question
from flexperf.feedback.selectors import review360 as selectors
from flexperf.feedback.services import answers as answer_services
from flexperf.feedback.services import campaigns as campaign_services
from flexperf.feedback.services import nominations as nomination_services
from flexperf.feedback.services import questions as question_services

router = Router(tags=["360 reviews"])


def _question(q: Question) -> dict[str, Any]:
    return {"id": q.pk, "competency": q.competency, "text": q.text, "order": q.order,
            "active": q.active}


def _campaign(c: Campaign) -> dict[str, Any]:
    return {"id": c.pk, "name": c.name, "period": c.period.code,
            "units": sorted(u.code for u in c.units.all()), "opens_on": c.opens_on,
            "closes_on": c.closes_on, "max_requests_per_rater": c.max_requests_per_rater,
            "status": c.status}


def _nomination(actor: Actor, n: Nomination) -> dict[str, Any]:
    return {"id": n.pk, "campaign_id": n.campaign_id,
            "subject": {"id": n.subject.pk, "name": n.subject.name},
            "relationship": n.relationship,
            "rater": {"id": n.rater.pk, "name": n.rater.name} if n.rater else None,
            "external_name": n.external_name, "status": selectors.shown_status(actor, n)}


@router.get("/feedback360/questions", response=list[schemas.QuestionOut],
            summary="The 360 question template")
def list_questions(request: HttpRequest, active: bool = False) -> list[dict[str, Any]]:
    actor = actor_of(request)
    if not actor.is_internal:
        raise Forbidden
    return [_question(q) for q in selectors.questions(active_only=active)]


@router.post("/feedback360/questions", response={201: schemas.QuestionOut},
             summary="Add a question (HR admin)")
def create_question(request: HttpRequest, payload: schemas.QuestionIn) -> Reply[Any]:
    return Reply(201, _question(question_services.create_question(
        actor=actor_of(request, write=True), competency=payload.competency,
        text_=payload.text, order=payload.order)))


@router.patch("/feedback360/questions/{int:question_id}", response=schemas.QuestionOut,
              summary="Change or retire a question (HR admin)")
def update_question(request: HttpRequest, question_id: int,
                    payload: schemas.QuestionPatch) -> dict[str, Any]:
    return _question(question_services.update_question(
        actor=actor_of(request, write=True), question_id=question_id,
        competency=payload.competency, text_=payload.text, order=payload.order,
        active=payload.active))


@router.get("/feedback360/campaigns", response=list[schemas.CampaignOut],
            summary="360 campaigns")
def list_campaigns(request: HttpRequest) -> list[dict[str, Any]]:
    return [_campaign(c) for c in selectors.campaigns_visible_to(actor_of(request))]


@router.post("/feedback360/campaigns", response={201: schemas.CampaignOut},
             summary="Open a campaign (HR)")
def create_campaign(request: HttpRequest, payload: schemas.CampaignIn) -> Reply[Any]:
    campaign = campaign_services.create_campaign(
        actor=actor_of(request, write=True), data=campaign_services.CampaignIn(
            name=payload.name, period=payload.period, units=payload.units,
            opens_on=payload.opens_on, closes_on=payload.closes_on,
            max_requests_per_rater=payload.max_requests_per_rater,
            question_ids=payload.question_ids))
    return Reply(201, _campaign(campaign))


@router.post("/feedback360/campaigns/{int:campaign_id}/close", response=schemas.CampaignOut,
             summary="Close a campaign (HR): results become readable")
def close_campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return _campaign(campaign_services.close_campaign(actor=actor_of(request, write=True),
                                                      campaign_id=campaign_id))


@router.get("/feedback360/campaigns/{int:campaign_id}/nominations",
            response=list[schemas.NominationOut], summary="The raters you nominated")
def my_nominations(request: HttpRequest, campaign_id: int) -> list[dict[str, Any]]:
    actor = actor_of(request)
    campaign = selectors.access_campaign(actor, campaign_id)
    return [_nomination(actor, n) for n in selectors.my_nominations(actor, campaign)]


@router.post("/feedback360/campaigns/{int:campaign_id}/nominations",
             response={201: schemas.NominationOut}, summary="Nominate a rater for your 360")
def nominate(request: HttpRequest, campaign_id: int,
             payload: schemas.NominationIn) -> Reply[Any]:
    actor = actor_of(request, write=True)
    nomination = nomination_services.nominate(
        actor=actor, campaign_id=campaign_id, data=nomination_services.NominationIn(
            relationship=payload.relationship, rater_id=payload.rater_id,
            external_name=payload.external_name, external_email=payload.external_email))
    return Reply(201, _nomination(actor, nomination))


@router.get("/feedback360/approvals", response=list[schemas.NominationOut],
            summary="Nominations waiting for your approval (managers)")
def approvals(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_of(request)
    return [_nomination(actor, n) for n in nomination_services.nominations_to_decide(actor)]


@router.post("/feedback360/nominations/{int:nomination_id}/decision",
             response=schemas.NominationOut, summary="Approve or reject a nomination")
def decide(request: HttpRequest, nomination_id: int,
           payload: schemas.DecisionIn) -> dict[str, Any]:
    """An approved external partner gets the one-time link by e-mail (never in this answer)."""
    actor = actor_of(request, write=True)
    decided = nomination_services.decide_nomination(
        actor=actor, nomination_id=nomination_id, approve=payload.approve, note=payload.note)
    return _nomination(actor, decided.nomination)


@router.get("/feedback360/assignments", response=list[schemas.NominationOut],
            summary="360 reviews you were asked to answer")
def assignments(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_of(request)
    return [_nomination(actor, n) for n in selectors.my_assignments(actor)]


@router.post("/feedback360/nominations/{int:nomination_id}/answers", response={204: None},
             summary="Answer a 360 you were asked for (every question, rated 1–5)")
def answer(request: HttpRequest, nomination_id: int, payload: schemas.AnswersIn) -> Reply[None]:
    answer_services.submit_answers(
        actor=actor_of(request, write=True), nomination_id=nomination_id,
        answers=[answer_services.AnswerIn(a.question_id, a.rating, a.comment)
                 for a in payload.answers])
    return Reply(204, None)


@router.get("/feedback360/campaigns/{int:campaign_id}/results/{int:person_id}",
            response=schemas.ResultsOut, summary="A subject's results (anonymity-safe)")
def results(request: HttpRequest, campaign_id: int, person_id: int) -> dict[str, Any]:
    """Only rater groups with at least three answers, or such groups merged into "others";
    the total only when it cannot reveal a hidden group. No rater, no single answer."""
    actor = actor_of(request)
    report = selectors.results(actor, campaign_id, person_id)
    subject = selectors.subjects(actor, selectors.access_campaign(actor, campaign_id)).get(
        pk=person_id)
    return {
        "campaign_id": campaign_id, "subject": {"id": subject.pk, "name": subject.name},
        "groups": [{"group": g, "label": selectors.group_label(g), "raters": report.raters[g],
                    "comments": list(report.comments.get(g, ()))} for g in report.groups],
        "cells": [{"competency": c, "group": g, "raters": cell.raters, "mean": cell.mean}
                  for c in report.competencies for g in report.groups
                  if (cell := report.cells.get((c, g))) is not None],
    }


@router.get("/feedback360/campaigns/{int:campaign_id}/export", response={200: str},
            summary="CSV of the results you may read (anonymity-safe)")
def export(request: HttpRequest, campaign_id: int) -> HttpResponse:
    body = selectors.export_csv(actor_of(request), campaign_id)
    response = HttpResponse(body, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="360-{campaign_id}.csv"'
    return response
