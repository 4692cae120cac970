"""Reads of the checkins domain, always scoped to the caller.

A person's check-ins go with their person record: the person, managers up the chain and HR
whose units cover them (`org.selectors.people_visible_to`); nobody else — auditors and partner
users see none but their own. Milestone reviews go with the goal (`goals_visible_to`).
"""

from __future__ import annotations

from django.db.models import QuerySet

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.checkins.models import Checkin, CheckinLine, MilestoneReview
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.goals.selectors import goals_visible_to
from flexperf.org.models import Person
from flexperf.org.selectors import people_visible_to


def checkins_visible_to(actor: Actor) -> QuerySet[Checkin]:
    if actor.is_hr_admin:
        return Checkin.objects.all()
    return Checkin.objects.filter(person__in=people_visible_to(actor).values("pk"))


def access_checkin(actor: Actor, checkin_id: int, *, record_read: bool = True) -> Checkin:
    """The check-in, or NotFound when it does not exist or the caller may not see it. Reading
    someone else's check-in goes to the audit trail."""
    checkin = (checkins_visible_to(actor)
               .select_related("person", "person__unit", "person__manager", "discussed_by")
               .filter(pk=checkin_id).first())
    if checkin is None:
        raise NotFound
    if record_read and checkin.person_id != actor.person_id:
        audit.record(actor, audit.draft_for(checkin, Action.READ))
    return checkin


def lines_of(checkin: Checkin) -> list[CheckinLine]:
    return list(checkin.lines.select_related("goal", "metric", "measurement")
                .order_by("goal__title", "pk"))


def manages(actor: Actor, person: Person) -> bool:
    """A manager anywhere above the person in the reporting line (not HR, not oneself)."""
    return bool(actor.reporting_path and person.pk != actor.person_id
                and tree.is_within(person.path, actor.reporting_path))


def can_submit(actor: Actor, checkin: Checkin) -> bool:
    return checkin.person_id == actor.person_id and checkin.status == "due"


def can_discuss(actor: Actor, checkin: Checkin) -> bool:
    return checkin.status == "submitted" and manages(actor, checkin.person)


def my_checkins(actor: Actor) -> QuerySet[Checkin]:
    if actor.person_id is None:
        return Checkin.objects.none()
    return Checkin.objects.filter(person_id=actor.person_id).order_by("-window_end")


def person_checkins(actor: Actor, person_id: int) -> QuerySet[Checkin]:
    return (checkins_visible_to(actor).filter(person_id=person_id)
            .prefetch_related("lines__goal").order_by("-window_end"))


def milestone_reviews_visible_to(actor: Actor) -> QuerySet[MilestoneReview]:
    return MilestoneReview.objects.filter(goal__in=goals_visible_to(actor).values("pk"))


def person_milestone_reviews(actor: Actor, person_id: int) -> QuerySet[MilestoneReview]:
    return (milestone_reviews_visible_to(actor).filter(goal__person_id=person_id)
            .select_related("milestone", "goal", "reviewed_by").order_by("-reviewed_on", "-pk"))


def access_milestone_review(actor: Actor, review_id: int) -> MilestoneReview:
    found = (milestone_reviews_visible_to(actor).select_related("milestone", "goal")
             .filter(pk=review_id).first())
    if found is None:
        raise NotFound
    return found
