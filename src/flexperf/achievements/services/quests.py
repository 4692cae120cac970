"""Quests: HR defines them; people join; activity counts; levels reached award points and
badges.

Counting rule (documented in README via the wiring notes): activity counts when it is dated
inside the quest's window, whenever the person joined — so a person who mentored a newcomer
in March and joins a quest running since January gets credit for March. Every activity is
counted once (unique per kind and source key), so redelivered events and recomputes never
double-count, and every award is idempotent on its source key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.achievements import events, kinds, sources
from flexperf.achievements.access import require_hr, require_person
from flexperf.achievements.models import (
    Activity,
    Enrolment,
    LevelCompletion,
    Quest,
    QuestLevel,
    QuestTask,
)
from flexperf.achievements.progress import LevelSpec, TaskSpec, evaluate
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock, tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.notifications.services import notify
from flexperf.org.models import Person, Unit

MAX_LEVELS = 10
MAX_TASKS = 5
QUEST_FIELDS = ("title", "description", "starts_on", "ends_on", "active", "audience_all",
                "badge_code", "badge_each_level")


@dataclass(frozen=True)
class TaskIn:
    kind: str
    count: int


@dataclass(frozen=True)
class LevelIn:
    title: str
    points: int
    tasks: Sequence[TaskIn]


@dataclass(frozen=True)
class QuestIn:
    title: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    levels: Sequence[LevelIn]
    description: str = ""
    active: bool = True
    audience_unit_ids: Sequence[int] = field(default_factory=tuple)
    badge_code: str = ""
    badge_each_level: bool = False


def _validate(data: QuestIn) -> list[Unit]:
    problems: list[Problem] = []
    title = (data.title or "").strip()
    if not title:
        problems.append(Problem("title", _("This field is required.")))
    elif len(title) > 200:
        problems.append(Problem("title", _("At most %(n)d characters.") % {"n": 200}))
    if data.starts_on is None:
        problems.append(Problem("starts_on", _("This field is required.")))
    if data.ends_on is None:
        problems.append(Problem("ends_on", _("This field is required.")))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        problems.append(Problem("ends_on", _("The quest cannot end before it starts.")))
    if not data.levels:
        problems.append(Problem("levels", _("A quest needs at least one level.")))
    if len(data.levels) > MAX_LEVELS:
        problems.append(Problem("levels", _("At most %(n)d levels.") % {"n": MAX_LEVELS}))
    for i, level in enumerate(data.levels):
        if not (level.title or "").strip():
            problems.append(Problem(f"levels.{i}.title", _("This field is required.")))
        elif len(level.title.strip()) > 200:
            problems.append(Problem(f"levels.{i}.title", _("At most %(n)d characters.")
                                    % {"n": 200}))
        if level.points < 0 or level.points > 100_000:
            problems.append(Problem(f"levels.{i}.points",
                                    _("Points must be between 0 and 100,000.")))
        if not level.tasks:
            problems.append(Problem(f"levels.{i}.tasks", _("A level needs at least one task.")))
        if len(level.tasks) > MAX_TASKS:
            problems.append(Problem(f"levels.{i}.tasks", _("At most %(n)d tasks per level.")
                                    % {"n": MAX_TASKS}))
        for j, task in enumerate(level.tasks):
            if task.kind not in kinds.KINDS:
                problems.append(Problem(f"levels.{i}.tasks.{j}.kind", _(
                    "Choose one of: %(values)s.") % {"values": ", ".join(kinds.KINDS)}))
            if task.count < 1 or task.count > 10_000:
                problems.append(Problem(f"levels.{i}.tasks.{j}.count",
                                        _("Between 1 and 10,000.")))
    badge = (data.badge_code or "").strip()
    if len(badge) > 64:
        problems.append(Problem("badge_code", _("At most %(n)d characters.") % {"n": 64}))
    elif badge:
        from flexperf.badges import selectors as badges

        if badge not in {c.code for c in badges.badge_classes()}:
            problems.append(Problem("badge_code", _("No badge class with this code.")))
    units = list(Unit.objects.filter(pk__in=list(data.audience_unit_ids)))
    if len(units) != len(set(data.audience_unit_ids)):
        problems.append(Problem("audience_unit_ids", _("No unit with one of these ids.")))
    if problems:
        raise ServiceError(problems)
    return units


def _write_levels(quest: Quest, levels: Sequence[LevelIn]) -> None:
    for number, level in enumerate(levels, start=1):
        row = QuestLevel.objects.create(quest=quest, number=number, title=level.title.strip(),
                                        points=level.points)
        QuestTask.objects.bulk_create([QuestTask(level=row, kind=t.kind, count=t.count, order=j)
                                       for j, t in enumerate(level.tasks)])


def _levels_snapshot(levels: Sequence[LevelIn]) -> list[dict[str, object]]:
    return [{"title": lv.title.strip(), "points": lv.points,
             "tasks": [[t.kind, t.count] for t in lv.tasks]} for lv in levels]


def create_quest(*, actor: Actor, data: QuestIn) -> Quest:
    require_hr(actor)
    units = _validate(data)
    assert data.starts_on is not None
    assert data.ends_on is not None
    with transaction.atomic():
        quest = Quest.objects.create(
            title=data.title.strip(), description=(data.description or "").strip(),
            starts_on=data.starts_on, ends_on=data.ends_on, active=data.active,
            audience_all=not units, badge_code=(data.badge_code or "").strip(),
            badge_each_level=data.badge_each_level, created_by_id=actor.user_id)
        quest.audience_units.set(units)
        _write_levels(quest, data.levels)
        after: dict[str, Any] = {**audit.snapshot(quest, QUEST_FIELDS),
                                 "audience": sorted(u.pk for u in units),
                                 "levels": _levels_snapshot(data.levels)}
        audit.record(actor, audit.draft_for(quest, Action.CREATE,
                                            changes={k: [None, v] for k, v in after.items()}))
    return quest


def update_quest(*, actor: Actor, quest_id: int, data: QuestIn) -> Quest:
    """Change a quest. Its levels can change only while nobody has reached any of them."""
    require_hr(actor)
    units = _validate(data)
    assert data.starts_on is not None
    assert data.ends_on is not None
    with transaction.atomic():
        quest = Quest.objects.select_for_update().filter(pk=quest_id).first()
        if quest is None:
            raise NotFound
        before = audit.snapshot(quest, QUEST_FIELDS)
        old_levels = _current_levels(quest)
        new_levels = _levels_snapshot(data.levels)
        if old_levels != new_levels and LevelCompletion.objects.filter(quest=quest).exists():
            raise ServiceError(Problem("levels", _(
                "People have reached levels of this quest already; its levels can no longer "
                "change. Create a new quest instead.")))
        quest.title, quest.description = data.title.strip(), (data.description or "").strip()
        quest.starts_on, quest.ends_on, quest.active = data.starts_on, data.ends_on, data.active
        quest.audience_all = not units
        quest.badge_code = (data.badge_code or "").strip()
        quest.badge_each_level = data.badge_each_level
        quest.updated_at = timezone.now()
        quest.save()
        quest.audience_units.set(units)
        if old_levels != new_levels:
            quest.levels.all().delete()
            _write_levels(quest, data.levels)
        changes = audit.diff(before, audit.snapshot(quest, QUEST_FIELDS))
        if old_levels != new_levels:
            changes["levels"] = [old_levels, new_levels]  # type: ignore[list-item,unused-ignore]
        audit.record(actor, audit.draft_for(quest, Action.UPDATE, changes=changes))
    refresh_quest(quest_id=quest.pk)
    return quest


def _current_levels(quest: Quest) -> list[dict[str, object]]:
    return [{"title": lv.title, "points": lv.points,
             "tasks": [[t.kind, t.count] for t in lv.tasks.all()]}
            for lv in quest.levels.prefetch_related("tasks").order_by("number")]


def specs_of(quest: Quest) -> list[LevelSpec]:
    return [LevelSpec(lv.number, lv.title, lv.points,
                      tuple(TaskSpec(t.kind, t.count) for t in lv.tasks.all()))
            for lv in quest.levels.prefetch_related("tasks").order_by("number")]


def eligible(quest: Quest, person: Person) -> bool:
    if quest.audience_all:
        return True
    return any(tree.is_within(person.unit.path, u.path) for u in quest.audience_units.all())


def join_quest(*, actor: Actor, quest_id: int) -> Enrolment:
    person_id = require_person(actor)
    person = Person.objects.select_related("unit").get(pk=person_id)
    quest = Quest.objects.filter(pk=quest_id).first()
    if quest is None or not eligible(quest, person):
        raise NotFound
    if not quest.active or quest.ends_on < clock.today():
        raise ServiceError(Problem("quest", _("This quest is closed.")))
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(quest=quest, person=person)
        if created:
            audit.record(actor, audit.draft_for(enrolment, Action.CREATE, changes={
                "quest": [None, quest.pk], "person": [None, person.pk]}))
    refresh_person(person_id=person.pk, quest_ids=[quest.pk])
    return enrolment


# --- counting --------------------------------------------------------------------------------


def record_activity(*, kind: str, key: str, person_id: int, on: dt.date) -> bool:
    """Count one activity (False when it was counted before) and bring the person's quests
    up to date."""
    if kind not in kinds.KINDS:
        raise ValueError(kind)
    try:
        with transaction.atomic():
            _obj, created = Activity.objects.get_or_create(
                kind=kind, key=key, defaults={"person_id": person_id, "on": on})
    except IntegrityError:  # the same event delivered twice at the same moment
        created = False
    if created:
        quest_ids = list(Enrolment.objects.filter(
            person_id=person_id, quest__active=True, quest__starts_on__lte=on,
            quest__ends_on__gte=on, quest__levels__tasks__kind=kind)
            .values_list("quest_id", flat=True).distinct())
        if quest_ids:
            refresh_person(person_id=person_id, quest_ids=quest_ids)
    return created


def counts_for(quest: Quest, person_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Activity counts per person and kind inside the quest's window: one grouped query."""
    wanted = sorted({t.kind for lv in specs_of(quest) for t in lv.tasks})
    ids = list(person_ids)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    if not wanted or not ids:
        return out
    for start in range(0, len(ids), 500):
        rows = (Activity.objects.filter(person_id__in=ids[start:start + 500], kind__in=wanted,
                                        on__gte=quest.starts_on, on__lte=quest.ends_on)
                .values_list("person_id", "kind").annotate(n=Count("pk")).order_by())
        for person_id, kind, n in rows:
            out[person_id][kind] = n
    return out


