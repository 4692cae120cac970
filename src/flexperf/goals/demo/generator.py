"""Pure, seeded generation of the demo group's goals: no ORM, no clock, no I/O. The same
inputs (the demo group as loaded, the schemes' component ids, the first free ids) and seed give
the same rows.

Every active person gets goals for each component of the scheme their unit resolves to, of
that component's paradigm; units and the three companies get goals that the people's goals
roll up to. Measurements follow a per-person "factor" (actual against plan): most people are
on track, some at risk, a few off track, and the lagging sales region is behind. The dynamic
part (external series, triggers, discussions, adjustments, notifications) is in :mod:`.story`.

Randomness comes from the org demo's :class:`~flexperf.org.demo.generator.Rng` (``random()``
only, stable across Python versions), one stream per division.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from flexperf.core.jsonable import to_jsonable
from flexperf.goals import versioning
from flexperf.goals.demo import catalogue as cat
from flexperf.goals.demo import people, plan, story, units
from flexperf.goals.demo.catalogue import Kpi, Objective, Project
from flexperf.goals.demo.rows import (
    AssignmentRow,
    Component,
    DemoGoals,
    FirstIds,
    GoalRow,
    Inputs,
    MeasurementRow,
    MetricRow,
    MilestoneRow,
    OrgPerson,
    OrgUnit,
    PeriodRow,
    SchemeInfo,
    VersionRow,
)
from flexperf.goals.demo.units import Tally
from flexperf.goals.demo.values import (
    ACTIVE,
    CHECKIN,
    COMPANY,
    LAST,
    MANUAL,
    MEAN,
    PERSON,
    SUM,
    UNIT,
    clamp,
    dec,
    split,
    stored,
)
from flexperf.goals.models.choices import MetricKind
from flexperf.org.demo.generator import Rng

_GOAL_VALUES = operator.attrgetter(*versioning.GOAL_FIELDS)
_METRIC_VALUES = operator.attrgetter(*versioning.METRIC_FIELDS)
_MILESTONE_VALUES = operator.attrgetter(*versioning.MILESTONE_FIELDS)
_PLAIN = frozenset({str, int, bool, float, type(None)})  # values to_jsonable returns as they are
_QUICK: dict[type, Callable[[Any], str]] = {Decimal: str, dt.date: dt.date.isoformat}  # as it does


def definition(goal: GoalRow, metrics: Sequence[MetricRow],
               milestones: Sequence[MilestoneRow]) -> dict[str, Any]:
    """The goal as :func:`flexperf.goals.versioning.snapshot` gives it once written: the same
    fields in the same order, decimals with their column's places, the same JSON values."""
    out: dict[str, Any] = dict(zip(versioning.GOAL_FIELDS, _json(_GOAL_VALUES(goal)),
                                   strict=True))
    out["metrics"] = [dict(zip(versioning.METRIC_FIELDS, _json(_METRIC_VALUES(m)), strict=True))
                      for m in sorted(metrics, key=lambda m: (m.order, m.id))]
    out["milestones"] = [
        dict(zip(versioning.MILESTONE_FIELDS, _json(_MILESTONE_VALUES(s)), strict=True))
        for s in sorted(milestones, key=lambda s: (s.due, s.order, s.id))]
    return out


def _json(values: Sequence[Any]) -> list[Any]:
    """to_jsonable of each value, the common types without the call (it adds up)."""
    return [v if type(v) in _PLAIN else _QUICK[type(v)](v) if type(v) in _QUICK
            else to_jsonable(v) for v in values]


@dataclass(frozen=True)
class _KpiNumbers:
    """A KPI's definition for one scale: the stored decimals, and the floats its values use
    (the path's origin and its target)."""

    baseline: Decimal | None
    threshold: Decimal
    target: Decimal
    stretch: Decimal
    origin: float
    goal: float

    @classmethod
    def of(cls, kpi: Kpi, scale: float) -> _KpiNumbers:
        places = kpi.decimals
        target = round(kpi.target * scale, places)
        threshold = round(kpi.threshold * scale, places)
        baseline = None if kpi.baseline is None else round(kpi.baseline * scale, places)
        return cls(baseline=None if baseline is None else stored(baseline, places),
                   threshold=stored(threshold, places), target=stored(target, places),
                   stretch=stored(kpi.stretch * scale, places),
                   origin=threshold if baseline is None else baseline, goal=target)


