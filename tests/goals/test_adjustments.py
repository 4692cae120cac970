"""Adjusting an active goal: propose with reason and evidence, the guard's routing, approval
(a new version; the old one still scores the past), rejection, cancellation, history, report.

Goals here live in the current calendar year, so "today" (when the guard counts days) always
falls inside their period.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.events import Event
from flexperf.goals import versioning
from flexperf.goals.events import AdjustmentDecided, AdjustmentProposed, GoalChanged
from flexperf.goals.models import (
    Adjustment,
    Goal,
    GoalStatus,
    GoalVersion,
    Metric,
    Scheme,
    SignalLink,
)
from flexperf.goals.selectors import dynamic as selectors
from flexperf.goals.services import adjustments as services
from flexperf.goals.services import series as series_services
from flexperf.notifications.models import Notification
from tests import factories as org_factories
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

Capture = Callable[..., Any]
TODAY = timezone.localdate()
YEAR = str(TODAY.year)


def revenue_goal(goal_org: GoalOrg, person: str = "rep1", **kw: Any) -> Goal:
    """An active KPI goal of this year: threshold 80, target 100, stretch 120."""
    return f.kpi_goal(goal_org.people[person], period_code=YEAR, title="营业收入",
                      activate=True, **kw)


def metric_of(goal: Goal) -> Metric:
    return goal.metrics.get()


def propose(goal_org: GoalOrg, goal: Goal, role: str = "employee", *,
            target: Any = 110, **kw: Any) -> Adjustment:
    changes = kw.pop("changes", {"metrics": {metric_of(goal).pk: {"target": target}}})
    return services.propose_adjustment(
        actor=goal_org.actor(role), goal_id=goal.pk, changes=changes,
        reason=kw.pop("reason", "A new competitor halved the market."),
        evidence=kw.pop("evidence", "Market report Q3, p. 12"), **kw)


def approved_days_ago(adjustment: Adjustment, days: int) -> None:
    """Set the approval back in time, as if decided `days` ago."""
    Adjustment.objects.filter(pk=adjustment.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=days))


# --- proposing -----------------------------------------------------------------------------


def test_the_owner_proposes_a_new_target_and_the_manager_is_told(
    goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture, announced: list[Event],
) -> None:
    manager = goal_org.org.users["manager"]
    manager.email = "chen@example.com"
    manager.save(update_fields=["email"])
    goal = revenue_goal(goal_org)
    with django_capture_on_commit_callbacks(execute=True):
        adjustment = propose(goal_org, goal)
    metric = metric_of(goal)
    assert (adjustment.status, adjustment.kind, adjustment.approver_role,
            adjustment.guard_note) == ("pending", "change", "manager", "")
    assert adjustment.changes == {"metrics": {str(metric.pk): {"target": "110.0000"}}}
    assert adjustment.proposed_by_username == "employee"
    told = Notification.objects.get()  # the manager; never the proposer
    assert (told.recipient.username, told.kind, told.title) == (
        "manager", "adjustment_proposed", "Adjustment proposed: 营业收入")
    assert told.body == ("employee proposes: 营业收入 · target: 100 → 110\n"
                         "Reason: A new competitor halved the market.")
    assert [m.to for m in mail.outbox] == [["chen@example.com"]]
    assert AdjustmentProposed(adjustment.pk, goal.pk) in announced
    metric.refresh_from_db()
    assert metric.target == Decimal(100)  # nothing changes before approval


def test_a_proposal_needs_a_reason_evidence_and_valid_new_values(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    metric = metric_of(goal)
    with pytest.raises(ServiceError) as error:
        services.propose_adjustment(
            actor=goal_org.actor("employee"), goal_id=goal.pk, reason=" ", evidence="",
            changes={"metrics": {metric.pk: {"threshold": 130}, 999: {"target": 1}},
                     "due_date": "2030-01-01", "colour": "red"})
    assert [(p.field, p.message) for p in error.value.problems] == [
        ("reason", "This field is required."),
        ("evidence", "This field is required."),
        ("changes.colour", "Not something an adjustment changes (use weight, due_date, "
                           "metrics, milestones)."),
        ("changes.due_date", f"2030-01-01 is outside the period ({YEAR}-01-01 to "
                             f"{YEAR}-12-31)."),
        (f"changes.metrics.{metric.pk}.threshold", "With higher-is-better the threshold must "
                                                   "be below the target (130 ≥ 100)."),
        ("changes.metrics.999", "Not a metric of this goal."),
    ]
    assert Adjustment.objects.count() == 0


def test_a_proposal_that_changes_nothing_is_refused(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    with pytest.raises(ServiceError, match="changes nothing"):
        propose(goal_org, goal, target="100.00")


def test_ratings_have_no_target_and_key_results_no_threshold(goal_org: GoalOrg) -> None:
    behaviour = f.behaviour_goal(goal_org.people["rep1"], activate=True)
    rated = behaviour.metrics.get()
    okr = f.okr_goal(goal_org.people["engineer"], period_code="2026-H2", activate=True)
    kr = okr.metrics.order_by("pk").first()
    assert kr is not None
    with pytest.raises(ServiceError) as error:
        services.propose_adjustment(actor=goal_org.actor("manager"), goal_id=behaviour.pk,
                                    reason="r", evidence="e",
                                    changes={"metrics": {rated.pk: {"target": 4}}})
    assert [p.message for p in error.value.problems] == [
        "协作 is rated 1–5; it has no target to adjust."]
    hr = goal_org.actor("hr_admin")
    with pytest.raises(ServiceError) as error:
        services.propose_adjustment(actor=hr, goal_id=okr.pk, reason="r", evidence="e",
                                    changes={"metrics": {kr.pk: {"threshold": 1, "target": 0}}})
    assert [(p.field, p.message) for p in error.value.problems] == [
        (f"changes.metrics.{kr.pk}.threshold", "A key result has a start and a target only."),
        (f"changes.metrics.{kr.pk}.target", "The target must differ from the start value."),
    ]


def test_only_owner_and_managers_propose_and_only_on_active_goals(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    with pytest.raises(NotFound):  # the executive cannot even see 林小雨's goal
        propose(goal_org, goal, "executive")
    sales = f.unit_goal(goal_org.org.units["S"], period_code=YEAR, activate=True)
    with pytest.raises(Forbidden):  # everyone sees a unit's goal; not everyone adjusts it
        propose(goal_org, sales, "employee")
    draft = f.kpi_goal(goal_org.people["rep1"], period_code=YEAR)
    with pytest.raises(ServiceError, match="Only an active goal"):
        propose(goal_org, draft)


def test_one_pending_adjustment_per_goal(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    first = propose(goal_org, goal)
    with pytest.raises(ServiceError, match=f"Adjustment #{first.pk} of this goal is pending"):
        propose(goal_org, goal, "manager", target=105)


# --- approving -----------------------------------------------------------------------------


def test_approval_makes_a_new_version_and_the_old_one_still_scores_the_past(
    goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture, announced: list[Event],
) -> None:
    goal = revenue_goal(goal_org)
    v1 = GoalVersion.objects.get(goal=goal)
    adjustment = propose(goal_org, goal, changes={
        "metrics": {metric_of(goal).pk: {"target": 110, "stretch": 130}}, "weight": 2})
    effective = v1.effective_from + dt.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_adjustment(actor=goal_org.actor("manager"),
                                    adjustment_id=adjustment.pk, note="Agreed in 1:1",
                                    effective_from=effective)
    goal.refresh_from_db()
    metric = metric_of(goal)
    assert (goal.status, goal.version, goal.weight) == ("active", 2, Decimal("2.00"))
    assert (metric.threshold, metric.target, metric.stretch) == (80, 110, 130)
    v2 = GoalVersion.objects.get(goal=goal, number=2)
    assert (v2.effective_from, v2.reason, v2.created_by_username, v2.approved_by_username,
            v2.adjustment_id) == (effective, "A new competitor halved the market.", "employee",
                                  "manager", adjustment.pk)
    # The day before the new version, the old definition is in force; from it, the new one.
    before = versioning.definitions_in_force([goal.pk], effective - dt.timedelta(days=1))
    assert before[goal.pk]["metrics"][0]["target"] == "100.0000"
    assert before[goal.pk]["weight"] == "1.00"
    assert versioning.definitions_in_force([goal.pk], effective) == {}  # current rows
    adjustment.refresh_from_db()
    assert (adjustment.status, adjustment.decided_by_username, adjustment.decision_note,
            adjustment.effective_from) == ("approved", "manager", "Agreed in 1:1", effective)
    told = Notification.objects.filter(kind="adjustment_decided")
    assert [(n.recipient.username, n.title) for n in told] == [
        ("employee", "Adjustment approved: 营业收入")]  # proposer and owner are one person
    assert AdjustmentDecided(adjustment.pk, goal.pk, approved=True) in announced
    assert GoalChanged(goal.pk, ("metrics", "weight")) in announced
    metric_entry = AuditEntry.objects.get(object_type="goals.metric", action="update")
    assert metric_entry.changes == {"stretch": ["120.0000", "130.0000"],
                                    "target": ["100.0000", "110.0000"]}
    goal_entry = AuditEntry.objects.filter(object_type="goals.goal").order_by("seq").last()
    assert goal_entry is not None
    assert goal_entry.changes == {"version": [1, 2], "weight": ["1.00", "2.00"]}


def test_the_new_version_cannot_start_before_the_previous_one(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    v1 = GoalVersion.objects.get(goal=goal)
    adjustment = propose(goal_org, goal)
    with pytest.raises(ServiceError) as error:
        services.approve_adjustment(actor=goal_org.actor("manager"), adjustment_id=adjustment.pk,
                                    effective_from=v1.effective_from - dt.timedelta(days=1))
    assert [p.field for p in error.value.problems] == ["effective_from"]
    assert Adjustment.objects.get().status == "pending"


def test_the_proposer_never_approves_their_own_proposal(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    adjustment = propose(goal_org, goal, "manager")
    with pytest.raises(Forbidden):
        services.approve_adjustment(actor=goal_org.actor("manager"),
                                    adjustment_id=adjustment.pk)
    assert not selectors.can_decide(goal_org.actor("manager"), adjustment)
    # Nor does the owner, who is not manager-level on their own goal.
    with pytest.raises(Forbidden):
        services.approve_adjustment(actor=goal_org.actor("employee"),
                                    adjustment_id=adjustment.pk)
    # HR in scope is manager-level: the HRBP of the sales division may.
    services.approve_adjustment(actor=goal_org.actor("hrbp"), adjustment_id=adjustment.pk)
    assert Adjustment.objects.get().status == "approved"


def test_an_hr_admin_never_approves_an_adjustment_of_their_own_goal(goal_org: GoalOrg) -> None:
    own = revenue_goal(goal_org, "hr_admin_p")
    adjustment = services.propose_adjustment(
        actor=org_factories.SYSTEM, goal_id=own.pk, reason="r", evidence="e",
        changes={"weight": 2})
    hr_admin = goal_org.actor("hr_admin")
    assert not selectors.can_decide(hr_admin, adjustment)
    assert selectors.adjustment_queue(hr_admin) == []
    with pytest.raises(Forbidden):
        services.approve_adjustment(actor=hr_admin, adjustment_id=adjustment.pk)


def test_a_decided_adjustment_cannot_be_decided_again(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    adjustment = propose(goal_org, goal)
    services.approve_adjustment(actor=goal_org.actor("manager"), adjustment_id=adjustment.pk)
    with pytest.raises(ServiceError, match="already Approved"):
        services.reject_adjustment(actor=goal_org.actor("manager"), adjustment_id=adjustment.pk,
                                   note="no")


def test_withdrawal_ends_the_goal_and_keeps_its_versions(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    adjustment = services.propose_adjustment(
        actor=goal_org.actor("manager"), goal_id=goal.pk, kind="withdraw",
        reason="The product line was sold.", evidence="Board minutes 2026-09")
    services.approve_adjustment(actor=goal_org.actor("hr_admin"), adjustment_id=adjustment.pk)
    goal.refresh_from_db()
    assert (goal.status, goal.version) == ("withdrawn", 2)
    assert [v.definition["status"] for v in GoalVersion.objects.filter(goal=goal)] == [
        "active", "withdrawn"]
    with pytest.raises(ServiceError, match="A withdrawal changes nothing else"):
        services.propose_adjustment(actor=goal_org.actor("manager"),
                                    goal_id=revenue_goal(goal_org, "rep2").pk, kind="withdraw",
                                    reason="r", evidence="e", changes={"weight": 3})


def test_milestone_dates_and_weights_adjust_but_accepted_ones_do_not(goal_org: GoalOrg) -> None:
    rnd_head = org_factories.actor(org_factories.user("wu", goal_org.people["rnd_head"]))
    goal = f.goal("project", person=goal_org.people["engineer"], period_code="2026-H2",
                  milestones=[f.milestone("方案评审", "2026-09-30"),
                              f.milestone("上线", "2026-12-31", weight=2)], activate=True)
    review, launch = goal.milestones.order_by("due")
    f.accept(review, "2026-09-28")
    with pytest.raises(ServiceError) as error:
        services.propose_adjustment(actor=rnd_head, goal_id=goal.pk, reason="r", evidence="e",
                                    changes={"milestones": {review.pk: {"due": "2026-10-15"},
                                                            launch.pk: {"due": "2027-01-15"}}})
    assert [(p.field, p.message) for p in error.value.problems] == [
        (f"changes.milestones.{review.pk}", "方案评审 was accepted on 2026-09-28; it cannot "
                                            "change any more."),
        (f"changes.milestones.{launch.pk}.due", "2027-01-15 is outside the period (2026-07-01 "
                                                "to 2026-12-31)."),
    ]
    adjustment = services.propose_adjustment(
        actor=rnd_head, goal_id=goal.pk, reason="Supplier delay", evidence="Supplier letter",
        changes={"milestones": {launch.pk: {"due": "2026-12-15", "weight": 3}}})
    assert adjustment.changes == {"milestones": {str(launch.pk): {"due": "2026-12-15",
                                                                  "weight": "3.00"}}}
    services.approve_adjustment(actor=goal_org.actor("hr_admin"), adjustment_id=adjustment.pk)
    launch.refresh_from_db()
    assert (launch.due, launch.weight) == (dt.date(2026, 12, 15), Decimal(3))
    v2 = GoalVersion.objects.get(goal=goal, number=2)
    assert v2.definition["milestones"][1] == {"id": launch.pk, "name": "上线",
                                              "due": "2026-12-15", "weight": "3.00"}


# --- discussion, rejection, cancellation -----------------------------------------------------


def under_discussion(goal_org: GoalOrg, goal: Goal) -> SignalLink:
    hr = goal_org.actor("hr_admin")
    series = series_services.create_series(actor=hr, code="copper", name="Copper price")
    link = series_services.create_signal_link(actor=goal_org.actor("manager"), goal_id=goal.pk,
                                              series_id=series.pk, plan_value=7000,
                                              threshold_pct=15, consecutive_periods=2)
    series_services.load_points(actor=hr, series_id=series.pk, points=[
        {"on": "2026-01-31", "value": 8420}, {"on": "2026-02-28", "value": 8510}])
    series_services.check_signals(actor=hr)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.UNDER_DISCUSSION
    return link


def test_an_approved_adjustment_citing_the_signal_ends_the_discussion(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    link = under_discussion(goal_org, goal)
    adjustment = propose(goal_org, goal, trigger_id=link.pk)
    assert adjustment.trigger_detail == (
        "Copper price 8,420 / 8,510 vs plan 7,000: +20.3 %, +21.6 %, beyond 15 % for 2 "
        "periods in a row")
    services.approve_adjustment(actor=goal_org.actor("manager"), adjustment_id=adjustment.pk)
    goal.refresh_from_db()
    assert (goal.status, goal.discussion_reason, goal.discussion_since) == ("active", "", None)


def test_the_trigger_must_be_a_signal_of_this_goal(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    link = under_discussion(goal_org, goal)
    other = revenue_goal(goal_org, "rep2")
    with pytest.raises(ServiceError) as error:
        propose(goal_org, other, "manager", trigger_id=link.pk)
    assert [p.field for p in error.value.problems] == ["trigger_id"]


def test_rejection_needs_a_note_keeps_the_goal_and_ends_the_discussion(
    goal_org: GoalOrg, announced: list[Event], django_capture_on_commit_callbacks: Capture,
) -> None:
    goal = revenue_goal(goal_org)
    under_discussion(goal_org, goal)
    adjustment = propose(goal_org, goal)
    manager = goal_org.actor("manager")
    with pytest.raises(ServiceError, match="This field is required"):
        services.reject_adjustment(actor=manager, adjustment_id=adjustment.pk, note="")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_adjustment(actor=manager, adjustment_id=adjustment.pk,
                                   note="The price spike is temporary.")
    goal.refresh_from_db()
    assert (goal.status, goal.version, metric_of(goal).target) == ("active", 1, 100)
    adjustment.refresh_from_db()
    assert (adjustment.status, adjustment.decision_note) == (
        "rejected", "The price spike is temporary.")
    told = Notification.objects.get(kind="adjustment_decided")
    assert (told.recipient.username, told.title, told.body) == (
        "employee", "Adjustment rejected: 营业收入",
        "manager rejected it. The price spike is temporary.")
    assert AdjustmentDecided(adjustment.pk, goal.pk, approved=False) in announced


def test_only_the_proposer_cancels_and_only_while_pending(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    adjustment = propose(goal_org, goal)
    with pytest.raises(Forbidden):
        services.cancel_adjustment(actor=goal_org.actor("manager"), adjustment_id=adjustment.pk)
    services.cancel_adjustment(actor=goal_org.actor("employee"), adjustment_id=adjustment.pk)
    assert Adjustment.objects.get().status == "cancelled"
    with pytest.raises(ServiceError, match="already Cancelled"):
        services.cancel_adjustment(actor=goal_org.actor("employee"),
                                   adjustment_id=adjustment.pk)
    propose(goal_org, goal)  # nothing pending any more


# --- the guard -----------------------------------------------------------------------------


def test_an_adjustment_right_after_the_last_goes_to_hr_and_the_manager_cannot_approve_it(
    goal_org: GoalOrg,
) -> None:
    goal = revenue_goal(goal_org)
    manager = goal_org.actor("manager")
    first = propose(goal_org, goal)
    services.approve_adjustment(actor=manager, adjustment_id=first.pk)
    second = propose(goal_org, goal, target=115)
    assert (second.approver_role, second.guard_note) == ("hr", (
        f"The last adjustment was approved on {TODAY.isoformat()}, 0 days ago (the minimum "
        "interval is 30 days)."))
    assert [a.pk for a in selectors.adjustment_queue(manager)] == []
    with pytest.raises(Forbidden):
        services.approve_adjustment(actor=manager, adjustment_id=second.pk)
    assert [a.pk for a in selectors.adjustment_queue(goal_org.actor("hrbp"))] == [second.pk]
    assert [a.pk for a in selectors.adjustment_queue(goal_org.actor("hr_admin"))] == [second.pk]
    services.approve_adjustment(actor=goal_org.actor("hrbp"), adjustment_id=second.pk)
    assert metric_of(goal).target == 115


def test_thirty_days_after_the_last_the_manager_approves_again(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    first = propose(goal_org, goal)
    services.approve_adjustment(actor=goal_org.actor("manager"), adjustment_id=first.pk)
    approved_days_ago(first, 30)  # (in January it falls in last year: it does not count)
    second = propose(goal_org, goal, target=115)
    assert (second.approver_role, second.guard_note) == ("manager", "")


def test_the_third_adjustment_in_a_period_goes_to_hr(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    hr = goal_org.actor("hr_admin")
    for target in (105, 110):
        adjustment = propose(goal_org, goal, target=target)
        services.approve_adjustment(actor=hr, adjustment_id=adjustment.pk)
    third = propose(goal_org, goal, target=115)
    assert third.approver_role == "hr"
    assert third.guard_note.startswith("2 adjustments were already approved in this period "
                                       "(at most 2 before HR must approve).")


def test_a_scheme_may_route_adjustments_to_the_hrbp(goal_org: GoalOrg) -> None:
    Scheme.objects.filter(code="profit_centre").update(adjustment_approver="hrbp")
    goal = revenue_goal(goal_org)
    adjustment = propose(goal_org, goal)
    assert (adjustment.approver_role, adjustment.guard_note) == ("hrbp", "")
    with pytest.raises(Forbidden):
        services.approve_adjustment(actor=goal_org.actor("manager"),
                                    adjustment_id=adjustment.pk)
    services.approve_adjustment(actor=goal_org.actor("hrbp"), adjustment_id=adjustment.pk)


# --- history and report --------------------------------------------------------------------


def test_the_history_shows_every_version_and_adjustment_old_to_new(goal_org: GoalOrg) -> None:
    goal = revenue_goal(goal_org)
    metric = metric_of(goal)
    rejected = propose(goal_org, goal, target=115)
    services.reject_adjustment(actor=goal_org.actor("manager"), adjustment_id=rejected.pk,
                               note="Too much")
    approved = propose(goal_org, goal, target=110)
    services.approve_adjustment(actor=goal_org.actor("manager"), adjustment_id=approved.pk)
    pending = propose(goal_org, goal, changes={"weight": 3})
    history = selectors.goal_history(goal_org.actor("employee"), goal.pk)
    assert [(v.version.number, v.version.approved_by_username) for v in history.versions] == [
        (1, ""), (2, "manager")]
    assert history.versions[0].changes == []
    assert [(c.field, c.label, c.old, c.new) for c in history.versions[1].changes] == [
        (f"metrics.{metric.pk}.target", "营业收入 · target", "100.0000", "110.0000")]
    assert [(e.adjustment.pk, e.adjustment.status, e.version_number,
             [(c.field, c.old, c.new) for c in e.changes]) for e in history.adjustments] == [
        (rejected.pk, "rejected", None, [(f"metrics.{metric.pk}.target", "100.0000",
                                          "115.0000")]),
        (approved.pk, "approved", 2, [(f"metrics.{metric.pk}.target", "100.0000",
                                       "110.0000")]),
        (pending.pk, "pending", None, [("weight", "1.00", "3.00")]),
    ]


def test_the_period_report_lists_what_each_caller_may_see(goal_org: GoalOrg) -> None:
    lin = revenue_goal(goal_org)
    engineer_goal = f.okr_goal(goal_org.people["engineer"], period_code=f"{YEAR}-H2",
                               activate=True, title="新平台")
    approved = propose(goal_org, lin)
    services.approve_adjustment(actor=goal_org.actor("manager"), adjustment_id=approved.pk)
    services.propose_adjustment(actor=goal_org.actor("hr_admin"), goal_id=engineer_goal.pk,
                                kind="withdraw", reason="Reorganised", evidence="Memo")
    hr_rows = selectors.adjustments_report(goal_org.actor("hr_admin"), YEAR)
    assert [(r.owner, r.adjustment.goal.title, r.adjustment.kind, r.version_number)
            for r in hr_rows] == [("林小雨", "营业收入", "change", 2),
                                  ("郑工", "新平台", "withdraw", None)]
    manager_rows = selectors.adjustments_report(goal_org.actor("manager"), YEAR)
    assert [(r.owner, r.adjustment.goal.title) for r in manager_rows] == [("林小雨", "营业收入")]
    # A half year holds only goals of that half (or shorter): neither of these.
    assert selectors.adjustments_report(goal_org.actor("hr_admin"), f"{YEAR}-H1") == []
    with pytest.raises(Forbidden):
        selectors.adjustments_report(goal_org.actor("employee"), YEAR)
    with pytest.raises(ServiceError, match="is not a period"):
        selectors.adjustments_report(goal_org.actor("hr_admin"), "last year")
    text = selectors.report_csv(hr_rows)
    assert text.startswith("\ufeffadjustment,goal,goal_title,owner,period,kind,status,")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["goal_title"], r["status"], r["approver"], r["decided_by"], r["version"],
             r["changes"]) for r in rows] == [
        ("营业收入", "approved", "manager", "manager", "2",
         "营业收入 · target: 100 → 110"),
        ("新平台", "pending", "manager", "", "", "Status: active → withdrawn")]
    assert rows[0]["effective_from"] == TODAY.isoformat()
