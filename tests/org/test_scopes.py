"""The permission matrix: what each role may read, through the API, record by record.

A person record outside the caller's scope answers 404 — the same as a record that does not exist.
"""

from __future__ import annotations

import pytest

from flexperf.audit.models import Action, AuditEntry
from tests.conftest import SmallOrg

ALL = {"周总", "陈经理", "林小雨", "赵磊", "钱进", "吴博士", "郑工", "孙敏", "何静", "冯审", "韩策"}
SALES = {"陈经理", "林小雨", "赵磊", "钱进"}

# Whose person record each role may read.
VISIBLE = {
    "employee": {"林小雨"},                      # self only
    "manager": SALES,                            # self + reporting subtree (leaver included)
    "hrbp": SALES | {"何静"},                    # assigned unit S (and below) + self
    "hr_admin": ALL,                             # everyone
    "executive": {"韩策"},                       # aggregates only: just their own record
    "auditor": {"冯审"},                         # the audit trail, and their own record
    "partner": set(),                            # external: nothing inside the group
}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_people_list_holds_exactly_the_roles_scope(small_org: SmallOrg, role: str) -> None:
    response = small_org.client(role).get("/api/v1/people?page_size=100")
    assert response.status_code == 200
    body = response.json()
    assert {item["name"] for item in body["items"]} == VISIBLE[role]
    assert body["count"] == len(VISIBLE[role])


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_person_record_is_200_inside_scope_and_404_outside(
    small_org: SmallOrg, role: str
) -> None:
    client = small_org.client(role)
    statuses = {
        person.name: client.get(f"/api/v1/people/{person.pk}").status_code
        for person in small_org.people.values()
    }
    assert statuses == {name: 200 if name in VISIBLE[role] else 404 for name in ALL}


def test_a_record_that_does_not_exist_looks_the_same_as_one_out_of_scope(
    small_org: SmallOrg,
) -> None:
    client = small_org.client("employee")
    missing = client.get("/api/v1/people/999999")
    hidden = client.get(f"/api/v1/people/{small_org.people['ceo'].pk}")
    assert (missing.status_code, missing.json()) == (hidden.status_code, hidden.json())


@pytest.mark.parametrize("role", ["employee", "manager", "hrbp", "hr_admin", "executive",
                                  "auditor"])
def test_every_member_of_the_group_searches_the_directory_of_active_colleagues(
    small_org: SmallOrg, role: str
) -> None:
    response = small_org.client(role).get("/api/v1/directory?page_size=100")
    assert response.status_code == 200
    names = {item["name"] for item in response.json()["items"]}
    assert names == ALL - {"钱进"}  # the leaver is not in the directory
    card = response.json()["items"][0]
    assert set(card) == {"id", "name", "name_en", "unit", "position", "photo_url"}


def test_directory_search_matches_chinese_and_english_names(small_org: SmallOrg) -> None:
    client = small_org.client("employee")
    by_chinese = client.get("/api/v1/directory?q=小雨").json()["items"]
    by_english = client.get("/api/v1/directory?q=lin xiao").json()["items"]
    assert [c["name"] for c in by_chinese] == ["林小雨"]
    assert [c["name"] for c in by_english] == ["林小雨"]


def test_directory_unit_filter_covers_the_subtree(small_org: SmallOrg) -> None:
    unit = small_org.units["S"].pk
    items = small_org.client("employee").get(f"/api/v1/directory?unit={unit}").json()["items"]
    assert {c["name"] for c in items} == {"陈经理", "林小雨", "赵磊"}


def test_partner_users_cannot_use_the_directory(small_org: SmallOrg) -> None:
    assert small_org.client("partner").get("/api/v1/directory").status_code == 403


def test_partner_users_see_no_org_units(small_org: SmallOrg) -> None:
    response = small_org.client("partner").get("/api/v1/units")
    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize(("role", "visible"), [
    ("employee", False), ("manager", False), ("hrbp", True), ("hr_admin", True),
])
def test_demographics_are_shown_to_hr_only(small_org: SmallOrg, role: str, visible: bool) -> None:
    rep1 = small_org.people["rep1"]
    body = small_org.client(role).get(f"/api/v1/people/{rep1.pk}").json()
    assert body["hr_fields_visible"] is visible
    assert body["gender"] == ("female" if visible else None)
    assert body["birth_date"] == ("1994-05-06" if visible else None)


