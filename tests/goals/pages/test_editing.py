"""Creating a goal with the form of its paradigm, and changing a draft. The service's problems
come back under the input that holds the bad value; nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from flexperf.goals.models import Goal, GoalStatus, MetricLink
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg
from tests.pages.conftest import field_errors, page


def _rows(prefix: str, rows: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "40"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def _post(client: Any, query: str, goal: dict[str, str], metrics: list[dict[str, str]] = (),
          milestones: list[dict[str, str]] = ()) -> Any:
    data = {"period": "2026", "weight": "1", **goal, **_rows("metrics", list(metrics)),
            **_rows("milestones", list(milestones))}
    return client.post(f"/goals/new/?{query}", data)


@pytest.mark.parametrize(("paradigm", "headers"), [
    ("kpi", ["#", "Name", "Unit of measure", "Direction", "Baseline", "Threshold", "Target",
             "Stretch", "Aggregation"]),
    ("behaviour", ["#", "Name", "Weight", "Anchor 1", "Anchor 2", "Anchor 3", "Anchor 4",
                   "Anchor 5"]),
])
def test_each_paradigm_has_its_own_form(goal_org: GoalOrg, paradigm: str,
                                        headers: list[str]) -> None:
    root = page(goal_org.org.client("employee").get(f"/goals/new/?paradigm={paradigm}"))
    table = root.one("table", data_formset="metrics")
    assert table.one("thead").texts("th") == headers
    assert root.one("h1").text == {"kpi": "New KPI goal",
                                   "behaviour": "New Behaviour / competency goal"}[paradigm]
    # The component select lists the scheme's components of this paradigm.
    assert root.one("select", name="component").texts("option") == {
        "kpi": ["经营业绩 KPI · 70"], "behaviour": ["行为与能力 · 30"]}[paradigm]


def test_the_paradigms_offered_are_those_of_the_persons_scheme(goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]  # innovation unit: OKR + project
    root = page(goal_org.org.client("hr_admin").get(f"/goals/new/?person={engineer.pk}"))
    assert [a.attrs["data-paradigm"] for a in root.find_all("a", cls="paradigm-card")] == [
        "okr", "project"]


def test_a_kpi_goal_is_created_as_a_draft(goal_org: GoalOrg) -> None:
    client = goal_org.org.client("employee")
    response = _post(client, "paradigm=kpi", {"title": "营业收入", "component": "kpi"}, [
        {"name": "营业收入", "unit_label": "万元", "direction": "higher", "threshold": "80",
         "target": "100", "stretch": "120", "aggregation": "last"}])
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/goals/{goal.pk}/"
    metric = goal.metrics.get()
    assert (goal.status, goal.person_id, goal.component.key if goal.component else None) == (
        GoalStatus.DRAFT, goal_org.people["rep1"].pk, "kpi")
    assert (metric.threshold, metric.target, metric.stretch, metric.unit_label) == (80, 100, 120,
                                                                                   "万元")


def test_inconsistent_thresholds_come_back_on_the_row_and_nothing_is_written(
    goal_org: GoalOrg,
) -> None:
    client = goal_org.org.client("employee")
    root = page(_post(client, "paradigm=kpi", {"title": ""}, [
        {"name": "营业收入", "direction": "higher", "threshold": "100", "target": "80"}]), 422)
    assert field_errors(root) == {
        "title": ["This field is required."],
        "metrics-0-threshold": ["With higher-is-better the threshold must be below the target "
                                "(100 ≥ 80)."]}
    assert not Goal.objects.exists()
    assert root.one("input", name="metrics-0-threshold").attrs["value"] == "100"


def test_an_objective_needs_two_to_five_key_results(goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]
    client = goal_org.org.client("hr_admin")
    query = f"paradigm=okr&person={engineer.pk}"
    goal = {"title": "发布 3.0", "period": "2026-H1", "okr_type": "aspirational"}
    root = page(_post(client, query, goal, [{"name": "新客户", "start": "0", "target": "10"}]),
                422)
    assert root.one(id="metrics-errors").text == "An objective has 2 to 5 key results (found 1)."
    assert not Goal.objects.exists()
    response = _post(client, query, goal, [
        {"name": "新客户", "start": "0", "target": "10", "weight": "2", "confidence": "7"},
        {}, {"name": "发布版本", "start": "0", "target": "3"}])  # a blank row in between
    assert response.status_code == 302
    created = Goal.objects.get()
    assert created.okr_type == "aspirational"
    assert [(m.name, m.weight, m.confidence) for m in created.metrics.order_by("order")] == [
        ("新客户", 2, 7), ("发布版本", 1, None)]


def test_a_scorecard_with_perspective_weights_and_a_strategy_map(goal_org: GoalOrg) -> None:
    # A scorecard for the company (an HR admin sets company goals).
    client = goal_org.org.client("hr_admin")
    query = f"paradigm=bsc&company={goal_org.org.company.pk}"
    measures = [
        {"perspective": "learning_growth", "name": "培训覆盖率", "direction": "higher",
         "threshold": "60", "target": "80", "weight": "1"},
        {"perspective": "financial", "name": "利润", "direction": "higher", "threshold": "80",
         "target": "100", "weight": "1"}]
    root = page(_post(client, query, {"title": "集团计分卡", "pw_financial": "60",
                                      "links": "1→5"}, measures), 422)
    assert field_errors(root) == {"links": [
        "'1→5' does not join two filled-in measure rows (write 1→3)."]}
    root = page(_post(client, query, {"title": "集团计分卡", "pw_financial": "60",
                                      "links": "1→2"}, measures), 422)
    assert root.one(cls="form-errors").text == (
        "Give a weight to each perspective that has measures: learning_growth")
    response = _post(client, query, {"title": "集团计分卡", "pw_financial": "60",
                                     "pw_learning_growth": "40", "links": "1→2"}, measures)
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.perspective_weights == {"financial": "60", "learning_growth": "40"}
    link = MetricLink.objects.get()
    assert (link.cause.name, link.effect.name) == ("培训覆盖率", "利润")


def test_a_project_with_milestones(goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]
    client = goal_org.org.client("hr_admin")
    query = f"paradigm=project&person={engineer.pk}"
    root = page(_post(client, query, {"title": "平台 3.0", "period": "2026-H1"}, milestones=[
        {"name": "评审", "due": "2026-03-31", "weight": "1"},
        {"name": "上线", "due": "2026-08-31", "weight": "2"}]), 422)
    assert field_errors(root) == {"milestones-1-due": [
        "2026-08-31 is outside the period (2026-01-01 to 2026-06-30)."]}
    assert _post(client, query, {"title": "平台 3.0", "period": "2026-H1"}, milestones=[
        {"name": "评审", "due": "2026-03-31", "weight": "1"},
        {"name": "上线", "due": "2026-06-30", "weight": "2"}]).status_code == 302
    assert [(m.name, m.weight) for m in Goal.objects.get().milestones.order_by("due")] == [
        ("评审", 1), ("上线", 2)]


def test_a_service_goal_with_a_service_level_and_a_survey(goal_org: GoalOrg) -> None:
    client = goal_org.org.client("hrbp")  # 何静 in HR: support-function scheme
    response = _post(client, "paradigm=service", {"title": "HR 服务"}, [
        {"kind": "sla", "name": "按时解决率", "direction": "higher", "threshold": "90",
         "target": "95", "stretch": "99"},
        {"kind": "csat", "name": "内部客户满意度", "threshold": ""}])
    assert response.status_code == 302
    assert [(m.kind, m.name) for m in Goal.objects.get().metrics.order_by("order")] == [
        ("sla", "按时解决率"), ("csat", "内部客户满意度")]


def test_a_behaviour_goal_keeps_its_anchors(goal_org: GoalOrg) -> None:
    client = goal_org.org.client("employee")
    assert _post(client, "paradigm=behaviour", {"title": "协作"}, [
        {"name": "跨团队协作", "weight": "1", "anchors_1": "各自为战",
         "anchors_5": "主动跨团队协作"}]).status_code == 302
    assert Goal.objects.get().metrics.get().anchors == {"1": "各自为战", "5": "主动跨团队协作"}


def test_goals_for_people_one_does_not_lead_are_refused(goal_org: GoalOrg) -> None:
    people = goal_org.people
    employee = goal_org.org.client("employee")
    assert employee.get(f"/goals/new/?paradigm=kpi&person={people['rep2'].pk}"
                        ).status_code == 404  # not in their scope at all
    manager = goal_org.org.client("manager")
    assert manager.get(f"/goals/new/?paradigm=kpi&person={people['rep2'].pk}"
                       ).status_code == 200
    assert manager.get(f"/goals/new/?paradigm=kpi&unit={goal_org.org.units['R'].pk}"
                       ).status_code == 403  # a unit they do not head


def test_a_draft_is_edited_and_an_active_goal_is_not(goal_org: GoalOrg) -> None:
    rep1 = goal_org.people["rep1"]
    draft = f.kpi_goal(rep1, title="新客户数")
    client = goal_org.org.client("employee")
    form = page(client.get(f"/goals/{draft.pk}/edit/"))
    assert form.one("input", name="title").attrs["value"] == "新客户数"
    assert form.one("input", name="metrics-0-target").attrs["value"] == "100"
    metric = {"name": "营业收入", "direction": "higher", "threshold": "80", "target": "110",
              "stretch": "130", "aggregation": "last"}
    data = {"period": "2026", "weight": "1", "title": "新客户开发", "component": "kpi",
            **_rows("metrics", [metric], initial=1), **_rows("milestones", [])}
    assert client.post(f"/goals/{draft.pk}/edit/", data).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.metrics.get().target) == ("新客户开发", 110)
    active = f.kpi_goal(rep1, title="营业收入", activate=True)
    response = client.get(f"/goals/{active.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == f"/goals/{active.pk}/"
