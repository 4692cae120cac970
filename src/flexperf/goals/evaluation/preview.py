"""The scoring calculator (`POST /api/v1/scoring/preview`): a scheme and goals given as plain
values go through the same checks and the same engine as stored goals; nothing is read or
stored."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError
from flexperf.core.weights import check_weights
from flexperf.goals import validation
from flexperf.goals.evaluation.assembly import PERSPECTIVES, perspective_labels
from flexperf.goals.explain import Explainer, Labels
from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.schemas.scoring import (
    BehaviourGoalIn,
    BscGoalIn,
    ComponentIn,
    CurveFields,
    GoalIn,
    KpiGoalIn,
    OkrGoalIn,
    PreviewIn,
    ProjectGoalIn,
    RatedFields,
    ServiceGoalIn,
)
from flexperf.goals.scoring import FULL, InputBuilder, rating_label, score

NO_SCORED_GOALS = "no_scored_goals"


@dataclass(frozen=True)
class PreviewComponent:
    paradigm: str
    key: str
    label: str
    weight: float
    points: float | None
    flag: str | None


@dataclass(frozen=True)
class PreviewGoal:
    paradigm: str
    component: str
    title: str
    points: float | None
    grade: float | None
    on_target: bool
    explanation: str


@dataclass(frozen=True)
class Preview:
    score: float | None
    rating: str | None
    components: list[PreviewComponent]
    goals: list[PreviewGoal]
    flags: list[str]
    explanation: list[str]


def preview(data: PreviewIn, *, today: dt.date) -> Preview:
    """Score `data`; a ServiceError lists every problem (field paths as in the body, e.g.
    `goals.1.key_results.0.target`). `today` is the default as-of day of project goals."""
    problems: list[Problem] = []
    rules, scale = _rules_and_scale(data, problems)
    components = data.scheme.components
    problems += check_weights([_decimal(c.weight) for c in components],
                              field="scheme.components")
    keys = _keys(components, problems)
    placed = [_component_of(i, goal, components, keys, problems)
              for i, goal in enumerate(data.goals)]
    for i, goal in enumerate(data.goals):
        problems += _definition_problems(i, goal, rules)
    if problems:
        raise ServiceError(problems)

    b = InputBuilder(groups=len(PERSPECTIVES))
    subject = b.add_subject()
    for c in components:
        b.add_component(subject, c.weight)
    metric_names: list[str] = []
    metric_kinds: list[str] = []
    milestone_names: list[str] = []
    for goal, k in zip(data.goals, placed, strict=True):
        _add(b, goal, k, today, metric_names, metric_kinds, milestone_names)
    inp = b.build(as_of=0)
    result = score(inp, rules, scale)
    labels = Labels(
        goals=[g.title for g in data.goals], paradigms=[g.paradigm for g in data.goals],
        metrics=metric_names, milestones=milestone_names,
        components=[c.label or key for c, key in zip(components, keys, strict=True)],
        metric_kinds=metric_kinds, groups=perspective_labels(),
        okr_types=[g.okr_type if isinstance(g, OkrGoalIn) else "" for g in data.goals])
    explainer = Explainer(inp, result, labels, rules, scale)
    total = float(result.subject_score[0])
    return Preview(
        score=_maybe(total), rating=rating_label(int(result.subject_rating[0]), scale),
        components=[
            PreviewComponent(
                paradigm=c.paradigm, key=key, label=labels.components[k], weight=c.weight,
                points=_maybe(result.component_points[k]),
                flag=NO_SCORED_GOALS if result.component_flag[k] else None)
            for k, (c, key) in enumerate(zip(components, keys, strict=True))],
        goals=[
            PreviewGoal(
                paradigm=goal.paradigm, component=keys[placed[g]], title=goal.title,
                points=_maybe(result.goal_points[g]),
                grade=(_maybe(result.goal_points[g] / FULL)
                       if goal.paradigm == "okr" else None),
                on_target=bool(result.goal_on_target[g]), explanation=explainer.goal(g))
            for g, goal in enumerate(data.goals)],
        flags=explainer.flags(0), explanation=explainer.subject_lines(0))


def _rules_and_scale(data: PreviewIn, problems: list[Problem]
                     ) -> tuple[ScoringRules, RatingScale]:
    rules, scale = ScoringRules(), RatingScale()
    try:
        rules = ScoringRules.from_overrides(data.scheme.rules, field="scheme.rules")
    except ServiceError as exc:
        problems += exc.problems
    if data.scheme.scale is not None:
        try:
            scale = RatingScale.from_json([band.model_dump() for band in data.scheme.scale],
                                          field="scheme.scale")
        except ServiceError as exc:
            problems += exc.problems
    return rules, scale


def _keys(components: list[ComponentIn], problems: list[Problem]) -> list[str]:
    keys = [c.key or c.paradigm for c in components]
    for i, key in enumerate(keys):
        first = keys.index(key)
        if first < i:
            problems.append(Problem(f"scheme.components.{i}.key", _(
                "Components %(a)d and %(b)d share the key '%(key)s': give each its own key.")
                % {"a": first, "b": i, "key": key}))
    return keys


def _component_of(i: int, goal: GoalIn, components: list[ComponentIn], keys: list[str],
                  problems: list[Problem]) -> int:
    if goal.component:
        if goal.component not in keys:
            problems.append(Problem(f"goals.{i}.component", _(
                "The scheme has no component '%(key)s'; it has: %(keys)s.")
                % {"key": goal.component, "keys": ", ".join(keys)}))
            return 0
        k = keys.index(goal.component)
        if components[k].paradigm != goal.paradigm:
            problems.append(Problem(f"goals.{i}.component", _(
                "Component '%(key)s' holds %(their)s goals, not %(paradigm)s.")
                % {"key": goal.component, "their": components[k].paradigm,
                   "paradigm": goal.paradigm}))
        return k
    matching = [k for k, c in enumerate(components) if c.paradigm == goal.paradigm]
    if len(matching) == 1:
        return matching[0]
    if not matching:
        problems.append(Problem(f"goals.{i}.paradigm", _(
            "The scheme has no %(paradigm)s component.") % {"paradigm": goal.paradigm}))
    else:
        problems.append(Problem(f"goals.{i}.component", _(
            "The scheme has several %(paradigm)s components: name one of %(keys)s.")
            % {"paradigm": goal.paradigm, "keys": ", ".join(keys[k] for k in matching)}))
    return 0


def _definition_problems(i: int, goal: GoalIn, rules: ScoringRules) -> list[Problem]:
    """The same checks as a stored goal's definition (goals.validation)."""
    at = f"goals.{i}"
    problems: list[Problem] = []
    if isinstance(goal, KpiGoalIn):
        problems += _curve_problems(goal, at)
    elif isinstance(goal, OkrGoalIn):
        for j, kr in enumerate(goal.key_results):
            problems += validation.key_result_range(
                start=_decimal(kr.start), target=_decimal(kr.target),
                field=f"{at}.key_results.{j}")
    elif isinstance(goal, BscGoalIn):
        for j, measure in enumerate(goal.measures):
            problems += _curve_problems(measure, f"{at}.measures.{j}")
        problems += validation.perspective_weights(
            goal.perspective_weights, sorted({m.perspective for m in goal.measures}),
            field=f"{at}.perspective_weights")
    elif isinstance(goal, ServiceGoalIn):
        for j, sla in enumerate(goal.sla):
            problems += _curve_problems(sla, f"{at}.sla.{j}")
        if goal.csat is not None:
            problems += _rating_problems(goal.csat, f"{at}.csat", "mean", rules)
    elif isinstance(goal, BehaviourGoalIn):
        for j, indicator in enumerate(goal.indicators):
            problems += _rating_problems(indicator, f"{at}.indicators.{j}", "rating", rules)
    return problems


