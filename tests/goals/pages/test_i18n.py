"""The goals pages in Simplified Chinese."""

from __future__ import annotations

from tests.goals.pages.conftest import Scored
from tests.pages.conftest import page


def test_the_language_switch_shows_chinese_on_a_goals_page(scored: Scored) -> None:
    client = scored.org.org.client("employee")
    assert page(client.get("/goals/")).one("h1").text == "My goals"
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/goals/"})
    root = page(client.get("/goals/"))
    assert root.one("h1").text == "我的目标"
    assert root.one("html").attrs["lang"] == "zh-Hans"
    # The engine's sentences and the component labels follow the language.
    assert root.one(id="score").texts("li")[-1] == (
        "得分 = (70 × 110.0 + 30 × 100.0) / 100 = 107.0 → 等级 A（自 100 起）。")
    assert root.one("section", data_component="kpi").one("h2").text == "经营业绩 KPI"
    detail = page(client.get(f"/goals/{scored.kpi1.pk}/"))
    assert detail.one(id="points-title").text == "得分"
