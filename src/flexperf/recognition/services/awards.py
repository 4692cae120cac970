"""Peer recognition: a giver awards points from their monthly budget to a colleague, with a
message and a behaviour/value tag, optionally about a goal. Anti-gaming (antigaming.py) applies
here: the per-pair cap, diminishing returns, and the reciprocal ping-pong flag whose points are
held for HR."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError, checked_text
from flexperf.core.events import emit
from flexperf.goals.selectors.access import goals_visible_to
from flexperf.org.models import Person, Status
from flexperf.recognition import antigaming, events, periods
from flexperf.recognition.models import Award, Flag, FlagStatus, Hold, Policy, TxnKind, Visibility
from flexperf.recognition.services.budgets import ensure_budget
from flexperf.recognition.services.common import me, policy
from flexperf.recognition.services.ledger import hold_account, person_account, post
from flexperf.recognition.tags import TAGS


@dataclass(frozen=True)
class AwardIn:
    recipient_id: int | None
    points: int
    message: str
    tag: str
    goal_id: int | None = None
    visibility: str = Visibility.PUBLIC


def _recipient(person_id: int | None, giver: Person) -> Person:
    if person_id is None:
        raise ServiceError(Problem("recipient_id", _("Choose a colleague.")))
    found = (Person.objects.select_related("unit")
             .filter(pk=person_id, status=Status.ACTIVE).first())
    if found is None:
        raise ServiceError(Problem("recipient_id", _("No active colleague with this id.")))
    if found.pk == giver.pk:
        raise ServiceError(Problem("recipient_id", _("You cannot recognise yourself.")))
    return found


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _open_flag(a: int, b: int) -> Flag | None:
    low, high = _pair(a, b)
    return (Flag.objects.select_for_update()
            .filter(person_a_id=low, person_b_id=high, status=FlagStatus.OPEN).first())


def _detect(actor: Actor, giver: Person, recipient: Person, on: dt.date,
            rules: Policy) -> Flag | None:
    """A new flag when the pair recognised each other too often within the window (this award
    included); the earlier awards of the window join it, their points moved into hold as far as
    the recipients still have them."""
    since = on - dt.timedelta(days=rules.pingpong_window_days)
    window = Award.objects.filter(on__gte=since, on__lte=on, flag__isnull=True)
    forward = window.filter(giver=giver, recipient=recipient)
    backward = window.filter(giver=recipient, recipient=giver)
    a_to_b, b_to_a = forward.count() + 1, backward.count()
    if not antigaming.is_reciprocal(a_to_b, b_to_a, min_each=rules.pingpong_min_each):
        return None
    low, high = _pair(giver.pk, recipient.pk)
    flag = Flag.objects.create(
        person_a_id=low, person_b_id=high, opened_on=on,
        a_to_b=a_to_b if low == giver.pk else b_to_a,
        b_to_a=b_to_a if low == giver.pk else a_to_b, window_days=rules.pingpong_window_days)
    earlier = list(window.filter(Q(giver=giver, recipient=recipient)
                                 | Q(giver=recipient, recipient=giver)).order_by("pk"))
    for award in earlier:
        available = person_account(award.recipient_id)
        available.refresh_from_db()
        points = min(award.points, available.balance)
        if points > 0:
            txn = post(actor=actor, kind=TxnKind.HOLD, on=on,
                       legs=[(available, -points), (hold_account(award.recipient_id), points)],
                       source="flag", reason=f"flag {flag.pk}")
            Hold.objects.create(flag=flag, award=award, txn=txn,
                                person_id=award.recipient_id, points=points)
    Award.objects.filter(pk__in=[a.pk for a in earlier]).update(flag=flag)
    audit.record(actor, audit.draft_for(flag, Action.CREATE, context={
        "pair": [low, high], "a_to_b": flag.a_to_b, "b_to_a": flag.b_to_a}))
    emit(events.PointsFlagged(flag.pk, (low, high)))
    return flag


def give_recognition(*, actor: Actor, data: AwardIn, on: dt.date | None = None) -> Award:
    """Award points from the caller's budget for this month to an active colleague."""
    giver = me(actor)
    recipient = _recipient(data.recipient_id, giver)
    rules = policy()
    points = data.points
    if not isinstance(points, int) or isinstance(points, bool) or not (
            1 <= points <= rules.max_per_award):
        raise ServiceError(Problem("points", _("Give from 1 to %(n)d points.")
                                   % {"n": rules.max_per_award}))
    message = checked_text(data.message, "message", limit=1000)
    if data.tag not in TAGS:
        raise ServiceError(Problem("tag", _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(TAGS)}))
    if data.visibility not in Visibility.values:
        raise ServiceError(Problem("visibility", _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(Visibility.values)}))
    goal = None
    if data.goal_id is not None:
        goal = goals_visible_to(actor).filter(pk=data.goal_id).first()
        if goal is None:
            raise ServiceError(Problem("goal_id", _("No goal with this id that you may see.")))
    day = on or clock.today()
    period = periods.period_of(day)
    start, end = periods.bounds(period)
    with transaction.atomic():
        budget = ensure_budget(actor=actor, person_id=giver.pk, period=period)
        # Lock the budget first: concurrent awards by one giver serialise here, so the pair
        # counts and the balance below are what the previous award left.
        budget = type(budget).objects.select_for_update().get(pk=budget.pk)
        pair = Award.objects.filter(giver=giver, recipient=recipient, on__gte=start, on__lte=end)
        given = pair.aggregate(s=Sum("points"))["s"] or 0
        value = antigaming.diminished_points(points, pair.count(), free_awards=rules.free_awards,
                                             decay_percent=rules.decay_percent)
        room = antigaming.pair_room(given, pair_cap=rules.pair_cap)
        if value > room:
            raise ServiceError(Problem("points", _(
                "At most %(cap)d points a month from you to %(name)s: %(left)d left.")
                % {"cap": rules.pair_cap, "name": recipient.name, "left": room}))
        if value > budget.balance:
            raise ServiceError(Problem("points", _(
                "Your budget for %(period)s has %(left)d points left.")
                % {"period": period, "left": budget.balance}))
        flag = _open_flag(giver.pk, recipient.pk) or _detect(actor, giver, recipient, day, rules)
        credit = hold_account(recipient.pk) if flag else person_account(recipient.pk)
        txn = post(actor=actor, kind=TxnKind.AWARD, on=day,
                   legs=[(budget, -value), (credit, value)], source="peer",
                   reason=data.tag)
        award = Award.objects.create(
            giver=giver, recipient=recipient, points=value, asked_points=points, tag=data.tag,
            message=message, goal=goal, visibility=data.visibility,
            cross_unit=giver.unit_id != recipient.unit_id, on=day, txn=txn, flag=flag)
        if flag is not None:
            Hold.objects.create(flag=flag, award=award, txn=txn, person=recipient,
                                points=value)
        audit.record(actor, audit.draft_for(award, Action.CREATE, context={
            "giver": giver.pk, "recipient": recipient.pk, "points": value, "tag": data.tag,
            "visibility": data.visibility, "goal": goal.pk if goal else None,
            "held": flag is not None}))
        emit(events.RecognitionGiven(award.pk, giver.pk, recipient.pk, data.tag, value,
                                     award.cross_unit))
    return award
