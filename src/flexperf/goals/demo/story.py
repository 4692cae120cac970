"""The dynamic part of the demo year (see :mod:`.plan` for the story): external series with
monthly points, goals that watch them, goals under discussion with pending adjustments, a few
approved (and one rejected) adjustments with their versions, a draft for the second half, and
the demo manager's and employee's notifications. Pure, like the generator that calls it.

Adjustments follow the model's `changes` format (new values only, as plain decimal strings);
the old values are in the version before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

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
from flexperf.goals.models.choices import (
    AdjustmentKind,
    AdjustmentStatus,
    Approver,
    GoalStatus,
    MetricKind,
    PeriodKind,
)

if TYPE_CHECKING:
    from flexperf.goals.demo.generator import Builder

TZ = plan.TZ
UNDER_DISCUSSION = GoalStatus.UNDER_DISCUSSION.value
KPI_FIELDS = ("threshold", "target", "stretch")


def _at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(plan.YEAR, month, day, hour, minute, tzinfo=TZ)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 else f"{value:g}"


@dataclass
class _Series:
    row: SeriesRow
    plan_value: float
    values: dict[tuple[int, int], float]

    def deviation(self, month: int) -> str:
        """'2026-04: 80,100（+11.3%）' for the month's point against the plan."""
        value = self.values[(plan.YEAR, month)]
        pct = (value - self.plan_value) / self.plan_value * 100
        return f"{plan.YEAR}-{month:02d}: {_number(value)}（{pct:+.1f}%）"


