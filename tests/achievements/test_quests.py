from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from flexperf.achievements import events as ach_events
from flexperf.achievements import services as svc
from flexperf.achievements.models import Activity, LevelCompletion
from flexperf.achievements.selectors import quests as sel
from flexperf.badges import selectors as badges
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.events import _handlers, subscribe
from flexperf.feedback.services.feedback import FeedbackIn, give_feedback
from flexperf.recognition.models import Txn
from flexperf.recognition.services.contributions import ContributionIn, log_contribution
from tests.achievements.conftest import SYSTEM, actor, mentor_path
from tests.conftest import SmallOrg

Capture = Callable[..., Any]


@pytest.fixture
def completed() -> Iterator[list[ach_events.QuestCompleted]]:
    seen: list[ach_events.QuestCompleted] = []
    handler = subscribe(ach_events.QuestCompleted)(seen.append)
    yield seen
    _handlers[ach_events.QuestCompleted].remove(handler)  # type: ignore[arg-type]


def mentor(org: SmallOrg, role: str, on: dt.date | None = None) -> None:
    log_contribution(actor=actor(org, role), data=ContributionIn(
        kind="mentoring", title="带新人熟悉流程", other_person_id=org.people["rep2"].pk, on=on))


def share(org: SmallOrg, role: str, n: int, on: dt.date | None = None) -> None:
    for i in range(n):
        log_contribution(actor=actor(org, role), data=ContributionIn(
            kind="knowledge", title=f"文章 {i}", link=f"https://wiki.example.com/{i}", on=on))


def feedback(org: SmallOrg, role: str, n: int) -> None:
    for i in range(n):
        give_feedback(actor=actor(org, role), data=FeedbackIn(
            recipient_id=org.people["rep2"].pk, kind="praise", text=f"谢谢 {i}"))


def test_mentor_path_levels_award_points_badge_and_events(
        small_org: SmallOrg, django_capture_on_commit_callbacks: Capture,
        completed: list[ach_events.QuestCompleted]) -> None:
    quest = mentor_path(small_org)
    rep1 = small_org.people["rep1"].pk
    with django_capture_on_commit_callbacks(execute=True):
        svc.join_quest(actor=actor(small_org, "employee"), quest_id=quest.pk)
        mentor(small_org, "employee")
        share(small_org, "employee", 2)
    assert list(LevelCompletion.objects.filter(person_id=rep1).values_list("level", flat=True)) \
        == [1]
    txn = Txn.objects.get(source_key=f"quest:{quest.pk}:level:1:{rep1}")
    assert txn.source == "quest"
    with django_capture_on_commit_callbacks(execute=True):
        share(small_org, "employee", 1)
        feedback(small_org, "employee", 10)
    levels = LevelCompletion.objects.filter(person_id=rep1).order_by("level")
    assert [(c.level, c.points) for c in levels] == [(1, 10), (2, 20), (3, 50)]
    assert levels[2].badge_code == "quest-finisher"
    assert levels[0].badge_code == ""
    owned = badges.badges_of(actor(small_org, "employee"), rep1)
    assert [b.code for b in owned] == ["quest-finisher"]
    assert [(e.quest_id, e.person_id, e.level) for e in completed] == [
        (quest.pk, rep1, 1), (quest.pk, rep1, 2), (quest.pk, rep1, 3)]
    card = sel.quest_card(actor(small_org, "employee"), quest.pk)
    assert card.progress.finished
    assert card.finishers == 1
    assert card.participants == 1


def test_activity_before_joining_counts_and_recompute_is_idempotent(
        small_org: SmallOrg, django_capture_on_commit_callbacks: Capture) -> None:
    rep1 = small_org.people["rep1"].pk
    with django_capture_on_commit_callbacks(execute=True):
        mentor(small_org, "employee", on=dt.date(2026, 2, 3))
        share(small_org, "employee", 3, on=dt.date(2025, 12, 20))  # before the window
    quest = mentor_path(small_org)
    with django_capture_on_commit_callbacks(execute=True):
        svc.join_quest(actor=actor(small_org, "employee"), quest_id=quest.pk)
    card = sel.quest_card(actor(small_org, "employee"), quest.pk)
    assert card.progress.reached == 1
    assert card.progress.levels[1].tasks[0].done == 0  # December does not count
    Activity.objects.all().delete()
    first = svc.recompute(actor=SYSTEM)
    assert (first.quests, first.activities_added, first.levels_awarded) == (1, 1, 0)
    again = svc.recompute(actor=SYSTEM)
    assert (again.activities_added, again.levels_awarded) == (0, 0)
    assert Txn.objects.filter(source_key__startswith=f"quest:{quest.pk}:").count() == 1
    assert LevelCompletion.objects.filter(person_id=rep1).count() == 1


def test_redelivered_event_counts_once(small_org: SmallOrg) -> None:
    rep1 = small_org.people["rep1"].pk
    assert svc.record_activity(kind="mentoring", key="contribution:99", person_id=rep1,
                               on=dt.date(2026, 3, 1))
    assert not svc.record_activity(kind="mentoring", key="contribution:99", person_id=rep1,
                                   on=dt.date(2026, 3, 1))
    assert Activity.objects.count() == 1


def test_audience_units_decide_who_sees_and_joins(small_org: SmallOrg) -> None:
    quest = mentor_path(small_org, audience_unit_ids=[small_org.units["R"].pk])
    with pytest.raises(NotFound):
        svc.join_quest(actor=actor(small_org, "employee"), quest_id=quest.pk)
    assert sel.quest_cards(actor(small_org, "employee")) == []
    engineer = small_org.people["engineer"]
    from tests import factories as f

    eng = f.actor(f.user("eng", engineer))
    svc.join_quest(actor=eng, quest_id=quest.pk)
    assert [c.quest.pk for c in sel.quest_cards(eng)] == [quest.pk]
    with pytest.raises(Forbidden):
        svc.create_quest(actor=actor(small_org, "employee"), data=svc.QuestIn(
            title="x", starts_on=None, ends_on=None, levels=[]))


def test_validation_names_the_fields(small_org: SmallOrg) -> None:
    with pytest.raises(ServiceError) as error:
        svc.create_quest(actor=actor(small_org, "hr_admin"), data=svc.QuestIn(
            title=" ", starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 1),
            badge_code="no-such-badge",
            levels=[svc.LevelIn("L1", -1, [svc.TaskIn("dancing", 0)]),
                    svc.LevelIn("", 0, [])]))
    fields = [p.field for p in error.value.problems]
    assert fields == ["title", "ends_on", "levels.0.points", "levels.0.tasks.0.kind",
                      "levels.0.tasks.0.count", "levels.1.title", "levels.1.tasks",
                      "badge_code"]


def test_levels_cannot_change_once_reached(
        small_org: SmallOrg, django_capture_on_commit_callbacks: Capture) -> None:
    quest = mentor_path(small_org)
    with django_capture_on_commit_callbacks(execute=True):
        svc.join_quest(actor=actor(small_org, "employee"), quest_id=quest.pk)
        mentor(small_org, "employee")
    change = svc.QuestIn(title="Mentor path 2", starts_on=quest.starts_on,
                         ends_on=quest.ends_on,
                         levels=[svc.LevelIn("Only", 5, [svc.TaskIn("mentoring", 2)])])
    with pytest.raises(ServiceError) as error:
        svc.update_quest(actor=actor(small_org, "hr_admin"), quest_id=quest.pk, data=change)
    assert error.value.problems[0].field == "levels"
