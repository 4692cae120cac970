"""In-app notifications of the caller. Mount with prefix "" (paths start /notifications)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from flexperf.accounts.api_auth import actor_of
from flexperf.notifications import selectors, services
from flexperf.notifications.schemas import (
    MarkedOut,
    NotificationFilter,
    NotificationOut,
    UnreadCountOut,
)

router = Router(tags=["notifications"])


@router.get("/notifications", response=list[NotificationOut], summary="Your notifications")
@paginate(PageNumberPagination)
def list_notifications(request: HttpRequest, filters: Query[NotificationFilter]) -> Any:
    """Newest first; `unread=true` for the unread ones only."""
    return selectors.notifications_of(actor_of(request), unread=filters.unread)


@router.get("/notifications/unread-count", response=UnreadCountOut,
            summary="How many of your notifications are unread")
def unread_count(request: HttpRequest) -> dict[str, int]:
    return {"unread": selectors.unread_count(actor_of(request))}


@router.post("/notifications/read-all", response=MarkedOut,
             summary="Mark all your notifications read")
def read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_all_read(actor=actor_of(request, write=True))}


@router.post("/notifications/{int:notification_id}/read", response=NotificationOut,
             summary="Mark one notification read")
def read_one(request: HttpRequest, notification_id: int) -> Any:
    """Someone else's notification answers 404."""
    return services.mark_read(actor=actor_of(request, write=True),
                              notification_id=notification_id)
