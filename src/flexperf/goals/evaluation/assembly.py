"""From rows to the engine and back: each goal in the definition in force at the as-of date,
batched by the rules and scale of its scheme, scored in one engine run per batch, and turned
into results. Plain loops over rows here (building arrays), none inside the engine."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.utils.translation import get_language

from flexperf.goals import progress as progress_rules
from flexperf.goals.evaluation.clocks import Basis, Clock
from flexperf.goals.evaluation.reading import RATED_KINDS, MetricRow, MilestoneRow, PersonRow, Rows
from flexperf.goals.evaluation.results import ComponentScore, GoalScore, PersonScore, Run
from flexperf.goals.explain import Explainer, Labels
from flexperf.goals.models import (
    Aggregation,
    Direction,
    GoalStatus,
    OkrType,
    Perspective,
    Scheme,
    SchemeComponent,
)
from flexperf.goals.progress import ProgressRules
from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.scoring import (
    SCORING_OF_KIND,
    Bools,
    Components,
    Floats,
    Goals,
    Input,
    Metrics,
    Milestones,
    Result,
    Scoring,
    rating_label,
    score,
)
from flexperf.goals.selectors import default_scheme

# Goals that count towards a scheme score (as of the date, in the definition in force).
SCORED_STATUSES = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION, GoalStatus.CLOSED)
PERSPECTIVES: tuple[str, ...] = tuple(Perspective.values)  # a measure's group index
_GROUP_OF = {name: i for i, name in enumerate(PERSPECTIVES)}
PROGRESS_RULES = ProgressRules()
# Plain strings for the per-row comparisons below (enum lookups cost time at 100,000 rows).
_LOWER, _SUM, _ASPIRATIONAL = str(Direction.LOWER), str(Aggregation.SUM), str(OkrType.ASPIRATIONAL)


def perspective_labels() -> list[str]:
    return [str(label) for label in Perspective.labels]


@dataclass(slots=True)
class _Goal:
    """A goal as scored: its current row, or its definition in force at the as-of date."""

    id: int
    title: str
    paradigm: str
    owner_kind: str
    person_id: int | None
    unit_path: str | None
    component_id: int | None
    weight: float
    status: str
    okr_type: str
    perspective_weights: dict[str, Any]
    version: int


def _f(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def _goals(rows: Rows) -> tuple[list[_Goal], list[MetricRow], list[MilestoneRow]]:
    """Goals, metrics and milestones in the definition in force at the as-of date."""
    goals = {g.id: _Goal(g.id, g.title, g.paradigm, g.owner_kind, g.person_id,
                         g.person_unit_path or g.unit_path, g.component_id, g.weight, g.status,
                         g.okr_type, g.perspective_weights or {}, g.version)
             for g in rows.goals}
    in_force = rows.in_force
    if not in_force:
        return list(goals.values()), rows.metrics, rows.milestones
    metrics = [m for m in rows.metrics if m.goal_id not in in_force]
    milestones = [m for m in rows.milestones if m.goal_id not in in_force]
    accepted = {m.id: m.accepted_on for m in rows.milestones}
    for goal_id, definition in in_force.items():
        goal = goals[goal_id]
        _apply_definition(goal, definition, rows)
        metrics += _defined_metrics(goal, definition, rows)
        milestones += [MilestoneRow(int(s["id"]), goal.id, s.get("name", ""),
                                    dt.date.fromisoformat(s["due"]), _f(s.get("weight")) or 1.0,
                                    accepted.get(int(s["id"])))
                       for s in definition.get("milestones", ())]
    return list(goals.values()), metrics, milestones


def _apply_definition(goal: _Goal, definition: Mapping[str, Any], rows: Rows) -> None:
    """The goal as its version in force defines it (JSON from `versioning.snapshot`)."""
    goal.title = definition.get("title", goal.title)
    goal.weight = _f(definition.get("weight")) or goal.weight
    goal.status = definition.get("status", goal.status)
    goal.okr_type = definition.get("okr_type", goal.okr_type) or ""
    goal.perspective_weights = definition.get("perspective_weights") or {}
    goal.component_id = definition.get("component_id", goal.component_id)
    goal.version = rows.in_force_versions.get(goal.id, goal.version)


def _defined_metrics(goal: _Goal, definition: Mapping[str, Any], rows: Rows
                     ) -> list[MetricRow]:
    """The definition's metrics; their actuals are facts and come from the measurements."""
    out = []
    for m in definition.get("metrics", ()):
        pk = int(m["id"])
        last, total, mean = rows.in_force_actuals.get(pk, (None, None, None))
        kind, aggregation = m.get("kind", ""), m.get("aggregation") or Aggregation.LAST
        actual = (mean if kind in RATED_KINDS or aggregation == Aggregation.MEAN
                  else total if aggregation == Aggregation.SUM else last)
        out.append(MetricRow(
            pk, goal.id, kind, m.get("name", ""), m.get("direction", Direction.HIGHER),
            _f(m.get("baseline")), _f(m.get("threshold")), _f(m.get("target")),
            _f(m.get("stretch")), _f(m.get("start")), _f(m.get("weight")) or 1.0,
            m.get("perspective") or "", aggregation, actual))
    return out


