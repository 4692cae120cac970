"""Target-miss scoring from the database on constructed goals: the goal's own aggregation,
direction and path decide what is projected; probabilities are exact (Student-t references)
or on the right side of a clear line; a single reading is prior-driven, never 0 or 1; many
goals are read with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from scipy.stats import t as student

from flexperf.core.actors import Actor
from flexperf.goals.evaluation import goal_progress
from flexperf.goals.models import Goal, Measurement, Metric, Period
from flexperf.goals.progress import Status
from flexperf.predictions.engines import target_miss
from flexperf.predictions.services import score_target_miss
from tests import factories as f

MID = dt.date(2026, 6, 30)


@pytest.fixture
def kpi(db: None) -> object:
    company = f.company()
    unit = f.unit("S", company=company, segment="mature", name="销售")
    owner = f.person("林小雨", unit)
    period = Period.objects.create(code="2026", kind="year", start=dt.date(2026, 1, 1),
                                   end=dt.date(2026, 12, 31))

    def make(values: list[tuple[dt.date, float]], *, target: float, aggregation: str = "sum",
             direction: str = "higher", baseline: float | None = None) -> Goal:
        goal = Goal.objects.create(period=period, paradigm="kpi", owner_kind="person",
                                   person=owner, title="KPI", status="active")
        metric = Metric.objects.create(
            goal=goal, kind="kpi", name="m", target=Decimal(str(target)),
            aggregation=aggregation, direction=direction,
            baseline=None if baseline is None else Decimal(str(baseline)))
        Measurement.objects.bulk_create(Measurement(metric=metric, on=on, value=Decimal(str(v)))
                                        for on, v in values)
        return goal
    return make


def _monthly(values: list[float]) -> list[tuple[dt.date, float]]:
    return [(dt.date(2026, month, 28), v) for month, v in enumerate(values, start=1)]


def _summed_exact(values: list[float], target: float, remaining: int) -> float:
    """P(miss) of the engine's model in closed form (Student-t posterior predictive)."""
    n = len(values)
    mean = sum(values) / n
    s2 = sum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    sd0 = target_miss.PRIOR_CV * target / (n + remaining)
    nu = target_miss.PRIOR_DOF + n - 1
    sigma = math.sqrt((target_miss.PRIOR_DOF * sd0**2 + (n - 1) * s2) / nu)
    scale = sigma * math.sqrt(remaining + remaining**2 / n)
    return float(student.cdf((target - sum(values) - remaining * mean) / scale, nu))


def test_on_track_and_far_behind_summed_kpis(kpi: object) -> None:
    make = kpi  # type: ignore[assignment]
    ahead = [108.0, 112, 110, 109, 111, 110]      # 660 of 1,200 at mid-year: 55 %
    behind = [60.0, 61, 59, 60, 60, 60]           # 360 of 1,200: 30 %, steady
    on_track = make(_monthly(ahead), target=1200)
    lagging = make(_monthly(behind), target=1200)
    scores = score_target_miss([on_track.pk, lagging.pk], MID)
    verdicts = goal_progress(Actor.system(), [on_track.pk, lagging.pk], as_of=MID)
    assert verdicts[on_track.pk].status == Status.ON_TRACK
    assert verdicts[lagging.pk].status == Status.OFF_TRACK
    low, high = scores[on_track.pk], scores[lagging.pk]
    assert low.probability == pytest.approx(_summed_exact(ahead, 1200, 6), abs=0.01)
    assert low.probability < 0.05
    assert low.band == "low"
    assert high.probability == pytest.approx(_summed_exact(behind, 1200, 6), abs=0.01)
    assert high.probability > 0.99
    assert high.band == "high"
    assert high.reasons[0].feature == "run_rate_gap"
    assert high.reasons[0].value == pytest.approx(60 - 840 / 6, abs=0.01)  # per month
    assert high.model_version == target_miss.VERSION


def test_quarterly_readings_are_quarters_not_months(kpi: object) -> None:
    """Two quarter-end readings of a quarter's amount each, exactly on pace (300 + 300 of
    1,200): a coin flip, not a certain overshoot (read as two months: 8 × 300) nor a miss."""
    make = kpi  # type: ignore[assignment]
    goal = make([(dt.date(2026, 3, 31), 300.0), (dt.date(2026, 6, 30), 300.0)], target=1200)
    p = score_target_miss([goal.pk], MID)[goal.pk].probability
    assert 0.4 < p < 0.6


def test_lower_is_better(kpi: object) -> None:
    """Days sales outstanding, latest value, from 68 towards 60 (lower is better): one falling
    ahead of the path is likely to make it, one drifting up is likely to miss."""
    make = kpi  # type: ignore[assignment]
    falling = make(_monthly([66.5, 65.2, 63.9, 62.6, 61.3, 60.0]), target=60, aggregation="last",
                   direction="lower", baseline=68)
    rising = make(_monthly([68.5, 69.0, 69.2, 70.1, 70.4, 71.0]), target=60, aggregation="last",
                  direction="lower", baseline=68)
    scores = score_target_miss([falling.pk, rising.pk], MID)
    assert scores[falling.pk].probability < 0.05
    assert scores[rising.pk].probability > 0.99
    # incidents summed over the year, at most 12: four a month is far too many
    incidents = make(_monthly([4.0, 3, 5, 4, 4, 4]), target=12, direction="lower")
    assert score_target_miss([incidents.pk], MID)[incidents.pk].probability > 0.99


def test_a_single_reading_is_prior_driven(kpi: object) -> None:
    """One month of data: the spread is the prior's (20 % of the needed monthly rate), so a
    January exactly on pace is about a coin flip and 10 % ahead is below it — never 0 or 1."""
    make = kpi  # type: ignore[assignment]
    january = dt.date(2026, 1, 31)
    on_pace = make([(january, 100.0)], target=1200)
    ahead = make([(january, 110.0)], target=1200)
    level = make([(january, 23.0)], target=25, aggregation="mean", baseline=22)
    scores = score_target_miss([on_pace.pk, ahead.pk, level.pk], january)
    assert scores[on_pace.pk].probability == pytest.approx(
        _summed_exact([100.0], 1200, 11), abs=0.01)
    assert 0.4 < scores[on_pace.pk].probability < 0.6
    assert 0.0 < scores[ahead.pk].probability < scores[on_pace.pk].probability
    assert 0.05 < scores[level.pk].probability < 0.95


def test_many_goals_in_a_fixed_number_of_queries(kpi: object) -> None:
    make = kpi  # type: ignore[assignment]
    goals = [make(_monthly([100.0 + i, 95, 105]), target=1200) for i in range(12)]
    with CaptureQueriesContext(connection) as queries:
        scores = score_target_miss([g.pk for g in goals], dt.date(2026, 3, 31))
    assert len(scores) == 12
    assert len(queries) <= 4