def test_people_list_never_carries_demographics(small_org: SmallOrg) -> None:
    item = small_org.client("hr_admin").get("/api/v1/people?q=林小雨").json()["items"][0]
    assert "gender" not in item
    assert "birth_date" not in item


@pytest.mark.parametrize(("role", "status"), [
    ("employee", 403), ("manager", 403), ("hrbp", 403), ("hr_admin", 200),
    ("executive", 403), ("auditor", 200), ("partner", 403),
])
def test_audit_trail_is_for_auditors_and_hr_admins(
    small_org: SmallOrg, role: str, status: int
) -> None:
    assert small_org.client(role).get("/api/v1/audit").status_code == status


def test_reading_a_colleagues_record_is_audited_and_reading_your_own_is_not(
    small_org: SmallOrg,
) -> None:
    client = small_org.client("manager")
    rep1, me = small_org.people["rep1"], small_org.people["sales_head"]
    before = AuditEntry.objects.filter(action=Action.READ).count()
    client.get(f"/api/v1/people/{me.pk}")
    client.get(f"/api/v1/people/{rep1.pk}")
    reads = AuditEntry.objects.filter(action=Action.READ).order_by("seq")
    assert reads.count() == before + 1
    last = reads.last()
    assert last is not None
    assert (last.actor_username, last.object_type, last.object_id) == (
        "manager", "org.person", str(rep1.pk))


def test_a_denied_read_is_not_recorded_as_a_read(small_org: SmallOrg) -> None:
    before = AuditEntry.objects.filter(action=Action.READ).count()
    small_org.client("employee").get(f"/api/v1/people/{small_org.people['ceo'].pk}")
    assert AuditEntry.objects.filter(action=Action.READ).count() == before


@pytest.mark.parametrize(("role", "target", "status"), [
    ("employee", "rep1", 403),     # not HR: may not edit even their own record
    ("manager", "rep1", 403),      # managers coach; HR keeps records
    ("hrbp", "rep1", 200),         # inside the HRBP's units
    ("hrbp", "engineer", 404),     # outside them: does not exist for this HRBP
    ("hr_admin", "engineer", 200),
    ("executive", "rep1", 403),
    ("auditor", "rep1", 403),
])
def test_only_hr_changes_person_records_within_their_scope(
    small_org: SmallOrg, role: str, target: str, status: int
) -> None:
    person = small_org.people[target]
    response = small_org.client(role).patch(
        f"/api/v1/people/{person.pk}", {"level": "P7"}, content_type="application/json")
    assert response.status_code == status
    person.refresh_from_db()
    assert person.level == ("P7" if status == 200 else "")


@pytest.mark.parametrize(("role", "status"), [
    ("employee", 403), ("manager", 403), ("auditor", 403), ("partner", 403),
    ("hrbp", 200), ("hr_admin", 200), ("executive", 200),
])
def test_org_aggregates_are_for_hr_and_executives(small_org: SmallOrg, role: str,
                                                  status: int) -> None:
    assert small_org.client(role).get("/api/v1/org/summary").status_code == status


def test_hr_aggregates_count_only_the_hr_scope(small_org: SmallOrg) -> None:
    hrbp = small_org.client("hrbp").get("/api/v1/org/summary?year=2024").json()
    admin = small_org.client("hr_admin").get("/api/v1/org/summary?year=2024").json()
    # HRBP covers S: 陈经理, 林小雨, 赵磊 active; 钱进 left in 2024 for compensation.
    assert (hrbp["hr"]["headcount"], hrbp["hr"]["leavers"]) == (3, 1)
    assert [(t["code"], t["count"]) for t in hrbp["hr"]["leavers_by_reason"]] == [
        ("compensation", 1)]
    assert admin["hr"]["headcount"] == 10
    assert hrbp["companies"] is None


def test_executive_aggregates_are_headcounts_by_company_and_segment(small_org: SmallOrg) -> None:
    body = small_org.client("executive").get("/api/v1/org/summary").json()
    assert body["hr"] is None
    [company] = body["companies"]
    # G: support 2 (周总, 韩策) + H support 3; S+SE mature 3; R innovation 2.
    assert (company["name"], company["headcount"]) == ("华信集团", 10)
    assert [(t["code"], t["count"]) for t in company["by_segment"]] == [
        ("support", 5), ("mature", 3), ("innovation", 2)]
