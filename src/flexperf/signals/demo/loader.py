"""The signals demo: three sources (tracker, chat, CRM) opted in, six months of work events
(Jan–Jun 2026) for three sales teams (≈144 people), with the story of `story.py`: a lagging
team, an overloaded person and a standout cross-team helper; then the weekly features.

Deterministic from the seed; events are bulk inserted (a demo loader may), one small chat batch
goes through the real ingestion path so the ingestion log shows stored and rejected rows."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.org.models import Person, Status, Unit
from flexperf.signals.bulk import insert_rows
from flexperf.signals.demo import story
from flexperf.signals.domains import local_tz
from flexperf.signals.models import IngestionBatch, Source, WorkEvent
from flexperf.signals.models import Via as IngestVia
from flexperf.signals.services.ingestion import ingest
from flexperf.signals.services.refresh import refresh_features
from flexperf.signals.services.sources import create_source

EVENT_COLUMNS = ("source_id", "external_id", "kind", "person_id", "occurred_at", "week_start",
                 "hours", "quality", "due_on", "done_on", "value", "participants",
                 "counterparts", "metadata")


@dataclass(frozen=True)
class P:
    id: int
    number: str
    unit_id: int
    path: str
    sales: bool


@dataclass(frozen=True)
class StoryPeople:
    lagging_manager: P
    lagging: frozenset[int]
    overloaded: P
    helper: P


def signals_demo_loaded() -> bool:
    return Source.objects.filter(code=story.SOURCES[0][0]).exists()


def _subset() -> list[P]:
    units = list(Unit.objects.filter(code__in=story.SUBSET_UNIT_CODES).values_list("path",
                                                                                    flat=True))
    people = Person.objects.filter(status__in=(Status.ACTIVE, Status.ON_LEAVE))
    if units:
        q = tree.subtree_q("unit__path", units[0])
        for path in units[1:]:
            q |= tree.subtree_q("unit__path", path)
        people = people.filter(q)
    rows = people.order_by("pk").values_list("pk", "employee_number", "unit_id", "path",
                                             "job_family")[:150]
    return [P(pk, number, unit, path, family == "sales") for pk, number, unit, path, family
            in rows]


def _story(people: list[P]) -> StoryPeople:
    by_number = {p.number: p for p in people}
    managers = [p for p in people if any(q.path.startswith(p.path) and q is not p
                                         for q in people)]
    manager = by_number.get(story.LAGGING_MANAGER) or managers[min(1, len(managers) - 1)]
    team = frozenset(p.id for p in people if p.path.startswith(manager.path) and p is not manager)
    members = [p for p in people if p.id in team]
    overloaded = by_number.get(story.OVERLOADED) or members[len(members) // 2]
    outside = [p for p in people if p.id not in team and p is not manager]
    helper = by_number.get(story.HELPER) or outside[len(outside) // 2]
    return StoryPeople(manager, team, overloaded, helper)


class _Events:
    def __init__(self, sources: dict[str, Source], rng: random.Random, tz: ZoneInfo) -> None:
        self.sources = sources
        self.rng = rng
        self.tz = tz
        self.rows: list[tuple[object, ...]] = []
        self.n = 0

    def add(self, source: str, kind: str, person: P, week: dt.date, *, late: bool = False,
            **fields: object) -> None:
        rng = self.rng
        day = rng.randrange(7 if late and rng.random() < 0.35 else 5)
        hour = rng.choice((6, 7, 20, 21, 22, 23)) if late else rng.randrange(9, 18)
        when = dt.datetime.combine(week + dt.timedelta(days=day),
                                   dt.time(hour, rng.randrange(60)), tzinfo=self.tz)
        self.n += 1
        counterparts: Any = fields.get("counterparts", ())
        self.rows.append((
            self.sources[source].pk, f"demo-{self.n}", kind, person.id, when, week,
            fields.get("hours"), fields.get("quality"), fields.get("due_on"),
            fields.get("done_on"), fields.get("value"), fields.get("participants"),
            ",".join(str(c) for c in counterparts), fields.get("metadata") or {}))


def _week_of(events: _Events, p: P, week: dt.date, people: list[P], by_unit: dict[int, list[P]],
             who: StoryPeople) -> None:
    rng = events.rng
    lagging = p.id in who.lagging and week >= story.LAGGING_FROM
    overloaded = p is who.overloaded and week >= story.OVERLOADED_FROM
    mates = [q for q in by_unit.get(p.unit_id, []) if q is not p] or people
    tasks = rng.randint(2, 4) + (4 if overloaded else 0) - (1 if lagging else 0)
    for _t in range(max(tasks, 1)):
        due = week + dt.timedelta(days=rng.randrange(2, 7))
        late_days = (rng.choice((0, 2, 4, 6)) if lagging and rng.random() < 0.6
                     else (1 if rng.random() < 0.12 else 0))
        events.add("jira", "task_completed", p, week, late=overloaded and rng.random() < 0.6,
                   hours=round(rng.uniform(7.5, 9.5) if overloaded else rng.uniform(2.5, 6), 1),
                   quality=rng.choice((3, 4, 4, 5)) if not lagging else rng.choice((2, 3, 3, 4)),
                   due_on=due, done_on=due + dt.timedelta(days=late_days - rng.randrange(2)))
        events.add("jira", "task_created", p, week)
    if lagging and rng.random() < 0.7:
        events.add("jira", "task_overdue", p, week)
    if rng.random() < 0.15:
        kind = "milestone_missed" if lagging and rng.random() < 0.7 else "milestone_hit"
        events.add("jira", kind, p, week)
    for _m in range(rng.randint(1, 3) + (4 if overloaded else 0)):
        others = rng.sample(mates, min(len(mates), rng.randint(1, 4)))
        events.add("feishu", "meeting", p, week, late=overloaded and rng.random() < 0.5,
                   hours=rng.choice((0.5, 1.0, 1.0, 1.5)), participants=len(others) + 1,
                   counterparts=[o.id for o in others])
    for _m in range(rng.randint(2, 4)):
        pool = people if rng.random() < 0.1 else mates
        other = rng.choice(pool)
        events.add("feishu", "message", p, week, late=overloaded and rng.random() < 0.7,
                   participants=2, counterparts=[other.id] if other is not p else [],
                   metadata={"reply_count": rng.randrange(4)})
    if p is who.helper:
        far = [q for q in people if q.unit_id != p.unit_id]
        for _h in range(rng.randint(8, 11)):
            helped = rng.sample(far, min(len(far), 3))
            events.add("jira", "review_comment", p, week, hours=0.5, participants=4,
                       counterparts=[h.id for h in helped],
                       metadata={"cross_team_help": True})
    if p.sales and rng.random() < 0.5:
        events.add("salesforce", "crm_opportunity", p, week,
                   value=float(rng.randrange(20, 400) * 1000))


def load_signals_demo(*, actor: Actor, seed: int) -> dict[str, int]:
    """Load the signals demo; returns counts. ServiceError when it is loaded already or the
    demo group is missing."""
    started = time.perf_counter()
    if signals_demo_loaded():
        raise ServiceError(Problem("demo", _("The demo signals are already loaded.")))
    people = _subset()
    if len(people) < 10:
        raise ServiceError(Problem("demo", _("Load the demo group first.")))
    who = _story(people)
    rng = random.Random(seed)
    with transaction.atomic():
        sources = {code: create_source(actor=actor, code=code, name=name, kind=kind).source
                   for code, name, kind in story.SOURCES}
        events = _Events(sources, rng, ZoneInfo(local_tz()))
        by_unit: dict[int, list[P]] = {}
        for p in people:
            by_unit.setdefault(p.unit_id, []).append(p)
        for w in range(story.WEEKS):
            week = story.FIRST_WEEK + dt.timedelta(weeks=w)
            for p in people:
                _week_of(events, p, week, people, by_unit, who)
        insert_rows(WorkEvent, EVENT_COLUMNS, events.rows)
        for code in sources:
            count = sum(1 for e in events.rows if e[0] == sources[code].pk)
            IngestionBatch.objects.create(
                source=sources[code], source_code=code, via=IngestVia.BULK_API,
                received=count, accepted=count, actor_username=actor.username[:150],
                weeks=[(story.FIRST_WEEK + dt.timedelta(weeks=w)).isoformat()
                       for w in range(story.WEEKS)])
        Source.objects.update(last_ingestion_at=dt.datetime.combine(
            story.LAST_WEEK + dt.timedelta(days=1), dt.time(18), tzinfo=dt.UTC))
        sample = [(i + 1, {"external_id": f"demo-chat-{i}", "kind": "message",
                           "person": people[i].number, "occurred_at": "2026-06-29T10:15:00",
                           "text": "(dropped)", "channel": "sales-east", "participants": 2})
                  for i in range(8)]
        sample += [(9, {"external_id": "demo-chat-bad-1", "kind": "message",
                        "person": "HX999999", "occurred_at": "2026-06-29T10:20:00"}),
                   (10, {"external_id": "demo-chat-bad-2", "kind": "chat",
                         "person": people[0].number, "occurred_at": "2026-06-29T10:21:00"})]
        ingest(actor=actor, source="feishu", rows=sample, via=IngestVia.WEBHOOK, refresh=False)
        audit.record(actor, audit.Draft(
            action=Action.IMPORT, object_type="signals.demo", object_id=str(seed),
            object_repr=f"signals demo (seed {seed})",
            context={"events": len(events.rows), "people": len(people),
                     "seconds": round(time.perf_counter() - started, 2)}))
    summary = refresh_features()
    return {"sources": len(sources), "events": len(events.rows) + 8, "people": len(people),
            "person_weeks": summary.rows}
