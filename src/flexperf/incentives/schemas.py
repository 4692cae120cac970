"""API input and output of incentives. Money leaves the API as strings with two decimals
("41040.00"), so no client ever sees a binary float of an amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, PlainSerializer


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


Money = Annotated[Decimal, PlainSerializer(_money, return_type=str, when_used="always")]
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class PolicyIn(_In):
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    rules: dict[str, Any]
    note: str = ""


class PolicyVersionIn(_In):
    rules: dict[str, Any]
    note: str = ""


class PolicyVersionOut(Schema):
    number: int
    rules: dict[str, Any]
    note: str
    created_by_username: str
    created_at: dt.datetime


class PolicyOut(Schema):
    id: int
    code: str
    name: str
    versions: list[PolicyVersionOut]


class CompanyFactorIn(_In):
    cycle_id: int
    company_id: int
    factor: Annotated[Decimal, Field(ge=0, le=5, max_digits=6, decimal_places=3)]


class CompanyFactorOut(Schema):
    cycle_id: int
    company_id: int
    factor: Decimal


class ContributionIn(_In):
    person_id: int
    weight: Annotated[Decimal, Field(gt=0, max_digits=6, decimal_places=2)]


class PoolIn(_In):
    cycle_id: int
    goal_id: int
    name: str = Field(max_length=200)
    amount: Amount
    currency: str = "CNY"
    contributions: list[ContributionIn]


class PoolOut(Schema):
    id: int
    cycle_id: int
    goal_id: int
    name: str
    amount: Money
    currency: str


class SalaryIn(_In):
    person_id: int
    amount: Amount
    currency: str = "CNY"
    effective_from: dt.date


class SalaryOut(Schema):
    person_id: int
    amount: Money
    currency: str
    effective_from: dt.date


class ImportOut(Schema):
    created: int
    updated: int


class RunIn(_In):
    cycle_id: int
    policy_id: int


class RunOut(Schema):
    id: int
    cycle_id: int
    cycle_code: str
    policy_code: str
    policy_version: int
    status: str
    people: int
    totals: dict[str, str]
    computed_at: dt.datetime
    approved_at: dt.datetime | None


class LineOut(Schema):
    person_id: int
    employee_number: str
    kind: str
    amount: Money
    currency: str
    reference: str
    statement: list[str]


class StatementOut(Schema):
    person_id: int
    cycle_id: int
    cycle_code: str
    run_id: int
    policy_version: int
    draft: bool
    lines: list[LineOut]
    totals: dict[str, Money]


class MyStatementOut(Schema):
    cycle_id: int
    cycle_code: str
    cycle_name: str


class SelectionOut(Schema):
    selected: int
    rate: Decimal | None
    ratio: Decimal | None
    flagged: bool


class GroupOut(Schema):
    name: str
    size: int
    too_small: bool
    ratings: dict[str, int]
    payout_total: Money | None
    payout_mean: Money | None
    top: SelectionOut | None
    bonus: SelectionOut | None


class DimensionOut(Schema):
    dimension: str
    flagged: bool
    groups: list[GroupOut]


class FairnessOut(Schema):
    cycle_id: int
    cycle_code: str
    run_id: int | None
    people: int
    min_group: int
    top_ratings: list[str]
    dimensions: list[DimensionOut]
