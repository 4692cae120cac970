"""Reads of notifications: a user sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.notifications.models import Notification


def notifications_of(actor: Actor, *, unread: bool | None = None) -> QuerySet[Notification]:
    """The caller's notifications, newest first; `unread` True/False narrows to unread/read."""
    if actor.user_id is None:
        return Notification.objects.none()
    mine = Notification.objects.filter(recipient_id=actor.user_id)
    if unread is not None:
        mine = mine.filter(read_at__isnull=unread)
    return mine.order_by("-created_at", "-pk")


def unread_count(actor: Actor) -> int:
    return notifications_of(actor, unread=True).count()


def access_notification(actor: Actor, notification_id: int, *,
                        for_update: bool = False) -> Notification:
    """One of the caller's notifications; someone else's does not exist for them."""
    mine = notifications_of(actor)
    if for_update:
        mine = mine.select_for_update()
    notification = mine.filter(pk=notification_id).first()
    if notification is None:
        raise NotFound
    return notification
