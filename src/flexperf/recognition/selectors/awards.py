"""Who may read which peer award, contribution and points history.

* **public** awards: everyone inside the group (the wall).
* **private** awards: the giver, the recipient and the managers above either of them (their
  reporting lines), nobody else — not HR, not the auditor.
* A person's points history and balance: the person, their managers, HR in scope
  (``org.selectors.people_visible_to``); another person's history is a sensitive read.
* Contributions: the person and whoever may read their record; contributions name no secrets
  but a mentee, so they are not public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.org.models import Person
from flexperf.org.selectors import access_person, people_visible_to
from flexperf.recognition.models import Award, Contribution, Flag, FlagStatus, HoldState, Visibility
from flexperf.recognition.tags import tag_label


def readable_q(actor: Actor) -> Q:
    q = Q(pk__in=[])
    if actor.is_internal:
        q |= Q(visibility=Visibility.PUBLIC)
    if actor.person_id is not None:
        q |= Q(giver_id=actor.person_id) | Q(recipient_id=actor.person_id)
    if actor.reporting_path:
        q |= tree.subtree_q("recipient__path", actor.reporting_path, include_self=False)
        q |= tree.subtree_q("giver__path", actor.reporting_path, include_self=False)
    return q


def awards_readable_by(actor: Actor) -> QuerySet[Award]:
    if not actor.is_internal:
        return Award.objects.none()
    return Award.objects.filter(readable_q(actor))


def list_awards(actor: Actor, *, recipient_id: int | None = None, giver_id: int | None = None,
                tag: str | None = None) -> QuerySet[Award]:
    rows = (awards_readable_by(actor).select_related("giver", "recipient", "goal")
            .prefetch_related("holds"))
    if recipient_id is not None:
        rows = rows.filter(recipient_id=recipient_id)
    if giver_id is not None:
        rows = rows.filter(giver_id=giver_id)
    if tag:
        rows = rows.filter(tag=tag)
    return rows.order_by("-on", "-pk")


def wall(actor: Actor) -> QuerySet[Award]:
    """The wall: every award the caller may read, newest first (reversed ones left out)."""
    return list_awards(actor).exclude(holds__state=HoldState.REVERSED)


def access_award(actor: Actor, award_id: int) -> Award:
    found = list_awards(actor).filter(pk=award_id).first()
    if found is None:
        raise NotFound
    return found


@dataclass(frozen=True)
class RecognitionView:
    id: int
    giver_id: int
    giver_name: str
    recipient_id: int
    recipient_name: str
    message: str
    tag: str
    tag_label: str
    points: int
    at: dt.date
    goal_id: int | None
    visibility: str
    held: bool
    cross_unit: bool


def view_of(award: Award) -> RecognitionView:
    return RecognitionView(
        id=award.pk, giver_id=award.giver_id, giver_name=award.giver.name,
        recipient_id=award.recipient_id, recipient_name=award.recipient.name,
        message=award.message, tag=award.tag, tag_label=tag_label(award.tag),
        points=award.points, at=award.on, goal_id=award.goal_id, visibility=award.visibility,
        held=any(h.state == HoldState.HELD for h in award.holds.all()), cross_unit=award.cross_unit)


def recognitions_received(actor: Actor, person_id: int, *, limit: int = 50
                          ) -> list[RecognitionView]:
    """Awards the person received that the caller may read, newest first."""
    rows = wall(actor).filter(recipient_id=person_id)[:max(0, limit)]
    return [view_of(a) for a in rows]


def endorsement_counts(person_id: int) -> dict[str, int]:
    """Tag → number of peer awards the person received (reversed ones not counted)."""
    rows = (Award.objects.filter(recipient_id=person_id)
            .exclude(holds__state=HoldState.REVERSED)
            .values("tag").annotate(n=Count("pk")).order_by())
    return {r["tag"]: int(r["n"]) for r in rows}


def access_points_of(actor: Actor, person_id: int) -> Person:
    """The person whose balance and history the caller may read (self, managers, HR in
    scope); NotFound otherwise. Reading someone else's is audited."""
    if actor.person_id == person_id:
        found = Person.objects.filter(pk=person_id).first()
        if found is None:
            raise NotFound
        return found
    person = access_person(actor, person_id, record_read=False)
    audit.record(actor, audit.Draft(action=Action.READ, object_type="recognition.points",
                                    object_id=str(person.pk), object_repr=person.name))
    return person


def contributions_readable_by(actor: Actor) -> QuerySet[Contribution]:
    if not actor.is_internal:
        return Contribution.objects.none()
    people = people_visible_to(actor).values("pk")
    q = Q(person_id__in=people)
    if actor.person_id is not None:
        q |= Q(person_id=actor.person_id)
    return Contribution.objects.filter(q).select_related("person", "other_person")


def flags(actor: Actor, *, status: str | None = FlagStatus.OPEN) -> QuerySet[Flag]:
    from flexperf.recognition.services.common import require_hr_admin

    require_hr_admin(actor)
    rows = Flag.objects.select_related("person_a", "person_b").prefetch_related("holds")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-pk")
