"""The reviews demo: a finished cycle with calibration and an open one, deterministic for a
seed, consistent with the rules the services apply."""

from __future__ import annotations

import hashlib

import pytest

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.goals.demo import loader as goals_loader
from flexperf.org.demo import loader as org_loader
from flexperf.org.models import Status
from flexperf.reviews.demo import loader
from flexperf.reviews.models import (
    CalibrationSession,
    Cycle,
    Evaluation,
    Phase,
    RatingChange,
    SessionStatus,
)
from flexperf.reviews.selectors import final_results

SYSTEM = Actor.system()


@pytest.fixture
def demo(db: None) -> dict[str, int]:
    org_loader.load_demo(actor=SYSTEM, size=300, seed=7)
    goals_loader.load_goals_demo(actor=SYSTEM, seed=7)
    return loader.load_reviews_demo(actor=SYSTEM, seed=7).counts


def digest() -> str:
    rows = Evaluation.objects.order_by("cycle__code", "person__employee_number").values_list(
        "cycle__code", "person__employee_number", "self_rating", "potential", "adjustment",
        "engine_score", "score", "rating", "calibrated")
    changes = RatingChange.objects.order_by("evaluation__person__employee_number",
                                            "pk").values_list(
        "evaluation__person__employee_number", "before", "after", "reason", "changed_by_name")
    return hashlib.sha256(repr((list(rows), list(changes))).encode()).hexdigest()


def test_one_finished_and_one_open_cycle_over_every_active_person(demo: dict[str, int]) -> None:
    from flexperf.org.models import Person
    active = Person.objects.filter(status=Status.ACTIVE).count()
    finished = Cycle.objects.get(code=loader.FINISHED)
    current = Cycle.objects.get(code=loader.OPEN)
    assert (finished.phase, current.phase) == (Phase.PUBLISHED, Phase.SELF_REVIEW)
    assert demo["evaluations"] == demo["open_evaluations"] == active
    assert finished.evaluations.count() == current.evaluations.count() == active
    assert demo["self_reviews"] == finished.evaluations.filter(
        self_submitted_at__isnull=False).count()
    assert demo["manager_reviews"] == finished.evaluations.filter(
        manager_submitted_at__isnull=False).count()
    assert current.evaluations.filter(manager_submitted_at__isnull=False).count() == 0
    assert not CalibrationSession.objects.filter(status=SessionStatus.OPEN).exists()
    assert demo["calibration_changes"] == RatingChange.objects.count() > 0
    assert len(final_results(finished.pk)) == active


def test_the_demo_follows_the_services_rules(demo: dict[str, int]) -> None:
    finished = Cycle.objects.get(code=loader.FINISHED)
    for e in finished.evaluations.exclude(adjustment=0):
        assert abs(e.adjustment) <= finished.max_adjustment
        assert e.adjustment_reason
        assert e.score == max(e.engine_score + e.adjustment, 0)
    for e in finished.evaluations.filter(calibrated=True):
        last = e.rating_changes.order_by("-at", "-pk").first()
        assert last is not None
        assert last.after == e.rating
    for change in RatingChange.objects.all():
        assert abs(change.steps) == 1
        assert change.reason


def test_the_same_seed_gives_the_same_reviews_and_a_second_load_is_refused(
        demo: dict[str, int]) -> None:
    first = digest()
    with pytest.raises(ServiceError):
        loader.load_reviews_demo(actor=SYSTEM, seed=7)
    Cycle.objects.all().delete()
    loader.load_reviews_demo(actor=SYSTEM, seed=7)
    assert digest() == first


def test_the_reviews_need_the_demo_group_and_its_goals(db: None) -> None:
    with pytest.raises(ServiceError):
        loader.load_reviews_demo(actor=SYSTEM, seed=7)
