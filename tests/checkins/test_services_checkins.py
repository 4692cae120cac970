"""Submitting a check-in records the values through the goals measurement service (progress
moves, the audit trail holds it), all or nothing; only a manager up the line discusses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.checkins.events import CheckinDiscussed, CheckinSubmitted
from flexperf.checkins.models import CheckinLine
from flexperf.checkins.services import checkins as services
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.events import Event
from flexperf.goals import evaluation
from flexperf.goals.models import Measurement
from flexperf.goals.progress import Status
from flexperf.goals.services import measurements as measurement_services
from flexperf.notifications.models import Notification
from tests.checkins import factories as cf
from tests.checkins.conftest import GoalOrg
from tests.goals import factories as f

D = dt.date
MARCH_31 = D(2026, 3, 31)


def problems(caught: pytest.ExceptionInfo[ServiceError]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in caught.value.problems]


def _rep1_goals(org: GoalOrg) -> tuple[Any, Any]:
    rep1 = org.people["rep1"]
    revenue = f.kpi_goal(rep1, title="营业收入", activate=True)  # 80 / 100 / 120
    behaviour = f.behaviour_goal(rep1, title="协作", activate=True)
    return revenue, behaviour


def test_submitting_records_the_value_and_moves_progress(
        goal_org: GoalOrg, django_capture_on_commit_callbacks: Callable[..., Any],
        announced: list[Event]) -> None:
    revenue, behaviour = _rep1_goals(goal_org)
    employee = goal_org.actor("employee")
    checkin = cf.checkin(goal_org.people["rep1"], "2026-Q1")
    # As of 03-31, 89 of the 364 days of 2026 have passed: expected progress 0.2445.
    before = evaluation.goal_progress(employee, [revenue.pk], as_of=MARCH_31)[revenue.pk]
    assert before.status == Status.AT_RISK  # nothing recorded yet
    metric = revenue.metrics.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_checkin(
            actor=employee, checkin_id=checkin.pk, on=D(2026, 4, 2), obstacles="库存不足",
            resource_needs="增派一名售前", context="华东市场价格战",
            lines=[{"goal_id": revenue.pk, "metric_id": metric.pk, "value": "95",
                    "confidence": 7},
                   {"goal_id": behaviour.pk, "confidence": 4, "note": "跨团队协作少"}])
    checkin.refresh_from_db()
    assert checkin.status == "submitted"
    assert (checkin.obstacles, checkin.resource_needs) == ("库存不足", "增派一名售前")
    # Recorded on the window's last day (03-31), not the day of submitting (04-02).
    measurement = Measurement.objects.get(metric=metric)
    assert (measurement.on, measurement.value, measurement.source) == (
        MARCH_31, 95, "checkin")
    # 95 covers (95 − 80) / (100 − 80) = 0.75 of the way; 0.75 / 0.2445 ≥ 0.9: on track.
    after = evaluation.goal_progress(employee, [revenue.pk], as_of=MARCH_31)[revenue.pk]
    assert after.status == Status.ON_TRACK
    assert after.progress == pytest.approx(0.75)
    # Points: 60 + (95 − 80) / 20 × 40 = 90.
    assert evaluation.score_goal(employee, revenue, as_of=MARCH_31).points == pytest.approx(90)
    lines = {line.goal_id: line for line in CheckinLine.objects.filter(checkin=checkin)}
    assert (lines[revenue.pk].confidence, lines[revenue.pk].measurement_id) == (
        7, measurement.pk)
    assert (lines[behaviour.pk].confidence, lines[behaviour.pk].metric_id) == (4, None)
    assert AuditEntry.objects.filter(object_type="goals.measurement",
                                     object_id=str(measurement.pk)).exists()
    assert AuditEntry.objects.filter(object_type="checkins.checkin",
                                     object_id=str(checkin.pk), action="update").exists()
    assert CheckinSubmitted(checkin.pk, goal_org.people["rep1"].pk) in announced
    assert Notification.objects.filter(kind="checkin_submitted",
                                       recipient__username="manager").count() == 1


def test_a_bad_value_rejects_the_whole_submission(goal_org: GoalOrg) -> None:
    revenue, behaviour = _rep1_goals(goal_org)
    checkin = cf.checkin(goal_org.people["rep1"])
    metric = revenue.metrics.get()
    with pytest.raises(ServiceError) as caught:
        services.submit_checkin(actor=goal_org.actor("employee"), checkin_id=checkin.pk,
                                on=MARCH_31, obstacles="x" * 5001, lines=[
                                    {"goal_id": behaviour.pk, "confidence": 11},
                                    {"goal_id": revenue.pk, "metric_id": metric.pk,
                                     "value": "abc", "confidence": 5}])
    assert problems(caught) == [
        ("lines.0.confidence", "Give a whole number from 0 to 10."),
        ("lines.1.value", "'abc' is not a number."),
        ("obstacles", "Longer than 5000 characters."),
    ]
    checkin.refresh_from_db()
    assert checkin.status == "due"
    assert not Measurement.objects.exists()
    assert not CheckinLine.objects.exists()


def test_a_failure_while_recording_undoes_the_values_already_recorded(
        goal_org: GoalOrg, monkeypatch: pytest.MonkeyPatch) -> None:
    rep1 = goal_org.people["rep1"]
    first = f.kpi_goal(rep1, title="A 营业收入", activate=True)
    second = f.kpi_goal(rep1, title="B 回款", activate=True)
    checkin = cf.checkin(rep1)
    real = measurement_services.record_measurement
    calls: list[int] = []

    def refuses_the_second(**kwargs: Any) -> Any:
        calls.append(kwargs["metric_id"])
        if len(calls) == 2:
            raise ServiceError(Problem("value", "refused"))
        return real(**kwargs)

    monkeypatch.setattr(measurement_services, "record_measurement", refuses_the_second)
    with pytest.raises(ServiceError) as caught:
        services.submit_checkin(actor=goal_org.actor("employee"), checkin_id=checkin.pk,
                                on=MARCH_31, lines=[
                                    {"goal_id": g.pk, "metric_id": g.metrics.get().pk,
                                     "value": 90, "confidence": 6} for g in (first, second)])
    assert problems(caught) == [("lines.1.value", "refused")]
    assert len(calls) == 2
    assert not Measurement.objects.exists()  # the first one was rolled back
    checkin.refresh_from_db()
    assert checkin.status == "due"


def test_lines_must_be_the_persons_open_goals_with_their_own_metrics(
        goal_org: GoalOrg) -> None:
    revenue, _behaviour = _rep1_goals(goal_org)
    colleague = f.kpi_goal(goal_org.people["rep2"], activate=True)
    draft = f.kpi_goal(goal_org.people["rep1"], title="草稿")
    checkin = cf.checkin(goal_org.people["rep1"])
    with pytest.raises(ServiceError) as caught:
        services.submit_checkin(actor=goal_org.actor("employee"), checkin_id=checkin.pk,
                                on=MARCH_31, lines=[
                                    {"goal_id": colleague.pk, "confidence": 5},
                                    {"goal_id": draft.pk, "confidence": 5},
                                    {"goal_id": revenue.pk, "metric_id":
                                     colleague.metrics.get().pk, "value": 1, "confidence": 5},
                                    {"goal_id": revenue.pk, "confidence": 5},
                                    {"goal_id": 999999, "value": 3}])
    fields = [field for field, _message in problems(caught)]
    assert fields == ["lines.0.goal_id", "lines.1.goal_id", "lines.2.metric_id",
                      "lines.3.goal_id", "lines.4.goal_id"]


def test_only_the_person_submits_and_only_once(goal_org: GoalOrg) -> None:
    checkin = cf.checkin(goal_org.people["rep1"])
    with pytest.raises(Forbidden):  # the manager sees it but does not submit it
        services.submit_checkin(actor=goal_org.actor("manager"), checkin_id=checkin.pk,
                                lines=[])
    with pytest.raises(NotFound):  # a colleague does not even see it
        services.submit_checkin(actor=goal_org.actor("auditor"), checkin_id=checkin.pk,
                                lines=[])
    services.submit_checkin(actor=goal_org.actor("employee"), checkin_id=checkin.pk,
                            lines=[], obstacles="无")
    with pytest.raises(ServiceError) as again:
        services.submit_checkin(actor=goal_org.actor("employee"), checkin_id=checkin.pk,
                                lines=[])
    assert problems(again) == [("status", "This check-in was already submitted.")]


def test_a_manager_up_the_line_discusses_a_submitted_check_in(
        goal_org: GoalOrg, django_capture_on_commit_callbacks: Callable[..., Any],
        announced: list[Event]) -> None:
    rep1 = goal_org.people["rep1"]
    checkin = cf.checkin(rep1)
    manager = goal_org.actor("manager")
    with pytest.raises(ServiceError) as not_yet:
        services.discuss_checkin(actor=manager, checkin_id=checkin.pk, coaching_note="好")
    assert not_yet.value.problems[0].field == "status"
    services.submit_checkin(actor=goal_org.actor("employee"), checkin_id=checkin.pk, lines=[])
    for role in ("employee", "hrbp", "hr_admin"):  # the person and HR do not coach here
        with pytest.raises(Forbidden):
            services.discuss_checkin(actor=goal_org.actor(role), checkin_id=checkin.pk,
                                     coaching_note="好")
    for role in ("executive", "auditor"):
        with pytest.raises(NotFound):
            services.discuss_checkin(actor=goal_org.actor(role), checkin_id=checkin.pk,
                                     coaching_note="好")
    with pytest.raises(ServiceError) as empty:
        services.discuss_checkin(actor=manager, checkin_id=checkin.pk, coaching_note="  ")
    assert problems(empty) == [("coaching_note", "This field is required.")]
    with django_capture_on_commit_callbacks(execute=True):
        services.discuss_checkin(actor=manager, checkin_id=checkin.pk,
                                 coaching_note="先稳住大客户，下月一起拜访。")
    checkin.refresh_from_db()
    assert (checkin.status, checkin.discussed_by_id) == ("discussed",
                                                         goal_org.people["sales_head"].pk)
    assert CheckinDiscussed(checkin.pk, rep1.pk) in announced
    assert Notification.objects.filter(kind="checkin_discussed",
                                       recipient__username="employee").count() == 1
