"""The achievement hall (个人主页): a person's badges, honours, key projects, endorsements,
points history and contribution share.

Scoped like the person page: the person, managers up the chain and HR in scope see it all
(a sensitive read, audited when it is someone else's); other colleagues inside the group see
the public parts only — badges (the colleague view), quest honours and peer endorsements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flexperf.achievements import charts
from flexperf.achievements.periods import Span, months_back, span
from flexperf.achievements.selectors.quests import completions_of
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.goals.selectors import goals_visible_to
from flexperf.org.models import Person
from flexperf.org.selectors import CURRENT_STATUSES, access_person


@dataclass(frozen=True)
class Honour:
    quest_id: int
    quest: str
    level: int
    levels: int
    completed_on: dt.date
    finished: bool


@dataclass(frozen=True)
class Project:
    goal_id: int
    title: str
    period: str
    role: str  # "owner" | "contributor"


@dataclass(frozen=True)
class Endorsement:
    tag: str
    label: str
    count: int


@dataclass(frozen=True)
class Share:
    span: Span
    mine: int
    team: int
    team_size: int
    donut: charts.Donut


@dataclass
class Hall:
    person: Person
    full: bool  # the private parts are shown
    badges: list[object] = field(default_factory=list)
    honours: list[Honour] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    history: list[charts.Bar] = field(default_factory=list)
    history_total: int = 0
    share: Share | None = None
    recognitions: list[object] = field(default_factory=list)


def _person(actor: Actor, person_id: int) -> tuple[Person, bool]:
    try:
        return access_person(actor, person_id), True
    except NotFound:
        if not actor.is_internal:
            raise
    person = (Person.objects.select_related("unit", "position", "manager")
              .filter(pk=person_id, status__in=CURRENT_STATUSES).first())
    if person is None:
        raise NotFound
    return person, False


def honours_of(person_id: int) -> list[Honour]:
    rows = completions_of(person_id)
    counts: dict[int, int] = {}
    for row in rows:
        if row.quest_id not in counts:
            counts[row.quest_id] = row.quest.levels.count()
    return [Honour(r.quest_id, r.quest.title, r.level, counts[r.quest_id], r.completed_on,
                   r.level == counts[r.quest_id]) for r in rows]


def key_projects(actor: Actor, person_id: int) -> list[Project]:
    """Project goals the person owns, and project goals their own goals contribute to."""
    from flexperf.goals.models import Paradigm

    goals = goals_visible_to(actor).select_related("period")
    owned = goals.filter(person_id=person_id, paradigm=Paradigm.PROJECT).order_by(
        "-period__start", "pk")[:20]
    out = [Project(g.pk, g.title, g.period.code, "owner") for g in owned]
    seen = {p.goal_id for p in out}
    contributed = goals.filter(paradigm=Paradigm.PROJECT,
                               contributions__child__person_id=person_id).distinct().order_by(
        "-period__start", "pk")[:20]
    out += [Project(g.pk, g.title, g.period.code, "contributor")
            for g in contributed if g.pk not in seen]
    return out


def endorsements_of(person_id: int) -> list[Endorsement]:
    from flexperf.recognition import selectors as recognition
    from flexperf.recognition.tags import tag_label

    counts = recognition.endorsement_counts(person_id)
    return sorted((Endorsement(tag, tag_label(tag), n) for tag, n in counts.items()
                   if n > 0), key=lambda e: (-e.count, e.tag))


def points_history(person_id: int, on: dt.date, months: int = 12) -> list[charts.Bar]:
    from flexperf.recognition import selectors as recognition

    spans = months_back(on, months)
    values = [recognition.points_by_person([person_id], s.start, s.end).get(person_id, 0)
              for s in spans]
    return charts.bars([s.code[2:] for s in spans], values)


def team_of(person: Person) -> list[int]:
    """The person and their peers: everyone current with the same manager (the person alone
    without a manager)."""
    if person.manager_id is None:
        return [person.pk]
    ids = set(Person.objects.filter(manager_id=person.manager_id, status__in=CURRENT_STATUSES)
              .values_list("pk", flat=True))
    return sorted(ids | {person.pk})


def contribution_share(person: Person, window: Span) -> Share:
    from flexperf.recognition import selectors as recognition

    team = team_of(person)
    points = recognition.points_by_person(team, window.start, window.end)
    mine, total = points.get(person.pk, 0), sum(points.values())
    return Share(window, mine, total, len(team), charts.donut(mine, total))


def hall(actor: Actor, person_id: int, *, period: str = "quarter",
         on: dt.date | None = None) -> Hall:
    from flexperf.badges import selectors as badges
    from flexperf.recognition import selectors as recognition

    person, full = _person(actor, person_id)
    today = on or clock.today()
    found = Hall(person=person, full=full)
    try:
        found.badges = list(badges.badges_of(actor, person.pk))
    except NotFound:
        found.badges = []
    found.honours = honours_of(person.pk)
    found.endorsements = endorsements_of(person.pk)
    if full:
        found.projects = key_projects(actor, person.pk)
        found.history = points_history(person.pk, today)
        found.history_total = sum(b.value for b in found.history)
        found.share = contribution_share(person, span(period, today))
        try:
            found.recognitions = list(recognition.recognitions_received(actor, person.pk,
                                                                        limit=10))
        except NotFound:
            found.recognitions = []
    return found
