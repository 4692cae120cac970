"""The dynamic part of the demo year (see :mod:`.plan` for the story): external series with
monthly points, goals that watch them, goals under discussion with pending adjustments, a few
approved (and one rejected) adjustments with their versions, a draft for the second half, and
what the demo users were told. Pure, like the generator that calls it.

The year is replayed the way flexperf itself would have lived it, with its own rules: the
trigger rule (:mod:`flexperf.goals.triggers`) decides when each signal fires and says why, the
guard (:mod:`flexperf.goals.guard`) routes each proposal, an approval applies the change,
makes the goal active again and records the next version, and the owner and their manager are
told in the product's own words (rendered in the deployment's language, as the services do).
What people wrote themselves (reasons, evidence, decision notes) is in Chinese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from flexperf.goals import guard, triggers
from flexperf.goals.demo import catalogue as cat
from flexperf.goals.demo import plan
from flexperf.goals.demo.rows import (
    AdjustmentRow,
    GoalRow,
    MetricRow,
    NotificationRow,
    OrgPerson,
    PointRow,
    SeriesRow,
    SignalRow,
)
from flexperf.goals.demo.values import ACTIVE, DRAFT, KPI, UNDER_DISCUSSION, as_column, stored
from flexperf.goals.models import Adjustment
from flexperf.goals.models.choices import AdjustmentKind, AdjustmentStatus, MetricKind, PeriodKind
from flexperf.goals.selectors.dynamic import changes_text, proposed_changes
from flexperf.goals.services.series import goal_url

if TYPE_CHECKING:
    from flexperf.goals.demo.generator import Builder

APPROVED, PENDING, REJECTED = (AdjustmentStatus.APPROVED.value, AdjustmentStatus.PENDING.value,
                               AdjustmentStatus.REJECTED.value)


def _at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(plan.YEAR, month, day, hour, minute, tzinfo=plan.TZ)


def _plain(value: float, places: int) -> str:
    """A new value as an adjustment stores it: a plain decimal string."""
    return f"{Decimal(round(value * 10**places)).scaleb(-places).normalize():f}"


@dataclass
class _Series:
    row: SeriesRow
    plan_value: Decimal
    points: list[triggers.Point]

    def until(self, day: dt.date) -> list[triggers.Point]:
        return [p for p in self.points if p.on <= day]


@dataclass
class _Watch:
    """A goal watching a series."""

    goal: GoalRow
    link: SignalRow
    series: _Series
    fired_at: list[dt.datetime] = field(default_factory=list)

    @property
    def rule(self) -> triggers.Rule:
        return triggers.Rule(plan=self.link.plan_value, threshold_pct=self.link.threshold_pct,
                             periods=self.link.consecutive_periods)

    def detail(self, day: dt.date) -> str:
        return triggers.explain(self.series.until(day), self.rule,
                                series_name=self.series.row.name)


class _Story:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.out = b.out
        self.series: dict[str, _Series] = {}
        self.accounts = {u.person_id: u.user_id for u in b.inputs.users.values()
                         if u.person_id is not None}
        self.manager = self._person("manager")
        self.employee = self._person("employee")

    def _person(self, username: str) -> OrgPerson | None:
        user = self.b.inputs.users.get(username)
        return self.b.people.get(user.person_id) if user and user.person_id else None

    def tell(self) -> None:
        self._series()
        self._employee_visits()  # April: approved
        self._north_cuts()  # April–May: fired, three approved, one rejected
        self._milestone_moved()  # May: approved
        self._copper()  # May–June: under discussion, three proposals pending
        self._south_watch()  # never fired
        self._satisfaction()  # May–June: under discussion, a proposal pending
        self._draft()

    # --- series and triggers -------------------------------------------------------------

    def _series(self) -> None:
        for code, name, name_en, unit_label, description, plan_value, values in plan.SERIES:
            row = SeriesRow(self.b.first.series + len(self.out.series), code, name, name_en,
                            unit_label, PeriodKind.MONTH.value, description)
            self.out.series.append(row)
            points = []
            for (year, month), value in zip(plan.SERIES_MONTHS, values, strict=True):
                on = plan.month_end(month, year)
                amount = as_column(Decimal(repr(value)))
                points.append(triggers.Point(on, amount))
                self.out.points.append(PointRow(self.b.first.point + len(self.out.points),
                                                row.id, on, amount, plan.entered_at(on)))
            self.series[code] = _Series(row, as_column(Decimal(repr(plan_value))), points)

    def _watch(self, goal: GoalRow, code: str, threshold: int) -> _Watch:
        self.b.ensure_version_one(goal)  # before anything changes it
        series = self.series[code]
        link = SignalRow(
            id=self.b.first.signal + len(self.out.signals), goal_id=goal.id,
            series_id=series.row.id, plan_value=series.plan_value,
            threshold_pct=Decimal(threshold).quantize(Decimal("0.01")),
            consecutive_periods=plan.CONSECUTIVE, active=True, last_fired_at=None,
            last_fired_on=None)
        self.out.signals.append(link)
        return _Watch(goal, link, series)

    def _check(self, watch: _Watch, months: range | tuple[int, ...]) -> None:
        """The checks run as each month's point was loaded: a firing is recorded on the link,
        and an active goal goes under discussion (its owner and their manager are told)."""
        for month in months:
            day = plan.month_end(month)
            verdict = triggers.evaluate(watch.series.until(day), watch.rule,
                                        last_fired_on=watch.link.last_fired_on)
            if not verdict.fires:
                continue
            at = plan.entered_at(day) + plan.CHECKED_AFTER
            watch.link.last_fired_on, watch.link.last_fired_at = verdict.latest_on, at
            watch.fired_at.append(at)
            goal = watch.goal
            if goal.status == ACTIVE:
                goal.status, goal.discussion_reason, goal.discussion_since = (
                    UNDER_DISCUSSION, watch.detail(day), at)
                goal.updated_at = at
                self._tell(goal, "goal_under_discussion",
                           _("Goal under discussion: %(goal)s") % {"goal": goal.title},
                           watch.detail(day), at)

    # --- adjustments ---------------------------------------------------------------------

    def _propose(self, goal: GoalRow, changes: dict[str, Any], *, reason: str,
                 evidence: str, proposer: int, at: dt.datetime,
                 watch: _Watch | None = None) -> AdjustmentRow:
        """A proposal as `propose_adjustment` records it: routed by the guard, the trigger's
        detail as it read that day, those concerned told."""
        self.b.ensure_version_one(goal)
        approved_on = [a.decided_at.astimezone(plan.TZ).date() for a in self.out.adjustments
                       if a.goal_id == goal.id and a.status == APPROVED and a.decided_at]
        scheme = self.b.scheme_of_component[goal.component_id or 0]
        routing = guard.route(
            guard.Policy(approver=scheme.adjustment_approver,
                         min_days_between=scheme.min_days_between_adjustments,
                         max_per_period=scheme.max_adjustments_per_period),
            approved_on=approved_on, period_start=dt.date(plan.YEAR, 1, 1),
            period_end=dt.date(plan.YEAR, 12, 31), today=at.astimezone(plan.TZ).date())
        row = AdjustmentRow(
            id=self.b.first.adjustment + len(self.out.adjustments), goal_id=goal.id,
            kind=AdjustmentKind.CHANGE.value, status=PENDING, changes=changes, reason=reason,
            evidence=evidence, trigger_id=watch.link.id if watch else None,
            trigger_detail=(watch.detail(at.astimezone(plan.TZ).date()) if watch else ""),
            approver_role=routing.approver, guard_note=routing.note,
            proposed_by_id=self.accounts.get(proposer),
            proposed_by_username=self.b.label(proposer), proposed_at=at,
            decided_by_username="", decided_at=None, decision_note="", effective_from=None)
        self.out.adjustments.append(row)
        base = self.b.current_definition(goal)
        words = changes_text(proposed_changes(base, Adjustment(kind=row.kind, changes=changes)))
        self._tell(goal, "adjustment_proposed",
                   _("Adjustment proposed: %(goal)s") % {"goal": goal.title},
                   _("%(who)s proposes: %(changes)s\nReason: %(reason)s")
                   % {"who": row.proposed_by_username, "changes": words, "reason": reason},
                   at, skip=row.proposed_by_id)
        return row

    def _decide(self, goal: GoalRow, adjustment: AdjustmentRow, *, approve: bool, decider: int,
                at: dt.datetime, note: str) -> None:
        """Approve (apply the change, active again, the next version from that day) or reject
        (active again, nothing changed); the proposer and the owner are told."""
        adjustment.status = APPROVED if approve else REJECTED
        adjustment.decided_by_username = self.b.label(decider)
        adjustment.decided_at, adjustment.decision_note = at, note
        goal.status, goal.discussion_reason, goal.discussion_since = ACTIVE, "", None
        goal.updated_at = at
        if approve:
            day = at.astimezone(plan.TZ).date()
            adjustment.effective_from = day
            self._apply(goal, adjustment.changes)
            self.b.add_version(goal, effective_from=day, reason=adjustment.reason,
                               created_by=adjustment.proposed_by_username,
                               approved_by=adjustment.decided_by_username,
                               adjustment_id=adjustment.id, at=at)
            title = _("Adjustment approved: %(goal)s") % {"goal": goal.title}
            body = (_("%(who)s approved it, in force from %(day)s. %(note)s")
                    % {"who": adjustment.decided_by_username, "day": day, "note": note})
        else:
            title = _("Adjustment rejected: %(goal)s") % {"goal": goal.title}
            body = (_("%(who)s rejected it. %(note)s")
                    % {"who": adjustment.decided_by_username, "note": note})
        told = [adjustment.proposed_by_id, self.accounts.get(goal.person_id or 0)]
        for user_id in dict.fromkeys(told):
            if user_id is not None and user_id != self.accounts.get(decider):
                self._notify(user_id, "adjustment_decided", title, body, goal, at)

    def _apply(self, goal: GoalRow, changes: Mapping[str, Any]) -> None:
        metrics = {str(m.id): m for m in self.b.metrics_of[goal.id]}
        for metric_id, values in changes.get("metrics", {}).items():
            for name, value in values.items():
                setattr(metrics[metric_id], name, as_column(Decimal(value)))
        milestones = {str(s.id): s for s in self.b.milestones_of[goal.id]}
        for milestone_id, values in changes.get("milestones", {}).items():
            milestones[milestone_id].due = dt.date.fromisoformat(values["due"])
        if "due_date" in changes:
            goal.due_date = dt.date.fromisoformat(changes["due_date"])

    @staticmethod
    def _new_kpi(metric: MetricRow, target: float, places: int, *,
                 ratios: tuple[float, float] | None = None,
                 offsets: tuple[float, float] | None = None) -> dict[str, Any]:
        """New threshold, target and stretch of a KPI: in the same proportion to the target as
        before (`ratios`) or at new distances from it (`offsets`)."""
        low, high = ((target * ratios[0], target * ratios[1]) if ratios else
                     (target + offsets[0], target + offsets[1]) if offsets else (0.0, 0.0))
        values = {"threshold": low, "target": target, "stretch": high}
        return {"metrics": {str(metric.id): {name: _plain(value, places)
                                             for name, value in values.items()}}}

    # --- the chapters --------------------------------------------------------------------

    def _employee_visits(self) -> None:
        """April: online visits now count elsewhere, so the employee's visit target drops."""
        found = self.employee and self.b.kpi_goals.get((self.employee.id, cat.VISITS.key))
        if not found or self.employee is None or self.employee.manager_id is None:
            return
        goal, metric = found
        adjustment = self._propose(
            goal, self._new_kpi(metric, 200, 0, ratios=(0.8, 1.2)),
            reason="公司推行线上拜访，线上拜访计入商机跟进；线下拜访目标由 240 次调整为 200 次。",
            evidence="销售运营部 2026-03-28 通知《关于线上拜访计入拜访量的说明》。",
            proposer=self.employee.id, at=_at(4, 2, 10))
        self._decide(goal, adjustment, approve=True, decider=self.employee.manager_id,
                     at=_at(4, 3, 11, 30), note="同意，与团队其他成员一致。")

    def _north_cuts(self) -> None:
        """North China's orders fell for two months: the reps' revenue goals watching them
        went under discussion in April; in May three targets were cut by 12 %, and a fourth
        request, for 25 %, was turned down."""
        lagging = {u.id for u in self.b.inputs.units if self.b.lagging[u.id]}
        reps = [p for p in self.b.inputs.people
                if p.unit_id in lagging and p.job_family == "sales" and p.manager_id
                and p.id not in self.b.managers
                and (p.id, cat.REVENUE.key) in self.b.kpi_goals][: plan.NORTH_CUTS + 1]
        watches = [self._watch(self.b.kpi_goals[(rep.id, cat.REVENUE.key)][0],
                               plan.ORDERS_NORTH, plan.ORDERS_THRESHOLD) for rep in reps]
        for watch in watches:
            self._check(watch, range(1, 5))
        for index, (rep, watch) in enumerate(zip(reps, watches, strict=True)):
            assert rep.manager_id is not None
            goal, metric = self.b.kpi_goals[(rep.id, cat.REVENUE.key)]
            assert metric.target is not None
            old = float(metric.target)
            approve = index < plan.NORTH_CUTS
            new = round(old * (0.88 if approve else 0.75), -1)
            adjustment = self._propose(
                goal, self._new_kpi(metric, new, 1, ratios=(0.8, 1.2)),
                reason=(f"华北大区订单量连续两个月低于计划 {plan.ORDERS_THRESHOLD}% 以上，"
                        f"申请将全年销售收入目标由 {old:,.0f} 万元调整为 {new:,.0f} 万元。"),
                evidence="订单量序列 order-volume-north（3–4 月）；大区 4 月经营分析会纪要。",
                proposer=rep.id, at=_at(5, 6 + index, 10), watch=watch)
            self._decide(goal, adjustment, approve=approve, decider=rep.manager_id,
                         at=_at(5, 12, 15),
                         note=("同意，按大区订单预测下调 12%。" if approve else
                               "下调幅度超过订单量的实际降幅，维持原目标。"))
        for watch in watches:
            self._check(watch, range(5, plan.AS_OF.month + 1))

    def _milestone_moved(self) -> None:
        """May: a chip supplier's delay moves a June milestone of an R&D project by two weeks
        (still inside the goal's half year); it was then delivered by the new date."""
        proposed, decided = _at(5, 20, 9, 30), _at(5, 22, 17)
        for goal in self.out.goals:
            if (goal.paradigm != "project" or goal.person_id is None
                    or self.b.division[self.b.people[goal.person_id].unit_id] != "rnd"):
                continue
            owner = self.b.people[goal.person_id]
            _start, end = self.b.period_dates[self.b.period_codes[goal.period_id]]
            movable = [s for s in self.b.milestones_of[goal.id]
                       if dt.date(plan.YEAR, 6, 1) <= s.due <= end - dt.timedelta(days=14)
                       and (s.accepted_on is None or s.accepted_on > s.due)]
            if not movable or owner.manager_id is None:
                continue
            milestone = movable[0]
            new_due = milestone.due + dt.timedelta(days=14)
            changes: dict[str, Any] = {
                "milestones": {str(milestone.id): {"due": new_due.isoformat()}}}
            if goal.due_date is not None and new_due > goal.due_date:
                changes["due_date"] = new_due.isoformat()
            adjustment = self._propose(
                goal, changes,
                reason=f"关键芯片供应商交期推迟两周，里程碑「{milestone.name}」顺延 14 天。",
                evidence="供应商 2026-05-18 交期变更函；项目周报第 20 周。",
                proposer=owner.id, at=proposed)
            self._decide(goal, adjustment, approve=True, decider=owner.manager_id,
                         at=decided, note="同意顺延，其余里程碑不变。")
            milestone.accepted_on = new_due - dt.timedelta(days=1)
            return

    def _copper(self) -> None:
        """Copper stayed more than 10 % above plan in April and May: the margin goals of the
        demo manager's team went under discussion; the employee, the manager and one more
        proposed lower targets in June, still pending."""
        if self.manager is None:
            return
        team = [self.manager] + [p for p in self.b.inputs.people
                                 if p.manager_id == self.manager.id]
        watches = []
        for person in team:
            found = self.b.kpi_goals.get((person.id, cat.MARGIN.key))
            if found is not None:
                watch = self._watch(found[0], plan.COPPER, plan.COPPER_THRESHOLD)
                self._check(watch, range(1, 6))
                watches.append((person, found[1], watch))
        proposers = [p for p in (self.employee, self.manager) if p is not None]
        proposers += [p for p, _, _ in watches if p not in proposers][: 3 - len(proposers)]
        for person, metric, watch in watches:
            if person not in proposers:
                continue
            assert metric.target is not None
            old = float(metric.target)
            self._propose(
                watch.goal, self._new_kpi(metric, old - 2.5, 1, offsets=(-3.5, 3)),
                reason=(f"铜材成本上涨使产品毛利承压，申请将毛利率目标由 {old:g}% 调整为 "
                        f"{old - 2.5:g}%。"),
                evidence=("铜价序列 copper-price（2026 年 4–5 月）；"
                          "采购部 2026-05-28《原材料调价通知》。"),
                proposer=person.id, at=_at(6, 2 + proposers.index(person), 10, 20),
                watch=watch)
        for _person, _metric, watch in watches:
            self._check(watch, (plan.AS_OF.month,))

    def _south_watch(self) -> None:
        """South China's branches watch copper too, with a 20 % trigger that has not fired."""
        south = {u.id for u in self.b.inputs.units if u.code.startswith("HXS-SOUTH")}
        goals = [self.b.kpi_goals[(p.id, cat.MARGIN.key)][0] for p in self.b.inputs.people
                 if p.unit_id in south and (p.id, cat.MARGIN.key) in self.b.kpi_goals]
        for goal in goals[: plan.COPPER_WATCHERS]:
            self._check(self._watch(goal, plan.COPPER, plan.COPPER_WATCH_THRESHOLD),
                        range(1, plan.AS_OF.month + 1))

    def _satisfaction(self) -> None:
        """The customer-satisfaction index fell: the services division head's satisfaction
        goal went under discussion in May; a proposal to lower it is pending."""
        unit = self.b.unit_codes.get("HX-SVC")
        head = self.b.people.get(unit.head_id) if unit and unit.head_id else None
        found = head and self.b.kpi_goals.get((head.id, cat.CUSTOMER_SCORE.key))
        if not found or head is None:
            return
        goal, metric = found
        watch = self._watch(goal, plan.CSI, plan.CSI_THRESHOLD)
        self._check(watch, range(1, 6))
        assert metric.target is not None
        old = float(metric.target)
        new = round(old - 0.2, 2)
        self._propose(
            goal, self._new_kpi(metric, new, 2, offsets=(-0.4, 0.3)),
            reason=(f"集团客户满意度指数下滑（主要受华北交付延期影响），申请将客户满意度目标由 "
                    f"{old:g} 调整为 {new:g}。"),
            evidence=("客户满意度指数 customer-satisfaction（2026 年 3–5 月）；"
                      "华北交付中心延期项目清单。"),
            proposer=head.id, at=_at(6, 5, 14), watch=watch)
        self._check(watch, (plan.AS_OF.month,))

    def _draft(self) -> None:
        """The employee is drafting one more goal for the year, for the second half's push on
        new customers (a draft: still editable, not scored)."""
        if self.employee is None:
            return
        scheme = self.b.scheme_of_unit[self.employee.unit_id]
        kpis = [c for c in scheme.components if c.paradigm == KPI]
        if not kpis:
            return
        component = next((c for c in kpis if c.key == "process_kpi"), kpis[0])
        kpi = cat.NEW_CUSTOMERS
        goal = self.b.goal(paradigm=KPI, title=kpi.name, description=kpi.name_en, weight=100,
                           person=self.employee, component=component, status=DRAFT)
        goal.created_at = goal.updated_at = _at(6, 26, 16)
        self.b.metric(goal, kind=MetricKind.KPI.value, name=kpi.name, unit_label=kpi.unit_label,
                      threshold=stored(kpi.threshold, 0),
                      target=stored(kpi.target, 0), stretch=stored(kpi.stretch, 0),
                      aggregation=kpi.aggregation)

    # --- telling people ------------------------------------------------------------------

    def _tell(self, goal: GoalRow, kind: str, title: str, body: str, at: dt.datetime,
              skip: int | None = None) -> None:
        """The goal's owner and the owner's manager, those with an account, not `skip`."""
        owner = self.b.people.get(goal.person_id) if goal.person_id else None
        if owner is None:
            return
        told = [self.accounts.get(owner.id), self.accounts.get(owner.manager_id or 0)]
        for user_id in dict.fromkeys(told):
            if user_id is not None and user_id != skip:
                self._notify(user_id, kind, title, body, goal, at,
                             owner=self.accounts.get(owner.id) == user_id)

    def _notify(self, recipient: int, kind: str, title: str, body: str, goal: GoalRow,
                at: dt.datetime, owner: bool = False) -> None:
        """Read soon after, except what still waits for the recipient: a proposal to decide,
        or their own goal under discussion."""
        waiting = kind == "adjustment_proposed" or (kind == "goal_under_discussion" and owner)
        self.out.notifications.append(NotificationRow(
            id=self.b.first.notification + len(self.out.notifications), recipient_id=recipient,
            kind=kind, title=title[:300], body=body, url=goal_url(goal.id), created_at=at,
            read_at=None if waiting else at + dt.timedelta(hours=2),
            emailed_at=at + dt.timedelta(minutes=1)))


def tell(b: Builder) -> None:
    _Story(b).tell()
