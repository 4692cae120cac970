"""Reading goals, scoped by role (flexperf.goals.selectors.goals)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import NotFound
from flexperf.goals.models import Goal
from flexperf.goals.selectors import goals as selectors
from flexperf.goals.selectors.access import goals_visible_to
from flexperf.goals.services import alignment
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg


@dataclass
class Goals:
    by_name: dict[str, Goal]

    def names(self, goals: object) -> set[str]:
        ids = {g.pk for g in goals}  # type: ignore[attr-defined]
        return {name for name, goal in self.by_name.items() if goal.pk in ids}


@pytest.fixture
def goals(goal_org: GoalOrg) -> Goals:
    """A company goal, the sales division's and the east region's goals, and person goals
    for the sales team, an engineer and the HR business partner, aligned upwards."""
    people, units = goal_org.people, goal_org.org.units
    made = {
        "company": f.company_goal(goal_org.org.company, title="集团利润", activate=True),
        "sales": f.unit_goal(units["S"], title="事业部营收", activate=True),
        "east": f.unit_goal(units["SE"], title="华东营收", activate=True),
        "head": f.kpi_goal(people["sales_head"], title="陈经理营收", activate=True),
        "rep1": f.kpi_goal(people["rep1"], title="林小雨营收", activate=True),
        "rep2": f.kpi_goal(people["rep2"], title="赵磊营收"),
        "engineer": f.okr_goal(people["engineer"], period_code="2026-H1", title="郑工 OKR",
                               activate=True),
        "hrbp": f.goal("service", person=people["hrbp_p"], title="何静服务", activate=True),
    }
    system = f.SYSTEM
    for child, parent, weight in (("sales", "company", 3), ("east", "sales", 1),
                                  ("head", "sales", 1), ("rep1", "east", 2), ("rep2", "east", 1),
                                  ("engineer", "company", 1), ("rep1", "head", 1)):
        alignment.link_goal(actor=system, child_id=made[child].pk, parent_id=made[parent].pk,
                            contribution=weight)
    return Goals(made)


SHARED = {"company", "sales", "east"}


@pytest.mark.parametrize(("role", "expected"), [
    ("employee", SHARED | {"rep1"}),
    ("manager", SHARED | {"head", "rep1", "rep2"}),
    ("hrbp", SHARED | {"hrbp", "head", "rep1", "rep2"}),
    ("hr_admin", SHARED | {"head", "rep1", "rep2", "engineer", "hrbp"}),
    ("executive", SHARED),
    ("auditor", SHARED),
    ("partner", set()),
])
def test_who_sees_which_goals(goal_org: GoalOrg, goals: Goals, role: str,
                              expected: set[str]) -> None:
    actor = goal_org.actor(role)
    assert goals.names(selectors.list_goals(actor)) == expected
    for name, goal in goals.by_name.items():
        if name in expected:
            assert selectors.goal_detail(actor, goal.pk).goal == goal
        else:
            with pytest.raises(NotFound):
                selectors.goal_detail(actor, goal.pk)


def test_mine_team_and_unit_lists(goal_org: GoalOrg, goals: Goals) -> None:
    manager, employee = goal_org.actor("manager"), goal_org.actor("employee")
    units = goal_org.org.units
    assert goals.names(selectors.my_goals(manager)) == {"head"}
    assert goals.names(selectors.team_goals(manager)) == {"rep1", "rep2"}
    assert goals.names(selectors.team_goals(employee)) == set()
    assert goals.names(selectors.list_goals(manager, unit_id=units["SE"].pk)) == {
        "east", "rep1", "rep2"}
    assert goals.names(selectors.unit_goals(employee, units["S"].pk)) == {"sales", "east"}
    hr = goal_org.actor("hr_admin")
    assert goals.names(selectors.list_goals(hr, period="2026-h1")) == {"engineer"}
    assert goals.names(selectors.list_goals(hr, status="draft")) == {"rep2"}
    assert goals.names(selectors.list_goals(hr, paradigm="service")) == {"hrbp"}
    assert goals.names(selectors.list_goals(hr, owner_kind="unit")) == {"sales", "east"}
    assert goals.names(selectors.list_goals(hr, period="1999")) == set()
    assert goals.names(selectors.list_goals(hr, unit_id=999_999)) == set()


def test_the_detail_bundle_and_the_audited_read(goal_org: GoalOrg, goals: Goals) -> None:
    rep1_goal = goals.by_name["rep1"]
    f.measure(rep1_goal.metrics.get(), "2026-03-31", 90)
    f.measure(rep1_goal.metrics.get(), "2026-01-31", 70)
    manager = goal_org.actor("manager")
    detail = selectors.goal_detail(manager, rep1_goal.pk)
    metric = detail.metrics[0]
    assert [(p.on.isoformat(), p.value) for p in detail.series[metric.pk]] == [
        ("2026-01-31", Decimal("70.0000")), ("2026-03-31", Decimal("90.0000"))]
    assert [(p.goal.title, p.contribution) for p in detail.parents] == [
        ("华东营收", Decimal("2.00")), ("陈经理营收", Decimal("1.00"))]
    assert [v.number for v in detail.versions] == [1]
    assert (detail.can_manage, detail.can_edit, detail.can_record, detail.is_owner) == (
        True, False, True, False)
    read = AuditEntry.objects.filter(action="read", object_type="goals.goal").get()
    assert (read.actor_username, read.object_id) == ("manager", str(rep1_goal.pk))
    selectors.goal_detail(goal_org.actor("employee"), rep1_goal.pk)  # one's own: not a read
    assert AuditEntry.objects.filter(action="read", object_type="goals.goal").count() == 1
    east = selectors.goal_detail(manager, goals.by_name["east"].pk)
    assert [(c.goal.title, c.contribution) for c in east.children] == [
        ("林小雨营收", Decimal("2.00")), ("赵磊营收", Decimal("1.00"))]
    employee_view = selectors.goal_detail(goal_org.actor("employee"), goals.by_name["east"].pk)
    assert [c.goal.title for c in employee_view.children] == ["林小雨营收"]


def test_survey_respondents_are_hidden_from_the_owner(goal_org: GoalOrg, goals: Goals) -> None:
    service = goals.by_name["hrbp"]
    csat = service.metrics.get(kind="csat")
    f.answer(csat, "2026-04-01", 4, respondent=goal_org.people["rep1"])
    owner_view = selectors.metric_series(goal_org.actor("hrbp"), csat.pk)
    assert [(p.value, p.by_id, p.by_name) for p in owner_view] == [(Decimal("4.0000"), None,
                                                                     "")]
    hr_view = selectors.metric_series(goal_org.actor("hr_admin"), csat.pk, goal_id=service.pk)
    assert [p.by_name for p in hr_view] == ["林小雨"]
    with pytest.raises(NotFound):
        selectors.metric_series(goal_org.actor("hr_admin"), csat.pk,
                                goal_id=goals.by_name["rep1"].pk)
    with pytest.raises(NotFound):
        selectors.metric_series(goal_org.actor("employee"), csat.pk)


def test_the_alignment_tree_runs_company_unit_team_person(goal_org: GoalOrg,
                                                          goals: Goals) -> None:
    tree = selectors.alignment_tree(goal_org.actor("hr_admin"), "2026")
    drawn = [(depth, node.level, node.goal.title,
              None if node.contribution is None else int(node.contribution))
             for depth, node in tree.walk()]
    assert drawn == [
        (0, "company", "集团利润", None),
        (1, "unit", "事业部营收", 3),
        (2, "team", "华东营收", 1),
        (3, "person", "林小雨营收", 2),
        (3, "person", "赵磊营收", 1),
        (2, "person", "陈经理营收", 1),
        (3, "person", "林小雨营收", 1),  # contributes to two goals: shown under each
        (1, "person", "郑工 OKR", 1),
        (0, "person", "何静服务", None),
    ]
    assert len(tree.goals) == 8
    h1 = selectors.alignment_tree(goal_org.actor("hr_admin"), "2026-H1")
    assert [node.goal.title for _depth, node in h1.walk()][:2] == ["集团利润", "事业部营收"]
    employee = selectors.alignment_tree(goal_org.actor("employee"), "2026")
    assert [(d, n.goal.title) for d, n in employee.walk()] == [
        (0, "集团利润"), (1, "事业部营收"), (2, "华东营收"), (3, "林小雨营收")]
    with pytest.raises(NotFound):
        selectors.alignment_tree(goal_org.actor("partner"), "2026")
    with pytest.raises(NotFound):
        selectors.alignment_tree(goal_org.actor("hr_admin"), "1999")


def test_periods_are_listed_for_colleagues_only(goal_org: GoalOrg) -> None:
    assert [p.code for p in selectors.periods_visible_to(goal_org.actor("employee"))] == [
        "2026", "2026-H1", "2026-H2"]
    assert not selectors.periods_visible_to(goal_org.actor("partner")).exists()
    assert goals_visible_to(goal_org.actor("partner")).count() == 0
