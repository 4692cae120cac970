"""The predictions API router (mounted under /api/v1/ by flexperf/api.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.core import clock
from flexperf.predictions import selectors
from flexperf.predictions.models import ModelVersion
from flexperf.predictions.schemas import ModelCardOut, ModelOut, PredictionOut, TrainIn
from flexperf.predictions.services import activate_model, train_attrition_from_history
from flexperf.predictions.types import Prediction

router = Router(tags=["predictions"])


def model_out(version: ModelVersion) -> dict[str, Any]:
    return {"id": version.pk, "label": version.label, "kind": version.kind,
            "number": version.number, "algorithm": version.algorithm, "source": version.source,
            "is_active": version.is_active, "created_at": version.created_at,
            "created_by": version.created_by, "rows": version.rows,
            "positives": version.positives, "roc_auc": version.metrics.get("roc_auc")}


def card_out(version: ModelVersion) -> dict[str, Any]:
    return {**model_out(version), "as_of": version.as_of, "window_start": version.window_start,
            "window_end": version.window_end, "target": version.target,
            "positive_value": version.positive_value, "rows_read": version.rows_read,
            "duplicates_dropped": version.duplicates_dropped, "features": version.features,
            "dropped_columns": version.notes, "metrics": version.metrics,
            "calibration": version.calibration, "groups": version.groups,
            "warnings": sum(1 for g in version.groups if g.get("warnings")),
            "settings": version.settings}


def prediction_out(prediction: Prediction | None) -> dict[str, Any]:
    if prediction is None:
        return {"available": False}
    return {"available": True, "probability": prediction.probability, "band": prediction.band,
            "reasons": [asdict(r) for r in prediction.reasons],
            "model_version": prediction.model_version}


@router.get("/predictions/models", response=list[ModelOut],
            summary="Model versions (HR, executives; managers: own-history attrition models)")
def list_models(request: HttpRequest) -> Any:
    return [model_out(v) for v in selectors.models_visible_to(actor_of(request))]


@router.post("/predictions/models/train", response={201: ModelCardOut},
             summary="Train the attrition model on the organisation's own history (HR admin)")
def train_model(request: HttpRequest, payload: TrainIn) -> Reply[Any]:
    version = train_attrition_from_history(actor=actor_of(request, write=True),
                                           as_of=payload.as_of or clock.today())
    return Reply(201, card_out(version))


@router.get("/predictions/models/{model_id}", response=ModelCardOut,
            summary="A model card: data window, sizes, metrics, calibration, metrics by group")
def get_model(request: HttpRequest, model_id: int) -> Any:
    return card_out(selectors.access_model(actor_of(request), model_id))


@router.post("/predictions/models/{model_id}/activate", response=ModelCardOut,
             summary="Make an own-history attrition model the one that scores people (HR admin)")
def activate(request: HttpRequest, model_id: int) -> Any:
    return card_out(activate_model(actor=actor_of(request, write=True), model_id=model_id))


@router.get("/predictions/people/{person_id}/attrition", response=PredictionOut,
            summary="A person's attrition risk (manager chain and HR only; audited)")
def person_attrition(request: HttpRequest, person_id: int, as_of: dt.date | None = None) -> Any:
    return prediction_out(selectors.attrition_of(actor_of(request), person_id,
                                                 as_of or clock.today()))


@router.get("/predictions/goals/{goal_id}/delay", response=PredictionOut,
            summary="A project goal's delay risk (whoever can see the goal)")
def goal_delay(request: HttpRequest, goal_id: int, as_of: dt.date | None = None) -> Any:
    return prediction_out(selectors.goal_delay(actor_of(request), goal_id,
                                               as_of or clock.today()))


@router.get("/predictions/goals/{goal_id}/target-miss", response=PredictionOut,
            summary="A KPI goal's probability of missing its target (whoever can see the goal)")
def goal_target_miss(request: HttpRequest, goal_id: int, as_of: dt.date | None = None) -> Any:
    return prediction_out(selectors.goal_target_miss(actor_of(request), goal_id,
                                                     as_of or clock.today()))
