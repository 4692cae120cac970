"""HR admin's org-unit pages: list, create, edit and move, archive and restore."""

from __future__ import annotations

from typing import Any

import pytest

from flexperf.audit.models import Action, AuditEntry
from flexperf.core import tree
from flexperf.org.models import Unit
from tests import factories as f
from tests.conftest import SmallOrg
from tests.pages.conftest import field_errors, page


def _form(org: SmallOrg, **changes: Any) -> dict[str, Any]:
    data = {"code": "SW", "name": "华西销售", "name_en": "West China Sales",
            "company": org.company.pk, "parent": org.units["S"].pk, "segment": "growth",
            "head": ""}
    data.update(changes)
    return data


def test_units_are_listed_in_tree_order_with_headcounts(small_org: SmallOrg) -> None:
    root = page(small_org.client("hr_admin").get("/hr/units/"))
    rows = root.one(id="units").one("tbody").find_all("tr")
    assert [r.attrs["data-unit"] for r in rows] == ["G", "S", "SE", "R", "H"]
    assert [r.find_all("td")[5].text for r in rows] == ["10", "3", "2", "2", "3"]


@pytest.mark.parametrize("role", ["hrbp", "manager", "employee", "auditor", "executive"])
def test_unit_pages_are_for_the_hr_admin_only(small_org: SmallOrg, role: str) -> None:
    client = small_org.client(role)
    unit = small_org.units["S"].pk
    assert client.get("/hr/units/").status_code == 403
    assert client.get(f"/hr/units/{unit}/edit/").status_code == 403
    assert client.post("/hr/units/new/", _form(small_org)).status_code == 403
    assert client.post(f"/hr/units/{unit}/archive/", {"archived": "1"}).status_code == 403
    assert not Unit.objects.filter(code="SW").exists()


def test_hr_admin_creates_a_unit_under_a_parent(small_org: SmallOrg) -> None:
    head = small_org.people["rep2"]
    response = small_org.client("hr_admin").post(
        "/hr/units/new/", _form(small_org, head=head.employee_number))
    assert response.status_code == 302
    unit = Unit.objects.get(code="SW")
    assert (unit.parent, unit.head, unit.segment) == (small_org.units["S"], head, "growth")
    assert unit.path == tree.child_path(small_org.units["S"].path, unit.pk)
    entry = AuditEntry.objects.get(object_type="org.unit", object_id=str(unit.pk))
    assert (entry.action, entry.actor_username) == (Action.CREATE, "hr_admin")


def test_a_used_code_comes_back_on_the_field(small_org: SmallOrg) -> None:
    root = page(small_org.client("hr_admin").post("/hr/units/new/", _form(small_org, code="SE")))
    assert field_errors(root) == {"code": ["Code SE is already used."]}
    assert Unit.objects.count() == 5


def test_moving_a_unit_moves_its_subtree(small_org: SmallOrg) -> None:
    se, r = small_org.units["SE"], small_org.units["R"]
    data = _form(small_org, code="SE", name="华东销售", name_en="", segment="mature",
                 parent=r.pk)
    response = small_org.client("hr_admin").post(f"/hr/units/{se.pk}/edit/", data)
    assert response.status_code == 302
    se.refresh_from_db()
    assert se.parent == r
    assert se.path == tree.child_path(r.path, se.pk)
    root = page(small_org.client("hr_admin").get("/hr/units/"))
    rows = root.one(id="units").one("tbody").find_all("tr")
    assert [row.attrs["data-unit"] for row in rows] == ["G", "S", "R", "SE", "H"]
    assert [row.find_all("td")[5].text for row in rows] == ["10", "1", "4", "2", "3"]


def test_a_unit_cannot_move_under_its_own_sub_unit(small_org: SmallOrg) -> None:
    s, se = small_org.units["S"], small_org.units["SE"]
    client = small_org.client("hr_admin")
    options = page(client.get(f"/hr/units/{s.pk}/edit/")).one("select", name="parent")
    offered = [o.text for o in options.find_all("option")]
    assert offered == ["(top level)", "集团总部 (G)", "— 研发中心 (R)", "— 人力资源部 (H)"]
    data = _form(small_org, code="S", name="销售事业部", segment="mature", parent=se.pk)
    root = page(client.post(f"/hr/units/{s.pk}/edit/", data))
    assert list(field_errors(root)) == ["parent"]
    s.refresh_from_db()
    assert s.parent == small_org.units["G"]


def test_a_unit_with_people_cannot_be_archived(small_org: SmallOrg) -> None:
    se = small_org.units["SE"]
    client = small_org.client("hr_admin")
    response = client.post(f"/hr/units/{se.pk}/archive/", {"archived": "1"}, follow=True)
    assert page(response).texts(cls="message") == ["Move the unit's people before archiving it."]
    se.refresh_from_db()
    assert se.archived is False


def test_an_empty_unit_is_archived_and_restored(small_org: SmallOrg) -> None:
    empty = f.unit("X", small_org.units["G"], company=small_org.company, name="旧部门")
    client = small_org.client("hr_admin")
    archived = page(client.post(f"/hr/units/{empty.pk}/archive/", {"archived": "1"},
                                follow=True))
    assert archived.texts(cls="message") == ["Unit 旧部门 was archived."]
    row = archived.one("tr", data_unit="X")
    assert "is-archived" in row.classes()
    empty.refresh_from_db()
    assert empty.archived is True
    restored = page(client.post(f"/hr/units/{empty.pk}/archive/", {"archived": "0"},
                                follow=True))
    assert restored.texts(cls="message") == ["Unit 旧部门 was restored."]
    empty.refresh_from_db()
    assert empty.archived is False


def test_archive_needs_a_post(small_org: SmallOrg) -> None:
    unit = small_org.units["H"].pk
    assert small_org.client("hr_admin").get(f"/hr/units/{unit}/archive/").status_code == 405


def test_an_unknown_unit_is_not_found(small_org: SmallOrg) -> None:
    assert small_org.client("hr_admin").get("/hr/units/999999/edit/").status_code == 404