def refresh_person(*, person_id: int, quest_ids: Sequence[int] | None = None) -> int:
    """Award every level the person has reached but not been awarded; returns how many."""
    enrolments = Enrolment.objects.filter(person_id=person_id).select_related("quest")
    if quest_ids is not None:
        enrolments = enrolments.filter(quest_id__in=list(quest_ids))
    return sum(_award_reached(e.quest, [person_id]) for e in enrolments)


def refresh_quest(*, quest_id: int) -> int:
    quest = Quest.objects.filter(pk=quest_id).first()
    if quest is None:
        return 0
    people = list(Enrolment.objects.filter(quest=quest).values_list("person_id", flat=True))
    return _award_reached(quest, people)


def _award_reached(quest: Quest, person_ids: Sequence[int]) -> int:
    if not quest.active or not person_ids:
        return 0
    specs = specs_of(quest)
    counts = counts_for(quest, person_ids)
    done: dict[int, set[int]] = defaultdict(set)
    for person_id, number in LevelCompletion.objects.filter(
            quest=quest, person_id__in=list(person_ids)).values_list("person_id", "level"):
        done[person_id].add(number)
    awarded = 0
    for person_id in person_ids:
        progress = evaluate(specs, counts.get(person_id, {}))
        for level in progress.levels:
            if level.reached and level.number not in done[person_id]:
                _complete_level(quest, person_id, level.number, level.points, len(specs))
                awarded += 1
    return awarded


