"""Who sees which insight (I6) — through the selector, the API list and detail, and the detail
page — and that every read of a person-level insight about someone else is audited.

    insight →          overload  attrition  help   team   eng_overload  hr_attrition
    who ↓              (林小雨)   (林小雨)   (林小雨) (SE)   (郑工)         (孙敏)
    林小雨 employee       ✓         ✗          ✗      ✗      ✗              ✗
    赵磊 rep2             ✗         ✗          ✗      ✗      ✗              ✗
    陈经理 manager        ✓         ✓          ✓      ✓      ✗              ✗
    周总 ceo              ✓         ✓          ✓      ✓      ✓              ✓
    何静 hrbp (S)         ✓         ✓          ✓      ✓      ✗              ✗
    孙敏 hr_admin         ✓         ✓          ✓      ✓      ✓              ✗ (about herself)
    郑工 engineer         ✗         ✗          ✗      ✗      ✓              ✗
    吴博士 rnd_head       ✗         ✗          ✗      ✗      ✓              ✗
    韩策 executive        ✗         ✗          ✗      ✗      ✗              ✗
    冯审 auditor          ✗         ✗          ✗      ✗      ✗              ✗
    partner               ✗         ✗          ✗      ✗      ✗              ✗
"""

from __future__ import annotations

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import NotFound
from flexperf.insights import selectors
from tests.insights.conftest import InsightOrg

ALL = {"overload", "attrition", "help", "team", "eng_overload", "hr_attrition"}
READERS: dict[str, set[str]] = {
    "employee": {"overload"},
    "rep2": set(),
    "manager": {"overload", "attrition", "help", "team"},
    "ceo": ALL,
    "hrbp": {"overload", "attrition", "help", "team"},
    "hr_admin": ALL - {"hr_attrition"},
    "engineer": {"eng_overload"},
    "rnd_head": {"eng_overload"},
    "executive": set(),
    "auditor": set(),
    "partner": set(),
}


def _names(io: InsightOrg, ids: set[int]) -> set[str]:
    return {name for name, i in io.insights.items() if i.pk in ids}


@pytest.mark.parametrize(("who", "expected"), sorted(READERS.items()))
def test_selector_api_and_page_per_role(io: InsightOrg, who: str, expected: set[str]
                                        ) -> None:
    actor = io.actor(who)
    seen = set(selectors.insights_visible_to(actor).values_list("pk", flat=True))
    assert _names(io, seen) == expected
    for name, insight in io.insights.items():
        if name in expected:
            assert selectors.access_insight(actor, insight.pk).pk == insight.pk
        else:
            with pytest.raises(NotFound):
                selectors.access_insight(actor, insight.pk)
    client = io.client(who)
    response = client.get("/api/v1/insights")
    if who == "partner":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert _names(io, {row["id"] for row in response.json()}) == expected
    # filters only narrow: asking for the attrition risk about 林小雨 by name
    rep1 = io.people["rep1"].pk
    response = client.get(f"/api/v1/insights?kind=attrition_risk&person_id={rep1}")
    if who != "partner":
        got = _names(io, {row["id"] for row in response.json()})
        assert got == ({"attrition"} & expected)
    pages = who in ("employee", "manager", "partner")
    for name, insight in io.insights.items():
        api = client.get(f"/api/v1/insights/{insight.pk}")
        html = client.get(f"/insights/{insight.pk}/") if pages else None
        if name in expected:
            assert api.status_code == 200, (who, name)
            assert html is None or html.status_code == 200, (who, name)
        else:
            refused = (403, 404) if who == "partner" else (404,)
            assert api.status_code in refused, (who, name)
            assert html is None or html.status_code in refused, (who, name)


def test_person_never_sees_own_attrition_risk_anywhere(io: InsightOrg) -> None:
    client = io.client("employee")
    mine = client.get("/api/v1/insights?mine=true").json()
    assert [row["kind"] for row in mine] == ["overload"]
    page = client.get("/insights/mine/").content.decode()
    assert "Attrition" not in page
    assert "62" not in page
    # nor does an HR admin about herself
    assert not selectors.mine(io.actor("hr_admin")).exists()


def _reads(insight_id: int) -> int:
    return AuditEntry.objects.filter(object_type="insights.insight", object_id=str(insight_id),
                                     action="read").count()


def test_every_view_of_a_person_level_insight_is_audited(io: InsightOrg) -> None:
    overload, team = io.insights["overload"], io.insights["team"]
    manager = io.client("manager")
    manager.get(f"/api/v1/insights/{overload.pk}")
    manager.get(f"/insights/{overload.pk}/")
    assert _reads(overload.pk) == 2
    manager.get("/api/v1/insights")  # the list shows it again: one more read
    manager.get("/insights/")
    assert _reads(overload.pk) == 4
    entry = AuditEntry.objects.filter(object_id=str(overload.pk), action="read").last()
    assert entry is not None
    assert entry.actor_username == "manager"
    assert entry.context == {"kind": "overload", "person_id": io.people["rep1"].pk}
    # a team insight is not about a person; the person reading their own is not a sensitive read
    manager.get(f"/api/v1/insights/{team.pk}")
    assert _reads(team.pk) == 0
    io.client("employee").get(f"/api/v1/insights/{overload.pk}")
    assert _reads(overload.pk) == 4


def test_pages_per_role(io: InsightOrg) -> None:
    for who in ("employee", "executive", "auditor", "partner"):
        client = io.client(who)
        assert client.get("/insights/").status_code == 403, who
        assert client.get("/insights/outcomes/").status_code == 403, who
        assert client.get("/insights/settings/").status_code == 403, who
        assert client.get("/api/v1/insights/outcomes").status_code == 403, who
        assert client.get("/api/v1/insights/settings").status_code == 403, who
        assert client.post("/api/v1/insights/refresh", {}, content_type="application/json"
                           ).status_code == 403, who
    assert io.client("partner").get("/insights/mine/").status_code == 403
    assert io.client("auditor").get("/insights/mine/").status_code == 200
    for who in ("manager", "hrbp"):
        client = io.client(who)
        assert client.get("/insights/").status_code == 200, who
        assert client.get("/insights/outcomes/").status_code == 200, who
    assert io.client("manager").get("/insights/settings/").status_code == 403
    assert io.client("hr_admin").get("/insights/settings/").status_code == 200
