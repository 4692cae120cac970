"""The page shell: the `page` decorator every view uses, the home dashboard and error pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.static import serve

from flexperf.core import tree
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, NotFound
from flexperf.org import selectors as org
from flexperf.org.models import LeaveReason, Person, Segment, Status

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


@dataclass
class HrFigures:
    headcount: int
    leavers: int
    leavers_by_reason: list[tuple[str, int]]
    year: int


@dataclass
class CompanyFigures:
    name: str
    headcount: int = 0
    by_segment: dict[str, int] = field(default_factory=dict)


def hr_figures(actor: Actor) -> HrFigures:
    """Active headcount and this year's leavers by reason inside the caller's HR scope.

    Composes the scoped selectors; belongs in org.selectors once that module takes it."""
    year = timezone.localdate().year
    scoped = org.people_visible_to(actor).filter(org.hr_scope(actor))
    headcount = scoped.filter(status=Status.ACTIVE).count()
    rows = (
        scoped.filter(status=Status.LEFT, leave_date__year=year)
        .values_list("leave_reason").annotate(n=Count("pk")).order_by("-n", "leave_reason")
    )
    labels = dict(LeaveReason.choices)
    by_reason = [(str(labels.get(reason, reason)), n) for reason, n in rows]
    return HrFigures(headcount=headcount, leavers=sum(n for _, n in by_reason),
                     leavers_by_reason=by_reason, year=year)


def executive_figures(actor: Actor) -> list[CompanyFigures]:
    """Active headcount by company and segment over the executive's units: aggregates only,
    taken from the unit tree's head-counts (no person rows are read)."""
    companies: dict[int, CompanyFigures] = {}
    segments = dict(Segment.choices)

    def walk(nodes: list[org.UnitNode], inside: bool) -> None:
        for node in nodes:
            unit = node.unit
            covered = inside or any(tree.is_within(unit.path, p)
                                    for p in actor.executive_unit_paths)
            n = node.direct_headcount
            if covered and n:
                figures = companies.setdefault(unit.company_id, CompanyFigures(unit.company.name))
                label = str(segments.get(unit.segment, unit.segment))
                figures.headcount += n
                figures.by_segment[label] = figures.by_segment.get(label, 0) + n
            walk(node.children, covered)

    walk(org.unit_tree(actor), False)
    return sorted(companies.values(), key=lambda c: c.name)


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
        "hr": hr_figures(actor) if actor.is_hr else None,
        "executive": executive_figures(actor) if actor.has(Role.EXECUTIVE) else None,
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