@dataclass
class _Subject:
    person: PersonRow
    scheme: Scheme
    components: list[tuple[SchemeComponent, int]]        # with the engine's index
    index_of: dict[int, int]                             # component id → engine index
    goals: list[int] = field(default_factory=list)       # engine goal indexes
    unassigned: list[int] = field(default_factory=list)  # engine goal indexes


def _floats(values: Sequence[float | None]) -> Floats:
    return np.asarray(values, dtype=np.float64)  # None becomes NaN


class _Batch:
    """People and goals scored under one set of rules and one scale: rows are collected, then
    turned into the engine's arrays column by column."""

    def __init__(self, rules: ScoringRules, scale: RatingScale) -> None:
        self.rules, self.scale = rules, scale
        self.subjects: list[_Subject] = []
        self.component_subject: list[int] = []
        self.component_weight: list[float] = []
        self.component_labels: list[str] = []
        self.goals: list[_Goal] = []
        self.goal_component: list[int] = []
        self.goal_clock: list[int] = []   # index into the score's clocks (0: the period's)
        self.metrics: list[MetricRow] = []
        self.metric_goal: list[int] = []
        self.milestones: list[MilestoneRow] = []
        self.milestone_goal: list[int] = []

    def add_subject(self, person: PersonRow, scheme: Scheme,
                    components: list[SchemeComponent], labels: Mapping[int, str]) -> _Subject:
        index = len(self.subjects)
        parts = []
        for component in components:
            parts.append((component, len(self.component_subject)))
            self.component_subject.append(index)
            self.component_weight.append(float(component.weight))
            self.component_labels.append(labels[component.pk])
        subject = _Subject(person, scheme, parts, {c.pk: i for c, i in parts})
        self.subjects.append(subject)
        return subject

    def add_goal(self, goal: _Goal, component: int, clock: int = 0) -> int:
        self.goals.append(goal)
        self.goal_component.append(component)
        self.goal_clock.append(clock)
        return len(self.goals) - 1

    def build(self, as_of: int, shifts: Sequence[int]) -> tuple[Input, Floats, Bools]:
        """The engine's input, and per metric its baseline and whether it is summed (for
        progress). A goal's milestone days move by its clock's shift (see `clocks`)."""
        goals = self.goals
        group_weights = np.ones((len(goals), len(PERSPECTIVES)))
        bsc = np.zeros(len(goals), dtype=np.bool_)
        for i, goal in enumerate(goals):
            if goal.paradigm == "bsc":
                bsc[i] = True
                if goal.perspective_weights:
                    group_weights[i] = [_f(goal.perspective_weights.get(p)) or 0.0
                                        for p in PERSPECTIVES]
        m = self.metrics
        columns: list[Sequence[Any]] = list(zip(*m, strict=True)) if m else [()] * 14
        (_ids, _goal_ids, kind, _names, direction, baseline, threshold, target, stretch, start,
         weight, perspective, aggregation, actual) = columns
        metric_goal = np.asarray(self.metric_goal, dtype=np.int64)
        groups = np.asarray([_GROUP_OF.get(p, 0) for p in perspective], dtype=np.int64)
        metrics = Metrics(
            goal=metric_goal,
            scoring=np.asarray([SCORING_OF_KIND[k] for k in kind], dtype=np.int8),
            higher=np.asarray([d != _LOWER for d in direction], dtype=np.bool_),
            threshold=_floats(threshold), target=_floats(target), stretch=_floats(stretch),
            start=_floats(start), actual=_floats(actual), weight=_floats(weight),
            group=np.where(bsc[metric_goal], groups, 0) if m else groups)
        s = self.milestones
        milestone_goal = np.asarray(self.milestone_goal, dtype=np.int64)
        shift = np.asarray(shifts, dtype=np.float64)[
            np.asarray(self.goal_clock, dtype=np.int64)[milestone_goal]] if s else _floats([])
        milestones = Milestones(
            goal=milestone_goal,
            due=_floats([x.due.toordinal() for x in s]) + shift,
            accepted=_floats([x.accepted_on.toordinal() if x.accepted_on else None for x in s])
            + shift,
            weight=_floats([x.weight for x in s]))
        inp = Input(
            metrics=metrics, milestones=milestones,
            goals=Goals(component=np.asarray(self.goal_component, dtype=np.int64),
                        weight=_floats([g.weight for g in goals]), group_weights=group_weights,
                        aspirational=np.asarray([g.okr_type == _ASPIRATIONAL for g in goals],
                                                dtype=np.bool_)),
            components=Components(subject=np.asarray(self.component_subject, dtype=np.int64),
                                  weight=_floats(self.component_weight)),
            subjects=len(self.subjects), as_of=float(as_of))
        return inp, _floats(baseline), np.asarray([a == _SUM for a in aggregation], np.bool_)

    def results(self, clocks: Sequence[Clock], basis: Basis
                ) -> tuple[list[GoalScore], list[PersonScore]]:
        """One engine run over the batch. The run's as-of day is the first clock's (the
        period's); other clocks' milestone days are shifted onto it, and their progress is
        judged on their own timeline (shifted alike)."""
        days = [c.engine_day for c in clocks]
        shifts = [days[0] - d for d in days]
        inp, baselines, summed = self.build(days[0], shifts)
        origin = progress_rules.origins(baselines, inp.metrics.start, inp.metrics.threshold,
                                        summed)
        progress = {c: progress_rules.goal_progress(inp, origin, clocks[c].timeline(shifts[c]),
                                                    self.rules, PROGRESS_RULES)
                    for c in sorted(set(self.goal_clock) | {0})}
        elapsed = np.asarray([c.elapsed if basis == Basis.PACED else 1.0 for c in clocks])
        goal_elapsed = elapsed[np.asarray(self.goal_clock, dtype=np.int64)]
        paced_goal = np.zeros(len(self.goals), dtype=np.bool_)
        if len(self.metrics) and (goal_elapsed < 1.0).any():
            metric_elapsed = goal_elapsed[inp.metrics.goal]
            moved = progress_rules.paced(inp, origin, metric_elapsed)
            inp = replace(inp, metrics=replace(inp.metrics, threshold=moved.threshold,
                                               target=moved.target, stretch=moved.stretch))
            pacing = (metric_elapsed < 1.0) & (inp.metrics.scoring != Scoring.RATING)
            paced_goal = np.bincount(inp.metrics.goal[pacing],
                                     minlength=len(self.goals)).astype(np.bool_)
        result = score(inp, self.rules, self.scale)
        labels = Labels(goals=[g.title for g in self.goals],
                        paradigms=[g.paradigm for g in self.goals],
                        metrics=[m.name for m in self.metrics],
                        milestones=[m.name for m in self.milestones],
                        components=self.component_labels,
                        metric_kinds=[m.kind for m in self.metrics], groups=perspective_labels(),
                        okr_types=[g.okr_type for g in self.goals])
        run = Run(Explainer(inp, result, labels, self.rules, self.scale), progress,
                  PROGRESS_RULES, list(clocks), self.goal_clock, paced_goal.tolist())
        points = result.goal_points.tolist()
        on_target = result.goal_on_target.tolist()
        goal_scores = [
            GoalScore(goal_id=g.id, title=g.title, paradigm=g.paradigm, okr_type=g.okr_type,
                      owner_kind=g.owner_kind, person_id=g.person_id,
                      component_id=g.component_id, status=g.status, version=g.version,
                      points=None if math.isnan(p) else p, on_target=t, _run=run, _index=i)
            for i, (g, p, t) in enumerate(zip(self.goals, points, on_target, strict=True))]
        return goal_scores, self._people(inp, result, run, goal_scores)

    def _people(self, inp: Input, result: Result, run: Run, goal_scores: list[GoalScore]
                ) -> list[PersonScore]:
        counted = inp.goals.component >= 0
        components = inp.goals.component[counted]
        scored = ~np.isnan(result.goal_points[counted])
        n = len(inp.components)
        goals_of = np.bincount(components, minlength=n).tolist()
        scored_of = np.bincount(components[scored], minlength=n).tolist()
        component_points = result.component_points.tolist()
        flagged = result.component_flag.tolist()
        subject_scores = result.subject_score.tolist()
        ratings = result.subject_rating.tolist()
        people = []
        for k, subject in enumerate(self.subjects):
            parts = tuple(
                ComponentScore(
                    component_id=c.pk, key=c.key, label=self.component_labels[i],
                    paradigm=c.paradigm, weight=c.weight, pay_linked=c.pay_linked,
                    points=None if math.isnan(component_points[i]) else component_points[i],
                    goals=goals_of[i], scored_goals=scored_of[i], flagged=flagged[i])
                for c, i in subject.components)
            total = subject_scores[k]
            people.append(PersonScore(
                person_id=subject.person.id, employee_number=subject.person.employee_number,
                name=subject.person.name, scheme_id=subject.scheme.pk,
                scheme_code=subject.scheme.code, scheme_name=_scheme_name(subject.scheme),
                score=None if math.isnan(total) else total,
                rating=rating_label(ratings[k], self.scale), components=parts,
                goals=tuple(goal_scores[g] for g in subject.goals),
                unassigned=tuple(goal_scores[g] for g in subject.unassigned), _run=run,
                _index=k))
        return people


