"""C6: a goal closed as missed carries a short analysis (premature? resources matched? what was
learned?), recorded with the close or before; the selectors the review cycle uses; the
"context" evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core import evidence
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.goals.models import MissAnalysis
from flexperf.goals.selectors import goals_missing_analysis, miss_analyses
from flexperf.goals.services import context as services
from flexperf.goals.services import goals as goal_services
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

ANALYSIS = {"premature": "partly", "premature_note": "目标定在新品上市前",
            "resources_matched": "no", "resources_note": "缺一名售前",
            "learned": "目标应随上市时间调整"}


def fields(caught: pytest.ExceptionInfo[ServiceError]) -> list[str]:
    return [p.field for p in caught.value.problems]


def test_closing_as_missed_needs_the_analysis(goal_org: GoalOrg) -> None:
    manager = goal_org.actor("manager")
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    with pytest.raises(ServiceError) as none:
        goal_services.close_goal(actor=manager, goal_id=goal.pk, missed=True)
    assert fields(none) == ["analysis"]
    with pytest.raises(ServiceError) as partial:
        goal_services.close_goal(actor=manager, goal_id=goal.pk, missed=True,
                                 analysis={"premature": "maybe", "learned": " "})
    assert fields(partial) == ["analysis.premature", "analysis.resources_matched",
                               "analysis.learned"]
    goal.refresh_from_db()
    assert goal.status == "active"  # nothing written
    goal_services.close_goal(actor=manager, goal_id=goal.pk, missed=True, analysis=ANALYSIS)
    goal.refresh_from_db()
    analysis = MissAnalysis.objects.get(goal=goal)
    assert (goal.status, analysis.premature, analysis.resources_matched, analysis.learned) == (
        "closed", "partly", "no", "目标应随上市时间调整")
    assert analysis.recorded_by_username == "manager"
    assert AuditEntry.objects.filter(object_type="goals.missanalysis",
                                     action="create").count() == 1


def test_an_analysis_recorded_before_lets_the_goal_close_as_missed(goal_org: GoalOrg) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    # The owner writes it; a second call revises it (audited as an update).
    services.record_miss_analysis(actor=goal_org.actor("employee"), goal_id=goal.pk,
                                  premature="yes", resources_matched="yes", learned="初稿")
    services.record_miss_analysis(actor=goal_org.actor("employee"), goal_id=goal.pk,
                                  **ANALYSIS)
    assert MissAnalysis.objects.get(goal=goal).learned == "目标应随上市时间调整"
    assert AuditEntry.objects.filter(object_type="goals.missanalysis",
                                     action="update").count() == 1
    goal_services.close_goal(actor=goal_org.actor("manager"), goal_id=goal.pk, missed=True)
    goal.refresh_from_db()
    assert goal.status == "closed"
    # Closing as met needs nothing.
    met = f.kpi_goal(goal_org.people["rep2"], activate=True)
    goal_services.close_goal(actor=goal_org.actor("manager"), goal_id=met.pk)


def test_who_may_record_an_analysis(goal_org: GoalOrg) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    with pytest.raises(NotFound):  # a colleague outside the line does not see the goal
        services.record_miss_analysis(actor=goal_org.actor("auditor"), goal_id=goal.pk,
                                      premature="no", resources_matched="no", learned="x")
    draft = f.kpi_goal(goal_org.people["rep1"], title="草稿")
    with pytest.raises(ServiceError) as drafted:
        services.record_miss_analysis(actor=goal_org.actor("manager"), goal_id=draft.pk,
                                      premature="no", resources_matched="no", learned="x")
    assert fields(drafted) == ["goal"]
    services.record_miss_analysis(actor=goal_org.actor("hrbp"), goal_id=goal.pk,
                                  premature="no", resources_matched="no", learned="x")
    unit_goal = f.unit_goal(goal_org.org.units["S"], activate=True)
    with pytest.raises(Forbidden):  # 林小雨 sees the division's goal but does not manage it
        services.record_miss_analysis(actor=goal_org.actor("employee"), goal_id=unit_goal.pk,
                                      premature="no", resources_matched="no", learned="x")


def test_goals_missing_analysis_are_the_scored_misses_without_one(goal_org: GoalOrg) -> None:
    rep1 = goal_org.people["rep1"]
    short = f.kpi_goal(rep1, title="营业收入", activate=True)
    f.measure(short.metrics.get(), "2026-03-31", 95)  # 60 + 15 / 20 × 40 = 90 points: missed
    met = f.kpi_goal(rep1, title="回款", activate=True)
    f.measure(met.metrics.get(), "2026-03-31", 100)  # 100 points: met
    explained = f.kpi_goal(rep1, title="毛利", activate=True)
    f.measure(explained.metrics.get(), "2026-03-31", 80)  # 60 points, but analysed
    services.record_miss_analysis(actor=goal_org.actor("manager"), goal_id=explained.pk,
                                  **ANALYSIS)
    f.kpi_goal(rep1, title="草稿")  # drafts are not scored
    period = goal_org.periods["2026"]
    manager = goal_org.actor("manager")
    assert [g.title for g in goals_missing_analysis(manager, rep1.pk, period)] == ["营业收入"]
    assert goals_missing_analysis(goal_org.actor("auditor"), rep1.pk, period) == []
    found = miss_analyses([short.pk, met.pk, explained.pk])
    assert list(found) == [explained.pk]
    assert found[explained.pk].resources_matched == "no"


def test_the_context_evidence_lists_the_analyses_as_the_reader_may_see_them(
        goal_org: GoalOrg) -> None:
    rep1 = goal_org.people["rep1"]
    goal = f.kpi_goal(rep1, title="营业收入", activate=True)
    goal_services.close_goal(actor=goal_org.actor("manager"), goal_id=goal.pk, missed=True,
                             analysis=ANALYSIS)
    assert "context" in evidence.kinds()
    items = [i for i in evidence.gather(goal_org.actor("manager"), rep1.pk,
                                        dt.date(2026, 1, 1), dt.date(2026, 12, 31))
             if i.kind == "context"]
    assert [(i.title, i.lines) for i in items] == [("Why 营业收入 fell short", (
        "Target premature: Partly — 目标定在新品上市前", "Resources matched: No — 缺一名售前",
        "Learned: 目标应随上市时间调整"))]
    assert [i for i in evidence.gather(goal_org.actor("auditor"), rep1.pk, dt.date(2026, 1, 1),
                                       dt.date(2026, 12, 31)) if i.kind == "context"] == []
    # Outside the range: nothing.
    assert [i for i in evidence.gather(goal_org.actor("manager"), rep1.pk, dt.date(2027, 1, 1),
                                       dt.date(2027, 12, 31)) if i.kind == "context"] == []
