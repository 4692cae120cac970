"""Giving feedback, asking for it, answering and declining a request.

The audit trail records who gave which kind of feedback to whom and how visibly — never the
text, so private feedback is not readable through the trail either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.accounts.models import User
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.feedback import events
from flexperf.feedback.models import Feedback, FeedbackRequest, Kind, RequestStatus, Visibility
from flexperf.feedback.selectors.feedback import access_request
from flexperf.feedback.services.common import CURRENT, colleague, me, text
from flexperf.goals.models import Goal
from flexperf.goals.selectors.access import goals_visible_to
from flexperf.notifications.services import notify
from flexperf.org.models import Person

AUDITED = ("giver", "recipient", "kind", "visibility", "behaviour", "goal", "source",
           "external_id", "request")


@dataclass(frozen=True)
class FeedbackIn:
    recipient_id: int | None
    kind: str
    text: str
    visibility: str = Visibility.MANAGER
    behaviour: str = ""
    goal_id: int | None = None
    source: str = "web"
    external_id: str = ""


@dataclass(frozen=True)
class Given:
    feedback: Feedback
    created: bool  # False: the same source + external id was posted before


def _choice(value: str, allowed: list[str], field: str) -> str:
    if value not in allowed:
        raise ServiceError(Problem(field, _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(allowed)}))
    return value


def _goal(actor: Actor, goal_id: int | None, field: str = "goal_id") -> Goal | None:
    if goal_id is None:
        return None
    goal = goals_visible_to(actor).filter(pk=goal_id).first()
    if goal is None:
        raise ServiceError(Problem(field, _("No goal with this id that you may see.")))
    return goal


def resolve_recipient(*, person_id: int | None = None, employee_number: str = "",
                      username: str = "") -> int | None:
    """The person meant by exactly one of: id, employee number, user name (for the inbound
    API). None when none was given; a problem naming `recipient` when more than one was
    given or nobody matches."""
    given = [v for v in (person_id, employee_number.strip(), username.strip()) if v]
    if not given:
        raise ServiceError(Problem("recipient", _(
            "Name the recipient by person id, employee number or user name.")))
    if len(given) > 1:
        raise ServiceError(Problem("recipient", _(
            "Name the recipient one way only: person id, employee number or user name.")))
    people = Person.objects.filter(status__in=CURRENT)
    if person_id:
        found = people.filter(pk=person_id).first()
    elif employee_number.strip():
        found = people.filter(employee_number=employee_number.strip()).first()
    else:
        found = people.filter(user__username=username.strip()).first()
    if found is None:
        raise ServiceError(Problem("recipient", _("No current colleague matches.")))
    return found.pk


def give_feedback(*, actor: Actor, data: FeedbackIn,
                  request: FeedbackRequest | None = None) -> Given:
    """Feedback from the caller to a colleague. With a source and an external id, posting the
    same message again returns the first feedback (created=False) instead of a duplicate."""
    giver = me(actor)
    source = text(data.source or "web", "source", limit=40)
    external_id = text(data.external_id, "external_id", limit=200, required=False)
    if external_id:
        earlier = Feedback.objects.filter(source=source, external_id=external_id).first()
        if earlier is not None:
            if earlier.giver_id != giver.pk:
                raise ServiceError(Problem("external_id", _(
                    "This external id was already used by another sender.")))
            return Given(earlier, created=False)
    recipient = colleague(data.recipient_id, "recipient")
    if recipient.pk == giver.pk:
        raise ServiceError(Problem("recipient", _("You cannot give feedback to yourself.")))
    kind = _choice(data.kind, list(Kind.values), "kind")
    visibility = _choice(data.visibility, list(Visibility.values), "visibility")
    body = text(data.text, "text")
    behaviour = text(data.behaviour, "behaviour", limit=200, required=False)
    goal = request.goal if request is not None else _goal(actor, data.goal_id)
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                giver=giver, recipient=recipient, kind=kind, visibility=visibility, text=body,
                behaviour=behaviour, goal=goal, request=request, source=source,
                external_id=external_id)
            audit.record(actor, audit.draft_for(feedback, Action.CREATE, changes=audit.diff(
                {}, audit.snapshot(feedback, AUDITED))))
            notify(recipients=[recipient.user], kind="feedback.received",
                   title=_("New feedback from %(name)s") % {"name": giver.name},
                   url=reverse("feedback_mine"))
            emit(events.FeedbackGiven(feedback.pk, giver.pk, recipient.pk, kind, visibility,
                                      source))
    except IntegrityError:  # the same external id posted twice at the same moment
        earlier = Feedback.objects.filter(source=source, external_id=external_id).first()
        if earlier is None or not external_id:
            raise
        return Given(earlier, created=False)
    return Given(feedback, created=True)


def request_feedback(*, actor: Actor, requested_id: int | None, question: str,
                     goal_id: int | None = None) -> FeedbackRequest:
    """Ask a colleague for feedback about oneself (optionally about one of one's goals)."""
    requester = me(actor)
    requested = colleague(requested_id, "requested")
    if requested.pk == requester.pk:
        raise ServiceError(Problem("requested", _("Ask someone other than yourself.")))
    body = text(question, "question", limit=2000)
    goal = _goal(actor, goal_id)
    with transaction.atomic():
        found = FeedbackRequest.objects.create(requester=requester, requested=requested,
                                               question=body, goal=goal)
        audit.record(actor, audit.draft_for(found, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(found, ("requester", "requested", "goal")))))
        notify(recipients=[requested.user], kind="feedback.requested",
               title=_("%(name)s asks for your feedback") % {"name": requester.name},
               body=body, url=reverse("feedback_requests"))
        emit(events.FeedbackRequested(found.pk, requester.pk, requested.pk))
    return found


