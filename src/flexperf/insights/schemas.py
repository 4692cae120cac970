"""API input and output of insights."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import ConfigDict


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class Ref(Schema):
    id: int
    name: str


class GoalRef(Schema):
    id: int
    title: str


class SubjectOut(Schema):
    person: Ref | None
    unit: Ref | None
    goal: GoalRef | None
    label: str


class ReasonOut(Schema):
    code: str
    params: dict[str, float | int | str]
    text: str


class ModelReasonOut(Schema):
    feature: str
    label: str
    contribution: float
    value: float | None


class ActionOut(Schema):
    code: str
    label: str


class MetricOut(Schema):
    label: str
    at_raise: float | None
    at_follow_up: float | None


class InsightOut(Schema):
    id: int
    kind: str
    kind_label: str
    subject: SubjectOut
    audience: Ref | None
    severity: str
    status: str
    probability: float | None
    band: str | None
    model_version: str | None
    reasons: list[ReasonOut]
    model_reasons: list[ModelReasonOut]
    recommended_actions: list[ActionOut]
    action: str | None
    note: str
    dismiss_reason: str
    raised_on: dt.date
    last_seen_on: dt.date
    follow_up_on: dt.date | None
    metric: MetricOut
    recognition_url: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ActIn(_In):
    action: str
    note: str = ""


class DismissIn(_In):
    reason: str = ""


class OutcomeOut(Schema):
    kind: str
    label: str
    metric: str
    lower_is_better: bool
    raised: int
    acted: int
    not_acted: int
    mean_change_acted: float | None
    mean_change_not_acted: float | None
    difference: float | None


class SettingsIO(Schema):
    """Every rule threshold. On PUT, fields left out keep their current value."""

    lag_share: float | None = None
    lag_gap: float | None = None
    lag_on_time: float | None = None
    lag_weeks: int | None = None
    overload_hours: float | None = None
    overload_after_hours: float | None = None
    overload_weeks: int | None = None
    help_ratio: float | None = None
    help_min: float | None = None
    help_weeks: int | None = None
    drought_weeks: int | None = None
    attrition_probability: float | None = None
    delay_probability: float | None = None
    target_miss_probability: float | None = None
    follow_up_weeks: int | None = None


class SettingsIn(SettingsIO, _In):
    pass


class RefreshIn(_In):
    as_of: dt.date | None = None


class RefreshOut(Schema):
    weeks_refreshed: int
    insights_created: int
    insights_updated: int
    by_type: dict[str, int]
    followed_up: int
