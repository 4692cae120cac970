from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from flexperf.achievements.demo.loader import load_achievements_demo
from flexperf.achievements.models import LevelCompletion, Redemption
from flexperf.core.errors import ServiceError
from tests.achievements.conftest import SYSTEM
from tests.conftest import SmallOrg


def test_demo_on_a_small_group(small_org: SmallOrg,
                               django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        counts = load_achievements_demo(actor=SYSTEM, seed=3)
    assert (counts["quests"], counts["rewards"], counts["opt_outs"]) == (3, 8, 3)
    assert counts["contributions"] > 0
    reached = set(LevelCompletion.objects.values_list("level", flat=True))
    assert 1 in reached
    assert counts["levels"] == LevelCompletion.objects.count()
    assert Redemption.objects.filter(status="pending").count() == counts["pending"] <= 1
    assert Redemption.objects.count() == counts["redemptions"]
    with pytest.raises(ServiceError):
        load_achievements_demo(actor=SYSTEM, seed=3)
