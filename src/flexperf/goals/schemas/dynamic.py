"""API input and output of dynamic goals: series, signal links, adjustments, history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from flexperf.goals.models import AdjustmentKind, PeriodKind, SignalLink


class SeriesIn(Schema):
    code: str = Field(min_length=1, max_length=60, description="Letters, digits, - and _.")
    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    unit_label: str = Field("", max_length=40, description="e.g. USD/t, %, orders")
    frequency: PeriodKind = PeriodKind.MONTH
    description: str = Field("", max_length=5000)


class SeriesOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    unit_label: str
    frequency: str
    description: str


class PointIn(Schema):
    model_config = ConfigDict(extra="forbid")

    on: dt.date = Field(description="The date the value belongs to (YYYY-MM-DD).")
    value: Decimal


class PointOut(Schema):
    on: dt.date
    value: Decimal


class PointsFilter(Schema):
    since: dt.date | None = None
    until: dt.date | None = None


class LoadCountsOut(Schema):
    created: int
    updated: int
    unchanged: int = Field(description="Points already stored with the same value.")


class ImportProblemOut(Schema):
    row: int | None = Field(description="Row in the file (the header is row 1).")
    column: str
    message: str


class SeriesImportOut(Schema):
    ok: bool
    rows: int
    counts: dict[str, LoadCountsOut] = Field(description="Per series code.")
    problems: list[ImportProblemOut]


class SignalLinkIn(Schema):
    goal_id: int
    series_id: int
    plan_value: Decimal = Field(description="The series value the goal's target assumed.")
    threshold_pct: Decimal = Field(gt=0, description="Deviation from the plan, in %, beyond "
                                                     "which a point counts.")
    consecutive_periods: int = Field(2, ge=1, le=24, description="How many latest points in a "
                                                                 "row must deviate.")


class SignalLinkOut(Schema):
    id: int
    goal_id: int
    series_id: int
    series_code: str
    plan_value: Decimal
    threshold_pct: Decimal
    consecutive_periods: int
    active: bool
    last_fired_on: dt.date | None = Field(description="The series date that fired it last.")
    last_fired_at: dt.datetime | None

    @staticmethod
    def resolve_series_code(link: SignalLink) -> str:
        return link.series.code


class SignalLinkFilter(Schema):
    goal: int | None = None
    active: bool | None = None


class MetricChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    threshold: Decimal | None = None
    target: Decimal | None = None
    stretch: Decimal | None = None


class MilestoneChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    due: dt.date | None = None
    weight: Decimal | None = None


class ChangesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    weight: Decimal | None = Field(None, description="The goal's weight within its component.")
    due_date: dt.date | None = None
    metrics: dict[int, MetricChangeIn] = Field(default_factory=dict,
                                               description="New values by metric id.")
    milestones: dict[int, MilestoneChangeIn] = Field(default_factory=dict,
                                                     description="New values by milestone id.")


class AdjustmentIn(Schema):
    kind: AdjustmentKind = AdjustmentKind.CHANGE
    changes: ChangesIn | None = Field(None, description="Leave out for a withdrawal.")
    reason: str = Field(description="Why the goal should change.")
    evidence: str = Field(description="What shows it (figures, documents, links).")
    trigger_id: int | None = Field(None, description="The signal link that triggered it.")


class ApproveIn(Schema):
    note: str = ""
    effective_from: dt.date | None = Field(
        None, description="When the new version comes into force (default today); not before "
                          "the goal's previous version.")


class RejectIn(Schema):
    note: str = Field(description="Why the goal stays as it is.")


class FieldChangeOut(Schema):
    field: str = Field(description="weight, due_date, status, metrics.<id>.target, …")
    label: str
    old: Any
    new: Any


class AdjustmentOut(Schema):
    id: int
    goal_id: int
    goal_title: str
    kind: str
    status: str
    changes: list[FieldChangeOut] = Field(description="What it proposes, old → new.")
    reason: str
    evidence: str
    trigger_id: int | None
    signal: str = Field(description="Code of the triggering series, if any.")
    trigger_detail: str
    approver_role: str = Field(description="manager, hrbp, or hr (beyond the guard).")
    guard_note: str = Field(description="Why HR must approve, when beyond the guard.")
    proposed_by: str
    proposed_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    decision_note: str
    effective_from: dt.date | None
    version: int | None = Field(description="The goal version it made, when approved.")
    can_decide: bool
    can_cancel: bool


class ReportRowOut(AdjustmentOut):
    owner: str
    period: str


class VersionOut(Schema):
    number: int
    effective_from: dt.date
    reason: str
    created_by: str
    approved_by: str
    adjustment_id: int | None
    created_at: dt.datetime
    changes: list[FieldChangeOut] = Field(description="Against the version before.")


class HistoryOut(Schema):
    goal_id: int
    title: str
    status: str
    version: int
    discussion_reason: str
    discussion_since: dt.datetime | None
    versions: list[VersionOut]
    adjustments: list[AdjustmentOut]
