"""Every active person's goals: for each component of the scheme their unit resolves to, goals
of that component's paradigm, with content by division and job family (see :mod:`.catalogue`)
and values that follow the person's factor (actual against plan). Part of the generator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from flexperf.goals.demo import catalogue as cat
from flexperf.goals.demo import plan
from flexperf.goals.demo.catalogue import Indicator, Kpi
from flexperf.goals.demo.rows import Component, GoalRow, MetricRow, OrgPerson
from flexperf.goals.demo.values import (
    BEHAVIOUR,
    BSC,
    KPI,
    MEAN,
    OKR,
    PROJECT,
    RATING,
    SERVICE,
    SURVEY,
    clamp,
    dec,
)
from flexperf.goals.models.choices import MetricKind, OkrType
from flexperf.org.demo.generator import Rng

if TYPE_CHECKING:
    from flexperf.goals.demo.generator import Builder

REVENUE_KEYS = (cat.REVENUE.key, cat.SERVICE_REVENUE.key)


def add_goals(b: Builder, person: OrgPerson) -> None:
    """The person's goals for each component of their scheme, of its paradigm."""
    division = b.division[person.unit_id]
    rng = b.rng(division)
    factor = _factor(rng, b.lagging[person.unit_id])
    tally = b.tallies[person.unit_id]
    tally.people += 1
    tally.factors += factor
    scheme = b.scheme_of_unit[person.unit_id]
    for component in scheme.components:
        goals = _component_goals(b, person, component, division, factor, rng)
        if person.id not in b.main_goal and goals:
            b.main_goal[person.id] = goals[0]


def _factor(rng: Rng, lagging: bool) -> float:
    """Actual against plan: most on track, some at risk, a few off track or ahead."""
    draw = rng.unit()
    if draw < 0.06:
        factor = 0.62 + 0.16 * rng.unit()
    elif draw < 0.24:
        factor = 0.84 + 0.1 * rng.unit()
    elif draw < 0.92:
        factor = 0.96 + 0.14 * rng.unit()
    else:
        factor = 1.1 + 0.12 * rng.unit()
    return factor * plan.LAGGING_FACTOR if lagging else factor


def _component_goals(b: Builder, person: OrgPerson, component: Component, division: str,
                     factor: float, rng: Rng) -> list[GoalRow]:
    paradigm = component.paradigm
    if paradigm == KPI:
        return _kpi_goals(b, person, component, division, factor, rng)
    if paradigm == OKR:
        return _okr_goals(b, person, component, division, factor, rng)
    if paradigm == BSC:
        return [_scorecard_goal(b, person, component, factor, rng)]
    if paradigm == PROJECT:
        return _project_goals(b, person, component, division, factor, rng)
    if paradigm == SERVICE:
        return [_service_goal(b, person, component, division, factor, rng)]
    return [_behaviour_goal(b, person, component, factor, rng)]


def _kpis_for(b: Builder, person: OrgPerson, component: Component, division: str,
              rng: Rng) -> Sequence[tuple[Kpi, int]]:
    selling = person.job_family in ("sales", "management")
    if division == "sales":
        if component.key == "process_kpi":
            return cat.SALES_PROCESS if selling else cat.SALES_DESK_PROCESS
        return cat.SALES_RESULT if selling else cat.SALES_DESK_RESULT
    if division == "service":
        return cat.SERVICE_KPIS.get(person.job_family, cat.SERVICE_KPIS["support"])
    pool = cat.SUPPORT_KPIS.get(division, cat.SUPPORT_KPIS["group"])
    first = rng.below(len(pool))
    return ((pool[first], 60), (pool[(first + 1) % len(pool)], 40))


def _kpi_goals(b: Builder, person: OrgPerson, component: Component, division: str,
               factor: float, rng: Rng) -> list[GoalRow]:
    goals = []
    for kpi, weight in _kpis_for(b, person, component, division, rng):
        goal = b.goal(paradigm=KPI, title=kpi.name, description=kpi.name_en,
                      weight=weight, person=person, component=component)
        base = _revenue_base(person, kpi, rng)
        metric = b.kpi_metric(goal, kpi, factor, rng, base=base, recorded_by=person.id)
        b.kpi_goals[(person.id, kpi.key)] = (goal, metric)
        if kpi.key in REVENUE_KEYS:
            _count_revenue(b, person, goal, kpi.key, metric)
        goals.append(goal)
    return goals


def _revenue_base(person: OrgPerson, kpi: Kpi, rng: Rng) -> float:
    if not kpi.scaled:
        return 1.0
    table = (cat.REVENUE_BY_LEVEL if kpi.key == cat.REVENUE.key
             else cat.SERVICE_REVENUE_BY_LEVEL)
    amount = table.get(person.level, cat.REVENUE_OTHERWISE)
    return round(amount * (0.9 + 0.2 * rng.unit()), -1)


def _count_revenue(b: Builder, person: OrgPerson, goal: GoalRow, key: str,
                   metric: MetricRow) -> None:
    assert metric.target is not None
    b.revenue_goals[goal.id] = (key, metric.target)
    tally = b.tallies[person.unit_id]
    tally.targets[key] = tally.targets.get(key, Decimal(0)) + metric.target
    months = tally.amounts.setdefault(key, {})
    for row in b.out.measurements[-len(b.months):]:
        if row.metric_id == metric.id:
            months[row.on.month] = months.get(row.on.month, Decimal(0)) + row.value


