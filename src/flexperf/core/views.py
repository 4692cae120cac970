"""The page shell: the `page` decorator every view uses, the home dashboard and error pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template import loader
from django.views.static import serve

from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, NotFound
from flexperf.org import selectors as org
from flexperf.org.models import Person

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def current_actor(request: HttpRequest) -> Actor:
    """The signed-in caller (set by ActorMiddleware)."""
    actor = getattr(request, "actor", None)
    if not isinstance(actor, Actor):  # the lazy wrapper proxies isinstance to what it holds
        raise PermissionDenied
    return actor


def page(*, allow: Callable[[Actor], bool] | None = None) -> Callable[[View], View]:
    """A signed-in page: `allow` says which roles may open it at all (403 otherwise); a record
    outside the caller's scope (NotFound from a selector) becomes the 404 page."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if allow is not None and not allow(current_actor(request)):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404 from None
            except Forbidden:
                raise PermissionDenied from None

        return cast(View, login_required(wrapper))

    return decorate


def visible_ids(actor: Actor, ids: list[int]) -> set[int]:
    """Which of these people's records the caller may open: a card links to the person page
    only then (everywhere else the name is plain text, never a link to a 404)."""
    if not ids:
        return set()
    return set(org.people_visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))


def internal(actor: Actor) -> bool:
    """Members of the group (not partner users)."""
    return actor.is_internal


# --- home ---------------------------------------------------------------------------------


@page()
def home(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    me: Person | None = None
    team: list[Person] = []
    if actor.person_id is not None:
        me = org.access_person(actor, actor.person_id, record_read=False)
        if actor.has(Role.MANAGER):
            team = list(org.direct_reports(actor, me).select_related("unit", "position"))
    manager = me.manager if me else None
    ids = [p.pk for p in team] + ([manager.pk] if manager else [])
    return render(request, "core/home.html", {
        "me": me,
        "me_visible": {me.pk} if me else set(),
        "manager": manager,
        "team": team,
        "visible_ids": visible_ids(actor, ids),
        "hr": org.hr_figures(actor) if actor.is_hr else None,
        "executive": org.executive_figures(actor) if actor.has(Role.EXECUTIVE) else None,
    })


@login_required
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded files (photos) are for signed-in colleagues only."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Forbidden."}, status=403)
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    # No request context: the database may be what failed, and the shell would query it.
    return HttpResponse(loader.render_to_string("500.html"), status=500)
