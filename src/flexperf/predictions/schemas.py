"""API input and output of predictions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import ConfigDict


class TrainIn(Schema):
    model_config = ConfigDict(extra="forbid")
    as_of: dt.date | None = None


class ModelOut(Schema):
    id: int
    label: str
    kind: str
    number: int
    algorithm: str
    source: str
    is_active: bool
    created_at: dt.datetime
    created_by: str
    rows: int
    positives: int
    roc_auc: dict[str, float] | None = None


class ModelCardOut(ModelOut):
    as_of: dt.date | None
    window_start: dt.date | None
    window_end: dt.date | None
    target: str
    positive_value: str
    rows_read: int
    duplicates_dropped: int
    features: list[str]
    dropped_columns: list[list[str]]
    metrics: dict[str, Any]
    calibration: list[dict[str, float]]
    groups: list[dict[str, Any]]
    warnings: int
    settings: dict[str, Any]


class ReasonOut(Schema):
    feature: str
    label: str
    contribution: float
    value: float | None


class PredictionOut(Schema):
    available: bool
    probability: float | None = None
    band: str | None = None
    reasons: list[ReasonOut] = []
    model_version: str | None = None
