"""API input and output of achievements."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import ConfigDict, Field


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class TaskSchema(_In):
    kind: str = Field(description="feedback_given, recognition_given, knowledge_shared, "
                                  "mentoring, cross_team_help, checkin_submitted, "
                                  "milestone_accepted or badge_received")
    count: int


class LevelIn(_In):
    title: str
    points: int = 0
    tasks: list[TaskSchema]


class QuestIn(_In):
    title: str
    description: str = ""
    starts_on: dt.date
    ends_on: dt.date
    active: bool = True
    audience_unit_ids: list[int] = Field(default_factory=list,
                                         description="Empty: open to everyone.")
    badge_code: str = ""
    badge_each_level: bool = False
    levels: list[LevelIn]


class TaskOut(Schema):
    kind: str
    label: str
    needed: int
    done: int


class LevelOut(Schema):
    number: int
    title: str
    points: int
    reached: bool
    tasks: list[TaskOut]


class QuestOut(Schema):
    id: int
    title: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    active: bool
    audience_unit_ids: list[int]
    badge_code: str
    badge_each_level: bool
    joined: bool
    open: bool
    participants: int
    finishers: int
    reached_level: int
    percent: int
    levels: list[LevelOut]


class RecomputeOut(Schema):
    quests: int
    activities_added: int
    levels_awarded: int


class RowOut(Schema):
    rank: int
    person_id: int
    name: str
    unit: str
    points: int
    me: bool


class BoardOut(Schema):
    scope: str
    period: str
    period_code: str
    start: dt.date
    end: dt.date
    title: str
    unit_id: int | None
    manager_id: int | None
    ranked: int
    hidden: int
    include_held: bool
    my_rank: int | None
    my_points: int | None
    rows: list[RowOut]


class SettingsIn(_In):
    leaderboard_opt_out: bool


class SettingsOut(Schema):
    leaderboard_opt_out: bool


class BadgeOut(Schema):
    id: int
    code: str
    name: str
    image_url: str
    issued_on: dt.date
    revoked: bool


class HonourOut(Schema):
    quest_id: int
    quest: str
    level: int
    levels: int
    completed_on: dt.date
    finished: bool


class EndorsementOut(Schema):
    tag: str
    label: str
    count: int


class ProjectOut(Schema):
    goal_id: int
    title: str
    period: str
    role: str


class MonthOut(Schema):
    month: str
    points: int


class ShareOut(Schema):
    period: str
    start: dt.date
    end: dt.date
    mine: int
    team: int
    team_size: int
    share: float


class HallOut(Schema):
    person_id: int
    name: str
    unit: str
    full: bool
    badges: list[BadgeOut]
    honours: list[HonourOut]
    endorsements: list[EndorsementOut]
    projects: list[ProjectOut] | None
    points_history: list[MonthOut] | None
    contribution_share: ShareOut | None


class RewardIn(_In):
    name: str
    description: str = ""
    cost: int
    stock: int | None = Field(default=None, description="null: unlimited")
    active: bool = True
    approval_required: bool = False


class RewardOut(Schema):
    id: int
    name: str
    description: str
    cost: int
    stock: int | None
    active: bool
    approval_required: bool


class RedeemIn(_In):
    reward_id: int
    quantity: int = 1


class DecisionIn(_In):
    note: str = ""


class RedemptionOut(Schema):
    id: int
    reward_id: int
    reward: str
    person_id: int
    person: str
    quantity: int
    points: int
    status: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str


class StoreOut(Schema):
    balance: int | None
    rewards: list[RewardOut]
