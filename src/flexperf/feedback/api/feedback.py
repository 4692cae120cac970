"""Instant feedback over the API, including the inbound path for chat tools:
`POST /feedback` with a bearer token (write scope) posts as the token's user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.feedback import schemas
from flexperf.feedback.models import Feedback, FeedbackRequest
from flexperf.feedback.selectors import feedback as selectors
from flexperf.feedback.services import feedback as services

router = Router(tags=["feedback"])


def _person(p: Any) -> dict[str, Any]:
    return {"id": p.pk, "name": p.name}


def feedback_out(row: Feedback) -> dict[str, Any]:
    return {"id": row.pk, "giver": _person(row.giver), "recipient": _person(row.recipient),
            "kind": row.kind, "visibility": row.visibility, "text": row.text,
            "behaviour": row.behaviour, "goal_id": row.goal_id, "request_id": row.request_id,
            "source": row.source, "created_at": row.created_at}


def request_out(row: FeedbackRequest) -> dict[str, Any]:
    return {"id": row.pk, "requester": _person(row.requester),
            "requested": _person(row.requested), "question": row.question,
            "goal_id": row.goal_id, "status": row.status, "created_at": row.created_at}


@router.get("/feedback", response=list[schemas.FeedbackOut],
            summary="Feedback you may read, newest first")
def list_feedback(request: HttpRequest, recipient_id: int | None = None,
                  giver_id: int | None = None, kind: str | None = None,
                  visibility: str | None = None, source: str | None = None,
                  limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Private feedback appears only to its giver and recipient; the filters narrow what you
    may read and never widen it."""
    rows = selectors.list_feedback(actor_of(request), recipient_id=recipient_id,
                                   giver_id=giver_id, kind=kind, visibility=visibility,
                                   source=source)
    limit = max(1, min(limit, 500))
    return [feedback_out(r) for r in rows[max(offset, 0):max(offset, 0) + limit]]


@router.post("/feedback", response={200: schemas.FeedbackOut, 201: schemas.FeedbackOut},
             summary="Give feedback (also: a chat tool posting as the token's user)")
def give_feedback(request: HttpRequest, payload: schemas.FeedbackIn) -> Reply[Any]:
    """201 with the new feedback; 200 with the existing one when `source` + `external_id`
    were posted before (nothing new is created)."""
    actor = actor_of(request, write=True)
    recipient_id = services.resolve_recipient(
        person_id=payload.recipient_id, employee_number=payload.recipient_employee_number,
        username=payload.recipient_username)
    given = services.give_feedback(actor=actor, data=services.FeedbackIn(
        recipient_id=recipient_id, kind=payload.kind, text=payload.text,
        visibility=payload.visibility, behaviour=payload.behaviour, goal_id=payload.goal_id,
        source=payload.source, external_id=payload.external_id))
    return Reply(201 if given.created else 200, feedback_out(given.feedback))


@router.get("/feedback/{int:feedback_id}", response=schemas.FeedbackOut,
            summary="One piece of feedback")
def get_feedback(request: HttpRequest, feedback_id: int) -> dict[str, Any]:
    return feedback_out(selectors.access_feedback(actor_of(request), feedback_id))


@router.get("/feedback/requests", response=list[schemas.RequestOut],
            summary="Feedback requests: incoming (asked of you) or outgoing (yours)")
def list_requests(request: HttpRequest, box: str = "incoming") -> list[dict[str, Any]]:
    actor = actor_of(request)
    rows = (selectors.requests_outgoing(actor) if box == "outgoing"
            else selectors.requests_incoming(actor))
    return [request_out(r) for r in rows[:500]]


@router.post("/feedback/requests", response={201: schemas.RequestOut},
             summary="Ask a colleague for feedback")
def create_request(request: HttpRequest, payload: schemas.RequestIn) -> Reply[Any]:
    found = services.request_feedback(actor=actor_of(request, write=True),
                                      requested_id=payload.requested_id,
                                      question=payload.question, goal_id=payload.goal_id)
    return Reply(201, request_out(found))


@router.post("/feedback/requests/{int:request_id}/answer", response={201: schemas.FeedbackOut},
             summary="Answer a request with feedback")
def answer_request(request: HttpRequest, request_id: int,
                   payload: schemas.AnswerRequestIn) -> Reply[Any]:
    feedback = services.answer_request(
        actor=actor_of(request, write=True), request_id=request_id, kind=payload.kind,
        text_=payload.text, visibility=payload.visibility, behaviour=payload.behaviour)
    return Reply(201, feedback_out(feedback))


@router.post("/feedback/requests/{int:request_id}/decline", response=schemas.RequestOut,
             summary="Decline a request")
def decline_request(request: HttpRequest, request_id: int,
                    payload: schemas.DeclineIn) -> dict[str, Any]:
    return request_out(services.decline_request(actor=actor_of(request, write=True),
                                                request_id=request_id, reason=payload.reason))
