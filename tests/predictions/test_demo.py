"""The predictions demo: the own-history model trained from the org demo's leavers, fast."""

from __future__ import annotations

import time

import pytest

from flexperf.core.actors import Actor
from flexperf.org.demo import loader as org_loader
from flexperf.predictions.demo import loader
from flexperf.predictions.models import ModelVersion
from flexperf.predictions.services import score_attrition


@pytest.mark.django_db
def test_demo_trains_an_active_model_with_a_card() -> None:
    actor = Actor.system()
    org_loader.load_demo(actor=actor, size=200, seed=7)
    assert not loader.predictions_demo_loaded()
    started = time.perf_counter()
    counts = loader.load_predictions_demo(actor=actor, seed=7)
    seconds = time.perf_counter() - started
    assert loader.predictions_demo_loaded()
    version = ModelVersion.objects.get()
    assert version.is_active
    assert version.positives == counts["leavers"] > 5
    assert version.rows == counts["rows"]
    assert version.created_at.date().isoformat() == "2026-06-30"
    assert {g["dimension"] for g in version.groups} == {"gender", "age_band", "unit"}
    assert version.calibration
    from flexperf.org.models import Person
    people = list(Person.objects.filter(status="active").values_list("pk", flat=True)[:20])
    scores = score_attrition(people, version.as_of)
    assert len(scores) == 20
    assert seconds < 15  # < 5 s on a quiet machine
