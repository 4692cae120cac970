"""The day the product judges by: the local date, or the pinned FLEXPERF_TODAY (the demo's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from flexperf.config import pinned_today
from flexperf.core import clock
from flexperf.goals import evaluation
from tests.goals import factories as f

DEMO_DAY = dt.date(2026, 6, 30)


def test_today_is_the_local_date_unless_pinned(settings: Any) -> None:
    settings.FLEXPERF_TODAY = None
    assert clock.today() == timezone.localdate()
    settings.FLEXPERF_TODAY = DEMO_DAY
    assert clock.today() == DEMO_DAY


def test_the_pinned_day_comes_from_the_environment_as_a_date() -> None:
    assert pinned_today(" 2026-06-30 ") == DEMO_DAY
    assert pinned_today("") is None
    assert pinned_today(None) is None
    with pytest.raises(SystemExit, match="FLEXPERF_TODAY must be a date"):
        pinned_today("30/06/2026")


@pytest.mark.django_db
def test_a_score_is_judged_as_of_the_pinned_day(settings: Any) -> None:
    year = f.period("2026")
    settings.FLEXPERF_TODAY = DEMO_DAY
    assert evaluation.default_as_of(year) == DEMO_DAY
    settings.FLEXPERF_TODAY = dt.date(2027, 3, 1)  # after the period: its last day
    assert evaluation.default_as_of(year) == dt.date(2026, 12, 31)
