"""Directory: every active colleague's card, searchable, filterable by unit, paginated; a card
links to the person page only when the caller may open that record."""

from __future__ import annotations

from flexperf.org import services
from tests import factories as f
from tests.conftest import SmallOrg
from tests.pages.conftest import card_names, page

ACTIVE = ["何静", "冯审", "吴博士", "周总", "孙敏", "林小雨 · Lin Xiaoyu", "赵磊", "郑工", "陈经理",
          "韩策"]


def _names(response: object) -> list[str]:
    return card_names(page(response), "results")  # type: ignore[arg-type]


def test_lists_every_active_colleague_and_no_leaver(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/directory/"))
    assert card_names(root, "results") == ACTIVE
    assert root.one(cls="result-count").text == "10 colleagues"


def test_searches_name_english_name_employee_number_and_email(small_org: SmallOrg) -> None:
    client = small_org.client("employee")
    rep2 = small_org.people["rep2"]
    services.update_person(actor=f.SYSTEM, person_id=small_org.people["engineer"].pk,
                           email="zheng@example.com")
    assert _names(client.get("/directory/", {"q": "林"})) == ["林小雨 · Lin Xiaoyu"]
    assert _names(client.get("/directory/", {"q": "xiaoyu"})) == ["林小雨 · Lin Xiaoyu"]
    assert _names(client.get("/directory/", {"q": rep2.employee_number})) == ["赵磊"]
    assert _names(client.get("/directory/", {"q": "ZHENG@example.com"})) == ["郑工"]
    assert _names(client.get("/directory/", {"q": "钱进"})) == []  # left the company


def test_filters_by_unit_including_the_units_below(small_org: SmallOrg) -> None:
    response = small_org.client("employee").get("/directory/",
                                                {"unit": small_org.units["S"].pk})
    assert _names(response) == ["林小雨 · Lin Xiaoyu", "赵磊", "陈经理"]
    chip = page(small_org.client("employee").get(
        "/directory/", {"unit": small_org.units["S"].pk})).one(cls="chip")
    assert chip.text.startswith("销售事业部")


def test_an_unknown_unit_is_reported_and_the_search_still_applies(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/directory/", {"q": "赵", "unit": "999999"}))
    assert "Unit:" in root.one(cls="form-errors").text
    assert card_names(root, "results") == ["赵磊"]


def test_cards_link_only_to_records_the_caller_may_open(small_org: SmallOrg) -> None:
    def linked(role: str) -> list[str]:
        root = page(small_org.client(role).get("/directory/"))
        return [a.text for a in root.one(id="results").find_all("a")
                if a.attrs["href"].startswith("/people/")]

    assert linked("employee") == ["林小雨 · Lin Xiaoyu"]
    assert linked("manager") == ["林小雨 · Lin Xiaoyu", "赵磊", "陈经理"]
    assert linked("hrbp") == ["何静", "林小雨 · Lin Xiaoyu", "赵磊", "陈经理"]
    assert linked("hr_admin") == ACTIVE


def test_htmx_request_gets_only_the_results_fragment(small_org: SmallOrg) -> None:
    response = small_org.client("employee").get("/directory/", {"q": "赵"},
                                                headers={"hx-request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'class="nav"' not in response.content
    root = page(response)
    assert root.texts(cls="person-card-name") == ["赵磊"]
    assert "HX-Request" in response["Vary"]


def test_the_search_form_works_without_javascript(small_org: SmallOrg) -> None:
    root = page(small_org.client("employee").get("/directory/"))
    form = root.one("form", role="search")
    assert form.attrs["method"] == "get"
    assert form.attrs["action"] == "/directory/"
    assert form.attrs["hx-get"] == "/directory/"
    assert form.one("button").attrs["type"] == "submit"


def test_pages_of_24_cards(small_org: SmallOrg) -> None:
    for n in range(20):
        f.person(f"测试{n:02d}", small_org.units["R"], small_org.people["rnd_head"])
    client = small_org.client("employee")
    first = page(client.get("/directory/"))
    second = page(client.get("/directory/", {"page": 2}))
    assert len(first.one(id="results").find_all(cls="person-card")) == 24
    assert len(second.one(id="results").find_all(cls="person-card")) == 6
    assert first.one(cls="pagination-info").text == "Page 1 of 2"
    assert first.one("a", rel="next").attrs["href"] == "?page=2"
    assert page(client.get("/directory/", {"page": "x"})).one(
        cls="pagination-info").text == "Page 1 of 2"


def test_partner_users_cannot_open_the_directory(small_org: SmallOrg) -> None:
    assert small_org.client("partner").get("/directory/").status_code == 403
