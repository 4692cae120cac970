"""Plain-language explanations of the engine's numbers, per goal and per scheme.

Built from the engine's input (the values that went in, the rule numbers) and its result (every
number it printed as an outcome): there is no second formula here that could disagree. The
sentences are translatable; the arithmetic inside them is written the same in every language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.scoring import (
    FULL,
    Band,
    Input,
    Ints,
    MilestoneState,
    Result,
    Scoring,
    rating_label,
)


def number(value: float) -> str:
    """An input value as people write it: 110, 1.5, 0.125 (up to 4 decimals)."""
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def points(value: float) -> str:
    """Points for display, one decimal: 110.0."""
    return f"{value:.1f}"


def grade(value: float) -> str:
    return f"{value:.2f}"


@dataclass(frozen=True)
class Labels:
    """Names for the engine's rows (same order as the input), for the sentences."""

    goals: Sequence[str]
    paradigms: Sequence[str]          # per goal: kpi, okr, bsc, project, service, behaviour
    metrics: Sequence[str]
    milestones: Sequence[str]
    components: Sequence[str]
    metric_kinds: Sequence[str] = ()  # per metric: kpi, key_result, csat, … ("" unknown)
    groups: Sequence[str] = ()        # per group index: perspective names
    okr_types: Sequence[str] = ()     # per goal: committed / aspirational / ""


