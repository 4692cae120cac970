"""The notifications page: the caller's notifications, newest first; open one (marks it read
and follows its link), mark one or all read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from flexperf.core.views import current_actor, page
from flexperf.notifications import selectors, services

PAGE_SIZE = 30


@require_GET
@page()
def notifications(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    unread_only = request.GET.get("unread") == "1"
    rows = Paginator(selectors.notifications_of(actor, unread=True if unread_only else None),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "rows": rows, "unread_only": unread_only, "unread": selectors.unread_count(actor),
    })


@require_POST
@page()
def read_one(request: HttpRequest, notification_id: int) -> HttpResponse:
    services.mark_read(actor=current_actor(request), notification_id=notification_id)
    return redirect("notifications")


@require_POST
@page()
def open_one(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go where it points (a path inside flexperf only)."""
    notification = services.mark_read(actor=current_actor(request),
                                      notification_id=notification_id)
    url = notification.url
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(url)
    return redirect("notifications")


@require_POST
@page()
def read_all(request: HttpRequest) -> HttpResponse:
    marked = services.mark_all_read(actor=current_actor(request))
    messages.success(request, _("%(n)d notifications were marked read.") % {"n": marked}
                     if marked else _("Nothing was unread."))
    return redirect("notifications")
