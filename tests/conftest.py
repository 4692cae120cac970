from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from flexperf.accounts.models import User
from flexperf.core.actors import Role
from flexperf.core.seeds import reinstall_migration_seeds
from flexperf.org.models import Company, Person, Unit
from tests import factories as f


@dataclass
class SmallOrg:
    """A group small enough to reason about by hand.

    HX 华信集团
      G 集团总部 ── ceo 周总
        S 销售事业部 ── sales_head 陈经理 (manager)
          SE 华东销售 ── rep1 林小雨 (employee), rep2 赵磊, leaver 钱进 (left)
        R 研发中心 ── rnd_head 吴博士 ── engineer 郑工
        H 人力资源部 ── hr_admin_p 孙敏 (HR admin) ── hrbp_p 何静 (HRBP for S)
                       auditor_p 冯审 (auditor)
        strategy_vp 韩策 in G (executive for G)
      partner: a user with no person record (partner role)
    """

    company: Company
    units: dict[str, Unit]
    people: dict[str, Person]
    users: dict[str, User]

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client


@pytest.fixture(autouse=True)
def _english() -> None:
    """Each test starts in the default language: a test that switched to Chinese (a page, a
    CLI run) must not leak it into the messages the next test in this process reads."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _migration_seeds(request: pytest.FixtureRequest) -> None:
    """The rows data migrations install (points rules, badge classes): a transactional test
    that ran earlier in this process flushed them with everything else, so put them back."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db"} & set(request.fixturenames))
    if not uses_db:
        return
    request.getfixturevalue("db")
    from flexperf.badges.models import BadgeClass
    from flexperf.recognition.models import Rule

    if not (Rule.objects.exists() and BadgeClass.objects.exists()):
        reinstall_migration_seeds()


@pytest.fixture
def small_org(db: None) -> SmallOrg:
    hx = f.company()
    g = f.unit("G", company=hx, segment="support", name="集团总部")
    s = f.unit("S", g, company=hx, segment="mature", name="销售事业部")
    se = f.unit("SE", s, company=hx, segment="mature", name="华东销售")
    r = f.unit("R", g, company=hx, segment="innovation", name="研发中心")
    h = f.unit("H", g, company=hx, segment="support", name="人力资源部")
    ceo = f.person("周总", g, job_family="management", gender="male")
    sales_head = f.person("陈经理", s, ceo, gender="female")
    rep1 = f.person("林小雨", se, sales_head, name_en="Lin Xiaoyu", gender="female",
                    birth_date=f.dt.date(1994, 5, 6))
    rep2 = f.person("赵磊", se, sales_head, gender="male")
    leaver = f.person("钱进", se, sales_head, status="left", leave_date=f.dt.date(2024, 6, 30),
                      leave_reason="compensation")
    rnd_head = f.person("吴博士", r, ceo, job_family="rnd")
    engineer = f.person("郑工", r, rnd_head, job_family="rnd")
    hr_admin_p = f.person("孙敏", h, ceo, job_family="support")
    hrbp_p = f.person("何静", h, hr_admin_p, job_family="support")
    auditor_p = f.person("冯审", h, ceo, job_family="support")
    strategy_vp = f.person("韩策", g, ceo, job_family="management")
    users = {
        "employee": f.user("employee", rep1),
        "manager": f.user("manager", sales_head),
        "hrbp": f.user("hrbp", hrbp_p, roles={Role.HRBP: [s]}),
        "hr_admin": f.user("hr_admin", hr_admin_p, roles={Role.HR_ADMIN: []}),
        "executive": f.user("executive", strategy_vp, roles={Role.EXECUTIVE: [g]}),
        "auditor": f.user("auditor", auditor_p, roles={Role.AUDITOR: []}),
        "partner": f.user("partner", None, roles={Role.PARTNER: []}),
    }
    return SmallOrg(
        company=hx,
        units={"G": g, "S": s, "SE": se, "R": r, "H": h},
        people={
            "ceo": ceo, "sales_head": sales_head, "rep1": rep1, "rep2": rep2, "leaver": leaver,
            "rnd_head": rnd_head, "engineer": engineer, "hr_admin_p": hr_admin_p,
            "hrbp_p": hrbp_p, "auditor_p": auditor_p, "strategy_vp": strategy_vp,
        },
        users=users,
    )
