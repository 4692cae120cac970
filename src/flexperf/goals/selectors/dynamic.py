"""Reads of dynamic goals, scoped to the caller: external series and their points, the signals
goals watch, adjustments (the approver's queue, a goal's history, a period's report)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.accounts.models import User
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.jsonable import JsonValue
from flexperf.goals import periods, triggers, versioning
from flexperf.goals.models import (
    Adjustment,
    AdjustmentKind,
    AdjustmentStatus,
    Approver,
    ExternalSeries,
    Goal,
    GoalStatus,
    GoalVersion,
    OwnerKind,
    SeriesPoint,
    SignalLink,
)
from flexperf.goals.selectors.access import (
    access_goal,
    can_manage_goal,
    goals_visible_to,
    hr_covers,
    is_owner,
)
from flexperf.org.exporting import csv_text
from flexperf.org.models import Person

# --- external series -----------------------------------------------------------------------


def series_visible_to(actor: Actor) -> QuerySet[ExternalSeries]:
    """External series are market and business data: open to everyone inside the group."""
    if not actor.is_internal:
        return ExternalSeries.objects.none()
    return ExternalSeries.objects.all()


def access_series(actor: Actor, series_id: int) -> ExternalSeries:
    series = series_visible_to(actor).filter(pk=series_id).first()
    if series is None:
        raise NotFound
    return series


def access_series_by_code(actor: Actor, code: str) -> ExternalSeries:
    series = series_visible_to(actor).filter(code=code.strip()).first()
    if series is None:
        raise NotFound
    return series


def points_of(actor: Actor, series_id: int, *, since: dt.date | None = None,
              until: dt.date | None = None) -> QuerySet[SeriesPoint]:
    """A series' points, oldest first, optionally between two dates (inclusive)."""
    series = access_series(actor, series_id)
    points = SeriesPoint.objects.filter(series=series)
    if since is not None:
        points = points.filter(on__gte=since)
    if until is not None:
        points = points.filter(on__lte=until)
    return points.order_by("on")


# --- signal links --------------------------------------------------------------------------


def signal_links_visible_to(actor: Actor, *, goal_id: int | None = None,
                            active: bool | None = None) -> QuerySet[SignalLink]:
    """Links of the goals the caller may see."""
    links = SignalLink.objects.filter(goal__in=goals_visible_to(actor).values("pk"))
    if goal_id is not None:
        links = links.filter(goal_id=goal_id)
    if active is not None:
        links = links.filter(active=active)
    return links.select_related("series", "goal").order_by("goal_id", "series__code")


def access_signal_link(actor: Actor, link_id: int) -> SignalLink:
    link = signal_links_visible_to(actor).filter(pk=link_id).first()
    if link is None:
        raise NotFound
    return link


# --- who is told ---------------------------------------------------------------------------


def _owner_person(goal: Goal) -> Person | None:
    if goal.owner_kind == OwnerKind.PERSON:
        return goal.person
    if goal.owner_kind == OwnerKind.UNIT and goal.unit is not None:
        return goal.unit.head
    return None


def owner_account(goal: Goal) -> User | None:
    """The account of whoever answers for the goal: the person, a unit's head, or for a
    company goal whoever created it."""
    if goal.owner_kind == OwnerKind.COMPANY:
        return goal.created_by
    owner = _owner_person(goal)
    return owner.user if owner is not None else None


def owner_and_managers(goal: Goal) -> list[User]:
    """The accounts to tell about a goal: its owner's (see :func:`owner_account`) and, for a
    person or a unit's head, their manager's."""
    owner = _owner_person(goal)
    manager = owner.manager if owner is not None else None
    accounts = [owner_account(goal), manager.user if manager is not None else None]
    return [account for account in accounts if account is not None]


def goal_for_telling(goal_id: int) -> Goal:
    """A goal with what :func:`owner_and_managers` reads, in one query (services only)."""
    return Goal.objects.select_related(
        "period", "person__unit", "person__user", "person__manager__user", "unit__head__user",
        "unit__head__manager__user", "created_by", "component__scheme",
    ).get(pk=goal_id)


# --- adjustments ---------------------------------------------------------------------------


def adjustments_visible_to(actor: Actor) -> QuerySet[Adjustment]:
    """Adjustments of the goals the caller may see."""
    return Adjustment.objects.filter(goal__in=goals_visible_to(actor).values("pk"))


def access_adjustment(actor: Actor, adjustment_id: int) -> Adjustment:
    adjustment = (adjustments_visible_to(actor)
                  .select_related("goal", "goal__period", "goal__person__unit", "goal__unit",
                                  "trigger__series")
                  .filter(pk=adjustment_id).first())
    if adjustment is None:
        raise NotFound
    return adjustment


def is_proposer(actor: Actor, adjustment: Adjustment) -> bool:
    if adjustment.proposed_by_id is not None:
        return adjustment.proposed_by_id == actor.user_id
    return adjustment.proposed_by_username == actor.username


def can_propose(actor: Actor, goal: Goal) -> bool:
    """The owner and those who manage the goal, while it is active or under discussion."""
    if goal.status not in (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION):
        return False
    return is_owner(actor, goal) or can_manage_goal(actor, goal)


def can_decide(actor: Actor, adjustment: Adjustment) -> bool:
    """Whom the routing allows, never the proposer nor the goal's owner: manager-level for the
    manager route; HR whose scope covers the goal for the HRBP route and beyond the guard."""
    if (adjustment.status != AdjustmentStatus.PENDING or is_proposer(actor, adjustment)
            or is_owner(actor, adjustment.goal)):
        return False
    if adjustment.approver_role == Approver.MANAGER:
        return can_manage_goal(actor, adjustment.goal)
    return hr_covers(actor, adjustment.goal)


def adjustment_queue(actor: Actor) -> list[Adjustment]:
    """Pending adjustments the caller may decide, oldest first."""
    pending = (adjustments_visible_to(actor).filter(status=AdjustmentStatus.PENDING)
               .select_related("goal", "goal__period", "goal__person", "goal__person__unit",
                               "goal__unit", "trigger__series")
               .order_by("proposed_at", "pk"))
    return [adjustment for adjustment in pending if can_decide(actor, adjustment)]


# --- what changed: old -> new per field ------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str  # "weight", "metrics.12.target", "milestones.5.due"
    label: str  # "Weight", "Revenue · target"
    old: JsonValue
    new: JsonValue


def _label(name: str) -> str:
    labels = {"title": _("Title"), "weight": _("Weight"), "due_date": _("Due date"),
              "status": _("Status"), "okr_type": _("OKR type"),
              "perspective_weights": _("Perspective weights"), "component_id": _("Component"),
              "threshold": _("threshold"), "target": _("target"), "stretch": _("stretch"),
              "baseline": _("baseline"), "start": _("start value"), "due": _("due date"),
              "name": _("name"), "direction": _("direction"), "kind": _("kind"),
              "unit_label": _("unit"), "perspective": _("perspective"),
              "aggregation": _("aggregation")}
    return str(labels.get(name, name))


def definition_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Every field that differs between two goal definitions (versioning.snapshot shapes)."""
    rows = [FieldChange(name, _label(name), old.get(name), new.get(name))
            for name in versioning.GOAL_FIELDS if old.get(name) != new.get(name)]
    for part, fields in (("metrics", versioning.METRIC_FIELDS),
                         ("milestones", versioning.MILESTONE_FIELDS)):
        before = {item["id"]: item for item in old.get(part, [])}
        after = {item["id"]: item for item in new.get(part, [])}
        for item_id in sorted(set(before) | set(after)):
            a, b = before.get(item_id, {}), after.get(item_id, {})
            name = b.get("name") or a.get("name") or str(item_id)
            for field in fields:
                if field == "id" or a.get(field) == b.get(field):
                    continue
                rows.append(FieldChange(f"{part}.{item_id}.{field}",
                                        f"{name} · {_label(field)}", a.get(field),
                                        b.get(field)))
    return rows


def proposed_changes(base: Mapping[str, Any], adjustment: Adjustment) -> list[FieldChange]:
    """What an adjustment proposes, each field's value in `base` (the definition it was
    proposed against) → the proposed value."""
    if adjustment.kind == AdjustmentKind.WITHDRAW:
        return [FieldChange("status", _label("status"), base.get("status"),
                            str(GoalStatus.WITHDRAWN))]
    rows = [FieldChange(name, _label(name), base.get(name), adjustment.changes[name])
            for name in ("weight", "due_date") if name in adjustment.changes]
    for part in ("metrics", "milestones"):
        current = {str(item["id"]): item for item in base.get(part, [])}
        for item_id, values in sorted(adjustment.changes.get(part, {}).items(),
                                      key=lambda kv: int(kv[0])):
            item = current.get(str(item_id), {})
            name = item.get("name") or str(item_id)
            rows += [FieldChange(f"{part}.{item_id}.{field}", f"{name} · {_label(field)}",
                                 item.get(field), value) for field, value in values.items()]
    return rows


def base_definition(adjustment: Adjustment, versions: Iterable[GoalVersion],
                    goal: Goal) -> dict[str, Any]:
    """The definition an adjustment was proposed against: the version before the one it made,
    else the newest version recorded before it was proposed, else the goal's current rows."""
    ordered = sorted(versions, key=lambda v: v.number)
    made = next((v for v in ordered if v.adjustment_id == adjustment.pk), None)
    if made is not None:
        earlier = [v for v in ordered if v.number < made.number]
    else:
        earlier = [v for v in ordered if v.created_at <= adjustment.proposed_at]
    if earlier:
        return dict(earlier[-1].definition)
    return versioning.snapshot(goal)


# --- a goal's history ----------------------------------------------------------------------


@dataclass(frozen=True)
class VersionEntry:
    version: GoalVersion
    changes: list[FieldChange]  # against the version before (none for the first)


@dataclass(frozen=True)
class AdjustmentEntry:
    adjustment: Adjustment
    changes: list[FieldChange]  # what it proposed, old → new
    version_number: int | None  # the version it made, when approved


@dataclass(frozen=True)
class GoalHistory:
    goal: Goal
    versions: list[VersionEntry]
    adjustments: list[AdjustmentEntry]


def describe_adjustments(adjustments: Sequence[Adjustment]) -> list[AdjustmentEntry]:
    """Adjustments already accessed, each with what it proposes (old → new) and the version it
    made: the goals' versions in one query."""
    versions: dict[int, list[GoalVersion]] = defaultdict(list)
    for version in GoalVersion.objects.filter(
            goal_id__in={a.goal_id for a in adjustments}).order_by("number"):
        versions[version.goal_id].append(version)
    entries = []
    for adjustment in adjustments:
        goal_versions = versions.get(adjustment.goal_id, [])
        made = next((v.number for v in goal_versions if v.adjustment_id == adjustment.pk), None)
        entries.append(AdjustmentEntry(adjustment, proposed_changes(
            base_definition(adjustment, goal_versions, adjustment.goal), adjustment), made))
    return entries


def describe_adjustment(adjustment: Adjustment) -> AdjustmentEntry:
    return describe_adjustments([adjustment])[0]


def goal_history(actor: Actor, goal_id: int) -> GoalHistory:
    """Every version of a goal (who, when, why, old → new) and every adjustment proposed."""
    goal = access_goal(actor, goal_id)
    versions = list(GoalVersion.objects.filter(goal=goal).order_by("number"))
    entries = []
    previous: dict[str, Any] | None = None
    for version in versions:
        changes = definition_changes(previous, version.definition) if previous else []
        entries.append(VersionEntry(version, changes))
        previous = version.definition
    made = {v.adjustment_id: v.number for v in versions if v.adjustment_id is not None}
    adjustments = [
        AdjustmentEntry(a, proposed_changes(base_definition(a, versions, goal), a),
                        made.get(a.pk))
        for a in Adjustment.objects.filter(goal=goal).select_related("trigger__series")
        .order_by("proposed_at", "pk")
    ]
    return GoalHistory(goal, entries, adjustments)


# --- the period report ---------------------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
REPORT_COLUMNS = ("adjustment", "goal", "goal_title", "owner", "period", "kind", "status",
                  "approver", "guard_note", "reason", "evidence", "signal", "signal_detail",
                  "proposed_by", "proposed_at", "decided_by", "decided_at", "decision_note",
                  "effective_from", "version", "changes")


@dataclass(frozen=True)
class ReportRow:
    adjustment: Adjustment
    owner: str
    changes: list[FieldChange]
    version_number: int | None


def may_read_reports(actor: Actor) -> bool:
    return actor.is_hr or actor.has(Role.MANAGER)


def adjustments_report(actor: Actor, period_code: str) -> list[ReportRow]:
    """Every adjustment of the goals of period P (and of the periods inside it: a year's report
    holds its halves', quarters' and months' goals) that the caller may see. HR and managers
    only (Forbidden for others)."""
    if not may_read_reports(actor):
        raise Forbidden
    try:
        span = periods.parse(period_code)
    except periods.PeriodCodeError as exc:
        raise ServiceError(str(exc), field="period") from exc
    adjustments = list(
        adjustments_visible_to(actor)
        .filter(goal__period__start__gte=span.start, goal__period__end__lte=span.end)
        .select_related("goal", "goal__period", "goal__person", "goal__unit", "goal__company",
                        "trigger__series")
        .order_by("goal__period__start", "goal_id", "proposed_at", "pk"))
    return [ReportRow(entry.adjustment, _owner_name(entry.adjustment.goal), entry.changes,
                      entry.version_number) for entry in describe_adjustments(adjustments)]


def _owner_name(goal: Goal) -> str:
    owner = goal.person or goal.unit or goal.company
    return str(owner) if owner is not None else ""


def changes_text(changes: Iterable[FieldChange]) -> str:
    return "; ".join(f"{c.label}: {_plain(c.old)} → {_plain(c.new)}" for c in changes)


def _plain(value: JsonValue) -> str:
    """For people: "100.0000" reads 100, nothing reads as a dash."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str) and _NUMBER.match(value):
        return triggers.number(Decimal(value))
    return str(value)


def report_csv(rows: Iterable[ReportRow]) -> str:
    """The report as CSV (with a byte-order mark for spreadsheets; cells that a spreadsheet
    would run as formulas are defused)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for row in rows:
        a = row.adjustment
        writer.writerow([csv_text(value) for value in (
            a.pk, a.goal_id, a.goal.title, row.owner, a.goal.period.code, a.kind, a.status,
            a.approver_role, a.guard_note, a.reason, a.evidence,
            a.trigger.series.code if a.trigger else "", a.trigger_detail,
            a.proposed_by_username, _local(a.proposed_at), a.decided_by_username,
            _local(a.decided_at), a.decision_note, a.effective_from, row.version_number,
            changes_text(row.changes))])
    return buffer.getvalue()


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""