class _Story:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.out = b.out
        self.series: dict[str, _Series] = {}
        self.users = b.inputs.users
        self.manager = self._person("manager")
        self.employee = self._person("employee")

    def _person(self, username: str) -> OrgPerson | None:
        user = self.users.get(username)
        return self.b.people.get(user.person_id) if user and user.person_id else None

    def tell(self) -> None:
        self._series()
        self._employee_visits()  # April
        self._north_cuts()  # May
        self._milestone_moved()  # May
        self._copper()  # June: under discussion, pending
        self._south_watch()
        self._satisfaction()  # June: under discussion, pending
        self._draft()
        self._notifications()

    # --- series and triggers -------------------------------------------------------------

    def _series(self) -> None:
        for code, name, name_en, unit_label, description, plan_value, values in plan.SERIES:
            row = SeriesRow(self.b.first.series + len(self.out.series), code, name, name_en,
                            unit_label, PeriodKind.MONTH.value, description)
            self.out.series.append(row)
            for (year, month), value in zip(plan.SERIES_MONTHS, values, strict=True):
                on = plan.month_end(month, year)
                self.out.points.append(PointRow(
                    self.b.first.point + len(self.out.points), row.id, on,
                    Decimal(repr(value)).quantize(Decimal("0.0001")), plan.entered_at(on)))
            self.series[code] = _Series(row, plan_value,
                                        dict(zip(plan.SERIES_MONTHS, values, strict=True)))

    def _signal(self, goal: GoalRow, code: str, threshold: int, fired_on: dt.date | None,
                fired_at: dt.datetime | None) -> SignalRow:
        series = self.series[code]
        row = SignalRow(
            id=self.b.first.signal + len(self.out.signals), goal_id=goal.id,
            series_id=series.row.id, plan_value=Decimal(repr(series.plan_value)).quantize(
                Decimal("0.0001")),
            threshold_pct=Decimal(threshold).quantize(Decimal("0.01")), consecutive_periods=2,
            active=True, last_fired_at=fired_at, last_fired_on=fired_on)
        self.out.signals.append(row)
        return row

    def _discuss(self, goal: GoalRow, code: str, threshold: int, fired_on: dt.date,
                 fired_at: dt.datetime, what: str) -> tuple[SignalRow, str]:
        """The trigger fired: the goal goes under discussion, saying why."""
        signal = self._signal(goal, code, threshold, fired_on, fired_at)
        series = self.series[code]
        detail = "；".join(series.deviation(m) for m in (fired_on.month - 1, fired_on.month))
        goal.status = UNDER_DISCUSSION
        goal.discussion_reason = (
            f"{series.row.name}连续两个月偏离计划（{_number(series.plan_value)}"
            f"{series.row.unit_label}）{threshold}% 以上：{detail}。{what}")
        goal.discussion_since = fired_at
        goal.updated_at = fired_at
        return signal, detail

    # --- adjustments ---------------------------------------------------------------------

    def _adjust(self, goal: GoalRow, changes: dict[str, Any], *, status: str, reason: str,
                evidence: str, proposer: int, proposed_at: dt.datetime,
                decider: int | None = None, decided_at: dt.datetime | None = None,
                decision_note: str = "", signal: SignalRow | None = None,
                trigger_detail: str = "") -> AdjustmentRow:
        proposer_user = next((u.user_id for u in self.users.values() if u.person_id == proposer),
                             None)
        row = AdjustmentRow(
            id=self.b.first.adjustment + len(self.out.adjustments), goal_id=goal.id,
            kind=AdjustmentKind.CHANGE.value, status=status, changes=changes, reason=reason,
            evidence=evidence, trigger_id=signal.id if signal else None,
            trigger_detail=trigger_detail, approver_role=Approver.MANAGER.value,
            guard_note="", proposed_by_id=proposer_user,
            proposed_by_username=self.b.label(proposer), proposed_at=proposed_at,
            decided_by_username=self.b.label(decider), decided_at=decided_at,
            decision_note=decision_note,
            effective_from=(decided_at.date() if decided_at and status == AdjustmentStatus.APPROVED
                            else None))
        self.out.adjustments.append(row)
        return row

    def _approve(self, goal: GoalRow, adjustment: AdjustmentRow) -> None:
        """Apply an approved change and record the goal's next version from that day."""
        assert adjustment.decided_at is not None
        assert adjustment.effective_from is not None
        metrics = {str(m.id): m for m in self.b.metrics_of[goal.id]}
        for metric_id, values in adjustment.changes.get("metrics", {}).items():
            for name, value in values.items():
                setattr(metrics[metric_id], name, Decimal(value).quantize(Decimal("0.0001")))
        milestones = {str(s.id): s for s in self.b.milestones_of[goal.id]}
        for milestone_id, values in adjustment.changes.get("milestones", {}).items():
            milestones[milestone_id].due = dt.date.fromisoformat(values["due"])
        if "due_date" in adjustment.changes:
            goal.due_date = dt.date.fromisoformat(adjustment.changes["due_date"])
        goal.updated_at = adjustment.decided_at
        self.b.add_version(goal, effective_from=adjustment.effective_from,
                           reason=adjustment.reason,
                           created_by=adjustment.proposed_by_username,
                           approved_by=adjustment.decided_by_username,
                           adjustment_id=adjustment.id, at=adjustment.decided_at)

    @staticmethod
    def _kpi_change(metric: MetricRow, new_target: float, places: int,
                    ratios: tuple[float, float] | None = None,
                    offsets: tuple[float, float] | None = None) -> dict[str, dict[str, str]]:
        """New threshold, target and stretch: in the same proportion to the target as before
        (`ratios`), or at the same distance from it (`offsets`)."""
        if ratios:
            low, high = new_target * ratios[0], new_target * ratios[1]
        else:
            assert offsets is not None
            low, high = new_target + offsets[0], new_target + offsets[1]
        values = {"threshold": low, "target": new_target, "stretch": high}
        return {str(metric.id): {name: _plain(Decimal(repr(round(v, places))))
                                 for name, v in values.items()}}

    def _employee_visits(self) -> None:
        """April: online visits now count elsewhere, so the employee's visit target drops."""
        found = self.employee and self.b.kpi_goals.get((self.employee.id, cat.VISITS.key))
        if not found or not self.employee or not self.manager:
            return
        goal, metric = found
        change = self._kpi_change(metric, 200, 0, ratios=(0.8, 1.2))
        adjustment = self._adjust(
            goal, {"metrics": change}, status=AdjustmentStatus.APPROVED.value,
            reason="公司推行线上拜访，线上拜访计入商机跟进；线下拜访目标由 240 次调整为 200 次。",
            evidence="销售运营部 2026-03-28 通知《关于线上拜访计入拜访量的说明》。",
            proposer=self.employee.id, proposed_at=_at(4, 2, 10),
            decider=self.manager.id, decided_at=_at(4, 3, 11, 30),
            decision_note="同意，与团队其他成员一致。")
        self._approve(goal, adjustment)

    def _north_cuts(self) -> None:
        """May: North China's orders fell for two months; three revenue targets are cut by
        12 %, a fourth request for 25 % is turned down."""
        lagging = {u.id for u in self.b.inputs.units if self.b.lagging[u.id]}
        reps = [p for p in self.b.inputs.people
                if p.unit_id in lagging and p.job_family == "sales" and p.manager_id
                and p.id not in self.b.managers
                and (p.id, cat.REVENUE.key) in self.b.kpi_goals][: plan.NORTH_CUTS + 1]
        for index, rep in enumerate(reps):
            assert rep.manager_id is not None
            goal, metric = self.b.kpi_goals[(rep.id, cat.REVENUE.key)]
            assert metric.target is not None
            old = float(metric.target)
            approved = index < plan.NORTH_CUTS
            new = round(old * (0.88 if approved else 0.75), -1)
            signal = self._signal(goal, plan.ORDERS_NORTH, plan.ORDERS_THRESHOLD,
                                  plan.ORDERS_FIRED_ON, plan.ORDERS_FIRED_AT)
            series = self.series[plan.ORDERS_NORTH]
            detail = "；".join(series.deviation(m) for m in (3, 4))
            adjustment = self._adjust(
                goal, {"metrics": self._kpi_change(metric, new, 1, ratios=(0.8, 1.2))},
                status=(AdjustmentStatus.APPROVED if approved
                        else AdjustmentStatus.REJECTED).value,
                reason=(f"华北大区订单量连续两个月低于计划 {plan.ORDERS_THRESHOLD}% 以上，"
                        f"申请将全年销售收入目标由 {_number(old)} 万元"
                        f"调整为 {_number(new)} 万元。"),
                evidence="订单量序列 order-volume-north（3–4 月）；大区 4 月经营分析会纪要。",
                proposer=rep.id, proposed_at=_at(5, 6 + index, 10),
                decider=rep.manager_id, decided_at=_at(5, 12, 15),
                decision_note=("同意，按大区订单预测下调 12%。" if approved else
                               "下调幅度超过订单量的实际降幅，维持原目标。"),
                signal=signal, trigger_detail=detail)
            if approved:
                self._approve(goal, adjustment)

    def _milestone_moved(self) -> None:
        """May: a chip supplier's delay moves an R&D project's next milestone by two months."""
        for goal in self.out.goals:
            if (goal.paradigm != "project" or goal.person_id is None
                    or self.b.division[self.b.people[goal.person_id].unit_id] != "rnd"):
                continue
            upcoming = [s for s in self.b.milestones_of[goal.id]
                        if s.due > plan.AS_OF and s.accepted_on is None]
            owner = self.b.people[goal.person_id]
            if not upcoming or owner.manager_id is None:
                continue
            milestone = upcoming[0]
            new_due = milestone.due + dt.timedelta(days=61)
            changes: dict[str, Any] = {
                "milestones": {str(milestone.id): {"due": new_due.isoformat()}}}
            if goal.due_date is not None and new_due > goal.due_date:
                changes["due_date"] = new_due.isoformat()
            adjustment = self._adjust(
                goal, changes, status=AdjustmentStatus.APPROVED.value,
                reason=f"关键芯片供应商交期推迟 8 周，里程碑「{milestone.name}」顺延两个月。",
                evidence="供应商 2026-05-18 交期变更函；项目周报第 20 周。",
                proposer=owner.id, proposed_at=_at(5, 20, 9, 30),
                decider=owner.manager_id, decided_at=_at(5, 22, 17),
                decision_note="同意顺延，其余里程碑不变。")
            self._approve(goal, adjustment)
            return

    def _copper(self) -> None:
        """June: copper stayed more than 10 % above plan in April and May, so the margin goals
        of the demo manager's team went under discussion; three have a proposal pending."""
        if self.manager is None:
            return
        team = [self.manager] + [p for p in self.b.inputs.people
                                 if p.manager_id == self.manager.id]
        proposers = [p for p in (self.employee, self.manager) if p is not None]
        for person in team:
            found = self.b.kpi_goals.get((person.id, cat.MARGIN.key))
            if found is None:
                continue
            goal, metric = found
            signal, detail = self._discuss(
                goal, plan.COPPER, plan.COPPER_THRESHOLD, plan.COPPER_FIRED_ON,
                plan.COPPER_FIRED_AT, "铜材成本上升压缩产品毛利。")
            if person not in proposers and len(proposers) < 3:
                proposers.append(person)
            if person not in proposers:
                continue
            assert metric.target is not None
            old = float(metric.target)
            self._adjust(
                goal, {"metrics": self._kpi_change(metric, old - 2.5, 1, offsets=(-3.5, 3))},
                status=AdjustmentStatus.PENDING.value,
                reason=(f"铜材成本上涨使产品毛利承压，申请将毛利率目标由 {old:g}% 调整为 "
                        f"{old - 2.5:g}%。"),
                evidence=("铜价序列 copper-price（2026 年 4–6 月）；"
                          "采购部 2026-05-28《原材料调价通知》。"),
                proposer=person.id, proposed_at=_at(6, 2 + proposers.index(person), 10, 20),
                signal=signal, trigger_detail=detail)

    def _south_watch(self) -> None:
        """South China's branches watch copper too, with a 20 % trigger that has not fired."""
        south = {u.id for u in self.b.inputs.units if u.code.startswith("HXS-SOUTH")}
        watched = [found[0] for p in self.b.inputs.people if p.unit_id in south
                   and (found := self.b.kpi_goals.get((p.id, cat.MARGIN.key)))][:4]
        for goal in watched:
            self._signal(goal, plan.COPPER, plan.COPPER_WATCH_THRESHOLD, None, None)

    def _satisfaction(self) -> None:
        """June: the customer-satisfaction index fell; the services division head's
        satisfaction goal is under discussion, with a proposal to lower it pending."""
        unit = self.b.unit_codes.get("HX-SVC")
        head = self.b.people.get(unit.head_id) if unit and unit.head_id else None
        found = head and self.b.kpi_goals.get((head.id, cat.CUSTOMER_SCORE.key))
        if not found or head is None:
            return
        goal, metric = found
        signal, detail = self._discuss(
            goal, plan.CSI, plan.CSI_THRESHOLD, plan.CSI_FIRED_ON, plan.CSI_FIRED_AT,
            "客户整体满意度下行，交付满意度目标需重新评估。")
        assert metric.target is not None
        old = float(metric.target)
        new = round(old - 0.2, 2)
        self._adjust(
            goal, {"metrics": self._kpi_change(metric, new, 2, offsets=(-0.4, 0.3))},
            status=AdjustmentStatus.PENDING.value,
            reason=(f"集团客户满意度指数下滑（主要受华北交付延期影响），申请将客户满意度目标由 "
                    f"{old:g} 调整为 {new:g}。"),
            evidence=("客户满意度指数 customer-satisfaction（2026 年 3–5 月）；"
                      "华北交付中心延期项目清单。"),
            proposer=head.id, proposed_at=_at(6, 5, 14), signal=signal, trigger_detail=detail)

    def _draft(self) -> None:
        """The employee is drafting a goal for the second half (a draft: still editable)."""
        if self.employee is None:
            return
        scheme = self.b.scheme_of_unit[self.employee.unit_id]
        kpis = [c for c in scheme.components if c.paradigm == "kpi"]
        if not kpis:
            return
        component = next((c for c in kpis if c.key == "process_kpi"), kpis[0])
        kpi = cat.NEW_CUSTOMERS
        goal = self.b.goal(paradigm="kpi", title=kpi.name, description=kpi.name_en, weight=100,
                           person=self.employee, component=component,
                           period=plan.DRAFT_PERIOD_CODE, status=GoalStatus.DRAFT.value)
        goal.created_at = goal.updated_at = _at(6, 26, 16)
        self.b.metric(goal, kind=MetricKind.KPI.value, name=kpi.name, unit_label=kpi.unit_label,
                      baseline=Decimal(kpi.baseline).quantize(Decimal("0.0001")),
                      threshold=Decimal(kpi.threshold).quantize(Decimal("0.0001")),
                      target=Decimal(kpi.target).quantize(Decimal("0.0001")),
                      stretch=Decimal(kpi.stretch).quantize(Decimal("0.0001")),
                      aggregation=kpi.aggregation)

    # --- notifications -------------------------------------------------------------------

    def _notifications(self) -> None:
        employee_user = self.users.get("employee")
        manager_user = self.users.get("manager")
        if not (employee_user and manager_user and self.employee and self.manager):
            return
        goals = {g.id: g for g in self.out.goals if g.person_id in
                 (self.employee.id, self.manager.id)}
        pending = {a.goal_id: a for a in self.out.adjustments if a.status == "pending"}
        approved = [a for a in self.out.adjustments
                    if a.status == "approved" and goals.get(a.goal_id)
                    and goals[a.goal_id].person_id == self.employee.id]
        for adjustment in approved:
            goal = goals[adjustment.goal_id]
            assert adjustment.decided_at is not None
            self._notify(employee_user.user_id, "adjustment_decided",
                         f"目标调整已批准：{goal.title}", adjustment.decision_note, goal,
                         adjustment.decided_at, read=True)
        for person, user, read in ((self.employee, employee_user, False),
                                   (self.manager, manager_user, True)):
            found = self.b.kpi_goals.get((person.id, cat.MARGIN.key))
            if found and found[0].status == UNDER_DISCUSSION:
                goal = found[0]
                assert goal.discussion_since is not None
                self._notify(user.user_id, "goal_under_discussion",
                             f"你的目标进入讨论：{goal.title}", goal.discussion_reason, goal,
                             goal.discussion_since, read=read)
        found = self.b.kpi_goals.get((self.employee.id, cat.MARGIN.key))
        if found and found[0].status == UNDER_DISCUSSION:
            goal = found[0]
            assert goal.discussion_since is not None
            self._notify(manager_user.user_id, "goal_under_discussion",
                         f"{self.employee.name} 的目标进入讨论：{goal.title}",
                         goal.discussion_reason, goal, goal.discussion_since, read=True)
            if goal.id in pending:
                adjustment = pending[goal.id]
                self._notify(manager_user.user_id, "adjustment_proposed",
                             f"待你审批：{self.employee.name} 申请调整目标「{goal.title}」",
                             adjustment.reason, goal, adjustment.proposed_at, read=False)

    def _notify(self, recipient: int, kind: str, title: str, body: str, goal: GoalRow,
                at: dt.datetime, read: bool) -> None:
        self.out.notifications.append(NotificationRow(
            id=self.b.first.notification + len(self.out.notifications), recipient_id=recipient,
            kind=kind, title=title, body=body, url=f"/goals/{goal.id}/", created_at=at,
            read_at=at + dt.timedelta(hours=7) if read else None,
            emailed_at=at + dt.timedelta(minutes=2)))


def tell(b: Builder) -> None:
    _Story(b).tell()
