"""Who may read which feedback: the one place that decides, for pages, API, evidence and demo.

* **private**: the giver and the recipient, nobody else — not their managers, not HR.
* **recipient and managers**: the two people, the recipient's managers all the way up the
  reporting line, and HR whose scope covers the recipient (HR admins: everyone; HR business
  partners: their units). HR reads these because they are part of the performance record.
* **public**: everyone inside the group (partner users are not).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.feedback.models import Feedback, FeedbackRequest, Kind, RequestStatus, Visibility


def _manager_scope(actor: Actor) -> Q:
    """Feedback of visibility "manager" the caller may read as a manager or HR."""
    scope = Q(pk__in=[])
    if actor.reporting_path:
        scope |= tree.subtree_q("recipient__path", actor.reporting_path, include_self=False)
    if actor.is_hr_admin:
        scope = Q()
    else:
        for path in actor.hrbp_unit_paths:
            scope |= tree.subtree_q("recipient__unit__path", path)
    return Q(visibility=Visibility.MANAGER) & scope


def readable_q(actor: Actor) -> Q:
    """The condition on Feedback rows the caller may read."""
    q = Q(pk__in=[])
    if actor.person_id is not None:
        q |= Q(giver_id=actor.person_id) | Q(recipient_id=actor.person_id)
    if actor.is_internal:
        q |= Q(visibility=Visibility.PUBLIC)
    q |= _manager_scope(actor)
    return q


def feedback_readable_by(actor: Actor) -> QuerySet[Feedback]:
    if not actor.is_internal:
        return Feedback.objects.none()
    return Feedback.objects.filter(readable_q(actor))


def list_feedback(actor: Actor, *, recipient_id: int | None = None, giver_id: int | None = None,
                  kind: str | None = None, visibility: str | None = None,
                  source: str | None = None) -> QuerySet[Feedback]:
    """Feedback the caller may read, newest first; every filter only narrows that set."""
    rows = feedback_readable_by(actor).select_related("giver", "recipient", "goal")
    if recipient_id is not None:
        rows = rows.filter(recipient_id=recipient_id)
    if giver_id is not None:
        rows = rows.filter(giver_id=giver_id)
    if kind:
        rows = rows.filter(kind=kind)
    if visibility:
        rows = rows.filter(visibility=visibility)
    if source:
        rows = rows.filter(source=source)
    return rows.order_by("-created_at", "-pk")


def received(actor: Actor) -> QuerySet[Feedback]:
    if actor.person_id is None:
        return Feedback.objects.none()
    return list_feedback(actor, recipient_id=actor.person_id)


def given(actor: Actor) -> QuerySet[Feedback]:
    if actor.person_id is None:
        return Feedback.objects.none()
    return list_feedback(actor, giver_id=actor.person_id)


def access_feedback(actor: Actor, feedback_id: int) -> Feedback:
    """One item; a reader other than the two people in it is a sensitive read (audited)."""
    found = (feedback_readable_by(actor).select_related("giver", "recipient", "goal")
             .filter(pk=feedback_id).first())
    if found is None:
        raise NotFound
    if actor.person_id not in (found.giver_id, found.recipient_id):
        audit.record(actor, audit.draft_for(found, Action.READ))
    return found


def counts_by_kind(rows: QuerySet[Feedback]) -> dict[str, int]:
    """{"praise": n, "constructive": n, "suggestion": n}, every kind present."""
    counts = {k: 0 for k in Kind.values}
    for row in rows.order_by().values("kind").annotate(n=Count("pk")):
        counts[row["kind"]] = row["n"]
    return counts


# --- requests ------------------------------------------------------------------------------


def requests_incoming(actor: Actor, *, only_open: bool = False) -> QuerySet[FeedbackRequest]:
    if actor.person_id is None:
        return FeedbackRequest.objects.none()
    rows = FeedbackRequest.objects.filter(requested_id=actor.person_id)
    if only_open:
        rows = rows.filter(status=RequestStatus.OPEN)
    return rows.select_related("requester", "requested", "goal")


def requests_outgoing(actor: Actor) -> QuerySet[FeedbackRequest]:
    if actor.person_id is None:
        return FeedbackRequest.objects.none()
    return FeedbackRequest.objects.filter(requester_id=actor.person_id).select_related(
        "requester", "requested", "goal")


def access_request(actor: Actor, request_id: int) -> FeedbackRequest:
    """A request is seen by the two people in it only."""
    if actor.person_id is None:
        raise NotFound
    found = (FeedbackRequest.objects.select_related("requester", "requested", "goal")
             .filter(Q(requester_id=actor.person_id) | Q(requested_id=actor.person_id),
                     pk=request_id).first())
    if found is None:
        raise NotFound
    return found
