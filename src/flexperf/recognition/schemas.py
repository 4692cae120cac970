"""API input and output of recognition."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import ConfigDict, Field


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class PersonRef(Schema):
    id: int
    name: str


class AwardIn(_In):
    recipient_id: int
    points: int = Field(ge=1)
    message: str = Field(min_length=1, max_length=1000)
    tag: str = Field(description="A tag of GET /recognition/tags.")
    goal_id: int | None = None
    visibility: str = Field("public", description='"public" (the wall) or "private"')


class AwardOut(Schema):
    id: int
    giver: PersonRef
    recipient: PersonRef
    points: int
    asked_points: int
    tag: str
    tag_label: str
    message: str
    goal_id: int | None
    visibility: str
    cross_unit: bool
    on: dt.date
    held: bool


class TagOut(Schema):
    code: str
    label: str


class BalanceOut(Schema):
    person_id: int
    available: int
    held: int
    period: str
    budget_left: int | None
    earned_this_period: int


class HistoryOut(Schema):
    txn_id: int
    on: dt.date
    kind: str
    kind_label: str
    account: str
    amount: int
    reason: str


class ContributionIn(_In):
    kind: str = Field(description='"knowledge", "mentoring" or "cross_team_help"')
    title: str = Field(min_length=1, max_length=200)
    link: str = Field("", max_length=500)
    other_person_id: int | None = Field(None, description="The mentee or the colleague helped.")
    note: str = Field("", max_length=2000)
    on: dt.date | None = None


class ContributionOut(Schema):
    id: int
    person: PersonRef
    kind: str
    title: str
    link: str
    other_person: PersonRef | None
    on: dt.date


class AllocateIn(_In):
    period: str | None = Field(None, description='"YYYY-MM"; default this month')


class AllocationOut(Schema):
    period: str
    allocated: int
    already: int
    points: int
    expired: int
    expired_points: int


class PolicyOut(Schema):
    budget_per_period: int
    max_per_award: int
    pair_cap: int
    free_awards: int
    decay_percent: int
    pingpong_window_days: int
    pingpong_min_each: int


class PolicyIn(_In):
    budget_per_period: int | None = None
    max_per_award: int | None = None
    pair_cap: int | None = None
    free_awards: int | None = None
    decay_percent: int | None = None
    pingpong_window_days: int | None = None
    pingpong_min_each: int | None = None


class RuleOut(Schema):
    code: str
    label: str
    points: int
    cap_per_period: int
    active: bool


class RuleIn(_In):
    points: int | None = None
    cap_per_period: int | None = None
    active: bool | None = None


class FlagOut(Schema):
    id: int
    person_a: PersonRef
    person_b: PersonRef
    status: str
    opened_on: dt.date
    a_to_b: int
    b_to_a: int
    held_points: int
    decided_by: str
    note: str


class DecideIn(_In):
    decision: str = Field(description='"release" or "reverse"')
    note: str = Field("", max_length=500)
