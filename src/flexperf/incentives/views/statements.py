"""The employee's payout statement page (and HR's view of anyone's in their scope)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from flexperf.core.views import current_actor, page
from flexperf.incentives.labels import KIND_LABELS
from flexperf.incentives.selectors import statements


@page()
def my_statements(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    cycles = statements.my_statement_cycles(actor)
    if len(cycles) >= 1 and actor.person_id is not None and "all" not in request.GET:
        return redirect("incentives_statement", cycle_id=cycles[0].id,
                        person_id=actor.person_id)
    return render(request, "incentives/my_statements.html", {"cycles": cycles})


@page()
def statement(request: HttpRequest, cycle_id: int, person_id: int) -> HttpResponse:
    actor = current_actor(request)
    found = statements.access_statement(actor, cycle_id, person_id)
    others = (statements.my_statement_cycles(actor) if person_id == actor.person_id else [])
    return render(request, "incentives/statement.html", {
        "statement": found, "own": person_id == actor.person_id, "cycles": others,
        "kind_labels": KIND_LABELS})