class Explainer:
    """Explanations for one engine run; indexes are built on first use, so creating one for a
    whole period costs nothing until a page asks for a sentence."""

    def __init__(self, inp: Input, result: Result, labels: Labels, rules: ScoringRules,
                 scale: RatingScale) -> None:
        self.inp, self.result, self.labels = inp, result, labels
        self.rules, self.scale = rules, scale

    # -- indexes: rows of a goal, goals of a component, components of a subject ------------

    @cached_property
    def _metric_rows(self) -> tuple[Ints, Ints]:
        return _grouped(self.inp.metrics.goal, len(self.inp.goals))

    @cached_property
    def _milestone_rows(self) -> tuple[Ints, Ints]:
        return _grouped(self.inp.milestones.goal, len(self.inp.goals))

    @cached_property
    def _goal_rows(self) -> tuple[Ints, Ints]:
        component = self.inp.goals.component
        counted = np.flatnonzero(component >= 0)
        order, bounds = _grouped(component[counted], len(self.inp.components))
        return counted[order], bounds

    @cached_property
    def _component_rows(self) -> tuple[Ints, Ints]:
        return _grouped(self.inp.components.subject, self.inp.subjects)

    def metrics_of(self, goal: int) -> Ints:
        return _slice(self._metric_rows, goal)

    def milestones_of(self, goal: int) -> Ints:
        return _slice(self._milestone_rows, goal)

    def goals_of(self, component: int) -> Ints:
        return _slice(self._goal_rows, component)

    def components_of(self, subject: int) -> Ints:
        return _slice(self._component_rows, subject)

    # -- goals ------------------------------------------------------------------------------

    def goal(self, g: int) -> str:
        return " ".join(self.goal_lines(g))

    def goal_lines(self, g: int) -> list[str]:
        paradigm = self.labels.paradigms[g] if g < len(self.labels.paradigms) else ""
        metrics = self.metrics_of(g)
        milestones = self.milestones_of(g)
        lines = [self.metric_line(int(m)) for m in metrics]
        lines += [self.milestone_line(int(s)) for s in milestones]
        total = float(self.result.goal_points[g])
        scored_metrics = int(np.count_nonzero(~np.isnan(self.result.metric_points[metrics])))
        scored_milestones = int(np.count_nonzero(
            ~np.isnan(self.result.milestone_points[milestones])))
        if math.isnan(total):
            if len(lines) != 1:  # a single part has said it already
                lines.append(_("Nothing is scored yet, so the goal has no points."))
            return lines
        if paradigm == "okr":
            lines.append(self._objective_line(g, scored_metrics))
        elif self.inp.goals.groups > 1 and paradigm == "bsc":
            lines += self._scorecard_lines(g)
        elif scored_metrics > 1 or len(metrics) > 1:
            lines.append(ngettext(
                "Goal: weighted mean of %(n)d scored measure = %(points)s points.",
                "Goal: weighted mean of %(n)d scored measures = %(points)s points.",
                scored_metrics) % {"n": scored_metrics, "points": points(total)})
        elif scored_milestones and not len(metrics):
            lines.append(ngettext(
                "Project: weighted mean of %(n)d scored milestone = %(points)s points.",
                "Project: weighted mean of %(n)d scored milestones = %(points)s points.",
                scored_milestones) % {"n": scored_milestones, "points": points(total)})
        return lines

    def _objective_line(self, g: int, scored: int) -> str:
        total = float(self.result.goal_points[g])
        okr_type = self.labels.okr_types[g] if g < len(self.labels.okr_types) else ""
        aspirational = bool(self.inp.goals.aspirational[g])
        level = self.rules.aspirational_on_target if aspirational else 1.0
        values = {"n": scored, "grade": grade(total / FULL), "points": points(total),
                  "level": grade(level)}
        text = ngettext(
            "Objective grade = weighted mean of %(n)d key-result grade = %(grade)s → "
            "%(points)s points.",
            "Objective grade = weighted mean of %(n)d key-result grades = %(grade)s → "
            "%(points)s points.", scored) % values
        if aspirational or okr_type == "committed":
            verdict = (_("Aspirational: on target from %(level)s — on target.") if aspirational
                       else _("Committed: on target at %(level)s — on target."))
            if not self.result.goal_on_target[g]:
                verdict = (_("Aspirational: on target from %(level)s — not yet.")
                           if aspirational else
                           _("Committed: on target at %(level)s — not yet."))
            text += " " + verdict % values
        return text

    def _scorecard_lines(self, g: int) -> list[str]:
        group_points = self.result.group_points[g]
        weights = self.inp.goals.group_weights[g]
        used = [k for k in range(len(group_points)) if not math.isnan(group_points[k])]
        lines = []
        rows = self.metrics_of(g)
        for k in used:
            n = int(np.count_nonzero((self.inp.metrics.group[rows] == k)
                                     & ~np.isnan(self.result.metric_points[rows])))
            name = self.labels.groups[k] if k < len(self.labels.groups) else str(k)
            lines.append(ngettext(
                "%(perspective)s (weight %(weight)s): weighted mean of %(n)d measure = "
                "%(points)s points.",
                "%(perspective)s (weight %(weight)s): weighted mean of %(n)d measures = "
                "%(points)s points.", n) % {
                    "perspective": name, "weight": number(weights[k]), "n": n,
                    "points": points(group_points[k])})
        formula = _weighted_formula([(float(weights[k]), float(group_points[k])) for k in used])
        lines.append(_("Scorecard: %(formula)s = %(points)s points.")
                     % {"formula": formula, "points": points(self.result.goal_points[g])})
        return lines

    def metric_line(self, m: int) -> str:
        metrics, result = self.inp.metrics, self.result
        name = self.labels.metrics[m] if m < len(self.labels.metrics) else ""
        kind = Scoring(int(metrics.scoring[m]))
        if kind == Scoring.CURVE:
            text = self._curve_text(m)
        elif kind == Scoring.KEY_RESULT:
            text = self._key_result_text(m)
        else:
            text = self._rating_text(m)
        if result.metric_band[m] != Band.NOT_SCORED and metrics.weight[m] != 1:
            text += " " + _("(weight %(weight)s)") % {"weight": number(metrics.weight[m])}
        return f"{name}: {text}" if name else text

    def _curve_text(self, m: int) -> str:
        metrics, rules = self.inp.metrics, self.rules
        band = Band(int(self.result.metric_band[m]))
        higher = bool(metrics.higher[m])
        actual, threshold = float(metrics.actual[m]), float(metrics.threshold[m])
        target, stretch = float(metrics.target[m]), float(metrics.stretch[m])
        p = float(self.result.metric_points[m])
        values = {"actual": number(actual), "threshold": number(threshold),
                  "target": number(target), "stretch": number(stretch), "points": points(p)}
        if band == Band.NOT_SCORED:
            return _("No value measured yet: not scored.")
        if band == Band.BELOW_THRESHOLD:
            text = _("Actual %(actual)s misses the threshold %(threshold)s: %(points)s points.")
        elif band == Band.TO_TARGET:
            values["formula"] = _interpolation(rules.kpi_threshold_points, actual, threshold,
                                               target, rules.kpi_target_points
                                               - rules.kpi_threshold_points, higher)
            text = _("Actual %(actual)s is between threshold %(threshold)s and target "
                     "%(target)s: %(formula)s = %(points)s points.")
        elif band == Band.TO_STRETCH:
            values["formula"] = _interpolation(rules.kpi_target_points, actual, target, stretch,
                                               rules.kpi_cap_points - rules.kpi_target_points,
                                               higher)
            text = _("Actual %(actual)s is between target %(target)s and stretch %(stretch)s: "
                     "%(formula)s = %(points)s points.")
        elif band == Band.AT_STRETCH:
            text = _("Actual %(actual)s reaches the stretch %(stretch)s: capped at %(points)s "
                     "points.")
        else:
            text = _("Actual %(actual)s reaches the target %(target)s and there is no stretch: "
                     "%(points)s points.")
        text = text % values
        if not higher:
            text += " " + _("(Lower is better.)")
        return text

    def _key_result_text(self, m: int) -> str:
        metrics = self.inp.metrics
        band = Band(int(self.result.metric_band[m]))
        values = {"current": number(metrics.actual[m]), "start": number(metrics.start[m]),
                  "target": number(metrics.target[m])}
        if band == Band.NOT_SCORED:
            return _("No current value yet: not graded.")
        values["grade"] = grade(self.result.metric_points[m] / FULL)
        if band == Band.KR_NOT_STARTED:
            return _("Current %(current)s has not moved beyond the start %(start)s: grade "
                     "%(grade)s.") % values
        if band == Band.KR_DONE:
            return _("Current %(current)s reaches the target %(target)s: grade %(grade)s.") % values
        return _("(%(current)s − %(start)s) / (%(target)s − %(start)s) = grade %(grade)s.") % values

    def _rating_text(self, m: int) -> str:
        value = float(self.inp.metrics.actual[m])
        if math.isnan(value):
            return _("Not rated yet: not scored.")
        low, high = self.rules.rating_min, self.rules.rating_max
        values = {"value": number(value), "min": number(low), "max": number(high),
                  "range": number(high - low), "points": points(self.result.metric_points[m])}
        kind = self.labels.metric_kinds[m] if m < len(self.labels.metric_kinds) else ""
        if kind == "csat":
            return _("Survey mean %(value)s on %(min)s–%(max)s: (%(value)s − %(min)s) / "
                     "%(range)s × 100 = %(points)s points.") % values
        return _("Rated %(value)s on %(min)s–%(max)s: (%(value)s − %(min)s) / %(range)s × 100 "
                 "= %(points)s points.") % values

    def milestone_line(self, s: int) -> str:
        state = MilestoneState(int(self.result.milestone_state[s]))
        name = self.labels.milestones[s] if s < len(self.labels.milestones) else ""
        days = self.result.milestone_days_late[s]
        values = {"name": name, "points": number(self.result.milestone_points[s]),
                  "days": number(days) if not math.isnan(days) else "",
                  "penalty": number(self.rules.project_late_penalty_per_day),
                  "floor": number(self.rules.project_late_floor)}
        if state == MilestoneState.ON_TIME:
            return _("Milestone '%(name)s' accepted on time: %(points)s.") % values
        if state == MilestoneState.LATE:
            return ngettext("Milestone '%(name)s' accepted %(days)s day late: 100 − %(days)s × "
                            "%(penalty)s = %(points)s.",
                            "Milestone '%(name)s' accepted %(days)s days late: 100 − %(days)s × "
                            "%(penalty)s = %(points)s.", int(days)) % values
        if state == MilestoneState.LATE_FLOOR:
            return ngettext("Milestone '%(name)s' accepted %(days)s day late: 100 − %(days)s × "
                            "%(penalty)s is below the floor, so %(points)s.",
                            "Milestone '%(name)s' accepted %(days)s days late: 100 − %(days)s × "
                            "%(penalty)s is below the floor, so %(points)s.", int(days)) % values
        if state == MilestoneState.MISSED:
            return _("Milestone '%(name)s' is past due and not accepted: %(points)s.") % values
        return _("Milestone '%(name)s' is not due yet: not scored.") % values

    # -- components and the scheme ----------------------------------------------------------

    def component_line(self, c: int) -> str:
        label = self.labels.components[c] if c < len(self.labels.components) else str(c)
        weight = number(self.inp.components.weight[c])
        if self.result.component_flag[c]:
            subject = int(self.inp.components.subject[c])
            return _("Component '%(label)s' has no scored goals: left out and the other "
                     "weights re-normalised (%(used)s of %(total)s counted).") % {
                "label": label, "used": number(self.result.subject_weight_used[subject]),
                "total": number(self.result.subject_weight_total[subject])}
        goals = self.goals_of(c)
        n = int(np.count_nonzero(~np.isnan(self.result.goal_points[goals])))
        return ngettext(
            "Component '%(label)s' (weight %(weight)s): weighted mean of %(n)d scored goal = "
            "%(points)s points.",
            "Component '%(label)s' (weight %(weight)s): weighted mean of %(n)d scored goals = "
            "%(points)s points.", n) % {
                "label": label, "weight": weight, "n": n,
                "points": points(self.result.component_points[c])}

    def subject_lines(self, s: int) -> list[str]:
        components = self.components_of(s)
        lines = [self.component_line(int(c)) for c in components]
        lines.append(self.score_line(s))
        return lines

    def score_line(self, s: int) -> str:
        score = float(self.result.subject_score[s])
        if math.isnan(score):
            return _("No component has scored goals yet: no score.")
        components = [int(c) for c in self.components_of(s) if not self.result.component_flag[c]]
        formula = _weighted_formula([(float(self.inp.components.weight[c]),
                                      float(self.result.component_points[c]))
                                     for c in components])
        index = int(self.result.subject_rating[s])
        label = rating_label(index, self.scale) or ""
        minimum = self.scale.bands[index][1] if index >= 0 else None
        values = {"formula": formula, "score": points(score), "rating": label,
                  "min": number(minimum) if minimum is not None else ""}
        if minimum is None:
            return _("Score = %(formula)s = %(score)s → rating %(rating)s.") % values
        return _("Score = %(formula)s = %(score)s → rating %(rating)s (from %(min)s).") % values

    def flags(self, s: int) -> list[str]:
        """One sentence per component left out of the score."""
        out = []
        for c in self.components_of(s):
            if self.result.component_flag[c]:
                label = self.labels.components[c] if c < len(self.labels.components) else str(c)
                out.append(_("Component '%(label)s' has no scored goals: left out of the score.")
                           % {"label": label})
        return out


def _grouped(keys: Ints, size: int) -> tuple[Ints, Ints]:
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(size + 1), side="left")
    return order.astype(np.int64), bounds.astype(np.int64)


def _slice(index: tuple[Ints, Ints], key: int) -> Ints:
    order, bounds = index
    return order[bounds[key]:bounds[key + 1]]


def _interpolation(base: float, actual: float, low: float, high: float, span: float,
                   higher: bool) -> str:
    """"100 + (110 − 100) / (120 − 100) × 20"; lower-is-better measures distances downwards."""
    a, lo, hi = number(actual), number(low), number(high)
    ratio = f"({a} − {lo}) / ({hi} − {lo})" if higher else f"({lo} − {a}) / ({lo} − {hi})"
    return f"{number(base)} + {ratio} × {number(span)}"


def _weighted_formula(terms: list[tuple[float, float]]) -> str:
    """"(70 × 104.0 + 30 × 80.0) / 100"."""
    total = sum(w for w, _p in terms)
    inner = " + ".join(f"{number(w)} × {points(p)}" for w, p in terms)
    return f"({inner}) / {number(total)}"
