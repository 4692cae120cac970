"""Fixtures for the insights domain, on top of `small_org` (tests/conftest.py).

`io` adds sign-ins for rep2 赵磊, the engineer 郑工, the R&D head 吴博士 and the CEO 周总, and
raises six insights through the real upsert (audiences resolved, audit, notifications):

    overload       林小雨 rep1 (SE, manager 陈经理)
    attrition      林小雨 rep1
    help           林小雨 rep1 (cross-team help)
    team           华东销售 SE (team behind its goals; addressed to 陈经理, whom SE reports to)
    eng_overload   郑工 engineer (R, manager 吴博士)
    hr_attrition   孙敏 hr_admin_p (H, manager 周总)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from flexperf.accounts.models import User
from flexperf.core.actors import Actor
from flexperf.insights.models import Insight
from flexperf.insights.rules import Finding, Kind, Reason, RuleSettings, Severity
from flexperf.insights.services.refresh import upsert
from flexperf.org.models import Person
from tests import factories as f
from tests.conftest import SmallOrg

AS_OF = dt.date(2026, 6, 30)


@dataclass
class InsightOrg:
    org: SmallOrg
    users: dict[str, User]
    insights: dict[str, Insight]

    @property
    def people(self) -> dict[str, Person]:
        return self.org.people

    def actor(self, who: str) -> Actor:
        return f.actor(self.users[who])

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client


def overload_finding(person: Person, hours: float = 56.0) -> Finding:
    return Finding(Kind.OVERLOAD, person_id=person.pk, unit_id=person.unit_id,
                   reasons=(Reason("overload_weeks", {"weeks": 4, "until": "2026-06-22"}),
                            Reason("overload_hours", {"hours": hours, "max": hours,
                                                      "threshold": 50.0})),
                   metric=hours)


def attrition_finding(person: Person, p: float = 0.62) -> Finding:
    return Finding(Kind.ATTRITION_RISK, person_id=person.pk, unit_id=person.unit_id,
                   severity=Severity.CRITICAL, probability=p, band="high", metric=p,
                   reasons=(Reason("attrition_risk_probability", {
                       "percent": round(100 * p), "threshold": 50, "band": "high"}),))


def raise_findings(findings: list[Finding], as_of: dt.date = AS_OF) -> tuple[int, int]:
    return upsert(actor=f.SYSTEM, findings=findings, as_of=as_of, s=RuleSettings())


@pytest.fixture
def io(small_org: SmallOrg) -> InsightOrg:
    users = dict(small_org.users)
    p = small_org.people
    for name in ("rep2", "engineer", "rnd_head", "ceo"):
        users[name] = f.user(name, p[name])
    rep1 = p["rep1"]
    se = small_org.units["SE"]
    findings = [
        overload_finding(rep1),
        attrition_finding(rep1),
        Finding(Kind.CROSS_TEAM_HELP, person_id=rep1.pk, unit_id=rep1.unit_id,
                severity=Severity.INFO, metric=12.0, reasons=(
                    Reason("help_interactions", {"mean": 12.0, "median": 4.0, "ratio": 3.0}),)),
        Finding(Kind.TEAM_LAGGING, unit_id=se.pk, metric=0.75, reasons=(
            Reason("team_lagging_goals", {"lagging": 3, "goals": 4, "percent": 75,
                                          "threshold": 50}),)),
        overload_finding(p["engineer"], 52.0),
        attrition_finding(p["hr_admin_p"], 0.7),
    ]
    raise_findings(findings)
    by_key = {i.key: i for i in Insight.objects.all()}
    names = {
        "overload": f"overload:person:{rep1.pk}",
        "attrition": f"attrition_risk:person:{rep1.pk}",
        "help": f"cross_team_help:person:{rep1.pk}",
        "team": f"team_lagging:unit:{se.pk}",
        "eng_overload": f"overload:person:{p['engineer'].pk}",
        "hr_attrition": f"attrition_risk:person:{p['hr_admin_p'].pk}",
    }
    return InsightOrg(small_org, users, {name: by_key[key] for name, key in names.items()})
