"""Unit and company goals, and alignment: every unit below the companies' top units gets a goal
by what its division does (revenue sums its people's), the companies get the group's scorecard,
the sales company's revenue and the innovation company's objective, and goals contribute
upwards person → unit → company. Part of the generator."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from flexperf.goals.demo import catalogue as cat
from flexperf.goals.demo import plan
from flexperf.goals.demo.catalogue import Kpi
from flexperf.goals.demo.rows import AlignmentRow, GoalRow, MetricLinkRow, MetricRow, OrgUnit
from flexperf.goals.demo.values import BSC, KPI, OKR, PROJECT, as_column, dec, stored
from flexperf.goals.models.choices import MeasurementSource, MetricKind, OkrType

if TYPE_CHECKING:
    from flexperf.goals.demo.generator import Builder


@dataclass
class Tally:
    """What a unit's subtree adds up to: people, their factors, their revenue."""

    people: int = 0
    factors: float = 0.0
    targets: dict[str, Decimal] = field(default_factory=dict)
    amounts: dict[str, dict[int, Decimal]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.people += other.people
        self.factors += other.factors
        for key, target in other.targets.items():
            self.targets[key] = self.targets.get(key, Decimal(0)) + target
        for key, months in other.amounts.items():
            mine = self.amounts.setdefault(key, {})
            for month, value in months.items():
                mine[month] = mine.get(month, Decimal(0)) + value

    @property
    def factor(self) -> float:
        return self.factors / self.people if self.people else 1.0


def add_goals(b: Builder) -> None:
    """Unit goals, company goals, then every alignment (after the people's goals)."""
    tallies = _roll_up(b)
    for unit in b.inputs.units:
        _unit_goal(b, unit, tallies[unit.id])
    _company_goals(b, tallies)
    _alignments(b, tallies)


def _roll_up(b: Builder) -> dict[int, Tally]:
    """Each unit's subtree totals (children before parents)."""
    totals: dict[int, Tally] = {}
    for unit in reversed(b.inputs.units):
        total = totals.setdefault(unit.id, Tally())
        total.add(b.tallies[unit.id])
        if unit.parent_id is not None:
            totals.setdefault(unit.parent_id, Tally()).add(total)
    return totals


def _unit_goal(b: Builder, unit: OrgUnit, tally: Tally) -> None:
    """One goal per unit below the companies' top units, by what the division does."""
    if b.company_root.get(unit.company_code) is unit or not tally.people:
        return
    division = b.division[unit.id]
    rng = b.rng(f"unit:{division}")
    revenue_key = {"sales": cat.REVENUE.key, "service": cat.SERVICE_REVENUE.key}.get(
        division)
    if revenue_key and tally.targets.get(revenue_key):
        kpi = cat.REVENUE if revenue_key == cat.REVENUE.key else cat.SERVICE_REVENUE
        goal = b.goal(paradigm=KPI, title=f"{unit.name}：{kpi.name}",
                      description=kpi.name_en, weight=100, unit=unit)
        revenue_metric(b, goal, kpi, tally, revenue_key)
    elif division in ("rnd", "innovation"):
        pool = cat.OBJECTIVES[division]
        objective = pool[rng.below(len(pool))]
        goal = b.goal(paradigm=OKR, title=f"{unit.name}：{objective.title}",
                      description=objective.title_en, weight=100, unit=unit,
                      okr_type=OkrType.COMMITTED.value)
        b.key_results(goal, objective, 3, tally.factor, rng, unit.head_id)
    elif division == "strategy":
        projects = cat.PROJECTS["strategy"]
        project = projects[rng.below(len(projects))]
        goal = b.goal(paradigm=PROJECT, title=f"{unit.name}：{project.title}",
                      description=project.title_en, weight=100, unit=unit)
        b.project_milestones(goal, project, tally.factor, rng)
    else:
        kpi = cat.SUPPORT_KPIS.get(division, cat.SUPPORT_KPIS["group"])[0]
        goal = b.goal(paradigm=KPI, title=f"{unit.name}：{kpi.name}",
                      description=kpi.name_en, weight=100, unit=unit)
        b.kpi_metric(goal, kpi, tally.factor, rng, recorded_by=unit.head_id)
    b.unit_goal[unit.id] = goal


def revenue_metric(b: Builder, goal: GoalRow, kpi: Kpi, tally: Tally, key: str) -> None:
    """Revenue of a unit or company: its people's targets and monthly amounts, summed."""
    target = tally.targets[key]
    metric = b.metric(
        goal, kind=MetricKind.KPI.value, name=kpi.name, unit_label=kpi.unit_label,
        threshold=stored(float(target) * kpi.threshold, 1), target=as_column(target),
        stretch=stored(float(target) * kpi.stretch, 1), aggregation=kpi.aggregation)
    for month, amount in sorted(tally.amounts[key].items()):
        b.measure(metric, b.days[month], amount, MeasurementSource.IMPORT.value, None)
    b.revenue_goals[goal.id] = (key, target)


def _company_goals(b: Builder, tallies: dict[int, Tally]) -> None:
    group = b.company_root.get(plan.DEMO_COMPANY_CODE)
    sales = b.company_root.get("HXS")
    innovation = b.company_root.get("HXI")
    sales_tally = tallies[sales.id] if sales else Tally()
    if group:
        _group_scorecard(b, tallies[group.id], sales_tally)
    if sales and sales_tally.targets.get(cat.REVENUE.key):
        goal = b.goal(paradigm=KPI, title=f"华信销售 {plan.YEAR} 年销售收入",
                      description=f"Huaxin Sales revenue {plan.YEAR}", weight=100,
                      company_code="HXS")
        revenue_metric(b, goal, cat.REVENUE, sales_tally, cat.REVENUE.key)
        b.company_goal["HXS"] = goal
    if innovation:
        objective = cat.COMPANY_OBJECTIVE
        goal = b.goal(paradigm=OKR, title=objective.title, description=objective.title_en,
                      weight=100, company_code="HXI", okr_type=OkrType.COMMITTED.value)
        b.key_results(goal, objective, len(objective.key_results),
                      tallies[innovation.id].factor, b.rng("company"), innovation.head_id)
        b.company_goal["HXI"] = goal


def _group_scorecard(b: Builder, group: Tally, sales: Tally) -> None:
    """The group's balanced scorecard: ten measures in the four perspectives, the strategy
    map between them; revenue follows the sales company's, satisfaction the index."""
    rng = b.rng("company")
    goal = b.goal(paradigm=BSC, title=f"华信集团 {plan.YEAR} 年平衡计分卡",
                  description=f"Huaxin Group balanced scorecard {plan.YEAR}", weight=100,
                  company_code=plan.DEMO_COMPANY_CODE,
                  perspective_weights=cat.GROUP_PERSPECTIVE_WEIGHTS)
    to_group = 1 / cat.SALES_SHARE_OF_GROUP / 10_000  # 万元 of sales → 亿元 of the group
    sold = sales.amounts.get(cat.REVENUE.key, {})
    base = float(sales.targets.get(cat.REVENUE.key, Decimal(0))) * to_group or 10.0
    csi = dict(zip(plan.SERIES_MONTHS, next(s for s in plan.SERIES if s[0] == plan.CSI)[6],
                   strict=True))
    by_key: dict[str, MetricRow] = {}
    for kpi, weight in cat.GROUP_SCORECARD:
        if kpi.key in (cat.GROUP_REVENUE.key, cat.GROUP_CASH.key, cat.GROUP_CSI.key):
            metric = b.metric(
                goal, kind=MetricKind.BSC_MEASURE.value, name=kpi.name,
                unit_label=kpi.unit_label, direction=kpi.direction,
                baseline=(None if kpi.baseline is None else
                          stored(kpi.baseline * (base if kpi.scaled else 1), kpi.decimals)),
                threshold=stored(kpi.threshold * (base if kpi.scaled else 1), kpi.decimals),
                target=stored(kpi.target * (base if kpi.scaled else 1), kpi.decimals),
                stretch=stored(kpi.stretch * (base if kpi.scaled else 1), kpi.decimals),
                weight=weight, perspective=kpi.perspective, aggregation=kpi.aggregation)
            for month in b.months:
                if kpi.key == cat.GROUP_CSI.key:
                    value = csi[(plan.YEAR, month)]
                else:
                    value = float(sold.get(month, 0)) * to_group
                    if kpi.key == cat.GROUP_CASH.key:
                        value *= 0.1 * (0.85 + 0.3 * rng.unit())
                b.measure(metric, b.days[month], dec(value, kpi.decimals),
                          MeasurementSource.IMPORT.value, None)
        else:
            metric = b.kpi_metric(goal, kpi, group.factor, rng,
                                  kind=MetricKind.BSC_MEASURE.value, weight=weight)
        by_key[kpi.key] = metric
    for cause, effect in cat.GROUP_LINKS:
        b.out.metric_links.append(MetricLinkRow(
            b.first.metric_link + len(b.out.metric_links), by_key[cause].id,
            by_key[effect].id))
    b.company_goal[plan.DEMO_COMPANY_CODE] = goal


def _alignments(b: Builder, tallies: dict[int, Tally]) -> None:
    """Each person's first goal and each unit's goal contribute to the nearest goal above
    that can take them (revenue only into revenue); contribution weights are shares of the
    parent's revenue target, or of the headcount behind each contributor, in percent."""
    links: dict[int, list[tuple[GoalRow, float]]] = defaultdict(list)  # parent → children
    for person in b.inputs.people:
        goal = b.main_goal.get(person.id)
        if goal is not None:
            parent = _parent_goal(b, goal, person.unit_id, same_company=True)
            if parent is not None:
                links[parent.id].append((goal, _weight(b, goal, parent, 1)))
    for unit in b.inputs.units:
        goal = b.unit_goal.get(unit.id)
        if goal is not None and unit.parent_id is not None:
            parent = _parent_goal(b, goal, unit.parent_id)
            if parent is not None:
                links[parent.id].append(
                    (goal, _weight(b, goal, parent, tallies[unit.id].people)))
    group = b.company_goal.get(plan.DEMO_COMPANY_CODE)
    for code, goal in b.company_goal.items():
        root = b.company_root[code]
        if group is not None and goal is not group:
            links[group.id].append((goal, tallies[root.id].people))
    for parent_id in sorted(links):
        children = links[parent_id]
        total = sum(weight for _, weight in children)
        for child, weight in children:
            b.out.alignments.append(AlignmentRow(
                b.first.alignment + len(b.out.alignments), child.id, parent_id,
                max(Decimal("0.01"), dec(100 * weight / total, 2))))


def _parent_goal(b: Builder, goal: GoalRow, unit_id: int, same_company: bool = False
                 ) -> GoalRow | None:
    """The goal of `unit_id` or the nearest unit above it (a company's top unit stands for
    the company's goal) that `goal` can count towards; a person's stays in their company."""
    revenue = b.revenue_goals.get(goal.id, ("", 0))[0]
    unit: OrgUnit | None = b.units[unit_id]
    company = b.units[unit_id].company_code
    while unit is not None and (not same_company or unit.company_code == company):
        candidate = b.unit_goal.get(unit.id)
        if candidate is None and b.company_root.get(unit.company_code) is unit:
            candidate = b.company_goal.get(unit.company_code)
        if candidate is not None and candidate is not goal and (
                b.revenue_goals.get(candidate.id, (revenue, 0))[0] == revenue):
            return candidate
        unit = b.units.get(unit.parent_id) if unit.parent_id else None
    return None


def _weight(b: Builder, child: GoalRow, parent: GoalRow, headcount: int) -> float:
    if parent.id in b.revenue_goals:
        return float(b.revenue_goals[child.id][1])
    return float(headcount)
