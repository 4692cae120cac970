"""Team goals: one row per person of the caller's reporting subtree (HR: their units), with the
scheme, the score and rating so far and the goals at risk or off track."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from flexperf.core.views import current_actor, page
from flexperf.goals import evaluation
from flexperf.goals.evaluation import PersonScore
from flexperf.goals.forms.team import TeamFilterForm
from flexperf.goals.models import PeriodKind
from flexperf.goals.progress import Status
from flexperf.goals.selectors import scheme_for_person
from flexperf.goals.views.common import leads_people, pick_period
from flexperf.org import selectors as org
from flexperf.org.forms import unit_options

PAGE_SIZE = 50


@dataclass(frozen=True)
class TeamRow:
    score: PersonScore
    goals: int
    at_risk: int
    off_track: int

    @property
    def needs_attention(self) -> bool:
        return bool(self.at_risk or self.off_track)


def _row(score: PersonScore) -> TeamRow:
    statuses = [g.progress.status for g in score.goals]
    return TeamRow(score, len(score.goals), statuses.count(Status.AT_RISK),
                   statuses.count(Status.OFF_TRACK))


@require_GET
@page(allow=leads_people)
def team_goals(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = TeamFilterForm(actor, request.GET)
    form.is_valid()  # a bad filter is reported beside it; the good ones still apply
    unit = form.cleaned_data.get("unit")
    kind: str = PeriodKind.YEAR
    if actor.person_id is not None:  # the team is usually measured as its manager is
        me = org.access_person(actor, actor.person_id, record_read=False)
        kind = scheme_for_person(me).review_period
    period, periods = pick_period(actor, request.GET.get("period"), kind=kind)
    rows: list[TeamRow] = []
    page_obj: Page[Any] | None = None
    if period is not None:
        # The people whose goals the caller leads: everyone they may see but themselves.
        people = org.search_people(actor, q=form.cleaned_data.get("q", ""),
                                   unit_id=unit.pk if unit else None)
        if actor.person_id is not None:
            people = people.exclude(pk=actor.person_id)
        scope = evaluation.period_scope(actor, period, people)[0].order_by(
            "employee_number", "pk")
        if form.cleaned_data.get("attention"):
            # Needs every score to filter on them.
            scores = evaluation.score_period(actor, period, people=scope).people
            flagged = [row for row in map(_row, scores) if row.needs_attention]
            page_obj = Paginator(flagged, PAGE_SIZE).get_page(request.GET.get("page"))
            rows = list(page_obj)
        else:
            people_page = Paginator(scope, PAGE_SIZE).get_page(request.GET.get("page"))
            page_obj = people_page
            ids = [p.pk for p in people_page]
            scores = evaluation.score_period(actor, period, people=ids).people
            rows = [_row(s) for s in scores]
    return render(request, "goals/team.html", {
        "form": form, "unit": unit, "unit_options": unit_options(actor),
        "period": period, "periods": periods, "rows": rows, "page_obj": page_obj,
        "keep": [(name, request.GET[name]) for name in ("q", "unit", "attention")
                 if request.GET.get(name)],
    })
