"""Linking goals to the goals they contribute to (flexperf.goals.services.alignment)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.events import Event
from flexperf.goals.events import GoalChanged
from flexperf.goals.models import GoalAlignment
from flexperf.goals.services import alignment as services
from flexperf.goals.services import goals as goal_services
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

SYSTEM = Actor.system()
Capture = Callable[..., Any]


def problems(exc: pytest.ExceptionInfo[ServiceError]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in exc.value.problems]


def test_the_owner_aligns_a_goal_to_a_unit_goal_with_a_weight(
        goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture,
        announced: list[Event]) -> None:
    mine = f.kpi_goal(goal_org.people["rep1"], title="我的销售额")
    sales = f.unit_goal(goal_org.org.units["S"], title="事业部销售额", activate=True)
    employee = goal_org.actor("employee")
    with django_capture_on_commit_callbacks(execute=True):
        link = services.link_goal(actor=employee, child_id=mine.pk, parent_id=sales.pk,
                                  contribution="2")
    assert announced == [GoalChanged(mine.pk, ("alignment",))]
    assert (link.child, link.parent, link.contribution) == (mine, sales, Decimal("2.00"))
    again = services.link_goal(actor=employee, child_id=mine.pk, parent_id=sales.pk,
                               contribution=3)
    assert (again.pk, again.contribution) == (link.pk, Decimal("3.00"))
    entries = AuditEntry.objects.filter(object_type="goals.goalalignment").order_by("seq")
    assert [(e.action, e.changes["contribution"]) for e in entries] == [
        ("create", [None, "2.00"]), ("update", ["2.00", "3.00"])]
    services.unlink_goal(actor=employee, child_id=mine.pk, parent_id=sales.pk)
    assert not GoalAlignment.objects.exists()
    with pytest.raises(ServiceError) as gone:
        services.unlink_goal(actor=employee, child_id=mine.pk, parent_id=sales.pk)
    assert problems(gone) == [("parent_id", "The goal does not contribute to that goal.")]


def test_the_parent_is_in_the_same_or_an_enclosing_period(goal_org: GoalOrg) -> None:
    company_year = f.company_goal(goal_org.org.company, title="集团利润")
    half = f.unit_goal(goal_org.org.units["R"], "okr", period_code="2026-H1", title="上半年")
    okr = f.okr_goal(goal_org.people["engineer"], period_code="2026-H1")
    services.link_goal(actor=SYSTEM, child_id=okr.pk, parent_id=company_year.pk)
    services.link_goal(actor=SYSTEM, child_id=okr.pk, parent_id=half.pk)
    year_kpi = f.kpi_goal(goal_org.people["rep1"])
    with pytest.raises(ServiceError) as caught:
        services.link_goal(actor=SYSTEM, child_id=year_kpi.pk, parent_id=half.pk)
    assert problems(caught) == [("parent_id", "The parent's period (2026-H1) must be the "
                                              "child's (2026) or enclose it.")]
    with pytest.raises(ServiceError) as bad_weight:
        services.link_goal(actor=SYSTEM, child_id=okr.pk, parent_id=half.pk, contribution=0)
    assert problems(bad_weight) == [("contribution", "Must be greater than 0.")]


def test_links_never_form_a_cycle(goal_org: GoalOrg) -> None:
    top = f.company_goal(goal_org.org.company, title="集团")
    middle = f.unit_goal(goal_org.org.units["S"], title="事业部")
    bottom = f.unit_goal(goal_org.org.units["SE"], title="华东")
    services.link_goal(actor=SYSTEM, child_id=middle.pk, parent_id=top.pk)
    services.link_goal(actor=SYSTEM, child_id=bottom.pk, parent_id=middle.pk)
    with pytest.raises(ServiceError) as caught:
        services.link_goal(actor=SYSTEM, child_id=top.pk, parent_id=bottom.pk)
    assert problems(caught) == [("parent_id", "华东 already contributes to 集团: the link "
                                              "would make a cycle.")]
    with pytest.raises(ServiceError) as itself:
        services.link_goal(actor=SYSTEM, child_id=top.pk, parent_id=top.pk)
    assert problems(itself) == [("parent_id", "A goal cannot contribute to itself.")]
    assert GoalAlignment.objects.count() == 2


def test_the_caller_sees_both_goals_and_manages_the_child(goal_org: GoalOrg) -> None:
    people = goal_org.people
    mine = f.kpi_goal(people["rep1"])
    colleague = f.kpi_goal(people["rep2"])
    unit = f.unit_goal(goal_org.org.units["S"])
    employee = goal_org.actor("employee")
    with pytest.raises(NotFound):
        services.link_goal(actor=employee, child_id=mine.pk, parent_id=colleague.pk)
    with pytest.raises(NotFound):
        services.link_goal(actor=employee, child_id=colleague.pk, parent_id=unit.pk)
    with pytest.raises(Forbidden):  # the unit's goal is visible to all, managed by its heads
        services.link_goal(actor=employee, child_id=unit.pk,
                           parent_id=f.company_goal(goal_org.org.company).pk)
    assert services.link_goal(actor=goal_org.actor("manager"), child_id=colleague.pk,
                              parent_id=mine.pk).parent == mine
    closed = f.kpi_goal(people["rep2"], activate=True)
    goal_services.close_goal(actor=SYSTEM, goal_id=closed.pk)
    with pytest.raises(ServiceError) as caught:
        services.link_goal(actor=SYSTEM, child_id=closed.pk, parent_id=unit.pk)
    assert problems(caught) == [("child_id", "kpi goal is Closed.")]
