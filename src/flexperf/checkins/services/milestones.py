"""Milestone (stage) reviews of project goals (C2): once a milestone is reached — accepted,
or its due date passed — those who manage the goal review it (what was delivered, quality
1–5, lessons, stage rating), without waiting for the project's end. One review per
milestone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.checkins import events
from flexperf.checkins.models import MilestoneReview
from flexperf.checkins.stages import stage_ratings
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound
from flexperf.core.events import emit
from flexperf.goals.models import Milestone
from flexperf.goals.selectors import can_manage_goal, goals_visible_to
from flexperf.goals.services import Checks
from flexperf.notifications.services import message, notify

REVIEW_FIELDS = ("milestone", "goal", "delivered", "quality", "lessons", "stage_rating",
                 "reviewed_on")


def access_milestone(actor: Actor, milestone_id: int) -> Milestone:
    found = (Milestone.objects.filter(goal__in=goals_visible_to(actor).values("pk"))
             .select_related("goal", "goal__person", "goal__person__unit", "goal__person__user",
                             "goal__unit", "goal__period")
             .filter(pk=milestone_id).first())
    if found is None:
        raise NotFound
    return found


def is_reached(milestone: Milestone, on: dt.date) -> bool:
    return milestone.accepted_on is not None or milestone.due < on


def review_milestone(*, actor: Actor, milestone_id: int, delivered: str, quality: object,
                     stage_rating: str, lessons: str = "", on: dt.date | None = None
                     ) -> MilestoneReview:
    milestone = access_milestone(actor, milestone_id)
    goal = milestone.goal
    if not can_manage_goal(actor, goal):
        raise Forbidden
    today = on or clock.today()
    checks = Checks()
    if not is_reached(milestone, today):
        checks.add("milestone", _("The milestone is not reached yet: accept it, or review it "
                                  "after its due date (%(day)s).")
                   % {"day": milestone.due.isoformat()})
    if MilestoneReview.objects.filter(milestone=milestone).exists():
        checks.add("milestone", _("This milestone was already reviewed."))
    text = checks.text(delivered, "delivered", max_length=5000, required=True)
    lessons = checks.text(lessons, "lessons", max_length=5000)
    number = checks.number(quality, "quality", required=True)
    if number is not None and (number != number.to_integral_value() or not 1 <= number <= 5):
        checks.add("quality", _("Give a whole number from 1 to 5."))
    rating = checks.choice(stage_rating, "stage_rating", [k for k, _l in stage_ratings()])
    if not rating and not checks.has("stage_rating"):
        checks.add("stage_rating", _("This field is required."))
    checks.raise_if_any()
    assert number is not None
    with transaction.atomic():
        review = MilestoneReview.objects.create(
            milestone=milestone, goal=goal, delivered=text, quality=int(number),
            lessons=lessons, stage_rating=rating, reviewed_by_id=actor.person_id,
            reviewed_by_username=actor.username[:150], reviewed_on=today)
        audit.record(actor, audit.draft_for(review, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(review, REVIEW_FIELDS))))
        owner = goal.person
        if owner is not None and owner.pk != actor.person_id:
            notify(recipients=[owner.user], kind="milestone_reviewed",
                   title=message(gettext_lazy("Milestone reviewed: %(name)s"),
                                 name=milestone.name),
                   url=reverse("goal_detail", args=[goal.pk]))
        emit(events.MilestoneReviewed(review.pk, goal.pk))
    return review
