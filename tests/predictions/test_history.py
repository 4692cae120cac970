"""The own-history attrition model: who is a positive, features, scoring with reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.predictions import history
from flexperf.predictions.models import Kind, ModelVersion
from flexperf.predictions.services import (
    activate_model,
    score_attrition,
    train_attrition_from_history,
)
from tests import factories as f
from tests.conftest import SmallOrg
from tests.predictions.conftest import AS_OF

SYSTEM = Actor.system()


def test_training_set_positives_are_recent_leavers(history_org: SmallOrg) -> None:
    data = history.training_set(AS_OF)
    # six recent leavers; 钱进 left 2024-06-30, more than two years before the as-of day
    assert data.dataset.positives == 6
    assert history_org.people["leaver"].pk not in data.person_ids
    assert "left" not in data.dataset.features
    assert "status" not in data.dataset.features
    assert data.dataset.features == ("tenure_years", "level_rank", "job_family")
    assert data.window_start == dt.date(2026, 1, 5)
    assert set(data.dataset.groups) == {"gender", "age_band", "unit"}


def test_too_few_leavers_is_refused(small_org: SmallOrg) -> None:
    with pytest.raises(ServiceError) as error:
        train_attrition_from_history(actor=SYSTEM, as_of=AS_OF)
    assert error.value.problems[0].field == "target"


def test_train_score_and_reasons(history_org: SmallOrg) -> None:
    assert score_attrition([history_org.people["rep1"].pk], AS_OF) == {}
    version = train_attrition_from_history(actor=SYSTEM, as_of=AS_OF)
    assert version.is_active
    assert version.kind == Kind.ATTRITION
    assert version.label == "attrition-v1"
    assert version.rows == 6 + 11 + 6 - 1
    assert version.positives == 6
    assert version.metrics["roc_auc"]["mean"] > 0.9
    people = history_org.people
    scores = score_attrition([people["rep1"].pk, people["ceo"].pk, people["leaver"].pk], AS_OF)
    assert set(scores) == {people["rep1"].pk, people["ceo"].pk}  # leavers are not scored
    junior, senior = scores[people["rep1"].pk], scores[people["ceo"].pk]
    assert junior.probability > senior.probability
    assert junior.model_version == "attrition-v1"
    assert junior.band in {"low", "medium", "high"}
    top = junior.reasons[0]
    assert top.feature in {"tenure_years", "level_rank"}
    assert top.contribution > 0
    tenure = next(r for r in junior.reasons if r.feature == "tenure_years")
    assert tenure.value == pytest.approx((AS_OF - dt.date(2025, 9, 1)).days / 365.25, abs=1e-4)


def test_a_new_version_becomes_active_and_the_old_can_return(history_org: SmallOrg) -> None:
    first = train_attrition_from_history(actor=SYSTEM, as_of=AS_OF)
    second = train_attrition_from_history(actor=SYSTEM, as_of=AS_OF)
    assert second.number == 2
    assert list(ModelVersion.objects.filter(is_active=True)) == [second]
    activate_model(actor=SYSTEM, model_id=first.pk)
    assert list(ModelVersion.objects.filter(is_active=True)) == [first]
    manager = f.actor(history_org.users["manager"])
    with pytest.raises(Forbidden):
        activate_model(actor=manager, model_id=second.pk)


def test_signals_are_used_when_enough_leavers_left_inside_their_history(
        history_org: SmallOrg, monkeypatch: pytest.MonkeyPatch) -> None:
    """Weekly signals for everyone from 2025-10-06: the six leavers (Jan–Mar 2026) are covered
    but fewer than MIN_COVERED_LEAVERS, so the model falls back to tenure, level and family;
    with the threshold at six, the signal joins the features and leavers keep their rows."""
    import polars as pl

    from flexperf.org.models import Person

    ids = list(Person.objects.values_list("pk", flat=True))
    mondays = [dt.date(2025, 10, 6) + dt.timedelta(weeks=w) for w in range(38)]
    frame = pl.DataFrame({"person_id": [i for i in ids for _ in mondays],
                          "week_start": mondays * len(ids),
                          "hours": [40.0 + (i % 3) for i in ids for _ in mondays]},
                         schema={"person_id": pl.Int64, "week_start": pl.Date,
                                 "hours": pl.Float64})
    monkeypatch.setattr(history, "signal_frame", lambda *_a: (frame, ["hours"]))
    assert history.training_set(AS_OF).signal_columns == []
    monkeypatch.setattr(history, "MIN_COVERED_LEAVERS", 6)
    data = history.training_set(AS_OF)
    assert data.signal_columns == ["hours"]
    assert data.dataset.features == ("tenure_years", "level_rank", "hours", "job_family")
    assert data.dataset.positives == 6
