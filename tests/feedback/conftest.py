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

from dataclasses import dataclass

import pytest
from django.test import Client

from flexperf.accounts.models import User
from flexperf.accounts.services import create_token
from flexperf.core.actors import Actor
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
