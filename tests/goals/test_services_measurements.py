"""Progress on goals: values, ratings, survey answers, milestones, confidence
(flexperf.goals.services.measurements)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.events import Event
from flexperf.goals.events import MeasurementRecorded, MilestoneAccepted
from flexperf.goals.models import Measurement
from flexperf.goals.services import measurements as services
from flexperf.goals.services import schemes as scheme_services
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

SYSTEM = Actor.system()
Capture = Callable[..., Any]
D = dt.date


def problems(exc: pytest.ExceptionInfo[ServiceError]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in exc.value.problems]


def test_the_owner_records_a_value_on_a_day_of_the_period(
        goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture,
        announced: list[Event]) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    metric = goal.metrics.get()
    with django_capture_on_commit_callbacks(execute=True):
        value = services.record_measurement(actor=goal_org.actor("employee"),
                                            metric_id=metric.pk, on=D(2026, 3, 31),
                                            value="95.5", note="一季度")
    assert announced == [MeasurementRecorded(goal.pk, metric.pk, value.pk)]
    assert (value.value, value.source, value.recorded_by, value.on) == (
        Decimal("95.5000"), "manual", goal_org.people["rep1"], D(2026, 3, 31))
    entry = AuditEntry.objects.get(object_type="goals.measurement")
    assert entry.changes["value"] == [None, "95.5000"]
    assert entry.context == {"goal": goal.pk}
    services.record_measurement(actor=goal_org.actor("manager"), metric_id=metric.pk,
                                on=D(2026, 6, 30), value=101)
    services.record_measurement(actor=goal_org.actor("hrbp"), metric_id=metric.pk,
                                on=D(2026, 9, 30), value=102)
    assert list(metric.measurements.values_list("value", flat=True)) == [
        Decimal("95.5"), Decimal("101"), Decimal("102")]


def test_bad_values_are_refused_naming_the_field(goal_org: GoalOrg) -> None:
    goal = f.kpi_goal(goal_org.people["rep1"], activate=True)
    metric = goal.metrics.get()
    employee = goal_org.actor("employee")
    with pytest.raises(ServiceError) as caught:
        services.record_measurement(actor=employee, metric_id=metric.pk, on=D(2027, 1, 1),
                                    value="lots", source="rumour")
    assert problems(caught) == [
        ("source", "'rumour' is not one of: manual, import, checkin, signal"),
        ("on", "2027-01-01 is outside the period (2026-01-01 to 2026-12-31)."),
        ("value", "'lots' is not a number."),
    ]
    with pytest.raises(ServiceError) as infinite:
        services.record_measurement(actor=employee, metric_id=metric.pk, on=D(2026, 2, 1),
                                    value=float("inf"))
    assert problems(infinite) == [("value", "Must be a finite number.")]
    with pytest.raises(ServiceError) as missing:
        services.record_measurement(actor=employee, metric_id=metric.pk, on=None, value=None)
    assert [p for p, _m in problems(missing)] == ["on", "value"]
    assert not Measurement.objects.exists()


def test_progress_is_recorded_on_active_goals_by_those_entitled(goal_org: GoalOrg) -> None:
    draft = f.kpi_goal(goal_org.people["rep1"])
    with pytest.raises(ServiceError) as caught:
        f.measure(draft.metrics.get(), "2026-03-01", 1)
    assert problems(caught) == [("goal", "Activate the goal before recording progress.")]
    active = f.kpi_goal(goal_org.people["rep2"], activate=True)
    with pytest.raises(NotFound):  # a colleague's goal does not exist for rep1
        f.measure(active.metrics.get(), "2026-03-01", 1, actor=goal_org.actor("employee"))
    with pytest.raises(NotFound):
        f.measure(active.metrics.get(), "2026-03-01", 1, actor=goal_org.actor("executive"))
    unit_goal = f.unit_goal(goal_org.org.units["S"], activate=True)
    with pytest.raises(Forbidden):  # visible to all, recorded by those who manage it
        f.measure(unit_goal.metrics.get(), "2026-03-01", 1, actor=goal_org.actor("employee"))
    service = f.goal("service", person=goal_org.people["hrbp_p"], activate=True)
    with pytest.raises(ServiceError) as rated:
        f.measure(service.metrics.get(kind="csat"), "2026-03-01", 4)
    assert problems(rated) == [("metric", "内部客户满意度 is rated, not measured: use a rating "
                                          "or a survey answer.")]


def test_behaviour_is_rated_by_managers_one_rating_per_rater_and_day(goal_org: GoalOrg) -> None:
    goal = f.behaviour_goal(goal_org.people["rep1"], activate=True)
    metric = goal.metrics.get()
    manager = goal_org.actor("manager")
    first = services.rate_behaviour(actor=manager, metric_id=metric.pk, on=D(2026, 6, 30),
                                    rating=3)
    assert (first.recorded_by, first.source, first.value) == (
        goal_org.people["sales_head"], "rating", Decimal("3"))
    again = services.rate_behaviour(actor=manager, metric_id=metric.pk, on=D(2026, 6, 30),
                                    rating="4.5")
    assert again.pk == first.pk
    assert list(metric.measurements.values_list("value", flat=True)) == [Decimal("4.5")]
    update = AuditEntry.objects.filter(object_type="goals.measurement").latest("seq")
    assert (update.action, update.changes) == ("update", {"value": ["3.0000", "4.5000"]})
    with pytest.raises(Forbidden):
        services.rate_behaviour(actor=goal_org.actor("employee"), metric_id=metric.pk,
                                on=D(2026, 6, 30), rating=5)
    with pytest.raises(ServiceError) as caught:
        services.rate_behaviour(actor=manager, metric_id=metric.pk, on=D(2026, 6, 30),
                                rating=6)
    assert problems(caught) == [("rating", "Rate from 1 to 5.")]
    scheme_services.update_scheme(actor=SYSTEM, scheme_id=goal.component.scheme_id,
                                  rules={"rating_max": 4})
    with pytest.raises(ServiceError) as scaled:
        services.rate_behaviour(actor=manager, metric_id=metric.pk, on=D(2026, 6, 30),
                                rating=5)
    assert problems(scaled) == [("rating", "Rate from 1 to 4.")]
    with pytest.raises(ServiceError) as owner:
        f.rate(metric, "2026-06-30", 4, rater=goal_org.people["rep1"])
    assert problems(owner) == [("rater_id", "Owners do not rate their own behaviour here.")]


def test_internal_customers_answer_a_survey_once_per_period(goal_org: GoalOrg) -> None:
    people = goal_org.people
    goal = f.goal("service", person=people["hrbp_p"], activate=True)
    csat = goal.metrics.get(kind="csat")
    rep1 = goal_org.actor("employee")
    services.answer_survey(actor=rep1, metric_id=csat.pk, score=4, on=D(2026, 3, 1))
    services.answer_survey(actor=rep1, metric_id=csat.pk, score=2, on=D(2026, 9, 1))
    services.answer_survey(actor=goal_org.actor("manager"), metric_id=csat.pk, score=5,
                           on=D(2026, 9, 2))
    assert sorted(csat.measurements.values_list("recorded_by__name", "value", "on")) == [
        ("林小雨", Decimal("2"), D(2026, 9, 1)), ("陈经理", Decimal("5"), D(2026, 9, 2))]
    with pytest.raises(ServiceError) as own:
        services.answer_survey(actor=goal_org.actor("hrbp"), metric_id=csat.pk, score=5)
    assert problems(own) == [("respondent_id", "Internal customers answer this survey, not "
                                               "the goal's owner.")]
    with pytest.raises(ServiceError) as bad:
        services.answer_survey(actor=rep1, metric_id=csat.pk, score="3.5", on=D(2025, 1, 1))
    assert problems(bad) == [
        ("on", "2025-01-01 is outside the period (2026-01-01 to 2026-12-31)."),
        ("score", "Answer with a whole number from 1 to 5."),
    ]
    with pytest.raises(NotFound):
        services.answer_survey(actor=goal_org.actor("partner"), metric_id=csat.pk, score=3)
    with pytest.raises(Forbidden):  # answering for someone else takes HR covering the goal
        services.answer_survey(actor=rep1, metric_id=csat.pk, score=3,
                               respondent_id=people["rep2"].pk)
    f.answer(csat, "2026-10-01", 1, respondent=people["engineer"])
    assert csat.measurements.count() == 3
    with pytest.raises(ServiceError) as sla:
        services.answer_survey(actor=rep1, metric_id=goal.metrics.get(kind="sla").pk, score=3)
    assert problems(sla) == [("metric", "工单按时解决率 is not a satisfaction survey.")]


def test_a_unit_goals_survey_is_answered_from_outside_the_unit(goal_org: GoalOrg) -> None:
    goal = f.unit_goal(goal_org.org.units["H"], "service", activate=True)
    csat = goal.metrics.get(kind="csat")
    with pytest.raises(ServiceError) as inside:
        f.answer(csat, "2026-05-01", 5, respondent=goal_org.people["hrbp_p"])
    assert problems(inside)[0][0] == "respondent_id"
    assert f.answer(csat, "2026-05-01", 5, respondent=goal_org.people["rep2"]).value == 5


def test_a_manager_accepts_a_milestone(goal_org: GoalOrg,
                                       django_capture_on_commit_callbacks: Capture,
                                       announced: list[Event]) -> None:
    f.assign(goal_org.org.units["SE"], "innovation_unit")
    goal = f.goal("project", person=goal_org.people["rep1"], period_code="2026-H1",
                  milestones=[f.milestone("设计评审", "2026-03-31"),
                              f.milestone("上线", "2026-06-30", 2)], activate=True)
    design = goal.milestones.get(name="设计评审")
    with pytest.raises(Forbidden):
        services.accept_milestone(actor=goal_org.actor("employee"), milestone_id=design.pk,
                                  accepted_on=D(2026, 3, 30))
    with pytest.raises(ServiceError) as outside:
        services.accept_milestone(actor=goal_org.actor("manager"), milestone_id=design.pk,
                                  accepted_on=D(2026, 7, 3))
    assert problems(outside) == [
        ("accepted_on", "2026-07-03 is outside the period (2026-01-01 to 2026-06-30).")]
    with django_capture_on_commit_callbacks(execute=True):
        accepted = services.accept_milestone(actor=goal_org.actor("manager"),
                                             milestone_id=design.pk, accepted_on=D(2026, 4, 3))
    assert accepted.accepted_on == D(2026, 4, 3)
    assert announced == [MilestoneAccepted(goal.pk, design.pk, 3)]  # 3 days late
    entry = AuditEntry.objects.filter(object_type="goals.milestone").get()
    assert entry.changes == {"accepted_on": [None, "2026-04-03"]}


def test_the_owner_updates_a_key_results_confidence(goal_org: GoalOrg) -> None:
    f.assign(goal_org.org.units["SE"], "innovation_unit")
    goal = f.okr_goal(goal_org.people["rep1"], period_code="2026-H2", activate=True)
    kr = goal.metrics.order_by("order").first()
    assert kr is not None
    services.update_confidence(actor=goal_org.actor("employee"), metric_id=kr.pk, confidence=7)
    kr.refresh_from_db()
    assert kr.confidence == 7
    with pytest.raises(ServiceError) as caught:
        services.update_confidence(actor=goal_org.actor("employee"), metric_id=kr.pk,
                                   confidence=11)
    assert problems(caught) == [("confidence", "Confidence is a whole number from 0 to 10.")]
    f.assign(goal_org.org.units["SE"], "profit_centre")
    kpi = f.kpi_goal(goal_org.people["rep2"], activate=True).metrics.get()
    with pytest.raises(ServiceError) as not_kr:
        services.update_confidence(actor=goal_org.actor("manager"), metric_id=kpi.pk,
                                   confidence=5)
    assert problems(not_kr) == [("metric", "Only key results carry a confidence.")]
    with pytest.raises(NotFound):
        services.update_confidence(actor=goal_org.actor("executive"), metric_id=kr.pk,
                                   confidence=5)