def quest_source_key(quest_id: int, level: int, person_id: int) -> str:
    return f"quest:{quest_id}:level:{level}:{person_id}"


def _complete_level(quest: Quest, person_id: int, level: int, points: int, last: int) -> None:
    """Record the level, grant its points and (last level, or every level when so configured)
    the quest's badge, in one transaction; every award is idempotent on its source key."""
    from flexperf.badges import services as badges
    from flexperf.recognition import services as recognition

    system = Actor.system()
    key = quest_source_key(quest.pk, level, person_id)
    today = clock.today()
    with transaction.atomic():
        completion, created = LevelCompletion.objects.get_or_create(
            quest=quest, person_id=person_id, level=level,
            defaults={"completed_on": today, "points": points})
        if not created:
            return
        if points > 0:
            completion.points_txn_id = recognition.grant_points(
                actor=system, person_id=person_id, points=points,
                reason=_("Quest “%(quest)s”, level %(level)d") % {"quest": quest.title,
                                                                  "level": level},
                source="quest", source_key=key, on=today)
        if quest.badge_code and (quest.badge_each_level or level == last):
            award = badges.award_badge(
                actor=system, badge_code=quest.badge_code, person_id=person_id,
                evidence=_("Reached level %(level)d of the quest “%(quest)s”.")
                % {"level": level, "quest": quest.title}, source_key=f"{key}:badge")
            completion.badge_code, completion.badge_award_id = quest.badge_code, award.id
        completion.save(update_fields=["points_txn_id", "badge_code", "badge_award_id"])
        audit.record(system, audit.draft_for(completion, Action.CREATE, changes={
            "quest": [None, quest.pk], "person": [None, person_id], "level": [None, level],
            "points": [None, points], "badge": [None, completion.badge_code]}))
        person = Person.objects.select_related("user").filter(pk=person_id).first()
        if person is not None:
            notify(recipients=[person.user], kind="achievements.level",
                   title=_("You reached level %(level)d of “%(quest)s”")
                   % {"level": level, "quest": quest.title},
                   url=reverse("achievements_quest", args=[quest.pk]))
        emit(events.QuestCompleted(quest.pk, person_id, level))


