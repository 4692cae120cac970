"""The alignment tree: company → unit → person goals with rolled-up progress and colours from
the evaluation's roll-up; personal goals aligned to nothing are listed apart."""

from __future__ import annotations

from flexperf.goals import evaluation
from flexperf.goals.selectors.goals import period_by_code
from flexperf.goals.services import alignment
from tests.goals import factories as f
from tests.goals.pages.conftest import Scored
from tests.pages.conftest import page


def test_the_tree_nests_goals_with_the_rolled_up_progress(scored: Scored) -> None:
    org = scored.org.org
    company = f.company_goal(org.company, title="集团收入", activate=True)
    unit = f.unit_goal(org.units["S"], title="销售事业部收入", activate=True)
    system = f.SYSTEM
    alignment.link_goal(actor=system, child_id=unit.pk, parent_id=company.pk)
    alignment.link_goal(actor=system, child_id=scored.kpi1.pk, parent_id=unit.pk, contribution=1)
    alignment.link_goal(actor=system, child_id=scored.kpi2.pk, parent_id=unit.pk, contribution=3)
    root = page(org.client("manager").get("/goals/alignment/?period=2026"))
    tree = root.one(id="alignment-tree")
    rows = [row.attrs["data-goal"] for row in tree.find_all("span", cls="align-row")]
    # The company goal, then its unit goal, then the two people's goals (by unit, title).
    assert rows[:4] == [str(company.pk), str(unit.pk), str(scored.kpi1.pk), str(scored.kpi2.pk)]
    period = period_by_code("2026")
    assert period is not None
    rolled = evaluation.alignment_progress(scored.org.actor("manager"), period)
    for goal in (company, unit, scored.kpi1, scored.kpi2):
        row = tree.one("span", cls="align-row", data_goal=str(goal.pk))
        expected = rolled[goal.pk]
        assert row.attrs["data-status"] == expected.verdict.status.value
        assert row.one("span", cls="status").text == f"{expected.progress * 100:.0f}%"
    # kpi1 covers all of its way (1.0), kpi2 half (0.5): (1 × 1.0 + 3 × 0.5) / 4 = 62.5 %.
    assert rolled[unit.pk].progress == 0.625
    assert tree.one("span", data_goal=str(unit.pk)).one("span", cls="status").text == "62%"
    # The behaviour goal and the draft contribute to nothing: listed apart, collapsed.
    apart = tree.one("details", id="not-aligned")
    assert apart.one("summary").text == "2 personal goals not aligned to a goal above"
    assert [row.attrs["data-goal"] for row in apart.find_all("span", cls="align-row")] == [
        str(scored.behaviour1.pk), str(scored.draft1.pk)]


def test_the_employee_sees_only_the_goals_they_may_see(scored: Scored) -> None:
    root = page(scored.org.org.client("employee").get("/goals/alignment/?period=2026"))
    shown = {int(row.attrs["data-goal"]) for row in root.find_all("span", cls="align-row")}
    assert shown == {scored.kpi1.pk, scored.behaviour1.pk, scored.draft1.pk}  # their own
    assert scored.org.org.client("partner").get("/goals/alignment/").status_code == 403
