"""My goals, and a colleague's goals (managers and HR): the scheme's components as cards, each
goal's points, progress against the expected path and status, the score and rating so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.views import current_actor, internal, page
from flexperf.goals import evaluation
from flexperf.goals.evaluation import ComponentScore, PersonScore
from flexperf.goals.models import Goal, OwnerKind, Paradigm, SchemeComponent
from flexperf.goals.selectors import (
    can_manage_goal,
    components_of,
    scheme_for_person,
    where_scheme_comes_from,
)
from flexperf.goals.selectors.goals import list_goals
from flexperf.goals.views.common import GoalRow, has_person, pick_period
from flexperf.org import selectors as org
from flexperf.org.models import Person


@dataclass
class ComponentCard:
    """A scheme component with its goals of the period (drafts too, which do not count)."""

    component: SchemeComponent
    score: ComponentScore | None
    rows: list[GoalRow] = field(default_factory=list)


@require_GET
@page(allow=has_person)
def my_goals(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    assert actor.person_id is not None
    person = org.access_person(actor, actor.person_id, record_read=False)
    return _goals_page(request, actor, person)


@require_GET
@page(allow=internal)
def person_goals(request: HttpRequest, person_id: int) -> HttpResponse:
    """A colleague's goals: whoever may read their person record (reading is audited)."""
    actor = current_actor(request)
    person = org.access_person(actor, person_id, record_read=person_id != actor.person_id)
    return _goals_page(request, actor, person)


def may_set_goals(actor: Actor, person: Person) -> bool:
    """Own goals, and the goals of people one manages (the services' rule)."""
    return person.pk == actor.person_id or can_manage_goal(
        actor, Goal(owner_kind=OwnerKind.PERSON, person=person))


def _goals_page(request: HttpRequest, actor: Actor, person: Person) -> HttpResponse:
    try:
        scheme = scheme_for_person(person)
    except ServiceError as error:  # no group default yet: say so instead of failing
        return render(request, "goals/no_scheme.html", {
            "person": person, "problems": [p.message for p in error.problems]})
    components = components_of(scheme)
    period, periods = pick_period(actor, request.GET.get("period"), kind=scheme.review_period)
    # Against the full period's targets (the default), or on pace while the period runs.
    basis = (evaluation.Basis.PACED if request.GET.get("basis") == evaluation.Basis.PACED
             else evaluation.Basis.FULL)
    as_of = evaluation.default_as_of(period) if period else None
    score: PersonScore | None = None
    cards = [ComponentCard(c, None) for c in components]
    others: list[GoalRow] = []
    goals: list[Goal] = []
    if period is not None:
        goals = list(list_goals(actor, period=period.code, owner_kind=OwnerKind.PERSON)
                     .filter(person=person).order_by("component__order", "pk"))
        try:
            score = evaluation.score_person(actor, person, period, basis=basis)
        except NotFound:  # a leaver without goals in the period is not scored
            score = None
        scores = {g.goal_id: g for g in (*score.goals, *score.unassigned)} if score else {}
        by_component = {c.component_id: c for c in score.components} if score else {}
        cards = [ComponentCard(c, by_component.get(c.pk)) for c in components]
        card_of = {card.component.pk: card for card in cards}
        for goal in goals:
            row = GoalRow(goal, scores.get(goal.pk))
            card = card_of.get(goal.component_id) if goal.component_id else None
            (card.rows if card is not None else others).append(row)
    manages = can_manage_goal(actor, Goal(owner_kind=OwnerKind.PERSON, person=person))
    paradigms = [p for p in Paradigm.values if any(c.paradigm == p for c in components)]
    return render(request, "goals/mine.html", {
        "person": person,
        "is_me": person.pk == actor.person_id,
        "scheme": scheme,
        "scheme_source": where_scheme_comes_from(person.unit),
        "period": period,
        "periods": periods,
        "as_of": as_of,
        "basis": basis.value,
        "running": period is not None and as_of is not None and as_of < period.end,
        "score": score,
        "cards": cards,
        "others": others,
        "goal_count": len(goals),
        "manages": manages,
        "can_set": may_set_goals(actor, person),
        "paradigms": [(p, Paradigm(p).label) for p in paradigms],
    })