# --- recompute -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecomputeSummary:
    quests: int
    activities_added: int
    levels_awarded: int


def recompute(*, actor: Actor, quest_id: int | None = None) -> RecomputeSummary:
    """Count again from the source domains' records over the windows of the active quests
    (or one quest), then award every level reached. Safe to run any number of times."""
    require_hr(actor)
    quests = Quest.objects.filter(active=True)
    if quest_id is not None:
        quests = Quest.objects.filter(pk=quest_id)
        if not quests.exists():
            raise NotFound
    quest_list = list(quests.prefetch_related("levels__tasks"))
    windows: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for quest in quest_list:
        for level in quest.levels.all():
            for task in level.tasks.all():
                windows[task.kind].append((quest.starts_on, quest.ends_on))
    added = 0
    for kind, spans in windows.items():
        start, end = min(s for s, _e in spans), max(e for _s, e in spans)
        added += _store(sources.backfill(kind, start, end))
    awarded = sum(refresh_quest(quest_id=q.pk) for q in quest_list)
    summary = RecomputeSummary(len(quest_list), added, awarded)
    audit.record(actor, audit.Draft(action=Action.UPDATE, object_type="achievements.quest",
                                    object_id=str(quest_id or ""), object_repr="recompute",
                                    context={"activities_added": added,
                                             "levels_awarded": awarded}))
    return summary


def _store(items: Iterable[sources.Item]) -> int:
    """Insert the activities not counted yet (batched; existing keys are skipped)."""
    added = 0
    batch: list[sources.Item] = []

    def flush() -> int:
        if not batch:
            return 0
        by_kind: dict[str, list[str]] = defaultdict(list)
        for item in batch:
            by_kind[item.kind].append(item.key)
        known = set()
        for kind, keys in by_kind.items():
            known |= {(kind, k) for k in Activity.objects.filter(kind=kind, key__in=keys)
                      .values_list("key", flat=True)}
        fresh = {(i.kind, i.key): i for i in batch if (i.kind, i.key) not in known}
        Activity.objects.bulk_create(
            [Activity(kind=i.kind, key=i.key, person_id=i.person_id, on=i.on)
             for i in fresh.values()], ignore_conflicts=True)
        batch.clear()
        return len(fresh)

    for item in items:
        batch.append(item)
        if len(batch) >= 500:
            added += flush()
    added += flush()
    return added
