"""Person page: the record through access_person (audited), manager, direct reports, unit path,
position; HR fields and history only for those allowed; a record outside scope is a 404."""

from __future__ import annotations

import pytest

from flexperf.audit.models import Action, AuditEntry
from flexperf.org import services
from tests import factories as f
from tests.conftest import SmallOrg
from tests.pages.conftest import card_names, page


def _url(org: SmallOrg, key: str) -> str:
    return f"/people/{org.people[key].pk}/"


def _reads_of(org: SmallOrg, key: str) -> list[str]:
    return list(AuditEntry.objects.filter(
        action=Action.READ, object_type="org.person", object_id=str(org.people[key].pk),
    ).order_by("seq").values_list("actor_username", flat=True))


def test_manager_opens_a_report_and_the_read_is_audited(small_org: SmallOrg) -> None:
    root = page(small_org.client("manager").get(_url(small_org, "rep1")))
    assert root.one("h1").text == "林小雨 Lin Xiaoyu"
    assert root.one("nav", cls="breadcrumb").texts("li") == ["集团总部", "销售事业部", "华东销售"]
    assert root.one(id="manager").text == "Manager"
    manager_card = root.find_all(cls="person-card")[0]
    assert manager_card.one(cls="person-card-name").text == "陈经理"
    assert root.find_all(id="direct-reports") == []
    assert root.one(id="reports").text == "Direct reports 0"
    assert _reads_of(small_org, "rep1") == ["manager"]


def test_a_manager_sees_exactly_their_current_direct_reports(small_org: SmallOrg) -> None:
    root = page(small_org.client("manager").get("/me/", follow=True))
    assert root.one("h1").text == "陈经理"
    # 钱进 has left: not a current report.
    assert card_names(root, "direct-reports") == ["林小雨 · Lin Xiaoyu", "赵磊"]
    assert _reads_of(small_org, "sales_head") == []  # reading one's own record is not audited


def test_my_profile_redirects_to_my_person_page(small_org: SmallOrg) -> None:
    response = small_org.client("employee").get("/me/")
    assert response.status_code == 302
    assert response["Location"] == _url(small_org, "rep1")
    assert small_org.client("partner").get("/me/").status_code == 404


@pytest.mark.parametrize(("role", "key"), [
    ("employee", "rep2"),       # a colleague outside one's own subtree
    ("employee", "sales_head"),  # one's own manager
    ("manager", "rnd_head"),    # another branch
    ("hrbp", "engineer"),       # outside the HRBP's units
    ("executive", "rep1"),      # executives get aggregates only
    ("auditor", "rep1"),
    ("partner", "rep1"),
])
def test_a_record_outside_the_callers_scope_is_not_found(
    small_org: SmallOrg, role: str, key: str
) -> None:
    response = small_org.client(role).get(_url(small_org, key))
    assert page(response, status=404).one("h1").text == "We couldn't find that page"
    assert _reads_of(small_org, key) == []


def test_an_unknown_person_is_not_found(small_org: SmallOrg) -> None:
    assert small_org.client("hr_admin").get("/people/999999/").status_code == 404


def test_hr_fields_show_for_hr_only(small_org: SmallOrg) -> None:
    url = _url(small_org, "rep1")
    for role in ("hr_admin", "hrbp"):
        hr = page(small_org.client(role).get(url)).one(cls="card-hr")
        facts = [d.text for d in hr.find_all("dd")]
        # Born 1994-05-06: in the 30–39 band at any date from 2024 to 2033.
        assert facts == ["Female", "1994-05-06 (age 30–39)"], role
    for role in ("manager", "employee"):
        root = page(small_org.client(role).get(url))
        assert root.find_all(cls="card-hr") == [], role
        assert "1994-05-06" not in root.text


def test_history_shows_for_hr_and_the_person_themselves(small_org: SmallOrg) -> None:
    services.update_person(actor=f.SYSTEM, person_id=small_org.people["rep1"].pk,
                           level="P6", manager=small_org.people["ceo"].pk)
    url = _url(small_org, "rep1")
    for role in ("hr_admin", "employee"):
        table = page(small_org.client(role).get(url)).one(id="audit-entries")
        rows = table.one("tbody").find_all("tr")
        assert [r.find_all("td")[2].text for r in rows] == ["Update", "Create"], role
        changes = rows[0].find_all("li")
        assert [c.text for c in changes] == [
            "Level — → P6",
            f"Manager 陈经理 (#{small_org.people['sales_head'].pk}) → "
            f"周总 (#{small_org.people['ceo'].pk})",
        ]


def test_the_manager_does_not_see_the_history(small_org: SmallOrg) -> None:
    root = page(small_org.client("manager").get(_url(small_org, "rep2")))
    assert root.find_all(id="audit-entries") == []


def test_hr_sees_an_edit_button_others_do_not(small_org: SmallOrg) -> None:
    url = _url(small_org, "rep1")
    edit = f"/hr/people/{small_org.people['rep1'].pk}/edit/"
    for role, expected in (("hr_admin", [edit]), ("hrbp", [edit]), ("manager", []),
                           ("employee", [])):
        root = page(small_org.client(role).get(url))
        assert [a.attrs["href"] for a in root.find_all("a")
                if a.attrs.get("href", "").endswith("/edit/")] == expected, role


def test_a_leavers_page_shows_leave_date_and_reason(small_org: SmallOrg) -> None:
    root = page(small_org.client("manager").get(_url(small_org, "leaver")))
    facts = {dt_.text: dd.text for dt_, dd in zip(root.find_all("dt"), root.find_all("dd"),
                                                    strict=True)}
    assert facts["Status"] == "Left"
    assert facts["Leave date"] == "2024-06-30"
    assert facts["Leave reason"] == "Compensation"


def test_position_with_the_key_position_badge(small_org: SmallOrg) -> None:
    position = services.create_position(actor=f.SYSTEM, code="S-DIR", title="销售总监",
                                        unit_id=small_org.units["S"].pk, job_family="sales",
                                        is_key=True)
    services.update_person(actor=f.SYSTEM, person_id=small_org.people["sales_head"].pk,
                           position=position.pk)
    root = page(small_org.client("manager").get("/me/", follow=True))
    line = root.find_all(cls="profile-line")[0]
    assert line.text == "销售总监 Key position · 销售事业部"


def test_the_person_page_leads_to_their_check_ins_and_feedback(small_org: SmallOrg) -> None:
    rep1 = small_org.people["rep1"].pk
    colleague = page(small_org.client("manager").get(_url(small_org, "rep1")))
    assert [a.attrs["href"] for a in colleague.one(id="person-actions").find_all("a")] == [
        f"/feedback/give/?to={rep1}", f"/recognition/give/?to={rep1}",
        f"/achievements/hall/{rep1}/", f"/checkins/people/{rep1}/", f"/feedback/people/{rep1}/"]
    # One's own page: no feedback or recognition to oneself, no "feedback received" (that is
    # My feedback).
    own = page(small_org.client("employee").get(_url(small_org, "rep1")))
    assert [a.attrs["href"] for a in own.one(id="person-actions").find_all("a")] == [
        f"/achievements/hall/{rep1}/", f"/checkins/people/{rep1}/"]
    # HR may edit, and the links follow.
    hr = page(small_org.client("hr_admin").get(_url(small_org, "rep1")))
    assert [a.attrs["href"] for a in hr.one(id="person-actions").find_all("a")][:2] == [
        f"/hr/people/{rep1}/edit/", f"/feedback/give/?to={rep1}"]
