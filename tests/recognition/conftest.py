from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from flexperf.core.actors import Actor
from flexperf.recognition.services.budgets import allocate_budgets
from tests import factories as f
from tests.conftest import SmallOrg

PERIOD = "2026-06"


@pytest.fixture
def today(settings: Any) -> None:
    settings.FLEXPERF_TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def budgets(small_org: SmallOrg, today: None) -> SmallOrg:
    allocate_budgets(actor=Actor.system(), period=PERIOD)
    return small_org


def actor_of(org: SmallOrg, role: str) -> Actor:
    return f.actor(org.users[role])


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks
