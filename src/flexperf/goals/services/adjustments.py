"""Adjusting an active goal: propose a change (or a withdrawal) with a reason and evidence,
optionally citing the signal that triggered it; the guard routes it to the approver; approve
(a new version, in force from a date) or reject, never by the proposer; cancel while pending.

One adjustment of a goal is pending at a time, so the guard's routing, decided when it is
proposed, cannot be outdated by another approval before it is decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flexperf.accounts.models import User
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.goals import guard, triggers, validation, versioning
from flexperf.goals.events import AdjustmentDecided, AdjustmentProposed, GoalChanged
from flexperf.goals.models import (
    Adjustment,
    AdjustmentKind,
    AdjustmentStatus,
    Goal,
    GoalStatus,
    GoalVersion,
    Metric,
    MetricKind,
    Milestone,
    OwnerKind,
    Scheme,
    SeriesPoint,
    SignalLink,
)
from flexperf.goals.selectors.access import access_goal, can_manage_goal, is_owner
from flexperf.goals.selectors.dynamic import (
    access_adjustment,
    can_decide,
    changes_text,
    goal_for_telling,
    is_proposer,
    owner_account,
    owner_and_managers,
    proposed_changes,
)
from flexperf.goals.selectors.schemes import default_scheme, scheme_for_person, scheme_for_unit
from flexperf.goals.services import Checks
from flexperf.goals.services.series import goal_url
from flexperf.notifications.services import message, notify

ADJUSTABLE = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION)
CHANGE_KEYS = ("weight", "due_date", "metrics", "milestones")
METRIC_KEYS = ("threshold", "target", "stretch")
MILESTONE_KEYS = ("due", "weight")
KPI_LIKE = validation.KPI_LIKE
RATED = validation.RATED
TEXT_MAX = 5000
ADJUSTMENT_FIELDS = ("kind", "status", "changes", "reason", "evidence", "trigger",
                     "trigger_detail", "approver_role", "guard_note", "proposed_by_username",
                     "decided_by_username", "decided_at", "decision_note", "effective_from")
DISCUSSION_FIELDS = ("status", "discussion_reason", "discussion_since")


def _locked_goal(actor: Actor, goal_id: int) -> Goal:
    """The goal the caller may see, locked for the rest of the transaction."""
    access_goal(actor, goal_id)  # NotFound outside the caller's scope
    goal = (Goal.objects.select_for_update(of=("self",))
            .select_related("period", "person", "person__unit", "unit", "company", "component",
                            "component__scheme")
            .filter(pk=goal_id).first())
    if goal is None:
        raise NotFound
    return goal


def _locked_adjustment(actor: Actor, adjustment_id: int) -> tuple[Adjustment, Goal]:
    found = access_adjustment(actor, adjustment_id)
    goal = _locked_goal(actor, found.goal_id)  # goal first, as proposing does: one lock order
    adjustment = (Adjustment.objects.select_for_update(of=("self",))
                  .select_related("trigger__series", "proposed_by").get(pk=found.pk))
    adjustment.goal = goal
    return adjustment, goal


def scheme_of(goal: Goal) -> Scheme:
    """The scheme whose adjustment policy applies: the component's, else the owner's unit's,
    else the group default."""
    if goal.component is not None:
        return goal.component.scheme
    if goal.owner_kind == OwnerKind.PERSON and goal.person is not None:
        return scheme_for_person(goal.person)
    if goal.owner_kind == OwnerKind.UNIT and goal.unit is not None:
        return scheme_for_unit(goal.unit)
    return default_scheme()


def routing_for(goal: Goal, *, today: dt.date) -> guard.Routing:
    scheme = scheme_of(goal)
    approved = [timezone.localdate(moment) for moment in Adjustment.objects.filter(
        goal=goal, status=AdjustmentStatus.APPROVED, decided_at__isnull=False,
    ).values_list("decided_at", flat=True) if moment is not None]
    policy = guard.Policy(approver=scheme.adjustment_approver,
                          min_days_between=scheme.min_days_between_adjustments,
                          max_per_period=scheme.max_adjustments_per_period)
    return guard.route(policy, approved_on=approved, period_start=goal.period.start,
                       period_end=goal.period.end, today=today)


# --- checking a proposed change ------------------------------------------------------------


def _day(checks: Checks, value: Any, field: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        checks.add(field, _("Give a date (YYYY-MM-DD), not a time."))
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        checks.add(field, _("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": value})
        return None


def _items(checks: Checks, value: Any, field: str) -> list[tuple[str, int, Mapping[str, Any]]]:
    """{"<id>": {...}} as (field path, id, values), with a problem for each bad entry."""
    if not isinstance(value, Mapping):
        checks.add(field, _("Give an object keyed by id."))
        return []
    items = []
    for raw_id, values in value.items():
        at = f"{field}.{raw_id}"
        try:
            item_id = int(str(raw_id))
        except ValueError:
            checks.add(at, _("'%(value)s' is not an id.") % {"value": raw_id})
            continue
        if not isinstance(values, Mapping):
            checks.add(at, _("Give an object of new values."))
            continue
        items.append((at, item_id, values))
    return items


def check_changes(checks: Checks, goal: Goal, kind: str, changes: Any) -> dict[str, Any]:
    """The proposed new values, checked against the goal's current definition (each merged
    with what it leaves alone) and kept only where they differ from it, as plain JSON."""
    if kind == AdjustmentKind.WITHDRAW:
        if changes:
            checks.add("changes", _("A withdrawal changes nothing else: leave the changes "
                                    "empty."))
        return {}
    if not isinstance(changes, Mapping):
        checks.add("changes", _("Give the new values as an object."))
        return {}
    for name in sorted(set(changes) - set(CHANGE_KEYS)):
        checks.add(f"changes.{name}", _("Not something an adjustment changes (use %(keys)s).")
                   % {"keys": ", ".join(CHANGE_KEYS)})
    out: dict[str, Any] = {}
    if changes.get("weight") is not None:
        weight = checks.number(changes["weight"], "changes.weight", places=2, max_digits=8,
                               positive=True)
        if weight is not None and weight != goal.weight:
            out["weight"] = str(weight)
    if changes.get("due_date") is not None:
        due = _day(checks, changes["due_date"], "changes.due_date")
        checks.within(due, "changes.due_date", goal.period.start, goal.period.end)
        if due is not None and due != goal.due_date:
            out["due_date"] = due.isoformat()
    if changes.get("metrics"):
        metrics = _metric_changes(checks, goal, changes["metrics"])
        if metrics:
            out["metrics"] = metrics
    if changes.get("milestones"):
        milestones = _milestone_changes(checks, goal, changes["milestones"])
        if milestones:
            out["milestones"] = milestones
    if not out and not checks.problems:
        checks.add("changes", _("The proposal changes nothing: give at least one new value."))
    return out


def _metric_changes(checks: Checks, goal: Goal, raw: Any) -> dict[str, dict[str, str]]:
    current = {m.pk: m for m in goal.metrics.all()}
    out: dict[str, dict[str, str]] = {}
    for at, metric_id, values in _items(checks, raw, "changes.metrics"):
        metric = current.get(metric_id)
        if metric is None:
            checks.add(at, _("Not a metric of this goal."))
            continue
        for name in sorted(set(values) - set(METRIC_KEYS)):
            checks.add(f"{at}.{name}", _("Only threshold, target and stretch can be adjusted."))
        if metric.kind in RATED:
            checks.add(at, _("%(name)s is rated 1–5; it has no target to adjust.")
                       % {"name": metric.name})
            continue
        if metric.kind == MetricKind.KEY_RESULT:
            for name in ("threshold", "stretch"):
                if values.get(name) is not None:
                    checks.add(f"{at}.{name}", _("A key result has a start and a target only."))
        new = {name: checks.number(values[name], f"{at}.{name}")
               for name in METRIC_KEYS if values.get(name) is not None}
        merged = {name: new.get(name, getattr(metric, name)) for name in METRIC_KEYS}
        if metric.kind in KPI_LIKE:
            checks.extend(validation.kpi_thresholds(
                direction=metric.direction, threshold=merged["threshold"],
                target=merged["target"], stretch=merged["stretch"], field=at))
        elif metric.kind == MetricKind.KEY_RESULT:
            checks.extend(validation.key_result_range(start=metric.start,
                                                      target=merged["target"], field=at))
        differ = {name: str(value) for name, value in new.items()
                  if value is not None and value != getattr(metric, name)}
        if differ:
            out[str(metric_id)] = differ
    return out


def _milestone_changes(checks: Checks, goal: Goal, raw: Any) -> dict[str, dict[str, str]]:
    current = {m.pk: m for m in goal.milestones.all()}
    out: dict[str, dict[str, str]] = {}
    for at, milestone_id, values in _items(checks, raw, "changes.milestones"):
        milestone = current.get(milestone_id)
        if milestone is None:
            checks.add(at, _("Not a milestone of this goal."))
            continue
        for name in sorted(set(values) - set(MILESTONE_KEYS)):
            checks.add(f"{at}.{name}", _("Only the due date and the weight can be adjusted."))
        if milestone.accepted_on is not None:
            checks.add(at, _("%(name)s was accepted on %(day)s; it cannot change any more.")
                       % {"name": milestone.name, "day": milestone.accepted_on.isoformat()})
            continue
        differ: dict[str, str] = {}
        if values.get("due") is not None:
            due = _day(checks, values["due"], f"{at}.due")
            checks.within(due, f"{at}.due", goal.period.start, goal.period.end)
            if due is not None and due != milestone.due:
                differ["due"] = due.isoformat()
        if values.get("weight") is not None:
            weight = checks.number(values["weight"], f"{at}.weight", places=2, max_digits=8,
                                   positive=True)
            if weight is not None and weight != milestone.weight:
                differ["weight"] = str(weight)
        if differ:
            out[str(milestone_id)] = differ
    return out


# --- proposing -----------------------------------------------------------------------------


def propose_adjustment(*, actor: Actor, goal_id: int, reason: str, evidence: str,
                       changes: Mapping[str, Any] | None = None,
                       kind: str = AdjustmentKind.CHANGE,
                       trigger_id: int | None = None) -> Adjustment:
    """The owner or a manager-level user proposes new values (or a withdrawal) for an active
    or under-discussion goal. The guard decides who approves it; those concerned are told."""
    with transaction.atomic():
        goal = _locked_goal(actor, goal_id)
        if not (is_owner(actor, goal) or can_manage_goal(actor, goal)):
            raise Forbidden
        checks = Checks()
        if goal.status not in ADJUSTABLE:
            checks.add("status", _("Only an active goal or one under discussion can be "
                                   "adjusted (this goal is %(status)s).")
                       % {"status": goal.get_status_display()})
        kind = checks.choice(kind, "kind", list(AdjustmentKind.values),
                             default=AdjustmentKind.CHANGE)
        reason = checks.text(reason, "reason", max_length=TEXT_MAX, required=True)
        evidence = checks.text(evidence, "evidence", max_length=TEXT_MAX, required=True)
        pending = Adjustment.objects.filter(goal=goal, status=AdjustmentStatus.PENDING).first()
        if pending is not None:
            checks.add("goal", _("Adjustment #%(id)d of this goal is pending: decide or cancel "
                                 "it first.") % {"id": pending.pk})
        trigger = None
        if trigger_id is not None:
            trigger = (SignalLink.objects.select_related("series")
                       .filter(pk=trigger_id, goal=goal).first())
            if trigger is None:
                checks.add("trigger_id", _("Not a signal this goal watches."))
        normalized = check_changes(checks, goal, kind, changes or {})
        checks.raise_if_any()
        routing = routing_for(goal, today=clock.today())
        adjustment = Adjustment.objects.create(
            goal=goal, kind=kind, changes=normalized, reason=reason, evidence=evidence,
            trigger=trigger, trigger_detail=_signal_detail(trigger) if trigger else "",
            approver_role=routing.approver, guard_note=routing.note,
            proposed_by_id=actor.user_id, proposed_by_username=actor.username)
        told = [user for user in owner_and_managers(goal_for_telling(goal.pk))
                if user.pk != actor.user_id]
        base = versioning.snapshot(goal)
        notify(recipients=told, kind="adjustment_proposed",
               title=message(gettext_lazy("Adjustment proposed: %(goal)s"), goal=goal.title),
               body=message(gettext_lazy("%(who)s proposes: %(changes)s\nReason: %(reason)s"),
                            who=actor.username, changes=_lazy_changes(base, adjustment),
                            reason=reason),
               url=goal_url(goal.pk))
        audit.record(actor, audit.draft_for(adjustment, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(adjustment, ADJUSTMENT_FIELDS)), context={
                "goal": goal.pk, "within_guard": routing.within_guard,
                "notified": sorted(u.username for u in told)}))
        emit(AdjustmentProposed(adjustment_id=adjustment.pk, goal_id=goal.pk))
    return adjustment


def _signal_detail(link: SignalLink) -> str:
    """What the signal shows now, in the deployment's language (stored with the proposal)."""
    points = [triggers.Point(p.on, p.value) for p in SeriesPoint.objects.filter(
        series_id=link.series_id).order_by("-on")[:link.consecutive_periods]]
    rule = triggers.Rule(plan=link.plan_value, threshold_pct=link.threshold_pct,
                         periods=link.consecutive_periods)
    with translation.override(settings.LANGUAGE_CODE):
        return triggers.explain(points, rule, series_name=link.series.name)


def _changes_in_words(base: Mapping[str, Any], adjustment: Adjustment) -> str:
    return changes_text(proposed_changes(base, adjustment))


# Rendered per recipient, in their language, when the notification is stored.
_lazy_changes = lazy(_changes_in_words, str)


# --- deciding ------------------------------------------------------------------------------


def _require_decider(actor: Actor, adjustment: Adjustment) -> None:
    if adjustment.status != AdjustmentStatus.PENDING:
        raise ServiceError(Problem("status", _("This adjustment is already %(status)s.")
                                   % {"status": adjustment.get_status_display()}))
    if not can_decide(actor, adjustment):
        raise Forbidden


def approve_adjustment(*, actor: Actor, adjustment_id: int, note: str = "",
                       effective_from: dt.date | None = None) -> Adjustment:
    """Apply the change to the goal's rows and record a new version in force from
    `effective_from` (default today; never before the goal's previous version). The goal is
    active again (or withdrawn); the proposer and the owner are told."""
    with transaction.atomic():
        adjustment, goal = _locked_adjustment(actor, adjustment_id)
        _require_decider(actor, adjustment)
        checks = Checks()
        note = checks.text(note, "note", max_length=TEXT_MAX)
        if goal.status not in ADJUSTABLE:
            checks.add("status", _("The goal is %(status)s; it cannot be adjusted any more.")
                       % {"status": goal.get_status_display()})
        effective = effective_from or clock.today()
        previous = GoalVersion.objects.filter(goal=goal).order_by("-number").first()
        if previous is not None and effective < previous.effective_from:
            checks.add("effective_from", _("Version %(n)d is in force from %(day)s; the new "
                                           "one cannot start before it.")
                       % {"n": previous.number, "day": previous.effective_from.isoformat()})
        # The goal's rows are what the proposal was checked against (one pending at a time);
        # checking again keeps a bad stored proposal from ever reaching them.
        changes = check_changes(checks, goal, adjustment.kind, adjustment.changes)
        checks.raise_if_any()
        version_before = goal.version
        goal_diff, part_drafts, changed = _apply(goal, adjustment.kind, changes)
        version = versioning.record_version(
            goal, effective_from=effective, reason=adjustment.reason,
            created_by=adjustment.proposed_by_username, approved_by=actor.username,
            adjustment_id=adjustment.pk)
        goal_draft = audit.draft_for(goal, Action.UPDATE, changes={
            **goal_diff, "version": [version_before, version.number]},
            context={"adjustment": adjustment.pk, "effective_from": effective})
        before = _decide(actor, adjustment, AdjustmentStatus.APPROVED, note, effective)
        told = _tell_decision(actor, adjustment, goal)
        audit.record_many(actor, [goal_draft, *part_drafts, audit.draft_for(
            adjustment, Action.UPDATE, changes=audit.diff(
                before, audit.snapshot(adjustment, ADJUSTMENT_FIELDS)),
            context={"version": version.number,
                     "notified": sorted(u.username for u in told)})])
        emit(AdjustmentDecided(adjustment_id=adjustment.pk, goal_id=goal.pk, approved=True))
        emit(GoalChanged(goal_id=goal.pk, fields=tuple(changed)))
    return adjustment


def _apply(goal: Goal, kind: str, changes: Mapping[str, Any]
           ) -> tuple[dict[str, Any], list[audit.Draft], list[str]]:
    """Write the new values to the goal's rows: the goal's own diff, audit drafts for its
    metrics and milestones, and the names of what changed."""
    goal_fields = ("weight", "due_date", *DISCUSSION_FIELDS)
    before = audit.snapshot(goal, goal_fields)
    if kind == AdjustmentKind.WITHDRAW:
        goal.status = GoalStatus.WITHDRAWN
    else:
        goal.status = GoalStatus.ACTIVE
        if "weight" in changes:
            goal.weight = Decimal(changes["weight"])
        if "due_date" in changes:
            goal.due_date = dt.date.fromisoformat(changes["due_date"])
    goal.discussion_reason, goal.discussion_since = "", None
    goal.updated_at = timezone.now()
    goal.save(update_fields=[*goal_fields, "updated_at"])
    goal_diff = audit.diff(before, audit.snapshot(goal, goal_fields))
    drafts: list[audit.Draft] = []
    changed = sorted(goal_diff)
    for metric_id, values in changes.get("metrics", {}).items():
        metric = Metric.objects.get(pk=int(metric_id), goal=goal)
        names = sorted(values)
        old = audit.snapshot(metric, names)
        for name in names:
            setattr(metric, name, Decimal(values[name]))
        metric.save(update_fields=names)
        drafts.append(audit.draft_for(metric, Action.UPDATE, changes=audit.diff(
            old, audit.snapshot(metric, names))))
        changed.append("metrics")
    for milestone_id, values in changes.get("milestones", {}).items():
        milestone = Milestone.objects.get(pk=int(milestone_id), goal=goal)
        names = sorted(values)
        old = audit.snapshot(milestone, names)
        if "due" in values:
            milestone.due = dt.date.fromisoformat(values["due"])
        if "weight" in values:
            milestone.weight = Decimal(values["weight"])
        milestone.save(update_fields=names)
        drafts.append(audit.draft_for(milestone, Action.UPDATE, changes=audit.diff(
            old, audit.snapshot(milestone, names))))
        changed.append("milestones")
    return goal_diff, drafts, sorted(set(changed))


def _decide(actor: Actor, adjustment: Adjustment, status: str, note: str,
            effective: dt.date | None = None) -> dict[str, Any]:
    """Record the decision on the adjustment; its fields as they were before."""
    before = audit.snapshot(adjustment, ADJUSTMENT_FIELDS)
    adjustment.status = status
    adjustment.decided_by_username = actor.username
    adjustment.decided_at = timezone.now()
    adjustment.decision_note = note
    adjustment.effective_from = effective
    adjustment.save(update_fields=["status", "decided_by_username", "decided_at",
                                   "decision_note", "effective_from"])
    return before


def _tell_decision(actor: Actor, adjustment: Adjustment, goal: Goal) -> list[User]:
    """The proposer and the goal's owner (not the decider) learn the decision."""
    told_goal = goal_for_telling(goal.pk)
    told = [user for user in (adjustment.proposed_by, owner_account(told_goal))
            if user is not None and user.pk != actor.user_id]
    approved = adjustment.status == AdjustmentStatus.APPROVED
    title = (gettext_lazy("Adjustment approved: %(goal)s") if approved
             else gettext_lazy("Adjustment rejected: %(goal)s"))
    body = (message(gettext_lazy("%(who)s approved it, in force from %(day)s. %(note)s"),
                    who=actor.username, day=adjustment.effective_from,
                    note=adjustment.decision_note)
            if approved else
            message(gettext_lazy("%(who)s rejected it. %(note)s"), who=actor.username,
                    note=adjustment.decision_note))
    notify(recipients=told, kind="adjustment_decided", title=message(title, goal=goal.title),
           body=body, url=goal_url(goal.pk))
    return told


