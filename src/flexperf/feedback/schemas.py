"""API input and output of feedback, 360 reviews and development plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field, PlainSerializer

from flexperf.feedback.models import ActionStatus, Kind, Relationship, Visibility


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# Means and percentages leave the API as JSON numbers (3.5, 33.3), not strings.
Num = Annotated[Decimal, PlainSerializer(_number, return_type=int | float, when_used="always")]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class PersonRef(Schema):
    id: int
    name: str


# --- feedback -----------------------------------------------------------------------------


class FeedbackIn(_In):
    """Name the recipient one way: `recipient_id`, `recipient_employee_number` or
    `recipient_username`. With `source` and `external_id`, posting the same message again
    answers 200 with the first feedback instead of creating a second one."""

    recipient_id: int | None = None
    recipient_employee_number: str = Field("", max_length=32)
    recipient_username: str = Field("", max_length=150)
    kind: Kind
    text: str = Field(min_length=1, max_length=5000)
    visibility: Visibility = Visibility.MANAGER
    behaviour: str = Field("", max_length=200, description="A behaviour or competency name.")
    goal_id: int | None = None
    source: str = Field("api", min_length=1, max_length=40, description='e.g. "chat"')
    external_id: str = Field("", max_length=200)


class FeedbackOut(Schema):
    id: int
    giver: PersonRef
    recipient: PersonRef
    kind: str
    visibility: str
    text: str
    behaviour: str
    goal_id: int | None
    request_id: int | None
    source: str
    created_at: dt.datetime


class RequestIn(_In):
    requested_id: int
    question: str = Field(min_length=1, max_length=2000)
    goal_id: int | None = None


class RequestOut(Schema):
    id: int
    requester: PersonRef
    requested: PersonRef
    question: str
    goal_id: int | None
    status: str
    created_at: dt.datetime


class AnswerRequestIn(_In):
    kind: Kind
    text: str = Field(min_length=1, max_length=5000)
    visibility: Visibility = Visibility.MANAGER
    behaviour: str = Field("", max_length=200)


class DeclineIn(_In):
    reason: str = Field("", max_length=500)


# --- 360 ----------------------------------------------------------------------------------


class QuestionIn(_In):
    competency: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=500)
    order: int = Field(0, ge=0, le=999)


class QuestionPatch(_In):
    competency: str | None = Field(None, min_length=1, max_length=120)
    text: str | None = Field(None, min_length=1, max_length=500)
    order: int | None = Field(None, ge=0, le=999)
    active: bool | None = None


class QuestionOut(Schema):
    id: int
    competency: str
    text: str
    order: int
    active: bool


class CampaignIn(_In):
    name: str = Field(min_length=1, max_length=200)
    period: str = Field(min_length=4, max_length=16)
    units: list[str] = Field(min_length=1, description="Unit codes.")
    opens_on: dt.date
    closes_on: dt.date
    max_requests_per_rater: int = Field(5, ge=1, le=50)
    question_ids: list[int] = Field(default_factory=list,
                                    description="Empty: every active question.")


class CampaignOut(Schema):
    id: int
    name: str
    period: str
    units: list[str]
    opens_on: dt.date
    closes_on: dt.date
    max_requests_per_rater: int
    status: str


class NominationIn(_In):
    relationship: Relationship
    rater_id: int | None = None
    external_name: str = Field("", max_length=200)
    external_email: str = Field("", max_length=254)


class NominationOut(Schema):
    """`status` is "approved" for an answered nomination to everyone but its rater."""

    id: int
    campaign_id: int
    subject: PersonRef
    relationship: str
    rater: PersonRef | None
    external_name: str
    status: str


class DecisionIn(_In):
    approve: bool
    note: str = Field("", max_length=500)


class AnswerIn(_In):
    question_id: int
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


class AnswersIn(_In):
    answers: list[AnswerIn]


class CellOut(Schema):
    competency: str
    group: str
    raters: int
    mean: Num


class GroupOut(Schema):
    group: str
    label: str
    raters: int
    comments: list[str]


class ResultsOut(Schema):
    campaign_id: int
    subject: PersonRef
    groups: list[GroupOut]
    cells: list[CellOut]


# --- development --------------------------------------------------------------------------


class ActionIn(_In):
    title: str = Field(min_length=1, max_length=300)
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.PLANNED


class PlanIn(_In):
    strengths: str = Field("", max_length=5000)
    improvements: str = Field("", max_length=5000)
    path: str = Field("", max_length=5000)
    target_role: str = Field("", max_length=200)
    mentor_id: int | None = None
    actions: list[ActionIn] = Field(default_factory=list, max_length=50)


class PlanCreateIn(PlanIn):
    person_id: int
    period: str | None = None


class ActionOut(Schema):
    id: int
    title: str
    due: dt.date | None
    status: str


class PlanOut(Schema):
    id: int
    person: PersonRef
    period: str | None
    strengths: str
    improvements: str
    path: str
    target_role: str
    mentor: PersonRef | None
    actions: list[ActionOut]
    progress: Num | None
    can_edit: bool