def _open_request_for_me(actor: Actor, request_id: int) -> FeedbackRequest:
    found = access_request(actor, request_id)
    if found.requested_id != actor.person_id:
        raise NotFound
    if found.status != RequestStatus.OPEN:
        raise ServiceError(Problem("status", _("This request was already %(status)s.")
                                   % {"status": found.get_status_display().lower()}))
    return found


def answer_request(*, actor: Actor, request_id: int, kind: str, text_: str,
                   visibility: str = Visibility.MANAGER, behaviour: str = "") -> Feedback:
    """The asked colleague answers: feedback to the requester, linked to the request."""
    with transaction.atomic():
        found = _open_request_for_me(actor, request_id)
        locked = FeedbackRequest.objects.select_for_update().get(pk=found.pk)
        if locked.status != RequestStatus.OPEN:
            raise ServiceError(Problem("status", _("This request was already answered.")))
        given = give_feedback(actor=actor, request=found, data=FeedbackIn(
            recipient_id=found.requester_id, kind=kind, text=text_, visibility=visibility,
            behaviour=behaviour))
        locked.status, locked.closed_at = RequestStatus.ANSWERED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit.record(actor, audit.draft_for(locked, Action.UPDATE,
                                            changes={"status": ["open", "answered"]}))
    return given.feedback


def decline_request(*, actor: Actor, request_id: int, reason: str = "") -> FeedbackRequest:
    with transaction.atomic():
        found = _open_request_for_me(actor, request_id)
        found.status, found.closed_at = RequestStatus.DECLINED, timezone.now()
        found.decline_reason = text(reason, "reason", limit=500, required=False)
        found.save(update_fields=["status", "closed_at", "decline_reason"])
        audit.record(actor, audit.draft_for(found, Action.UPDATE,
                                            changes={"status": ["open", "declined"]}))
        requester_user: User | None = found.requester.user
        notify(recipients=[requester_user], kind="feedback.declined",
               title=_("%(name)s declined your feedback request")
               % {"name": found.requested.name}, url=reverse("feedback_requests"))
    return found
