"""A manager's team board: who is due, overdue, submitted and awaiting discussion, and at risk
(a goal at risk or off track by `goals.evaluation`, or a low confidence in the latest
check-in). Managers see their reporting subtree, HR their units; others may not use it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from flexperf.checkins import windows
from flexperf.checkins.models import Checkin, CheckinStatus
from flexperf.checkins.selectors import checkins_visible_to, manages
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden
from flexperf.goals.evaluation import goal_progress
from flexperf.goals.models import GoalStatus, OwnerKind
from flexperf.goals.progress import Status as Progress
from flexperf.goals.selectors import goals_visible_to
from flexperf.org.models import Person
from flexperf.org.selectors import CURRENT_STATUSES, people_visible_to


@dataclass
class BoardRow:
    person: Person
    checkin: Checkin | None  # the latest one
    state: str  # due, overdue, submitted, discussed, or "" (none yet)
    risks: list[str] = field(default_factory=list)
    can_discuss: bool = False


@dataclass
class Board:
    on: dt.date
    rows: list[BoardRow]

    def _state(self, state: str) -> list[BoardRow]:
        return [r for r in self.rows if r.state == state]

    @property
    def due(self) -> list[BoardRow]:
        return self._state("due")

    @property
    def overdue(self) -> list[BoardRow]:
        return self._state("overdue")

    @property
    def awaiting(self) -> list[BoardRow]:
        return self._state(CheckinStatus.SUBMITTED)

    @property
    def at_risk(self) -> list[BoardRow]:
        return [r for r in self.rows if r.risks]


def may_use_board(actor: Actor) -> bool:
    return actor.has(Role.MANAGER) or actor.is_hr


def team_board(actor: Actor, *, on: dt.date) -> Board:
    if not may_use_board(actor):
        raise Forbidden
    people = list(people_visible_to(actor).filter(status__in=CURRENT_STATUSES)
                  .exclude(pk=actor.person_id or 0).select_related("unit")
                  .order_by("name", "pk"))
    ids = [p.pk for p in people]
    latest: dict[int, Checkin] = {}
    for found in (checkins_visible_to(actor).filter(person_id__in=ids)
                    .prefetch_related("lines__goal").order_by("person_id", "-window_end")):
        latest.setdefault(found.person_id, found)
    goals = goals_visible_to(actor).filter(
        owner_kind=OwnerKind.PERSON, person_id__in=ids,
        status__in=[GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION],
        period__start__lte=on, period__end__gte=on)
    owners = dict(goals.values_list("pk", "person_id"))
    titles = dict(goals.values_list("pk", "title"))
    risks: dict[int, list[str]] = defaultdict(list)
    for goal_id, verdict in sorted(goal_progress(actor, goals, as_of=on).items(),
                                   key=lambda kv: titles.get(kv[0], "")):
        if verdict.status in (Progress.AT_RISK, Progress.OFF_TRACK):
            risks[owners[goal_id]].append(_("%(goal)s: %(status)s")
                                          % {"goal": titles[goal_id],
                                             "status": verdict.status.label})
    low = windows.low_confidence()
    rows = []
    for person in people:
        checkin = latest.get(person.pk)
        row = BoardRow(person, checkin, checkin.state(on) if checkin else "",
                       list(risks.get(person.pk, [])))
        if checkin is not None:
            row.can_discuss = (checkin.status == CheckinStatus.SUBMITTED
                               and manages(actor, person))
            for line in sorted(checkin.lines.all(), key=lambda x: (x.goal.title, x.pk)):
                if line.confidence <= low:
                    row.risks.append(_("%(goal)s: confidence %(confidence)d/10")
                                     % {"goal": line.goal.title,
                                        "confidence": line.confidence})
        rows.append(row)
    return Board(on, rows)
