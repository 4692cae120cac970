"""Home: my card, my manager, my team, and the figures of my role."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from flexperf.accounts.models import RoleAssignment
from tests import factories as f
from tests.conftest import SmallOrg
from tests.pages.conftest import card_names, page


def _leavers_this_year(org: SmallOrg) -> None:
    january = timezone.localdate().replace(month=1, day=10)
    f.person("孙强", org.units["SE"], org.people["sales_head"], status="left",
             leave_date=january, leave_reason="career")
    f.person("钟离", org.units["R"], org.people["rnd_head"], status="left",
             leave_date=january, leave_reason="compensation")


def test_manager_sees_exactly_their_direct_reports_as_the_team(small_org: SmallOrg) -> None:
    root = page(small_org.client("manager").get("/"))
    # rep1 and rep2; the leaver 钱进 is not on the team.
    assert card_names(root, "team") == ["林小雨 · Lin Xiaoyu", "赵磊"]
    links = [a.attrs["href"] for a in root.one(id="team").find_all("a")]
    assert links == [f"/people/{small_org.people['rep1'].pk}/",
                     f"/people/{small_org.people['rep2'].pk}/"]
    assert root.one(id="my-manager").text == "My manager"
    assert root.find_all(cls="stat") == []  # no HR figures for a manager


def test_employee_sees_their_card_and_manager_but_no_team(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/"))
    assert root.one("h1").text == "Welcome, 林小雨"
    my_card = root.one(cls="card-person")
    assert my_card.one(cls="person-card-name").text == "林小雨 · Lin Xiaoyu"
    me = f"/people/{small_org.people['rep1'].pk}/"
    assert [a.attrs["href"] for a in my_card.find_all("a")] == [me, me]
    manager_card = root.find_all(cls="person-card")[1]
    assert manager_card.one(cls="person-card-name").text == "陈经理"
    # The manager's record is outside an employee's scope: the name is not a link to a 404.
    assert manager_card.find_all("a") == []
    assert root.find_all(id="team") == []


def test_hr_admin_sees_headcount_and_this_years_leavers_by_reason(small_org: SmallOrg) -> None:
    _leavers_this_year(small_org)
    root = page(small_org.client("hr_admin").get("/"))
    # Ten active people; 钱进 left in 2024, the two leavers above this year.
    assert root.one(data_stat="headcount").text == "10"
    assert root.one(data_stat="leavers").text == "2"
    rows = [[td.text for td in tr.find_all("td")[:2]]
            for tr in root.one(id="leavers-by-reason").one("tbody").find_all("tr")]
    assert rows == [["Career move", "1"], ["Compensation", "1"]]


def test_hrbp_figures_cover_only_their_units(small_org: SmallOrg) -> None:
    _leavers_this_year(small_org)
    root = page(small_org.client("hrbp").get("/"))
    # Units S and SE: 陈经理, 林小雨, 赵磊 active; 孙强 left this year (钟离 is in R).
    assert root.one(data_stat="headcount").text == "3"
    assert root.one(data_stat="leavers").text == "1"
    rows = [[td.text for td in tr.find_all("td")[:2]]
            for tr in root.one(id="leavers-by-reason").one("tbody").find_all("tr")]
    assert rows == [["Career move", "1"]]


def test_executive_sees_headcount_by_company_and_segment_only(small_org: SmallOrg) -> None:
    root = page(small_org.client("executive").get("/"))
    card = root.one(data_company="华信集团")
    rows = [[td.text for td in tr.find_all("td")] for tr in card.one("tbody").find_all("tr")]
    # G: 周总, 韩策 (support) · S: 陈经理 and SE: 林小雨, 赵磊 (mature) · R: 2 (innovation)
    # · H: 孙敏, 何静, 冯审 (support).
    assert rows == [["Support function", "5"], ["Mature business", "3"],
                    ["Innovation business", "2"]]
    assert card.one("h3").text == "华信集团 · 10 people"
    assert root.find_all(cls="stat") == []  # aggregates only, no HR figures


def test_executive_figures_follow_their_assigned_units(small_org: SmallOrg) -> None:
    assignment = RoleAssignment.objects.get(user=small_org.users["executive"])
    assignment.units.set([small_org.units["S"]])
    root = page(small_org.client("executive").get("/"))
    rows = [[td.text for td in tr.find_all("td")]
            for tr in root.one(data_company="华信集团").one("tbody").find_all("tr")]
    assert rows == [["Mature business", "3"]]


def test_partner_without_a_person_record_gets_a_plain_home(small_org: SmallOrg) -> None:
    root = page(small_org.client("partner").get("/"))
    assert root.one("h1").text == "Welcome"
    assert "no person record" in root.one(cls="empty").text
    assert root.find_all(cls="person-card") == []


def test_home_shows_dates_as_iso(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/"))
    facts = {dt_.text: dd.text for dt_, dd in zip(root.find_all("dt"), root.find_all("dd"),
                                                    strict=True)}
    assert facts["Hire date"] == dt.date(2020, 3, 1).isoformat()
    assert facts["Company"] == "华信集团"
