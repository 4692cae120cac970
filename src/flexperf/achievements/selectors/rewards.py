"""Reads of the rewards store and redemptions."""

from __future__ import annotations

from django.db.models import QuerySet

from flexperf.achievements.access import require_hr
from flexperf.achievements.models import Redemption, RedemptionStatus, Reward
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.org.selectors import hr_scope, people_visible_to


def store(actor: Actor) -> QuerySet[Reward]:
    """Active rewards, for everyone inside the group."""
    if not actor.is_internal:
        return Reward.objects.none()
    return Reward.objects.filter(active=True).order_by("cost", "pk")


def catalogue(actor: Actor) -> QuerySet[Reward]:
    """Every reward, active or not (HR)."""
    require_hr(actor)
    return Reward.objects.order_by("-active", "cost", "pk")


def access_reward(actor: Actor, reward_id: int) -> Reward:
    rows = Reward.objects.all() if actor.is_hr else store(actor)
    found = rows.filter(pk=reward_id).first()
    if found is None:
        raise NotFound
    return found


def redemptions_visible_to(actor: Actor) -> QuerySet[Redemption]:
    """One's own redemptions; HR: those of the people in their HR scope."""
    rows = Redemption.objects.select_related("reward", "person", "person__unit")
    if actor.is_hr:
        people = people_visible_to(actor).filter(hr_scope(actor)).values("pk")
        if actor.person_id is not None:
            return rows.filter(person__in=people) | rows.filter(person_id=actor.person_id)
        return rows.filter(person__in=people)
    if actor.person_id is None:
        return rows.none()
    return rows.filter(person_id=actor.person_id)


def my_redemptions(actor: Actor) -> QuerySet[Redemption]:
    if actor.person_id is None:
        return Redemption.objects.none()
    return redemptions_visible_to(actor).filter(person_id=actor.person_id).order_by(
        "-created_at", "-pk")


def approval_queue(actor: Actor) -> QuerySet[Redemption]:
    require_hr(actor)
    rows = redemptions_visible_to(actor).filter(status=RedemptionStatus.PENDING)
    if actor.person_id is not None:
        rows = rows.exclude(person_id=actor.person_id)
    return rows.order_by("created_at", "pk")


def access_redemption(actor: Actor, redemption_id: int) -> Redemption:
    found = redemptions_visible_to(actor).filter(pk=redemption_id).first()
    if found is None:
        raise NotFound
    return found
