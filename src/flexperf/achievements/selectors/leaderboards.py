"""Leaderboards: points earned in a period, per team, unit (subtree) or the whole group.

Read from recognition's earned-points rollup (recognition.selectors.earned_board: one row per
person and month, quarter or year, kept in step with the ledger by every posting), so a board
is an index-ordered LIMIT query plus counts, not an aggregation of the ledger: held points
excluded unless HR asks for them; the ranks of the top rows by the pure ranking
(`achievements.ranking`, standard competition ranks), "my rank" as one plus the number of
people with more points; one query for the names of the top rows. People who opted out (and,
on the company board, people who left) are never listed; the board says how many people of
its scope are hidden. A board lists people who earned points in the period (zero-point people
are not ranked).

Who sees which board:
* group ("company") and any unit: everyone inside the group;
* a team (a manager's direct reports): the manager, the team's members, the managers above
  and HR in scope (whoever may open the manager's person record).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from flexperf.achievements import ranking
from flexperf.achievements.models import PersonSettings
from flexperf.achievements.periods import PERIODS, Span, span
from flexperf.core import clock, tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.org.models import Person, Status, Unit
from flexperf.org.selectors import CURRENT_STATUSES, people_visible_to

SCOPES = ("team", "unit", "company")
DEFAULT_LIMIT = 20
MAX_LIMIT = 200
# Up to this many members, the board's scope goes to the database as a list of ids.
ID_LIST_LIMIT = 1000
GONE_STATUSES = tuple(s for s in Status.values if s not in CURRENT_STATUSES)


@dataclass(frozen=True)
class Row:
    rank: int
    person_id: int
    name: str
    unit: str
    points: int
    me: bool


@dataclass(frozen=True)
class Board:
    scope: str
    span: Span
    title: str
    unit_id: int | None
    manager_id: int | None
    rows: list[Row]
    ranked: int  # people on the board (with points, not hidden)
    hidden: int  # people of the scope who opted out
    my_rank: int | None
    my_points: int | None
    include_held: bool


def _opted_out() -> QuerySet[PersonSettings]:
    return PersonSettings.objects.filter(leaderboard_opt_out=True)


def _team_manager(actor: Actor, manager_id: int | None) -> Person:
    if manager_id is None:
        if actor.person_id is None:
            raise ServiceError(Problem("manager_id", _("Name the manager whose team to show.")))
        me = Person.objects.filter(pk=actor.person_id).first()
        if me is None:
            raise NotFound
        has_team = Person.objects.filter(manager_id=me.pk, status__in=CURRENT_STATUSES).exists()
        manager_id = me.pk if has_team or me.manager_id is None else me.manager_id
    manager = Person.objects.filter(pk=manager_id).first()
    if manager is None:
        raise NotFound
    mine = manager.pk == actor.person_id
    member = actor.person_id is not None and Person.objects.filter(
        pk=actor.person_id, manager_id=manager.pk).exists()
    if not (mine or member or people_visible_to(actor).filter(pk=manager.pk).exists()):
        raise NotFound
    return manager


def leaderboard(actor: Actor, *, scope: str = "company", period: str = "month",
                on: dt.date | None = None, unit_id: int | None = None,
                manager_id: int | None = None, limit: int = DEFAULT_LIMIT,
                include_held: bool = False) -> Board:
    from flexperf.recognition import selectors as recognition

    if not actor.is_internal:
        raise Forbidden
    problems = []
    if scope not in SCOPES:
        problems.append(Problem("scope", _("Choose one of: %(values)s.")
                                % {"values": ", ".join(SCOPES)}))
    if period not in PERIODS:
        problems.append(Problem("period", _("Choose one of: %(values)s.")
                                % {"values": ", ".join(PERIODS)}))
    if limit < 1 or limit > MAX_LIMIT:
        problems.append(Problem("limit", _("Between 1 and %(n)d.") % {"n": MAX_LIMIT}))
    if include_held and not actor.is_hr:
        problems.append(Problem("include_held", _("Only HR may include held points.")))
    if problems:
        raise ServiceError(problems)
    window = span(period, on or clock.today())
    members: QuerySet[Person] | None  # None: everyone in the group
    title: str
    manager: Person | None = None
    unit: Unit | None = None
    current = Person.objects.filter(status__in=CURRENT_STATUSES)
    if scope == "company":
        members, title = None, _("Whole group")
    elif scope == "unit":
        if unit_id is None:
            me = Person.objects.select_related("unit").filter(pk=actor.person_id).first() \
                if actor.person_id else None
            if me is None:
                raise ServiceError(Problem("unit_id", _("Choose a unit.")))
            unit = me.unit
        else:
            unit = Unit.objects.filter(pk=unit_id).first()
            if unit is None:
                raise ServiceError(Problem("unit_id", _("No unit with this id.")))
        members = current.filter(tree.subtree_q("unit__path", unit.path))
        title = unit.name
    else:
        manager = _team_manager(actor, manager_id)
        members = current.filter(manager_id=manager.pk)
        title = _("Team of %(name)s") % {"name": manager.name}
    opted_out = _opted_out()
    within: list[int] | QuerySet[Any, Any] | None
    if members is None:
        hidden = opted_out.filter(person__status__in=CURRENT_STATUSES).count()
        within = None
        exclude = [opted_out.values_list("person_id", flat=True),
                   Person.objects.filter(status__in=GONE_STATUSES).values_list("pk", flat=True)]
    else:
        hidden = opted_out.filter(person__in=members.values("pk")).count()
        # A team or small unit as a list of ids (looked up in the rollup person by person);
        # a large unit as a subquery.
        listed = list(members.values_list("pk", flat=True)[:ID_LIST_LIMIT + 1])
        within = listed if len(listed) <= ID_LIST_LIMIT else members.values("pk")
        exclude = [opted_out.values_list("person_id", flat=True)]
    earned = recognition.earned_board(window.code, limit=limit, include_held=include_held,
                                      within=within, exclude=exclude,
                                      person_id=actor.person_id)
    ids = np.fromiter((pid for pid, _p in earned.top), dtype=np.int64, count=len(earned.top))
    pts = np.fromiter((p for _pid, p in earned.top), dtype=np.int64, count=len(earned.top))
    # The top rows are a prefix of the whole board (everyone with more points is in it), so
    # ranking the prefix gives the ranks on the whole board.
    ranked = ranking.rank(ids, pts, top=limit)
    top_ids = [int(i) for i in ranked.person_ids]
    people = {p.pk: p for p in Person.objects.filter(pk__in=top_ids).select_related("unit")}
    rows = [Row(int(r), pid, people[pid].name, people[pid].unit.name, int(p),
                pid == actor.person_id)
            for pid, p, r in zip(top_ids, ranked.points, ranked.ranks, strict=True)
            if pid in people]
    return Board(scope=scope, span=window, title=title,
                 unit_id=unit.pk if unit else None,
                 manager_id=manager.pk if manager else None, rows=rows, ranked=earned.ranked,
                 hidden=hidden, my_rank=earned.my_rank, my_points=earned.my_points,
                 include_held=include_held)


def opted_out(person_id: int) -> bool:
    return PersonSettings.objects.filter(person_id=person_id, leaderboard_opt_out=True).exists()
