"""Fixtures for the feedback domain, on top of `small_org` (tests/conftest.py).

`fb_org` adds sign-ins for rep2 赵磊 (a peer of rep1 under the same manager 陈经理), the
engineer 郑工 (R&D, outside sales), the R&D head 吴博士 and the CEO 周总 (above everyone), and
the periods 2026 and 2026-H1 (and the default scheme):

    周总 ceo ── 陈经理 manager ── 林小雨 employee, 赵磊 rep2
            ├─ 吴博士 rnd_head ── 郑工 engineer
            ├─ 孙敏 hr_admin ── 何静 hrbp (HRBP for S)
            ├─ 冯审 auditor, 韩策 executive
    partner: no person record
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from flexperf.accounts.models import User
from flexperf.accounts.services import create_token
from flexperf.core.actors import Actor
from flexperf.feedback.models import Answer, Campaign, Nomination, NominationStatus, Question
from flexperf.feedback.services.campaigns import CampaignIn, create_campaign
from flexperf.goals.models import Period
from flexperf.org.models import Person
from tests import factories as f
from tests.conftest import SmallOrg
from tests.goals import factories as gf


@dataclass
class FbOrg:
    org: SmallOrg
    period: Period
    users: dict[str, User]

    @property
    def people(self) -> dict[str, Person]:
        return self.org.people

    def actor(self, who: str) -> Actor:
        return f.actor(self.users[who])

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client

    def token(self, who: str, scopes: list[str] | None = None) -> str:
        return create_token(actor=f.SYSTEM, user=self.users[who], name="chat",
                            scopes=scopes).secret


@pytest.fixture
def fb_org(small_org: SmallOrg) -> FbOrg:
    users = dict(small_org.users)
    p = small_org.people
    for name in ("rep2", "engineer", "rnd_head", "ceo"):
        users[name] = f.user(name, p[name])
    gf.period("2026")
    gf.scheme("profit_centre")  # the group default, so person goals can be made
    return FbOrg(small_org, gf.period("2026-H1"), users)


# --- 360 --------------------------------------------------------------------------------


@pytest.fixture
def questions(db: None) -> list[Question]:
    """Questions 1 and 2 about 沟通 (communication), question 3 about 领导力 (leadership)."""
    return [Question.objects.create(competency="沟通", text="清楚地表达想法", order=1),
            Question.objects.create(competency="沟通", text="认真倾听", order=2),
            Question.objects.create(competency="领导力", text="给团队方向", order=1)]


def open_campaign(org: FbOrg, *, units: tuple[str, ...] = ("S",), cap: int = 5) -> Campaign:
    today = timezone.localdate()
    return create_campaign(actor=org.actor("hr_admin"), data=CampaignIn(
        name="2026 上半年 360", period="2026-H1", units=units,
        opens_on=today - dt.timedelta(days=10), closes_on=today + dt.timedelta(days=30),
        max_requests_per_rater=cap))


def extra_people(org: FbOrg, n: int, unit: str = "R", prefix: str = "同事") -> list[Person]:
    return [f.person(f"{prefix}{i}", org.org.units[unit], org.people["rnd_head"])
            for i in range(1, n + 1)]


def answered(campaign: Campaign, subject: Person, relationship: str, rater: Person,
             ratings: tuple[int, int, int], comment: str = "") -> Nomination:
    """A rater who answered (set up directly: the answering itself is tested elsewhere)."""
    nomination = Nomination.objects.create(
        campaign=campaign, subject=subject, relationship=relationship, rater=rater,
        status=NominationStatus.SUBMITTED, submitted_at=timezone.now())
    questions = list(campaign.questions.order_by("competency", "order", "pk"))
    # questions sorted: 沟通 1, 沟通 2, 领导力 1 (沟通 sorts before 领导力)
    for question, rating in zip(questions, ratings, strict=True):
        Answer.objects.create(nomination=nomination, question=question, rating=rating,
                              comment=comment if question is questions[0] else "")
    return nomination
