from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from flexperf.achievements import services as svc
from flexperf.achievements.models import Quest
from flexperf.badges import keys
from flexperf.core.actors import Actor
from flexperf.recognition import services as recognition
from tests import factories as f
from tests.conftest import SmallOrg

SYSTEM = Actor.system()
TODAY = dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _pinned(settings: object) -> Iterator[None]:
    settings.FLEXPERF_TODAY = TODAY  # type: ignore[attr-defined]
    keys.reset()
    yield
    keys.reset()


def actor(org: SmallOrg, role: str) -> Actor:
    return f.actor(org.users[role])


def grant(person_id: int, points: int, on: dt.date, key: str) -> int:
    return recognition.grant_points(actor=SYSTEM, person_id=person_id, points=points,
                                    reason="test", source="rule", source_key=key, on=on)


def mentor_path(org: SmallOrg, **kw: object) -> Quest:
    """"Mentor path": L1 mentor once (10 pts), L2 three knowledge articles (20 pts), L3 ten
    pieces of feedback (50 pts), badge quest-finisher on the last level."""
    data = svc.QuestIn(
        title="Mentor path", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31),
        badge_code="quest-finisher",
        levels=[svc.LevelIn("Mentor a newcomer", 10, [svc.TaskIn("mentoring", 1)]),
                svc.LevelIn("Share knowledge", 20, [svc.TaskIn("knowledge_shared", 3)]),
                svc.LevelIn("Give feedback", 50, [svc.TaskIn("feedback_given", 10)])])
    if kw:
        data = svc.QuestIn(**{**data.__dict__, **kw})  # type: ignore[arg-type]
    return svc.create_quest(actor=actor(org, "hr_admin"), data=data)
