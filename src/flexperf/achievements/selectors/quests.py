"""Reads of quests: which quests a caller sees, their progress, a quest's detail."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from flexperf.achievements.models import Enrolment, LevelCompletion, Quest
from flexperf.achievements.progress import QuestProgress, evaluate
from flexperf.achievements.services.quests import counts_for, specs_of
from flexperf.core import clock, tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.org.models import Person, Unit


def _audience_q(person: Person) -> Q:
    """Quests open to everyone, or to a unit at or above the person's unit."""
    unit_ids = [*tree.ancestor_pks(person.unit.path), person.unit_id]
    return Q(audience_all=True) | Q(audience_units__in=unit_ids)


def quests_visible_to(actor: Actor) -> QuerySet[Quest]:
    """HR: every quest. A person: active quests open to them and any quest they joined.
    Others inside the group: active quests open to everyone."""
    if actor.is_hr:
        return Quest.objects.all()
    if not actor.is_internal:
        return Quest.objects.none()
    if actor.person_id is None:
        return Quest.objects.filter(active=True, audience_all=True)
    person = Person.objects.select_related("unit").filter(pk=actor.person_id).first()
    if person is None:
        return Quest.objects.none()
    joined = Enrolment.objects.filter(person_id=person.pk).values("quest_id")
    ids = Quest.objects.filter((Q(active=True) & _audience_q(person)) | Q(pk__in=joined))
    return Quest.objects.filter(pk__in=ids.values("pk"))


def access_quest(actor: Actor, quest_id: int) -> Quest:
    quest = quests_visible_to(actor).filter(pk=quest_id).first()
    if quest is None:
        raise NotFound
    return quest


@dataclass(frozen=True)
class QuestCard:
    quest: Quest
    joined: bool
    progress: QuestProgress  # the caller's (zero when not joined or not a person)
    open: bool  # may still be joined
    participants: int
    finishers: int

    @property
    def level_count(self) -> int:
        return len(self.progress.levels)


def _progress(quest: Quest, person_id: int | None) -> QuestProgress:
    specs = specs_of(quest)
    counts = counts_for(quest, [person_id]).get(person_id, {}) if person_id else {}
    return evaluate(specs, counts)


def quest_cards(actor: Actor) -> list[QuestCard]:
    quests = list(quests_visible_to(actor).annotate(n=Count("enrolments", distinct=True))
                  .order_by("-active", "ends_on", "pk"))
    joined = set(Enrolment.objects.filter(person_id=actor.person_id).values_list(
        "quest_id", flat=True)) if actor.person_id else set()
    return [_card(actor, q, q.pk in joined, getattr(q, "n", 0)) for q in quests]


def _card(actor: Actor, quest: Quest, joined: bool, participants: int) -> QuestCard:
    levels = quest.levels.count()
    finishers = (LevelCompletion.objects.filter(quest=quest, level=levels).count()
                 if levels else 0)
    progress = _progress(quest, actor.person_id if joined else None)
    return QuestCard(quest, joined, progress,
                     open=quest.active and quest.ends_on >= clock.today(),
                     participants=participants, finishers=finishers)


def quest_card(actor: Actor, quest_id: int) -> QuestCard:
    quest = access_quest(actor, quest_id)
    joined = actor.person_id is not None and Enrolment.objects.filter(
        quest=quest, person_id=actor.person_id).exists()
    return _card(actor, quest, joined, Enrolment.objects.filter(quest=quest).count())


def audience_names(quest: Quest) -> list[str]:
    return [u.name for u in Unit.objects.filter(pk__in=quest.audience_units.values("pk"))
            .order_by("path")]


def completions_of(person_id: int) -> list[LevelCompletion]:
    """Levels a person reached, newest first (honours on the achievement hall)."""
    return list(LevelCompletion.objects.filter(person_id=person_id).select_related("quest")
                .order_by("-completed_on", "-pk"))
