"""HR's people pages: the list (leavers too), create and edit through the services; bad input
comes back on the form and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from flexperf.audit.models import Action, AuditEntry
from flexperf.org.models import Person
from tests.conftest import SmallOrg
from tests.pages.conftest import field_errors, page


def _form(org: SmallOrg, **changes: Any) -> dict[str, Any]:
    data = {
        "employee_number": "E90001", "name": "宋佳", "name_en": "Song Jia",
        "email": "song.jia@example.com", "unit": org.units["SE"].pk, "position": "",
        "manager": org.people["sales_head"].employee_number, "job_family": "sales",
        "level": "P4", "location": "杭州", "hire_date": "2025-09-01", "status": "active",
        "leave_date": "", "leave_reason": "", "gender": "female", "birth_date": "1998-02-03",
    }
    data.update(changes)
    return data


def _rows(root: Any) -> list[str]:
    return [tr.find_all("td")[1].text for tr in root.one(id="people").one("tbody").find_all("tr")]


def test_hr_admin_lists_everyone_leavers_included(small_org: SmallOrg) -> None:
    root = page(small_org.client("hr_admin").get("/hr/people/"))
    assert root.one(cls="result-count").text == "11 records"
    assert "钱进" in _rows(root)


def test_status_and_unit_filters(small_org: SmallOrg) -> None:
    client = small_org.client("hr_admin")
    assert _rows(page(client.get("/hr/people/", {"status": "left"}))) == ["钱进"]
    se = page(client.get("/hr/people/", {"unit": small_org.units["SE"].pk}))
    assert _rows(se) == ["林小雨 Lin Xiaoyu", "赵磊", "钱进"]


def test_hrbp_lists_their_units_and_can_edit_only_there(small_org: SmallOrg) -> None:
    root = page(small_org.client("hrbp").get("/hr/people/"))
    # Their own record (何静) plus units S and SE.
    assert _rows(root) == ["何静", "林小雨 Lin Xiaoyu", "赵磊", "钱进", "陈经理"]
    editable = [tr.find_all("td")[1].text for tr in root.one("tbody").find_all("tr")
                if tr.find_all("a", cls="btn")]
    assert editable == ["林小雨 Lin Xiaoyu", "赵磊", "钱进", "陈经理"]


@pytest.mark.parametrize("role", ["employee", "manager", "executive", "auditor", "partner"])
def test_people_admin_is_for_hr_only(small_org: SmallOrg, role: str) -> None:
    client = small_org.client(role)
    assert client.get("/hr/people/").status_code == 403
    assert client.get("/hr/people/new/").status_code == 403
    assert client.post("/hr/people/new/", _form(small_org)).status_code == 403
    assert not Person.objects.filter(employee_number="E90001").exists()


def test_hr_admin_creates_a_person(small_org: SmallOrg) -> None:
    response = small_org.client("hr_admin").post("/hr/people/new/", _form(small_org))
    person = Person.objects.get(employee_number="E90001")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert (person.name, person.manager, person.unit.code) == (
        "宋佳", small_org.people["sales_head"], "SE")
    assert str(person.birth_date) == "1998-02-03"
    entry = AuditEntry.objects.get(object_type="org.person", object_id=str(person.pk))
    assert (entry.action, entry.actor_username, entry.via) == (Action.CREATE, "hr_admin", "web")


@pytest.mark.parametrize(("changes", "errors"), [
    ({"manager": "NOBODY"}, {"manager": ["No active colleague has employee number NOBODY."]}),
    ({"hire_date": "2025-13-40"}, {"hire_date": ["Enter a valid date."]}),
    ({"status": "left"}, {"leave_date": ["A leaver needs a leave date."],
                          "leave_reason": ["A leaver needs a leave reason."]}),
    ({"email": "not-an-address"}, {"email": ["'not-an-address' is not an e-mail address."]}),
    ({"name": ""}, {"name": ["This field is required."]}),
    ({"birth_date": "2020-01-01"},
     {"birth_date": ["Birth date is less than 14 years before the hire date."]}),
])
def test_bad_input_comes_back_on_the_field_and_writes_nothing(
    small_org: SmallOrg, changes: dict[str, str], errors: dict[str, list[str]]
) -> None:
    client = small_org.client("hr_admin")  # signing in is audited: count after it
    before = AuditEntry.objects.count()
    root = page(client.post("/hr/people/new/", _form(small_org, **changes)))
    assert field_errors(root) == errors
    assert root.one("input", name="name").attrs.get("value", "") == changes.get("name", "宋佳")
    assert Person.objects.count() == 11
    assert AuditEntry.objects.count() == before


def test_a_used_employee_number_is_refused(small_org: SmallOrg) -> None:
    taken = small_org.people["ceo"].employee_number
    root = page(small_org.client("hr_admin").post(
        "/hr/people/new/", _form(small_org, employee_number=taken)))
    assert field_errors(root) == {"employee_number": [f"Employee number {taken} is already used."]}
    assert Person.objects.count() == 11


def test_hrbp_cannot_create_outside_their_units(small_org: SmallOrg) -> None:
    root = page(small_org.client("hrbp").post(
        "/hr/people/new/", _form(small_org, unit=small_org.units["R"].pk)))
    assert field_errors(root) == {"unit": ["This unit is outside your HR scope."]}
    assert not Person.objects.filter(employee_number="E90001").exists()


def test_edit_form_starts_from_the_record_and_saves_changes(small_org: SmallOrg) -> None:
    rep2 = small_org.people["rep2"]
    client = small_org.client("hr_admin")
    root = page(client.get(f"/hr/people/{rep2.pk}/edit/"))
    assert root.one("input", name="name").attrs["value"] == "赵磊"
    assert root.one("input", name="manager").attrs["value"] == (
        small_org.people["sales_head"].employee_number)
    data = {name: value for name, value in _form(small_org).items()}
    data.update(employee_number=rep2.employee_number, name="赵磊", name_en="Zhao Lei",
                email="", gender="male", birth_date="", level="P5", location="")
    response = client.post(f"/hr/people/{rep2.pk}/edit/", data)
    assert response.status_code == 302
    rep2.refresh_from_db()
    assert (rep2.name_en, rep2.level, rep2.hire_date.isoformat()) == ("Zhao Lei", "P5",
                                                                        "2025-09-01")
    update = AuditEntry.objects.filter(object_type="org.person", object_id=str(rep2.pk),
                                       action=Action.UPDATE).get()
    assert sorted(update.changes) == ["hire_date", "level", "name_en"]


def test_an_edit_that_would_make_a_reporting_cycle_is_refused(small_org: SmallOrg) -> None:
    head = small_org.people["sales_head"]
    data = _form(small_org, employee_number=head.employee_number, name="陈经理", name_en="",
                 email="", unit=small_org.units["S"].pk, gender="female", birth_date="",
                 hire_date="2020-03-01", level="", location="",
                 manager=small_org.people["rep1"].employee_number)
    root = page(small_org.client("hr_admin").post(f"/hr/people/{head.pk}/edit/", data))
    assert field_errors(root) == {
        "manager": ["林小雨 reports to 陈经理: this would make a cycle."]}
    head.refresh_from_db()
    assert head.manager == small_org.people["ceo"]


def test_hrbp_cannot_edit_outside_their_units(small_org: SmallOrg) -> None:
    client = small_org.client("hrbp")
    assert client.get(f"/hr/people/{small_org.people['engineer'].pk}/edit/").status_code == 404
    # Their own record is visible to them but not in their HR scope.
    assert client.get(f"/hr/people/{small_org.people['hrbp_p'].pk}/edit/").status_code == 404


def test_a_position_is_given_by_its_code(small_org: SmallOrg) -> None:
    from flexperf.org import services
    from tests import factories as f

    rep = services.create_position(actor=f.SYSTEM, code="SE-REP", title="客户经理",
                                   unit_id=small_org.units["SE"].pk, job_family="sales")
    client = small_org.client("hr_admin")
    unknown = page(client.post("/hr/people/new/", _form(small_org, position="NOPE")))
    assert field_errors(unknown) == {"position": ["No position has the code NOPE."]}
    elsewhere = page(client.post("/hr/people/new/", _form(small_org, position="SE-REP",
                                                          unit=small_org.units["R"].pk)))
    assert field_errors(elsewhere) == {"position": ["The position belongs to another unit."]}
    assert client.post("/hr/people/new/", _form(small_org, position="SE-REP")).status_code == 302
    person = Person.objects.get(employee_number="E90001")
    assert person.position == rep
    edit = page(client.get(f"/hr/people/{person.pk}/edit/"))
    assert edit.one("input", name="position").attrs["value"] == "SE-REP"
