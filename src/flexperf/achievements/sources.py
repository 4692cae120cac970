"""Where quest activity comes from: each source domain's records, read for counting only.

Two ways in, one result (the `Activity` rows, unique per kind and source key):
* subscribers (`subscribers.py`) turn each domain event into one activity as it happens;
* `backfill` reads the source domains' rows inside a date window, so a quest counts what
  happened before it was created or before someone joined, and a missed event is recovered.

Only ids, dates and kinds are read — never the text of feedback, check-ins or contributions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from flexperf.achievements import kinds
from flexperf.checkins.selectors import checkins_visible_to
from flexperf.core.actors import Actor
from flexperf.goals.selectors import goals_visible_to


@dataclass(frozen=True)
class Item:
    kind: str
    key: str
    person_id: int
    on: dt.date


def _local(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz))


# --- one record (subscribers) ----------------------------------------------------------------


def feedback_date(feedback_id: int) -> dt.date | None:
    from flexperf.feedback.models import Feedback  # counting only: id and date

    created = Feedback.objects.filter(pk=feedback_id).values_list("created_at", flat=True).first()
    return _local(created) if created else None


def checkin_date(checkin_id: int) -> dt.date | None:
    row = (checkins_visible_to(Actor.system()).filter(pk=checkin_id)
           .values_list("submitted_at", flat=True).first())
    return _local(row) if row else None


def milestone_owner(goal_id: int, milestone_id: int) -> tuple[int, dt.date | None] | None:
    """The person owning the goal and the day the milestone was accepted (person goals only)."""
    row = (goals_visible_to(Actor.system()).filter(pk=goal_id, person__isnull=False,
                                                   milestones__pk=milestone_id)
           .values_list("person_id", "milestones__accepted_on").first())
    if row is None:
        return None
    return int(row[0]), row[1]


# --- windows of records (recompute) ------------------------------------------------------------


def backfill(kind: str, start: dt.date, end: dt.date) -> Iterator[Item]:
    """Every activity of `kind` dated inside [start, end], from the source domain's rows."""
    if kind == kinds.FEEDBACK_GIVEN:
        from flexperf.feedback.models import Feedback  # counting only: ids and dates

        low, high = _range(start, end)
        rows = Feedback.objects.filter(created_at__gte=low, created_at__lt=high).values_list(
            "pk", "giver_id", "created_at")
        for pk, giver, at in rows.iterator(chunk_size=5000):
            yield Item(kind, f"feedback:{pk}", giver, _local(at))
    elif kind == kinds.CHECKIN_SUBMITTED:
        low, high = _range(start, end)
        checkins = checkins_visible_to(Actor.system()).filter(
            submitted_at__gte=low, submitted_at__lt=high).values_list(
            "pk", "person_id", "submitted_at")
        for pk, person, submitted in checkins.iterator(chunk_size=5000):
            if submitted is not None:
                yield Item(kind, f"checkin:{pk}", person, _local(submitted))
    elif kind == kinds.MILESTONE_ACCEPTED:
        goals = goals_visible_to(Actor.system()).filter(
            person__isnull=False, milestones__accepted_on__gte=start,
            milestones__accepted_on__lte=end).values_list(
            "milestones__pk", "person_id", "milestones__accepted_on")
        for pk, person, on in goals.iterator(chunk_size=5000):
            if on is not None and person is not None:
                yield Item(kind, f"milestone:{pk}", person, on)
    else:
        yield from _recognition_backfill(kind, start, end)


def _recognition_backfill(kind: str, start: dt.date, end: dt.date) -> Iterator[Item]:
    """Peer awards given, contributions logged (recognition) and badges received (badges)."""
    system = Actor.system()
    if kind == kinds.RECOGNITION_GIVEN:
        from flexperf.recognition.models import Award  # counting only: ids and dates

        awards = Award.objects.filter(on__gte=start, on__lte=end).values_list(
            "pk", "giver_id", "on")
        for pk, giver, on in awards.iterator(chunk_size=5000):
            yield Item(kind, f"recognition:{pk}", giver, on)
    elif kind in kinds.CONTRIBUTION_KINDS.values():
        from flexperf.recognition.selectors.awards import contributions_readable_by

        source = next(k for k, v in kinds.CONTRIBUTION_KINDS.items() if v == kind)
        rows = contributions_readable_by(system).filter(
            kind=source, on__gte=start, on__lte=end).values_list("pk", "person_id", "on")
        for pk, person, on in rows.iterator(chunk_size=5000):
            yield Item(kind, f"contribution:{pk}", person, on)
    elif kind == kinds.BADGE_RECEIVED:
        from flexperf.badges.selectors import list_awards

        awarded = list_awards(system).filter(
            issued_on__gte=start, issued_on__lte=end).values_list("pk", "person_id", "issued_on")
        for pk, person, on in awarded.iterator(chunk_size=5000):
            yield Item(kind, f"badge:{pk}", person, on)


def contribution_date(contribution_id: int) -> dt.date | None:
    from flexperf.recognition.selectors.awards import contributions_readable_by

    return (contributions_readable_by(Actor.system()).filter(pk=contribution_id)
            .values_list("on", flat=True).first())


def recognition_date(award_id: int) -> dt.date | None:
    from flexperf.recognition.models import Award  # counting only: the date

    return Award.objects.filter(pk=award_id).values_list("on", flat=True).first()


def badge_date(award_id: int) -> dt.date | None:
    from flexperf.badges.selectors import list_awards

    return (list_awards(Actor.system()).filter(pk=award_id)
            .values_list("issued_on", flat=True).first())
