"""The check-ins demo: a half year of check-ins per each person's cadence, milestone reviews
and missed-goal analyses; deterministic for a seed, fast, once."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from flexperf.checkins.demo import loader
from flexperf.checkins.models import Checkin, CheckinLine, MilestoneReview
from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.goals.demo import loader as goals_loader
from flexperf.goals.evaluation import score_goals
from flexperf.goals.models import Measurement, MissAnalysis
from flexperf.goals.selectors import schemes_for_units
from flexperf.org.demo import loader as org_loader
from flexperf.org.models import Person

SYSTEM = Actor.system()


def _rows() -> list[tuple[object, ...]]:
    return list(Checkin.objects.order_by("person_id", "window").values_list(
        "person_id", "window", "status", "coaching_note", "due_date")) + list(
        CheckinLine.objects.order_by("checkin__person_id", "checkin__window", "goal_id")
        .values_list("goal_id", "confidence", "measurement_id"))


@pytest.fixture
def demo(db: None) -> dict[str, int]:
    org_loader.load_demo(actor=SYSTEM, size=600, seed=2026)
    goals_loader.load_goals_demo(actor=SYSTEM, seed=2026)
    measured = Measurement.objects.count()
    started = time.perf_counter()
    counts = loader.load_checkins_demo(actor=SYSTEM, seed=2026).counts
    assert time.perf_counter() - started < 10
    assert Measurement.objects.count() == measured  # lines point at the goals demo's values
    return counts


def test_a_check_in_per_window_of_each_persons_cadence(demo: dict[str, int]) -> None:
    people = {p.pk: p for p in Person.objects.filter(status="active").select_related("unit")}
    schemes = schemes_for_units({p.unit.path for p in people.values()})
    seen: dict[int, set[str]] = {}
    for person_id, window, cadence in Checkin.objects.values_list("person_id", "window",
                                                                  "cadence"):
        person = people[person_id]
        assert cadence == schemes[person.unit.path].checkin_cadence
        seen.setdefault(person_id, set()).add(window)
    for person_id, windows in seen.items():
        hired = people[person_id].hire_date
        if hired <= dt.date(2026, 1, 1):  # January to June: 6 months or 2 quarters
            monthly = schemes[people[person_id].unit.path].checkin_cadence == "monthly"
            expected = ({f"2026-{m:02d}" for m in range(1, 7)} if monthly
                        else {"2026-Q1", "2026-Q2"})
            assert windows == expected
    assert demo["checkins"] == Checkin.objects.count()
    assert demo["discussed"] + demo["submitted"] + demo["due"] + demo["overdue"] == \
        demo["checkins"]
    # Most earlier ones were discussed; the June / Q2 ones opened on 06-23 and are due 07-07.
    assert demo["discussed"] > demo["checkins"] // 2
    assert min(demo["overdue"], demo["submitted"], demo["due"]) > 0
    assert not Checkin.objects.filter(status="due", window__in=["2026-06", "2026-Q2"],
                                      overdue_reminded_at__isnull=False).exists()
    assert not Checkin.objects.filter(status="discussed", discussed_by__isnull=True).exists()


def test_lines_point_at_the_goals_demos_own_measurements(demo: dict[str, int]) -> None:
    lines = CheckinLine.objects.select_related("checkin", "measurement", "goal")
    assert lines.count() == demo["lines"] > 0
    linked = [line for line in lines if line.measurement_id is not None]
    assert linked
    for line in linked[:500]:
        assert line.measurement is not None
        assert line.measurement.value == line.value
        assert line.checkin.window_start <= line.measurement.on <= line.checkin.window_end
        assert line.goal.person_id == line.checkin.person_id
    assert not CheckinLine.objects.filter(checkin__status="due").exists()


def test_reviews_and_analyses(demo: dict[str, int]) -> None:
    assert MilestoneReview.objects.count() == demo["milestone_reviews"] > 0
    for review in MilestoneReview.objects.select_related("milestone"):
        assert review.milestone.accepted_on is not None
        assert review.milestone.accepted_on <= review.reviewed_on <= dt.date(2026, 6, 30)
    analysed = list(MissAnalysis.objects.values_list("goal_id", flat=True))
    assert len(analysed) == demo["miss_analyses"] > 0
    scores = score_goals(SYSTEM, analysed, as_of=dt.date(2026, 6, 30))
    assert all(s.points is not None and s.points < 100 for s in scores.values())


def test_the_same_seed_gives_the_same_rows_and_the_load_happens_once(
        demo: dict[str, int]) -> None:
    first = _rows()
    with pytest.raises(ServiceError):
        loader.load_checkins_demo(actor=SYSTEM, seed=2026)
    Checkin.objects.all().delete()
    MilestoneReview.objects.all().delete()
    MissAnalysis.objects.all().delete()
    loader.load_checkins_demo(actor=SYSTEM, seed=2026)
    assert _rows() == first