def _curve_problems(curve: CurveFields, at: str) -> list[Problem]:
    return validation.kpi_thresholds(
        direction=curve.direction, threshold=_decimal(curve.threshold),
        target=_decimal(curve.target),
        stretch=None if curve.stretch is None else _decimal(curve.stretch), field=at)


def _rating_problems(rated: RatedFields, at: str, name: str, rules: ScoringRules) -> list[Problem]:
    low, high = rules.rating_min, rules.rating_max
    message = _("Ratings run from %(low)s to %(high)s.") % {
        "low": f"{low:g}", "high": f"{high:g}"}
    value = rated.value
    if rated.ratings:
        return [Problem(f"{at}.ratings.{k}", message) for k, r in enumerate(rated.ratings)
                if not low <= r <= high]
    if value is not None and not low <= value <= high:
        return [Problem(f"{at}.{name}", message)]
    return []


def _add(b: InputBuilder, goal: GoalIn, component: int, today: dt.date,
         metric_names: list[str], metric_kinds: list[str], milestone_names: list[str]) -> None:
    weights = None
    if isinstance(goal, BscGoalIn):
        weights = [goal.perspective_weights.get(p, 0.0) for p in PERSPECTIVES]
    g = b.add_goal(component, goal.weight, group_weights=weights,
                   aspirational=isinstance(goal, OkrGoalIn) and goal.okr_type == "aspirational")

    def curve(c: CurveFields, kind: str, name: str, weight: float = 1.0, group: int = 0) -> None:
        b.add_curve(g, higher=c.direction == "higher", threshold=c.threshold, target=c.target,
                    stretch=c.stretch, actual=c.actual, weight=weight, group=group)
        metric_names.append(name)
        metric_kinds.append(kind)

    def rated(r: RatedFields, kind: str) -> None:
        b.add_rating(g, value=r.value, weight=r.weight)
        metric_names.append(r.name)
        metric_kinds.append(kind)

    if isinstance(goal, KpiGoalIn):
        curve(goal, "kpi", "")
    elif isinstance(goal, OkrGoalIn):
        for kr in goal.key_results:
            b.add_key_result(g, start=kr.start, target=kr.target, current=kr.current,
                             weight=kr.weight)
            metric_names.append(kr.name)
            metric_kinds.append("key_result")
    elif isinstance(goal, BscGoalIn):
        for measure in goal.measures:
            curve(measure, "bsc_measure", measure.name, measure.weight,
                  PERSPECTIVES.index(measure.perspective))
    elif isinstance(goal, ServiceGoalIn):
        for sla in goal.sla:
            curve(sla, "sla", sla.name, sla.weight)
        if goal.csat is not None:
            rated(goal.csat, "csat")
    elif isinstance(goal, BehaviourGoalIn):
        for indicator in goal.indicators:
            rated(indicator, "behaviour")
    elif isinstance(goal, ProjectGoalIn):
        # Days counted from the goal's own as-of day, so goals judged on different days share
        # one engine run (only differences of days matter).
        as_of = goal.as_of or today
        for j, m in enumerate(goal.milestones):
            b.add_milestone(g, due=(m.due - as_of).days,
                            accepted=(m.accepted_on - as_of).days if m.accepted_on else None,
                            weight=m.weight)
            milestone_names.append(m.name or f"#{j + 1}")


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value))


def _maybe(value: float) -> float | None:
    return None if math.isnan(value) else float(value)
