"""Org chart: the unit tree with rolled-up head-counts, segment badges, unit heads; a unit's
name filters the directory."""

from __future__ import annotations

from flexperf.org import services
from tests import factories as f
from tests.conftest import SmallOrg
from tests.pages.conftest import Node, page


def _row(root: Node, code: str) -> Node:
    return root.one(cls="unit-row", data_unit=code)


def test_units_nest_as_in_the_tree_with_rolled_up_headcounts(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/org-chart/"))
    counts = {code: _row(root, code).one(data_headcount=True).text
              for code in ("G", "S", "SE", "R", "H")}
    # Active people only: SE has 林小雨 and 赵磊 (钱进 left); S adds 陈经理; G everyone (10).
    assert counts == {"G": "10", "S": "3", "SE": "2", "R": "2", "H": "3"}
    g = root.one(cls="org-tree").find_all("li", cls="tree-node")[0]
    assert [r.attrs["data-unit"] for r in g.find_all(cls="unit-row")] == ["G", "S", "SE", "R", "H"]
    sales = next(li for li in g.find_all("li") if li.find_all(cls="unit-row", data_unit="S"))
    assert [r.attrs["data-unit"] for r in sales.find_all(cls="unit-row")] == ["S", "SE"]
    research = next(li for li in g.find_all("li")
                    if li.find_all(cls="unit-row", data_unit="R"))
    assert [r.attrs["data-unit"] for r in research.find_all(cls="unit-row")] == ["R"]
    assert root.one(cls="lead").text.startswith("10 active people across the group.")


def test_units_with_children_are_collapsible_and_the_top_levels_open(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/org-chart/"))
    details = root.find_all("details")
    # G and S have sub-units; both are within the first two levels, so open.
    opened = [d.find_all("summary")[0].one(cls="unit-row").attrs["data-unit"] for d in details]
    assert opened == ["G", "S"]
    assert all("open" in d.attrs for d in details)


def test_segment_badge_and_unit_head(small_org: SmallOrg) -> None:
    services.update_unit(actor=f.SYSTEM, unit_id=small_org.units["R"].pk,
                         head=small_org.people["rnd_head"].pk)
    root = page(small_org.client("employee").get("/org-chart/"))
    r = _row(root, "R")
    assert r.one(cls="badge").text == "Innovation business"
    assert "badge-innovation" in r.one(cls="badge").classes()
    assert r.one(cls="unit-head").text == "Head: 吴博士"
    assert _row(root, "S").find_all(cls="unit-head") == []


def test_a_unit_name_links_to_the_directory_filtered_by_it(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/org-chart/"))
    link = _row(root, "SE").one("a", cls="unit-name").attrs["href"]
    assert link == f"/directory/?unit={small_org.units['SE'].pk}"
    names = page(small_org.client("employee").get(link)).one(id="results").texts(
        cls="person-card-name")
    assert names == ["林小雨 · Lin Xiaoyu", "赵磊"]


def test_archived_units_are_not_on_the_chart(small_org: SmallOrg) -> None:
    empty = f.unit("X", small_org.units["G"], company=small_org.company, name="旧部门")
    services.update_unit(actor=f.SYSTEM, unit_id=empty.pk, archived=True)
    root = page(small_org.client("employee").get("/org-chart/"))
    assert root.find_all(cls="unit-row", data_unit="X") == []


def test_English_readers_see_english_unit_names(small_org: SmallOrg) -> None:
    services.update_unit(actor=f.SYSTEM, unit_id=small_org.units["S"].pk, name_en="Sales")
    root = page(small_org.client("employee").get("/org-chart/"))
    assert _row(root, "S").one(cls="unit-name").text == "Sales"
    client = small_org.client("employee")
    client.cookies["flexperf_language"] = "zh-hans"
    assert _row(page(client.get("/org-chart/")), "S").one(cls="unit-name").text == "销售事业部"


def test_partner_users_cannot_open_the_org_chart(small_org: SmallOrg) -> None:
    assert small_org.client("partner").get("/org-chart/").status_code == 403