def _okr_goals(b: Builder, person: OrgPerson, component: Component, division: str,
               factor: float, rng: Rng) -> list[GoalRow]:
    pool = cat.OBJECTIVES.get(division, cat.OBJECTIVES["rnd"])
    weights = (60, 40) if person.id in b.managers else (100,)
    first = rng.below(len(pool))
    goals = []
    for offset, weight in enumerate(weights):
        objective = pool[(first + offset) % len(pool)]
        aspirational = rng.chance(cat.ASPIRATIONAL_SHARE)
        goal = b.goal(
            paradigm=OKR, title=objective.title, description=objective.title_en,
            weight=weight, person=person, component=component,
            okr_type=(OkrType.ASPIRATIONAL if aspirational else OkrType.COMMITTED).value)
        count = 2 + rng.below(4)  # two to five key results
        b.key_results(goal, objective, count, factor * (0.75 if aspirational else 1),
                      rng, person.id, spread=True)
        goals.append(goal)
    return goals


def _scorecard_goal(b: Builder, person: OrgPerson, component: Component, factor: float,
                    rng: Rng) -> GoalRow:
    goal = b.goal(paradigm=BSC, title="个人战略执行计分卡",
                  description="Personal strategy scorecard", weight=100, person=person,
                  component=component,
                  perspective_weights=cat.PERSONAL_PERSPECTIVE_WEIGHTS)
    for measures in cat.PERSONAL_SCORECARD.values():
        kpi = rng.pick(measures)
        b.kpi_metric(goal, kpi, factor, rng, kind=MetricKind.BSC_MEASURE.value,
                     recorded_by=person.id)
    return goal


def _project_goals(b: Builder, person: OrgPerson, component: Component, division: str,
                   factor: float, rng: Rng) -> list[GoalRow]:
    pool = cat.PROJECTS.get(division, cat.PROJECTS["rnd"])
    weights = (60, 40) if person.id in b.managers else (100,)
    first = rng.below(len(pool))
    goals = []
    for offset, weight in enumerate(weights):
        project = pool[(first + offset) % len(pool)]
        goal = b.goal(paradigm=PROJECT, title=project.title, description=project.title_en,
                      weight=weight, person=person, component=component)
        b.project_milestones(goal, project, factor, rng, jitter=True)
        goals.append(goal)
    return goals


def _service_goal(b: Builder, person: OrgPerson, component: Component, division: str,
                  factor: float, rng: Rng) -> GoalRow:
    goal = b.goal(paradigm=SERVICE, title="服务质量与内部客户满意度",
                  description="Service levels and internal-customer satisfaction",
                  weight=100, person=person, component=component)
    slas = cat.SLAS.get(division, cat.SLA_OTHERWISE)[:2]
    for sla in slas:
        b.kpi_metric(goal, sla, factor, rng, kind=MetricKind.SLA.value,
                     recorded_by=person.id, weight=60 // len(slas))
    name, _, unit_label = cat.CSAT_NAME
    csat = b.metric(goal, kind=MetricKind.CSAT.value, name=name, unit_label=unit_label,
                    weight=40, aggregation=MEAN)
    mean = clamp(3.9 + (factor - 1) * 4, 1.5, 4.9)
    for month in _quarter_ends(b, goal):  # a survey each quarter
        for _ in range(cat.SURVEY_RESPONDENTS):
            respondent = _colleague(b, person, rng)
            answer = round(clamp(mean + 2.2 * (rng.unit() - 0.5), 1, 5))
            on = b.days[month] - dt.timedelta(days=rng.below(10))
            b.measure(csat, on, dec(answer, 0), SURVEY, respondent)
    return goal


def _colleague(b: Builder, person: OrgPerson, rng: Rng) -> int | None:
    """Someone from another unit: an internal customer answering a survey."""
    for _ in range(8):
        other = rng.pick(b.inputs.people)
        if other.unit_id != person.unit_id:
            return other.id
    return None


def _behaviour_goal(b: Builder, person: OrgPerson, component: Component, factor: float,
                    rng: Rng) -> GoalRow:
    goal = b.goal(paradigm=BEHAVIOUR, title="行为与能力",
                  description="Behaviour and competency", weight=100, person=person,
                  component=component)
    first = rng.below(len(cat.INDICATORS))
    chosen: list[Indicator] = [cat.DEVELOPING_PEOPLE] if person.id in b.managers else []
    while len(chosen) < cat.INDICATORS_PER_PERSON:
        chosen.append(cat.INDICATORS[(first + len(chosen)) % len(cat.INDICATORS)])
    for indicator in chosen:
        metric = b.metric(
            goal, kind=MetricKind.BEHAVIOUR.value, name=indicator.name,
            unit_label="分（1–5）", aggregation=MEAN,
            anchors=dict(zip(("1", "3", "5"), indicator.anchors, strict=True)))
        for month in _quarter_ends(b, goal):  # the manager rates at each quarterly check-in
            rating = round(clamp(3.3 + (factor - 1) * 6 + 1.8 * (rng.unit() - 0.5), 1, 5))
            b.measure(metric, b.days[month], dec(rating, 0),
                      RATING, person.manager_id)
    return goal


def _quarter_ends(b: Builder, goal: GoalRow) -> list[int]:
    """The quarter ends so far within the goal's period."""
    return [m for m in b.span(goal).months if m in plan.QUARTER_ENDS]
