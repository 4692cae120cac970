"""External series (HR admin): the list, a new series, a series' points with the goals that
watch it, and loading points from a CSV or XLSX file (every row checked first; the report names
the row and column of each problem, and nothing is written unless all rows are good)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.core.views import current_actor, page
from flexperf.goals.forms.problems import place
from flexperf.goals.forms.series import PointsUploadForm, SeriesForm
from flexperf.goals.selectors import dynamic as selectors
from flexperf.goals.services import series as services
from flexperf.goals.views.common import is_hr_admin

POINTS_PAGE = 60


@require_http_methods(["GET", "POST"])
@page(allow=is_hr_admin)
def series_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.create_series(actor=actor, **form.cleaned_data)
        except ServiceError as error:
            place(error, form)
        else:
            messages.success(request, _("Series %(name)s was created.") % {"name": series.name})
            return redirect("series_detail", series_id=series.pk)
    return _list(request, actor, form)


def _list(request: HttpRequest, actor: Actor, form: SeriesForm) -> HttpResponse:
    series = (selectors.series_visible_to(actor)
              .annotate(point_count=Count("points", distinct=True),
                        watchers=Count("signal_links", filter=Q(signal_links__active=True),
                                       distinct=True))
              .order_by("code"))
    return render(request, "goals/series_list.html", {"series": series, "form": form},
                  status=422 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "POST"])
@page(allow=is_hr_admin)
def series_detail(request: HttpRequest, series_id: int) -> HttpResponse:
    actor = current_actor(request)
    series = selectors.access_series(actor, series_id)
    form = PointsUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.import_points(actor=actor, data=upload.read(),
                                            filename=upload.name or "points.csv",
                                            series_code=series.code)
        except ServiceError as error:
            place(error, form)
        else:
            if report.ok:
                counts = report.counts.get(series.code)
                messages.success(request, _("%(created)d new and %(updated)d changed points "
                                            "were loaded; %(unchanged)d were already there.")
                                 % {"created": counts.created if counts else 0,
                                    "updated": counts.updated if counts else 0,
                                    "unchanged": counts.unchanged if counts else 0})
                return redirect("series_detail", series_id=series.pk)
    points = Paginator(selectors.points_of(actor, series.pk).order_by("-on"), POINTS_PAGE
                       ).get_page(request.GET.get("page"))
    watchers = selectors.signal_links_visible_to(actor).filter(series=series).select_related(
        "goal__period", "goal__person", "goal__unit", "goal__company")
    failed = request.method == "POST"
    return render(request, "goals/series_detail.html", {
        "series": series, "form": form, "report": report, "points": points,
        "watchers": watchers,
    }, status=422 if failed else 200)
