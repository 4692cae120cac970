"""Creating, editing, activating, closing and deleting goals (flexperf.goals.services.goals)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from flexperf.audit.models import AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.events import Event
from flexperf.goals.events import GoalActivated, GoalChanged, GoalClosed, GoalCreated
from flexperf.goals.models import Goal, GoalVersion, Metric, Milestone
from flexperf.goals.services import goals as services
from flexperf.goals.services.goals import MetricSpec, MilestoneSpec
from flexperf.org import services as org_services
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

SYSTEM = Actor.system()
Capture = Callable[..., Any]


def problems(exc: pytest.ExceptionInfo[ServiceError]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in exc.value.problems]


def test_an_employee_sets_a_kpi_goal_counting_towards_their_schemes_kpi_part(
        goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture,
        announced: list[Event]) -> None:
    employee = goal_org.actor("employee")
    with django_capture_on_commit_callbacks(execute=True):
        goal = services.create_goal(
            actor=employee, period="2026", paradigm="kpi", title="华东销售额", weight="2",
            metrics=[MetricSpec(kind="kpi", name="销售额", unit_label="万元", threshold="800",
                                target=1000, stretch=1200.5, baseline=700)])
    assert announced == [GoalCreated(goal.pk)]
    assert (goal.person, goal.owner_kind, goal.status, goal.version, goal.weight) == (
        goal_org.people["rep1"], "person", "draft", 0, Decimal("2.00"))
    assert (goal.component.scheme.code, goal.component.key) == ("profit_centre", "kpi")
    metric = goal.metrics.get()
    assert (metric.threshold, metric.target, metric.stretch, metric.aggregation) == (
        Decimal("800"), Decimal("1000"), Decimal("1200.5"), "last")
    entry = AuditEntry.objects.get(object_type="goals.goal", object_id=str(goal.pk))
    assert (entry.action, entry.actor_username) == ("create", "employee")
    assert entry.changes["title"] == [None, "华东销售额"]
    assert entry.changes["metrics"][1][0]["stretch"] == "1200.5000"


@pytest.mark.parametrize(("paradigm", "kw", "expected"), [
    pytest.param("kpi", {"metrics": [f.kpi(threshold=100, target=100)]},
                 [("metrics.0.threshold", "With higher-is-better the threshold must be below "
                                          "the target (100 ≥ 100).")], id="kpi-threshold"),
    pytest.param("kpi", {"metrics": [f.kpi(direction="lower", threshold=10, target=5,
                                           stretch=8)]},
                 [("metrics.0.stretch", "With lower-is-better the stretch must be below the "
                                        "target (8 ≥ 5).")], id="kpi-lower-stretch"),
    pytest.param("kpi", {"metrics": [f.kpi(threshold="eighty")]},
                 [("metrics.0.threshold", "'eighty' is not a number.")], id="not-a-number"),
    pytest.param("kpi", {"metrics": [f.kpi(), f.kpi("利润")]},
                 [("metrics", "A KPI goal has exactly one metric.")], id="kpi-two-metrics"),
    pytest.param("kpi", {"metrics": [f.key_result(), f.key_result()]},
                 [("metrics", "A kpi goal cannot hold key_result metrics.")], id="wrong-kind"),
    pytest.param("kpi", {"weight": 0}, [("weight", "Must be greater than 0.")], id="weight"),
    pytest.param("kpi", {"due_date": dt.date(2027, 1, 1)},
                 [("due_date", "2027-01-01 is outside the period (2026-01-01 to 2026-12-31).")],
                 id="due-outside-period"),
    pytest.param("kpi", {"okr_type": "aspirational"},
                 [("okr_type", "Only objectives (OKR) are committed or aspirational.")],
                 id="okr-type-on-kpi"),
    pytest.param("kpi", {"title": ""}, [("title", "This field is required.")], id="title"),
    pytest.param("kpi", {"period": "2031"},
                 [("period", "No period 2031: HR creates periods first.")], id="no-period"),
    pytest.param("behaviour", {"metrics": [MetricSpec(kind="behaviour", name="协作",
                                                      target=5, anchors={"7": "超神"})]},
                 [("metrics.0.target", "Rated measures (1–5) have no thresholds."),
                  ("metrics.0.anchors", "Anchors describe ratings 1 to 5 (found 7).")],
                 id="behaviour-anchors"),
])
def test_each_bad_definition_is_refused_naming_its_field(
        goal_org: GoalOrg, paradigm: str, kw: dict[str, Any],
        expected: list[tuple[str, str]]) -> None:
    values: dict[str, Any] = {"period": "2026", "title": "目标", **kw}
    values.setdefault("metrics", f.DEFAULT_METRICS[paradigm])
    with pytest.raises(ServiceError) as caught:
        services.create_goal(actor=SYSTEM, paradigm=paradigm, person_id=goal_org.people[
            "rep1"].pk, **values)
    assert problems(caught) == expected
    assert not Goal.objects.exists()
    assert not Metric.objects.exists()


@pytest.mark.parametrize(("kw", "expected"), [
    pytest.param({"metrics": [f.key_result()]},
                 [("metrics", "An objective has 2 to 5 key results (found 1).")], id="one-kr"),
    pytest.param({"metrics": [f.key_result(0, n) for n in range(1, 7)]},
                 [("metrics", "An objective has 2 to 5 key results (found 6).")], id="six-krs"),
    pytest.param({"metrics": [f.key_result(5, 5), f.key_result(0, 3, confidence=11)]},
                 [("metrics.0.target", "The target must differ from the start value."),
                  ("metrics.1.confidence", "Confidence is a whole number from 0 to 10.")],
                 id="kr-values"),
])
def test_an_objective_has_two_to_five_sound_key_results(
        goal_org: GoalOrg, kw: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    with pytest.raises(ServiceError) as caught:
        f.okr_goal(goal_org.people["engineer"], period_code="2026-H1", **kw)
    assert problems(caught) == expected


def test_a_scorecard_needs_perspectives_and_their_weights(goal_org: GoalOrg) -> None:
    sales = goal_org.org.units["S"]
    with pytest.raises(ServiceError) as caught:
        f.unit_goal(sales, "bsc", metrics=[f.measure_spec("利润", "financial"),
                                           f.measure_spec("员工成长", ""),
                                           f.measure_spec("周转", "internal_process")],
                    perspective_weights={"financial": 70, "morale": 30},
                    links=[(0, 0), (0, 5)])
    assert problems(caught) == [
        ("metrics.1.perspective", "Choose the measure's perspective."),
        ("perspective_weights", "Unknown perspectives: morale"),
        ("perspective_weights", "Give a weight to each perspective that has measures: "
                                "internal_process"),
        ("links.0", "A measure cannot cause itself."),
        ("links.1", "Links join measures of this goal by their position (0 to 2)."),
    ]
    goal = f.unit_goal(sales, "bsc", metrics=[f.measure_spec("利润", "financial"),
                                              f.measure_spec("复购率", "customer")],
                       perspective_weights={"financial": 60, "customer": 40}, links=[(1, 0)])
    cause, effect = goal.metrics.order_by("order")[1], goal.metrics.order_by("order")[0]
    assert list(cause.effects.values_list("effect_id", flat=True)) == [effect.pk]
    assert (goal.component, goal.perspective_weights) == (
        None, {"customer": "40", "financial": "60"})


def test_a_project_has_milestones_due_inside_its_period(goal_org: GoalOrg) -> None:
    engineer = goal_org.people["engineer"]
    with pytest.raises(ServiceError) as none:
        f.goal("project", person=engineer, period_code="2026-H1", milestones=[])
    assert problems(none) == [("milestones", "A project goal needs at least one milestone.")]
    with pytest.raises(ServiceError) as late:
        f.goal("project", person=engineer, period_code="2026-H1", milestones=[
            f.milestone("设计", "2026-03-01"), MilestoneSpec("上线", dt.date(2026, 7, 1), 0)])
    assert problems(late) == [
        ("milestones.1.weight", "Must be greater than 0."),
        ("milestones.1.due", "2026-07-01 is outside the period (2026-01-01 to 2026-06-30)."),
    ]
    with pytest.raises(ServiceError) as kpi:
        f.kpi_goal(goal_org.people["rep1"], milestones=[f.milestone("x", "2026-03-01")])
    assert problems(kpi) == [("milestones", "Only project goals have milestones.")]


def test_a_persons_goal_must_fit_their_scheme(goal_org: GoalOrg) -> None:
    people = goal_org.people
    with pytest.raises(ServiceError) as no_okr:
        f.okr_goal(people["rep1"])
    assert problems(no_okr) == [("paradigm", "利润中心 has no okr component; it has: "
                                             "kpi (kpi, 70), behaviour (behaviour, 30).")]
    with pytest.raises(ServiceError) as by_half:
        f.okr_goal(people["engineer"], period_code="2026")
    assert problems(by_half) == [("period", "创新单元 reviews by half year: choose a period of "
                                            "that kind, not 2026.")]
    f.assign(goal_org.org.units["S"], "mature_sales")
    with pytest.raises(ServiceError) as which:
        f.kpi_goal(people["rep1"])
    assert problems(which) == [("component", "成熟业务销售 has several kpi components: choose "
                                             "one of result_kpi, process_kpi.")]
    with pytest.raises(ServiceError) as unknown:
        f.kpi_goal(people["rep1"], component="bonus")
    assert problems(unknown) == [("component", "成熟业务销售 has no component bonus; it has: "
                                               "result_kpi (kpi, 70), process_kpi (kpi, 30).")]
    goal = f.kpi_goal(people["rep1"], component="process_kpi")
    assert goal.component.key == "process_kpi"
    f.period("2027")
    moved = services.update_goal(actor=SYSTEM, goal_id=goal.pk, period="2027")
    assert (moved.period.code, moved.component.key) == ("2027", "process_kpi")
    with pytest.raises(ServiceError) as half:
        services.update_goal(actor=SYSTEM, goal_id=goal.pk, period="2026-H1")
    assert problems(half) == [("period", "成熟业务销售 reviews by year: choose a period of "
                                         "that kind, not 2026-H1.")]
    with pytest.raises(ServiceError) as unit_component:
        f.unit_goal(goal_org.org.units["S"], component="result_kpi")
    assert problems(unit_component) == [
        ("component", "Only a person's goals count towards a scheme component.")]


def test_who_may_set_goals_for_whom(goal_org: GoalOrg) -> None:
    people, units = goal_org.people, goal_org.org.units
    assert f.kpi_goal(people["rep1"], actor=goal_org.actor("employee")).person == people["rep1"]
    assert f.kpi_goal(people["rep2"], actor=goal_org.actor("manager")).person == people["rep2"]
    assert f.kpi_goal(people["rep2"], actor=goal_org.actor("hrbp")).person == people["rep2"]
    with pytest.raises(ServiceError) as colleague:
        f.kpi_goal(people["rep2"], actor=goal_org.actor("employee"))
    assert problems(colleague) == [("person_id", "No such person in your scope.")]
    with pytest.raises(ServiceError) as outside:
        f.kpi_goal(people["engineer"], actor=goal_org.actor("hrbp"))
    assert problems(outside) == [("person_id", "No such person in your scope.")]
    with pytest.raises(ServiceError) as leaver:
        f.kpi_goal(people["leaver"], actor=goal_org.actor("manager"))
    assert problems(leaver) == [("person_id", "钱进 has left.")]
    with pytest.raises(Forbidden):
        f.unit_goal(units["S"], actor=goal_org.actor("manager"))  # not (yet) the unit's head
    org_services.update_unit(actor=SYSTEM, unit_id=units["S"].pk, head=people["sales_head"].pk)
    assert f.unit_goal(units["SE"], actor=goal_org.actor("manager")).unit == units["SE"]
    assert f.company_goal(goal_org.org.company,
                          actor=goal_org.actor("executive")).company == goal_org.org.company
    for role in ("employee", "manager", "hrbp", "partner", "auditor"):
        with pytest.raises(Forbidden):
            f.company_goal(goal_org.org.company, actor=goal_org.actor(role))


def test_a_draft_is_edited_by_its_owner_with_an_audited_diff(
        goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture,
        announced: list[Event]) -> None:
    employee = goal_org.actor("employee")
    goal = f.kpi_goal(goal_org.people["rep1"], actor=employee, title="销售额")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_goal(actor=employee, goal_id=goal.pk, title="华东销售额",
                             metrics=[f.kpi("销售额", threshold=85)])
    assert announced == [GoalChanged(goal.pk, ("metrics", "title"))]
    goal.refresh_from_db()
    assert (goal.title, goal.metrics.get().threshold) == ("华东销售额", Decimal("85"))
    entry = AuditEntry.objects.filter(object_type="goals.goal").latest("seq")
    assert entry.changes["title"] == ["销售额", "华东销售额"]
    assert [m["threshold"] for m in entry.changes["metrics"][0]] == ["80.0000"]
    assert [m["threshold"] for m in entry.changes["metrics"][1]] == ["85.0000"]
    with pytest.raises(ServiceError) as paradigm:
        services.update_goal(actor=employee, goal_id=goal.pk, paradigm="okr")
    assert problems(paradigm) == [("paradigm", "This cannot be changed here.")]
    with pytest.raises(ServiceError) as bad:
        services.update_goal(actor=employee, goal_id=goal.pk, weight=-1, due_date=dt.date(
            2025, 12, 31))
    assert [p.field for p in bad.value.problems] == ["weight", "due_date"]
    with pytest.raises(NotFound):
        services.update_goal(actor=goal_org.actor("executive"), goal_id=goal.pk, title="x")


def test_activation_by_a_manager_makes_version_1(
        goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture,
        announced: list[Event]) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"])
    with pytest.raises(Forbidden):
        services.activate_goal(actor=goal_org.actor("employee"), goal_id=goal.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.activate_goal(actor=goal_org.actor("manager"), goal_id=goal.pk)
    assert announced == [GoalActivated(goal.pk, 1)]
    goal.refresh_from_db()
    assert (goal.status, goal.version) == ("active", 1)
    version = GoalVersion.objects.get(goal=goal)
    assert version.effective_from == max(dt.date(2026, 1, 1), timezone.localdate())
    assert (version.number, version.created_by_username, version.definition["status"]) == (
        1, "manager", "active")
    with pytest.raises(ServiceError) as again:
        services.activate_goal(actor=SYSTEM, goal_id=goal.pk)
    assert problems(again) == [("status", "Only a draft can be activated (this goal is "
                                          "Active).")]
    with pytest.raises(ServiceError) as edit:
        services.update_goal(actor=goal_org.actor("manager"), goal_id=goal.pk, title="x")
    assert problems(edit) == [("status", "Only a draft changes directly; an active goal "
                                         "changes through an approved adjustment.")]
    future = f.kpi_goal(goal_org.people["rep1"], period_code="2099", activate=True)
    assert future.versions.get().effective_from == dt.date(2099, 1, 1)


def test_a_draft_written_under_an_old_scheme_must_be_redone_before_activation(
        goal_org: GoalOrg) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"])
    f.assign(goal_org.org.units["SE"], "support_function")
    with pytest.raises(ServiceError) as caught:
        f.activate_goal(goal)
    assert problems(caught) == [("component", "The person's scheme has changed: edit the "
                                              "draft to choose a component of 支持职能.")]
    services.update_goal(actor=SYSTEM, goal_id=goal.pk, component="kpi")
    assert f.activate_goal(goal).component.scheme.code == "support_function"


def test_closing_and_deleting(goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture,
                              announced: list[Event]) -> None:
    manager = goal_org.actor("manager")
    active = f.kpi_goal(goal_org.people["rep2"], activate=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_goal(actor=manager, goal_id=active.pk, missed=True, analysis={
            "premature": "no", "resources_matched": "partly", "learned": "提前锁定货源"})
    assert announced == [GoalClosed(active.pk, True)]
    active.refresh_from_db()
    assert active.status == "closed"
    with pytest.raises(ServiceError) as closed:
        services.close_goal(actor=manager, goal_id=active.pk)
    assert problems(closed)[0][0] == "status"
    with pytest.raises(ServiceError) as not_draft:
        services.delete_goal(actor=manager, goal_id=active.pk)
    assert problems(not_draft)[0][0] == "status"

    draft = f.goal("project", person=goal_org.people["engineer"], period_code="2026-H2")
    with pytest.raises(NotFound):
        services.delete_goal(actor=manager, goal_id=draft.pk)  # not in the manager's line
    services.delete_goal(actor=SYSTEM, goal_id=draft.pk)
    assert not Goal.objects.filter(pk=draft.pk).exists()
    assert not Milestone.objects.filter(goal_id=draft.pk).exists()
    entry = AuditEntry.objects.filter(object_type="goals.goal").latest("seq")
    assert (entry.action, entry.object_id) == ("delete", str(draft.pk))
    assert [m["name"] for m in entry.changes["milestones"][0]] == ["方案评审", "上线"]