def _rules_of(scheme: Scheme) -> tuple[ScoringRules, RatingScale]:
    return (ScoringRules.from_overrides(scheme.rules, field="scheme.rules"),
            RatingScale.from_json(scheme.scale, field="scheme.scale"))


def _english() -> bool:
    return (get_language() or "").startswith("en")


def component_label(component: SchemeComponent) -> str:
    return component.label_en if _english() and component.label_en else component.label


def _scheme_name(scheme: Scheme) -> str:
    return scheme.name_en if _english() and scheme.name_en else scheme.name


def evaluate(rows: Rows, basis: Basis = Basis.FULL
             ) -> tuple[list[PersonScore], dict[int, GoalScore]]:
    """Scores of the people in `rows` (in their order) and of every goal in `rows`; with
    basis PACED, targets of goals whose period runs are paced to their as-of day."""
    batches: dict[tuple[ScoringRules, RatingScale], _Batch] = {}
    by_scheme: dict[int, _Batch] = {}
    labels: dict[int, str] = {}

    def batch_for(scheme: Scheme) -> _Batch:
        if scheme.pk not in by_scheme:
            key = _rules_of(scheme)
            by_scheme[scheme.pk] = batches.setdefault(key, _Batch(*key))
            labels.update((c.pk, component_label(c)) for c in rows.components[scheme.pk])
        return by_scheme[scheme.pk]

    # People first: each one a subject with their scheme's components.
    subjects: dict[int, tuple[_Batch, _Subject]] = {}
    order: dict[int, int] = {}
    for person in rows.people:
        scheme = rows.schemes[person.unit_path]
        batch = batch_for(scheme)
        subjects[person.id] = (batch, batch.add_subject(person, scheme,
                                                        rows.components[scheme.pk], labels))
        order[person.id] = len(order)

    goals, metrics, milestones = _goals(rows)
    placed: dict[int, tuple[_Batch, int]] = {}
    clocks = [Clock(rows.period.code, rows.period.start, rows.period.end, rows.as_of)]
    clock_index: dict[Clock, int] = {clocks[0]: 0}
    for clock in rows.sub_clocks.values():
        if clock not in clock_index:
            clock_index[clock] = len(clocks)
            clocks.append(clock)

    def clock_of(goal: _Goal) -> int:
        found = rows.sub_clocks.get(goal.id)
        return 0 if found is None else clock_index[found]

    for goal in goals:
        if goal.person_id in subjects:
            if goal.status not in SCORED_STATUSES:
                continue
            batch, subject = subjects[goal.person_id]
            engine_component = subject.index_of.get(goal.component_id or 0, -1)
            g = batch.add_goal(goal, engine_component, clock_of(goal))
            (subject.goals if engine_component >= 0 else subject.unassigned).append(g)
        else:  # a unit's or company's goal, or a goal scored on its own
            batch = batch_for(rows.schemes[goal.unit_path] if goal.unit_path
                              else rows.default or default_scheme())
            g = batch.add_goal(goal, -1, clock_of(goal))
        placed[goal.id] = (batch, g)
    for metric in metrics:
        where = placed.get(metric.goal_id)
        if where is not None and metric.kind in SCORING_OF_KIND:
            where[0].metrics.append(metric)
            where[0].metric_goal.append(where[1])
    for milestone in milestones:
        where = placed.get(milestone.goal_id)
        if where is not None:
            where[0].milestones.append(milestone)
            where[0].milestone_goal.append(where[1])

    goal_scores: dict[int, GoalScore] = {}
    people: list[PersonScore] = []
    for batch in batches.values():
        scored_goals, scored_people = batch.results(clocks, basis)
        goal_scores.update((s.goal_id, s) for s in scored_goals)
        people += scored_people
    people.sort(key=lambda p: order[p.person_id])
    return people, goal_scores