class Builder:
    def __init__(self, inputs: Inputs, seed: int, first: FirstIds) -> None:
        self.inputs, self.seed, self.first = inputs, seed, first
        self.out = DemoGoals(seed=seed)
        self.units = {u.id: u for u in inputs.units}
        self.unit_codes = {u.code: u for u in inputs.units}
        self.people = {p.id: p for p in inputs.people}
        self.managers = {p.manager_id for p in inputs.people if p.manager_id is not None}
        self.full = len(inputs.people) <= plan.FULL_DETAIL_MAX_PEOPLE
        self.out.detail = "full" if self.full else "lean"
        self.months = plan.MONTHS if self.full else plan.QUARTER_ENDS
        self.days = {m: plan.month_end(m) for m in range(1, 13)}
        first_day = dt.date(plan.YEAR, 1, 1)
        self.entered = {day: plan.entered_at(day) for day in
                        (first_day + dt.timedelta(days=n) for n in range(366))}
        self.spans = {code: plan.span(code, start, end, self.months,
                                      {m: self._covered(m) for m in self.months})
                      for code, _kind, start, end in plan.periods()}
        self.period_codes: dict[int, str] = {}
        self.review_periods: dict[str, str] = {}  # scheme code → period code
        self.period_dates = {code: (start, end) for code, _kind, start, end in plan.periods()}
        self.weights: dict[float, Decimal] = {}  # weights repeat: make each Decimal once
        self.definitions: dict[tuple[str, float], _KpiNumbers] = {}
        self.activated = ""
        self.usernames = {u.person_id: u.username for u in inputs.users.values()
                          if u.person_id is not None}
        self.metrics_of: dict[int, list[MetricRow]] = defaultdict(list)
        self.milestones_of: dict[int, list[MilestoneRow]] = defaultdict(list)
        self.kpi_goals: dict[tuple[int, str], tuple[GoalRow, MetricRow]] = {}
        self.revenue_goals: dict[int, tuple[str, Decimal]] = {}  # goal id → (key, target)
        self.tallies: dict[int, Tally] = defaultdict(Tally)  # unit id → own people
        self.main_goal: dict[int, GoalRow] = {}  # person id → the goal that aligns upwards
        self.unit_goal: dict[int, GoalRow] = {}
        self.company_goal: dict[str, GoalRow] = {}
        self.rngs: dict[str, Rng] = {}
        self.period_ids: dict[str, int] = {}
        self.scheme_of_unit: dict[int, SchemeInfo] = {}
        self.scheme_of_component = {c.id: s for s in inputs.schemes.values()
                                    for c in s.components}
        self.division: dict[int, str] = {}
        self.lagging: dict[int, bool] = {}
        self.company_root: dict[str, OrgUnit] = {}

    def review_period(self, scheme: SchemeInfo) -> str:
        code = self.review_periods.get(scheme.code)
        if code is None:
            code = self.review_periods[scheme.code] = plan.period_of(scheme.review_period)
        return code

    def span(self, goal: GoalRow) -> plan.Span:
        return self.spans[self.period_codes[goal.period_id]]

    def rng(self, key: str) -> Rng:
        if key not in self.rngs:
            self.rngs[key] = Rng(self.seed, "goals", key)
        return self.rngs[key]

    def label(self, person_id: int | None) -> str:
        """How a person is named on versions and adjustments: the username, if they have
        one, else the employee number."""
        person = self.people.get(person_id) if person_id is not None else None
        if person is None:
            return ""
        return self.usernames.get(person.id) or person.employee_number

    # --- the whole year --------------------------------------------------------------------

    def build(self) -> DemoGoals:
        # What flexperf itself writes (version reasons, trigger details, notifications) is in
        # the deployment's language, as its services write it.
        with translation.override(settings.LANGUAGE_CODE):
            self._periods()
            self._units()
            for person in self.inputs.people:
                people.add_goals(self, person)
            units.add_goals(self)
            self.activated = _("Activated")
            if self.full:
                for goal in self.out.goals:
                    self.ensure_version_one(goal)
            story.tell(self)
        return self.out

    def _periods(self) -> None:
        next_id = self.first.period
        for code, kind, start, end in plan.periods():
            if code in self.inputs.periods:
                self.period_ids[code] = self.inputs.periods[code]
            else:
                self.out.periods.append(PeriodRow(next_id, code, kind, start, end))
                self.period_ids[code] = next_id
                next_id += 1
            self.period_codes[self.period_ids[code]] = code

    def _units(self) -> None:
        """Each unit's scheme (its own or inherited), division and whether it lags."""
        default = self.inputs.schemes[self.inputs.default_scheme]
        for unit in self.inputs.units:  # parents first
            parent = self.units.get(unit.parent_id) if unit.parent_id else None
            code = plan.SCHEME_BY_UNIT.get(unit.code)
            if code in self.inputs.schemes:
                scheme = self.inputs.schemes[code]
                self.out.assignments.append(AssignmentRow(
                    self.first.assignment + len(self.out.assignments), unit.id, scheme.id,
                    plan.ASSIGNED_AT))
            else:
                scheme = self.scheme_of_unit[parent.id] if parent else default
            self.scheme_of_unit[unit.id] = scheme
            if parent is None:
                self.division[unit.id] = "group"
            elif parent.parent_id is None:
                self.division[unit.id] = plan.DIVISION_BY_TOP_UNIT.get(unit.code, "group")
            else:
                self.division[unit.id] = self.division[parent.id]
            if unit.code == plan.SALES_OPS_UNIT:
                self.division[unit.id] = "sales_ops"
            self.lagging[unit.id] = unit.code == plan.LAGGING_REGION or bool(
                parent and self.lagging[parent.id])
            if parent is None or parent.company_code != unit.company_code:
                self.company_root[unit.company_code] = unit

    # --- rows ------------------------------------------------------------------------------

    def goal(self, *, paradigm: str, title: str, description: str, weight: float,
             person: OrgPerson | None = None, unit: OrgUnit | None = None,
             company_code: str | None = None, component: Component | None = None,
             okr_type: str = "", perspective_weights: dict[str, int] | None = None,
             period: str | None = None, status: str = ACTIVE) -> GoalRow:
        """A goal of `period`; by default a person's goal belongs to the period of their
        scheme's review-period kind (the services insist), others to the year."""
        owner = PERSON if person else UNIT if unit else COMPANY
        if period is None:
            period = (self.review_period(self.scheme_of_unit[person.unit_id]) if person
                      else plan.PERIOD_CODE)
        row = GoalRow(
            id=self.first.goal + len(self.out.goals), period_id=self.period_ids[period],
            paradigm=paradigm, owner_kind=owner, person_id=person.id if person else None,
            unit_id=unit.id if unit else None,
            company_id=self.inputs.companies[company_code] if company_code else None,
            component_id=component.id if component else None, title=title,
            description=description, weight=self.weight(weight), status=status,
            okr_type=okr_type,
            # As the goal services store them: by name, the numbers as plain strings.
            perspective_weights={name: f"{Decimal(value).normalize():f}" for name, value
                                 in sorted(perspective_weights.items())}
            if perspective_weights else {},
            due_date=None, version=0,
            discussion_reason="", discussion_since=None, created_by_id=None,
            created_at=plan.SET_AT,
            updated_at=plan.ACTIVATED_AT if status == ACTIVE else plan.SET_AT,
        )
        self.out.goals.append(row)
        return row

    def metric(self, goal: GoalRow, *, kind: str, name: str, unit_label: str = "",
               direction: str = cat.HIGHER, baseline: Decimal | None = None,
               threshold: Decimal | None = None, target: Decimal | None = None,
               stretch: Decimal | None = None, start: Decimal | None = None,
               confidence: int | None = None, weight: float = 1, perspective: str = "",
               aggregation: str = LAST,
               anchors: dict[str, str] | None = None) -> MetricRow:
        siblings = self.metrics_of[goal.id]
        row = MetricRow(
            id=self.first.metric + len(self.out.metrics), goal_id=goal.id, kind=kind,
            name=name, unit_label=unit_label, direction=direction, baseline=baseline,
            threshold=threshold, target=target, stretch=stretch, start=start,
            confidence=confidence, weight=self.weight(weight), perspective=perspective,
            aggregation=aggregation, anchors=anchors or {}, order=len(siblings),
        )
        siblings.append(row)
        self.out.metrics.append(row)
        return row

    def weight(self, value: float) -> Decimal:
        """A weight with the two places of the weight columns."""
        found = self.weights.get(value)
        if found is None:
            found = self.weights[value] = dec(value, 2)
        return found

    def measure(self, metric: MetricRow, on: dt.date, value: Decimal, source: str,
                recorded_by: int | None) -> None:
        self.out.measurements.append(MeasurementRow(
            self.first.measurement + len(self.out.measurements), metric.id, on, value, source,
            recorded_by, "", self.entered[on]))

    def milestone(self, goal: GoalRow, name: str, due: dt.date, weight: int,
                  accepted_on: dt.date | None) -> None:
        siblings = self.milestones_of[goal.id]
        row = MilestoneRow(self.first.milestone + len(self.out.milestones), goal.id, name, due,
                           self.weight(weight), accepted_on, len(siblings))
        siblings.append(row)
        self.out.milestones.append(row)

    # --- measured values -----------------------------------------------------------------

    def _covered(self, month: int) -> tuple[int, ...]:
        """The months a measurement on `month`'s end stands for."""
        return (month,) if self.full else tuple(range(month - 2, month + 1))

    def kpi_metric(self, goal: GoalRow, kpi: Kpi, factor: float, rng: Rng, *,
                   kind: str = MetricKind.KPI.value, base: float = 1.0,
                   recorded_by: int | None = None, weight: float = 1) -> MetricRow:
        """A KPI-like metric (KPI, scorecard measure, SLA) and its values so far."""
        scale = base if kpi.scaled else 1.0
        key = (kpi.key, scale)
        found = self.definitions.get(key)
        if found is None:  # most KPIs are defined alike for everyone: work them out once
            found = self.definitions[key] = _KpiNumbers.of(kpi, scale)
        numbers = found
        metric = self.metric(
            goal, kind=kind, name=kpi.name, unit_label=kpi.unit_label, direction=kpi.direction,
            baseline=numbers.baseline, threshold=numbers.threshold, target=numbers.target,
            stretch=numbers.stretch, weight=weight, perspective=kpi.perspective,
            aggregation=kpi.aggregation)
        source = kpi.source
        who = recorded_by if source == MANUAL else None
        places, days = kpi.decimals, self.days
        for month, value in self.kpi_values(kpi, self.span(goal), factor, rng, numbers.origin,
                                            numbers.goal):
            self.measure(metric, days[month], dec(value, places), source, who)
        return metric

    @staticmethod
    def kpi_values(kpi: Kpi, span: plan.Span, factor: float, rng: Rng, origin: float,
                   target: float) -> list[tuple[int, float]]:
        """Values along the period's expected path (from the origin at its start to the target
        at its end), `factor` times as far as expected: half way through the year an on-track
        person has come half way. Summed amounts follow the season; their path starts at 0."""
        cap = kpi.cap if kpi.cap is not None else float("inf")
        values = []
        if kpi.aggregation == SUM:
            effect = factor if kpi.direction == cat.HIGHER else 1 / factor
            for month in span.measured:
                value = target * span.share[month] * effect * (0.95 + 0.1 * rng.unit())
                values.append((month, clamp(value, 0, cap)))
        else:
            distance = target - origin
            lift = span.mean_lift if kpi.aggregation == MEAN else 0.0
            for month in span.measured:
                along = factor * (span.elapsed[month] + lift) + 0.06 * (rng.unit() - 0.5)
                values.append((month, clamp(origin + distance * along, 0, cap)))
        return values

    # --- people ----------------------------------------------------------------------------

    def key_results(self, goal: GoalRow, objective: Objective, count: int, factor: float,
                    rng: Rng, owner: int | None, spread: bool = False) -> None:
        """`count` key results from the objective's five and their check-ins: progress along
        the year (half-way by June when on track), never going back."""
        offset = rng.below(len(objective.key_results)) if spread else 0
        weights = split(100, count)
        for index in range(count):
            kr = objective.key_results[(offset + index) % len(objective.key_results)]
            target = kr.target
            if spread:  # a person's share of the team's ambition
                target = round(kr.start + (kr.target - kr.start) * (0.8 + 0.4 * rng.unit()),
                               kr.decimals)
                if target == kr.start:
                    target = kr.target
            confidence = round(clamp(factor * 7.5 + 2 * (rng.unit() - 0.5), 0, 10))
            metric = self.metric(
                goal, kind=MetricKind.KEY_RESULT.value, name=kr.name, unit_label=kr.unit_label,
                start=stored(kr.start, kr.decimals), target=stored(target, kr.decimals),
                confidence=confidence, weight=weights[index])
            grade = 0.0
            span = self.span(goal)
            for month in span.measured:
                if month == span.measured[-1] and rng.chance(0.04):
                    break  # the latest check-in is late
                grade = max(grade, clamp(factor * span.elapsed[month] * (0.9 + 0.2 * rng.unit()),
                                         0, 1))
                value = kr.start + (target - kr.start) * grade
                self.measure(metric, self.days[month], dec(value, kr.decimals),
                             CHECKIN, owner)

    def project_milestones(self, goal: GoalRow, project: Project, factor: float, rng: Rng,
                           jitter: bool = False) -> None:
        """Milestones with the story of their acceptance: mostly on time, some late, a few
        overdue (more of both when the owner is behind), later ones not yet due. The template's
        dates are for a year: a shorter period takes them in proportion."""
        behind = max(0.0, 1 - factor)
        start, end = self.period_dates[self.period_codes[goal.period_id]]
        year_start, year_days = dt.date(plan.YEAR, 1, 1), 365
        for name, month_day, weight in project.milestones:
            month, day = (int(part) for part in month_day.split("-"))
            into = (dt.date(plan.YEAR, month, day) - year_start).days / year_days
            due = start + dt.timedelta(days=round(into * (end - start).days))
            if jitter:
                due += dt.timedelta(days=rng.below(15) - 7)
            due = min(max(due, start), end)
            accepted: dt.date | None = None
            if due <= plan.AS_OF:
                draw = rng.unit()
                overdue, late = 0.04 + 0.8 * behind, 0.16 + 1.2 * behind
                if draw < overdue:
                    accepted = None
                elif draw < overdue + late:
                    accepted = due + dt.timedelta(days=2 + rng.below(24))
                    if accepted > plan.AS_OF:
                        accepted = None
                else:
                    accepted = due - dt.timedelta(days=rng.below(4))
            elif rng.chance(0.04) and due - dt.timedelta(days=30) <= plan.AS_OF:
                accepted = due - dt.timedelta(days=30)  # delivered early
            self.milestone(goal, name, due, weight, accepted)
        goal.due_date = max(s.due for s in self.milestones_of[goal.id])

    def ensure_version_one(self, goal: GoalRow) -> None:
        """Version 1 of an active goal, as activating it records it: in force from the
        period's start (the goals were confirmed in December), by whoever confirmed it."""
        if goal.status != ACTIVE or goal.version:
            return
        start = dt.date(plan.YEAR, 1, 1)
        self.add_version(goal, effective_from=max(start, plan.ACTIVATED_AT.date()),
                         reason=self.activated, created_by=self.label(self._confirmer(goal)),
                         approved_by="", adjustment_id=None, at=plan.ACTIVATED_AT)

    def _confirmer(self, goal: GoalRow) -> int | None:
        """Who confirmed the goal: the person's manager, the unit's head, the company's CEO."""
        if goal.person_id is not None:
            return self.people[goal.person_id].manager_id or goal.person_id
        if goal.unit_id is not None:
            return self.units[goal.unit_id].head_id
        root = next((u for code, u in self.company_root.items()
                     if self.inputs.companies[code] == goal.company_id), None)
        return root.head_id if root else None

    def current_definition(self, goal: GoalRow) -> dict[str, Any]:
        return definition(goal, self.metrics_of.get(goal.id, ()),
                          self.milestones_of.get(goal.id, ()))

    def add_version(self, goal: GoalRow, *, effective_from: dt.date, reason: str,
                    created_by: str, approved_by: str, adjustment_id: int | None,
                    at: dt.datetime) -> VersionRow:
        goal.version += 1
        row = VersionRow(
            id=self.first.version + len(self.out.versions), goal_id=goal.id,
            number=goal.version, effective_from=effective_from,
            definition=self.current_definition(goal),
            reason=reason, created_by_username=created_by, approved_by_username=approved_by,
            adjustment_id=adjustment_id, created_at=at)
        self.out.versions.append(row)
        return row


def generate(inputs: Inputs, *, seed: int, first: FirstIds | None = None) -> DemoGoals:
    """The demo group's goals for the year, with ids from `first` on."""
    if inputs.default_scheme not in inputs.schemes:
        raise ValueError("the group-default scheme is missing from the inputs")
    return Builder(inputs, seed, first or FirstIds()).build()
