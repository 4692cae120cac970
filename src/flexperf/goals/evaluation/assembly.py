"""From rows to the engine and back: goals in the definition in force, batched by the
scheme's rules and scale, scored, and turned into results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import get_language

from flexperf.goals import progress as progress_rules
from flexperf.goals.evaluation.reading import RATED_KINDS, Rows
from flexperf.goals.evaluation.results import (
    ComponentScore,
    GoalScore,
    PersonScore,
)
from flexperf.goals.explain import Explainer, Labels
from flexperf.goals.models import (
    Aggregation,
    Direction,
    GoalStatus,
    OkrType,
    Period,
    Perspective,
    Scheme,
    SchemeComponent,
)
from flexperf.goals.progress import ProgressRules, Timeline
from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.scoring import (
    SCORING_OF_KIND,
    Input,
    InputBuilder,
    Result,
    Scoring,
    rating_label,
    score,
)
from flexperf.goals.selectors import default_scheme

# Goals that count towards a scheme score (as of the date, in the definition in force).
SCORED_STATUSES = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION, GoalStatus.CLOSED)
PERSPECTIVES: tuple[str, ...] = tuple(Perspective.values)  # a measure's group index


# --- from rows to the engine -----------------------------------------------------------------


@dataclass(slots=True)
class _Metric:
    kind: str
    name: str
    higher: bool
    baseline: float | None
    threshold: float | None
    target: float | None
    stretch: float | None
    start: float | None
    weight: float
    perspective: str
    aggregation: str
    actual: float | None


@dataclass(slots=True)
class _Milestone:
    name: str
    due: dt.date
    weight: float
    accepted_on: dt.date | None


@dataclass(slots=True)
class _Goal:
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
    metrics: list[_Metric] = field(default_factory=list)
    milestones: list[_Milestone] = field(default_factory=list)


def _f(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def _goals(rows: Rows) -> list[_Goal]:
    """Goals with their metrics and milestones, in the definition in force at the as-of date."""
    goals: dict[int, _Goal] = {}
    for (pk, title, paradigm, owner_kind, person_id, component_id, weight, status, okr_type,
         perspective_weights, version, person_path, unit_path) in rows.goals:
        goals[pk] = _Goal(pk, title, paradigm, owner_kind, person_id, person_path or unit_path,
                          component_id, float(weight), status, okr_type,
                          perspective_weights or {}, version)
    accepted: dict[int, dt.date | None] = {}
    for pk, goal_id, name, due, weight, accepted_on in rows.milestones:
        accepted[pk] = accepted_on
        goal = goals[goal_id]
        if goal_id not in rows.in_force:
            goal.milestones.append(_Milestone(name, due, float(weight), accepted_on))
    for (_pk, goal_id, kind, name, direction, baseline, threshold, target, stretch, start,
         weight, perspective, aggregation, actual) in rows.metrics:
        if goal_id in rows.in_force:
            continue
        goals[goal_id].metrics.append(_Metric(
            kind, name, direction != Direction.LOWER, _f(baseline), _f(threshold), _f(target),
            _f(stretch), _f(start), float(weight), perspective, aggregation, actual))
    for goal_id, definition in rows.in_force.items():
        _apply_definition(goals[goal_id], definition, rows, accepted)
    return list(goals.values())


def _apply_definition(goal: _Goal, definition: Mapping[str, Any], rows: Rows,
                      accepted: Mapping[int, dt.date | None]) -> None:
    goal.title = definition.get("title", goal.title)
    goal.weight = _f(definition.get("weight")) or goal.weight
    goal.status = definition.get("status", goal.status)
    goal.okr_type = definition.get("okr_type", goal.okr_type) or ""
    goal.perspective_weights = definition.get("perspective_weights") or {}
    goal.component_id = definition.get("component_id", goal.component_id)
    goal.version = rows.in_force_versions.get(goal.id, goal.version)
    for m in definition.get("metrics", ()):
        last, total, mean = rows.in_force_actuals.get(int(m["id"]), (None, None, None))
        kind, aggregation = m.get("kind", ""), m.get("aggregation", Aggregation.LAST)
        value = (mean if kind in RATED_KINDS or aggregation == Aggregation.MEAN
                 else total if aggregation == Aggregation.SUM else last)
        goal.metrics.append(_Metric(
            kind, m.get("name", ""), m.get("direction") != Direction.LOWER, _f(m.get("baseline")),
            _f(m.get("threshold")), _f(m.get("target")), _f(m.get("stretch")),
            _f(m.get("start")), _f(m.get("weight")) or 1.0, m.get("perspective") or "",
            aggregation, value))
    for s in definition.get("milestones", ()):
        goal.milestones.append(_Milestone(s.get("name", ""), dt.date.fromisoformat(s["due"]),
                                          _f(s.get("weight")) or 1.0,
                                          accepted.get(int(s["id"]))))


class _Batch:
    """People and goals scored under one set of rules and one scale."""

    def __init__(self, rules: ScoringRules, scale: RatingScale) -> None:
        self.rules, self.scale = rules, scale
        self.builder = InputBuilder(groups=len(PERSPECTIVES))
        self.goals: list[_Goal] = []
        self.titles: list[str] = []
        self.paradigms: list[str] = []
        self.okr_types: list[str] = []
        self.metric_names: list[str] = []
        self.metric_kinds: list[str] = []
        self.milestone_names: list[str] = []
        self.component_labels: list[str] = []
        self.baselines: list[float] = []
        self.summed: list[bool] = []
        # (subject index, person row, scheme, [(component, engine index)], [goal index]...)
        self.subjects: list[_Subject] = []

    def add_goal(self, goal: _Goal, component: int) -> int:
        b = self.builder
        weights = None
        if goal.paradigm == "bsc" and goal.perspective_weights:
            weights = [_f(goal.perspective_weights.get(p)) or 0.0 for p in PERSPECTIVES]
        g = b.add_goal(component, goal.weight, group_weights=weights,
                       aspirational=goal.okr_type == OkrType.ASPIRATIONAL)
        self.goals.append(goal)
        self.titles.append(goal.title)
        self.paradigms.append(goal.paradigm)
        self.okr_types.append(goal.okr_type)
        for m in goal.metrics:
            scoring = SCORING_OF_KIND.get(m.kind)
            if scoring is None:
                continue
            if scoring == Scoring.CURVE:
                group = PERSPECTIVES.index(m.perspective) if m.perspective in PERSPECTIVES else 0
                b.add_curve(g, higher=m.higher, threshold=m.threshold, target=m.target,
                            stretch=m.stretch, actual=m.actual, weight=m.weight,
                            group=group if goal.paradigm == "bsc" else 0)
            elif scoring == Scoring.KEY_RESULT:
                b.add_key_result(g, start=m.start, target=m.target, current=m.actual,
                                 weight=m.weight)
            else:
                b.add_rating(g, value=m.actual, weight=m.weight, target=m.target)
            self.metric_names.append(m.name)
            self.metric_kinds.append(m.kind)
            self.baselines.append(np.nan if m.baseline is None else m.baseline)
            self.summed.append(m.aggregation == Aggregation.SUM)
        for s in goal.milestones:
            b.add_milestone(g, due=s.due.toordinal(),
                            accepted=s.accepted_on.toordinal() if s.accepted_on else None,
                            weight=s.weight)
            self.milestone_names.append(s.name)
        return g

    def run(self, timeline: Timeline) -> tuple[Input, Result, progress_rules.Progress, Explainer]:
        # On the period's last day the period is over: a milestone due that day and not
        # accepted is past due (else a final score would never count it).
        over = timeline.as_of >= timeline.end
        inp = self.builder.build(as_of=int(timeline.as_of) + (1 if over else 0))
        result = score(inp, self.rules, self.scale)
        origin = progress_rules.origins(np.asarray(self.baselines, dtype=np.float64),
                                        inp.metrics.start, inp.metrics.threshold,
                                        np.asarray(self.summed, dtype=np.bool_))
        progress = progress_rules.goal_progress(inp, origin, timeline, self.rules)
        labels = Labels(goals=self.titles, paradigms=self.paradigms, metrics=self.metric_names,
                        milestones=self.milestone_names, components=self.component_labels,
                        metric_kinds=self.metric_kinds, groups=perspective_labels(),
                        okr_types=self.okr_types)
        return inp, result, progress, Explainer(inp, result, labels, self.rules, self.scale)


@dataclass
class _Subject:
    row: tuple[Any, ...]
    scheme: Scheme
    components: list[tuple[SchemeComponent, int]]
    goals: list[int] = field(default_factory=list)       # engine goal indexes
    unassigned: list[int] = field(default_factory=list)  # engine goal indexes


def perspective_labels() -> list[str]:
    return [str(label) for label in Perspective.labels]


def _rules_of(scheme: Scheme) -> tuple[ScoringRules, RatingScale]:
    return (ScoringRules.from_overrides(scheme.rules, field="scheme.rules"),
            RatingScale.from_json(scheme.scale, field="scheme.scale"))


def _label(component: SchemeComponent) -> str:
    english = (get_language() or "").startswith("en")
    return component.label_en if english and component.label_en else component.label


def _scheme_name(scheme: Scheme) -> str:
    english = (get_language() or "").startswith("en")
    return scheme.name_en if english and scheme.name_en else scheme.name


def _timeline(period: Period, as_of: dt.date) -> Timeline:
    return Timeline(start=period.start.toordinal(), end=period.end.toordinal(),
                    as_of=as_of.toordinal())


def evaluate(rows: Rows) -> tuple[list[PersonScore], dict[int, GoalScore]]:
    goals = _goals(rows)
    batches: dict[tuple[ScoringRules, RatingScale], _Batch] = {}
    rules_cache: dict[int, tuple[ScoringRules, RatingScale]] = {}

    def batch_for(scheme: Scheme) -> _Batch:
        if scheme.pk not in rules_cache:
            rules_cache[scheme.pk] = _rules_of(scheme)
        key = rules_cache[scheme.pk]
        if key not in batches:
            batches[key] = _Batch(*key)
        return batches[key]

    # People first: each one a subject with their scheme's components.
    subjects: dict[int, tuple[_Batch, _Subject]] = {}
    for row in rows.people:
        scheme = rows.schemes[row[3]]
        batch = batch_for(scheme)
        index = batch.builder.add_subject()
        parts = []
        for component in rows.components[scheme.pk]:
            parts.append((component, batch.builder.add_component(index, float(component.weight))))
            batch.component_labels.append(_label(component))
        subject = _Subject(row, scheme, parts)
        batch.subjects.append(subject)
        subjects[row[0]] = (batch, subject)

    for goal in goals:
        if goal.person_id in subjects:
            if goal.status not in SCORED_STATUSES:
                continue
            batch, subject = subjects[goal.person_id]
            engine_component = next((i for c, i in subject.components
                                     if c.pk == goal.component_id), -1)
            g = batch.add_goal(goal, engine_component)
            (subject.goals if engine_component >= 0 else subject.unassigned).append(g)
        else:
            owner_scheme = (rows.schemes[goal.unit_path] if goal.unit_path
                            else rows.default or default_scheme())
            batch = batch_for(owner_scheme)
            batch.add_goal(goal, -1)

    timeline = _timeline(rows.period, rows.as_of)
    goal_scores: dict[int, GoalScore] = {}
    persons: list[tuple[str, int, PersonScore]] = []
    for batch in batches.values():
        inp, result, progress, explainer = batch.run(timeline)
        batch_goals = [_goal_score(batch, i, result, progress, explainer)
                       for i in range(len(batch.goals))]
        for goal_score in batch_goals:
            goal_scores[goal_score.goal_id] = goal_score
        scored_goals = np.bincount(inp.goals.component[inp.goals.component >= 0][
            ~np.isnan(result.goal_points[inp.goals.component >= 0])],
            minlength=len(inp.components))
        counted = np.bincount(inp.goals.component[inp.goals.component >= 0],
                              minlength=len(inp.components))
        for s, subject in enumerate(batch.subjects):
            persons.append((subject.row[1], subject.row[0], _person_score(
                subject, s, result, batch, batch_goals, scored_goals, counted, explainer)))
    persons.sort(key=lambda item: (item[0], item[1]))
    return [p for _n, _pk, p in persons], goal_scores


def _goal_score(batch: _Batch, i: int, result: Result, progress: progress_rules.Progress,
                explainer: Explainer) -> GoalScore:
    goal = batch.goals[i]
    points = float(result.goal_points[i])
    return GoalScore(
        goal_id=goal.id, title=goal.title, paradigm=goal.paradigm, okr_type=goal.okr_type,
        owner_kind=goal.owner_kind, person_id=goal.person_id, component_id=goal.component_id,
        status=goal.status, version=goal.version,
        points=None if np.isnan(points) else points, on_target=bool(result.goal_on_target[i]),
        progress=progress_rules.verdict(progress, i, ProgressRules()),
        _explainer=explainer, _index=i)


def _person_score(subject: _Subject, s: int, result: Result, batch: _Batch,
                  batch_goals: list[GoalScore], scored_goals: Any, counted: Any,
                  explainer: Explainer) -> PersonScore:
    components = []
    for component, c in subject.components:
        value = float(result.component_points[c])
        components.append(ComponentScore(
            component_id=component.pk, key=component.key, label=_label(component),
            paradigm=component.paradigm, weight=component.weight,
            pay_linked=component.pay_linked, points=None if np.isnan(value) else value,
            goals=int(counted[c]), scored_goals=int(scored_goals[c]),
            flagged=bool(result.component_flag[c])))
    total = float(result.subject_score[s])
    pk, number, name, _path = subject.row
    return PersonScore(
        person_id=pk, employee_number=number, name=name, scheme_id=subject.scheme.pk,
        scheme_code=subject.scheme.code, scheme_name=_scheme_name(subject.scheme),
        score=None if np.isnan(total) else total,
        rating=rating_label(int(result.subject_rating[s]), batch.scale),
        components=tuple(components), goals=tuple(batch_goals[g] for g in subject.goals),
        unassigned=tuple(batch_goals[g] for g in subject.unassigned),
        _explainer=explainer, _index=s)