def reject_adjustment(*, actor: Actor, adjustment_id: int, note: str) -> Adjustment:
    """Keep the goal as it is, with a note saying why (required). A goal under discussion is
    active again: the discussion ended with this decision."""
    with transaction.atomic():
        adjustment, goal = _locked_adjustment(actor, adjustment_id)
        _require_decider(actor, adjustment)
        checks = Checks()
        note = checks.text(note, "note", max_length=TEXT_MAX, required=True)
        checks.raise_if_any()
        drafts = []
        if goal.status == GoalStatus.UNDER_DISCUSSION:
            before = audit.snapshot(goal, DISCUSSION_FIELDS)
            goal.status, goal.discussion_reason, goal.discussion_since = (
                GoalStatus.ACTIVE, "", None)
            goal.updated_at = timezone.now()
            goal.save(update_fields=[*DISCUSSION_FIELDS, "updated_at"])
            drafts.append(audit.draft_for(goal, Action.UPDATE, changes=audit.diff(
                before, audit.snapshot(goal, DISCUSSION_FIELDS)),
                context={"adjustment": adjustment.pk}))
        before = _decide(actor, adjustment, AdjustmentStatus.REJECTED, note)
        told = _tell_decision(actor, adjustment, goal)
        audit.record_many(actor, [*drafts, audit.draft_for(
            adjustment, Action.UPDATE, changes=audit.diff(
                before, audit.snapshot(adjustment, ADJUSTMENT_FIELDS)),
            context={"notified": sorted(u.username for u in told)})])
        emit(AdjustmentDecided(adjustment_id=adjustment.pk, goal_id=goal.pk, approved=False))
    return adjustment


def cancel_adjustment(*, actor: Actor, adjustment_id: int) -> Adjustment:
    """The proposer takes a pending proposal back; the goal stays as it is."""
    with transaction.atomic():
        adjustment, _goal = _locked_adjustment(actor, adjustment_id)
        if not is_proposer(actor, adjustment):
            raise Forbidden
        if adjustment.status != AdjustmentStatus.PENDING:
            raise ServiceError(Problem("status", _("This adjustment is already %(status)s.")
                                       % {"status": adjustment.get_status_display()}))
        before = _decide(actor, adjustment, AdjustmentStatus.CANCELLED, "")
        audit.record(actor, audit.draft_for(adjustment, Action.UPDATE, changes=audit.diff(
            before, audit.snapshot(adjustment, ADJUSTMENT_FIELDS))))
    return adjustment
