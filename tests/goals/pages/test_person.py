"""The person page's goals section: the resolved scheme and where it comes from, the current
period's score and rating, the goals."""

from __future__ import annotations

from flexperf.goals.models import Goal
from tests.goals.pages.conftest import Scored
from tests.pages.conftest import page


def test_the_manager_sees_a_reports_scheme_score_and_goals(scored: Scored) -> None:
    rep1 = scored.org.people["rep1"]
    section = page(scored.org.org.client("manager").get(f"/people/{rep1.pk}/")).one(
        id="person-goals")
    assert section.one("h2").text == "Goals 2026"
    assert section.one(id="person-scheme").text == (
        "Measured by the scheme Profit centre · the group default")
    assert section.one("p", data_score=True).text == "107.0"
    assert section.one(data_rating=True).text == "A"
    titles = [row.one(cls="goal-title").text for row in section.find_all("li", cls="goal-row")]
    assert titles == ["营业收入", "新客户数 Draft", "协作与分享"]  # by component, then age
    assert section.one("a", href=f"/goals/people/{rep1.pk}/?period=2026").text == (
        "All goals and how they score")


def test_the_scheme_of_a_unit_with_its_own_assignment(scored: Scored) -> None:
    engineer = scored.org.people["engineer"]  # R has the innovation unit scheme, by half year
    section = page(scored.org.org.client("hr_admin").get(f"/people/{engineer.pk}/")).one(
        id="person-goals")
    assert section.one(id="person-scheme").text == (
        "Measured by the scheme Innovation unit · assigned to 研发中心")
    assert section.one("h2").text.startswith("Goals 2026-H")
    assert not Goal.objects.filter(person=engineer).exists()
    assert section.one(cls="empty").text.startswith("No goals in 2026-H")
