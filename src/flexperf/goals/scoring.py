"""The one scoring engine (G1–G7): arrays in, arrays out.

No ORM, no clock, no I/O: the database side (`goals.evaluation`), the scoring preview API, the
review cycles and the digital twin all hand this module the same struct of arrays and read the
same result. Every rule number comes from `ScoringRules`; ratings from a `RatingScale`.

Shape of the input (one row per item, items refer to each other by position):

* metrics — goal, how it scores (KPI curve, key result, rating), direction, threshold, target,
  stretch (NaN: none, the target caps), start (key results), actual (NaN: no measurement, not
  scored), weight, group (a scorecard perspective's index, else 0);
* milestones — goal, due day, accepted day (NaN: not accepted), weight; days are any integer
  day numbers (`date.toordinal()`), only differences and the as-of day matter;
* goals — component (−1: counts towards none, e.g. a unit's goal, still scored), weight within
  the component, one weight per group (a scorecard's perspective weights; 1 elsewhere),
  aspirational (OKRs: on target from `aspirational_on_target`);
* components — subject (the person), weight in the scheme;
* the number of subjects and the as-of day.

Nothing is rounded here: round only for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from flexperf.goals.rules import RatingScale, ScoringRules

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.int8]

FULL = 100.0  # points of a fully met objective, milestone or top rating
# Scores this close under a rating minimum or the on-target level reach it: float noise of
# weighted means (e.g. 109.99999999999999 for 110) must not cost a rating.
EPSILON = 1e-9


class Scoring(IntEnum):
    """How a metric scores."""

    CURVE = 0        # KPI, scorecard measure, SLA: threshold → target → stretch
    KEY_RESULT = 1   # OKR: (current − start) / (target − start), clamped to 0–1
    RATING = 2       # behaviour rating, internal-customer survey: min–max → 0–100


# Metric kinds (goals.models.MetricKind values) and how each scores.
SCORING_OF_KIND: dict[str, Scoring] = {
    "kpi": Scoring.CURVE, "bsc_measure": Scoring.CURVE, "sla": Scoring.CURVE,
    "key_result": Scoring.KEY_RESULT, "csat": Scoring.RATING, "behaviour": Scoring.RATING,
}


class Band(IntEnum):
    """Where a metric's actual fell: the explanation names it."""

    NOT_SCORED = 0
    BELOW_THRESHOLD = 1      # 0 points
    TO_TARGET = 2            # threshold ≤ actual < target
    TO_STRETCH = 3           # target ≤ actual < stretch
    AT_STRETCH = 4           # actual at or beyond the stretch: the cap
    AT_TARGET_NO_STRETCH = 5  # actual at or beyond the target, no stretch: target points
    KR_NOT_STARTED = 6       # key result at or behind its start: grade 0
    KR_PARTIAL = 7
    KR_DONE = 8              # at or beyond the target: grade 1
    RATED = 9


class MilestoneState(IntEnum):
    NOT_DUE = 0    # not accepted and not yet past due: not scored
    ON_TIME = 1    # accepted on or before the due day
    LATE = 2       # accepted late, above the floor
    LATE_FLOOR = 3  # accepted so late that the floor applies
    MISSED = 4     # past due and not accepted


def _floats(values: npt.ArrayLike) -> Floats:
    return np.asarray(values, dtype=np.float64)


def _ints(values: npt.ArrayLike) -> Ints:
    return np.asarray(values, dtype=np.int64)


def _same_length(name: str, **arrays: npt.NDArray[np.generic]) -> None:
    lengths = {key: len(value) for key, value in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"{name}: arrays of different lengths {lengths}")


@dataclass(frozen=True)
class Metrics:
    goal: Ints
    scoring: Codes
    higher: Bools
    threshold: Floats
    target: Floats
    stretch: Floats
    start: Floats
    actual: Floats
    weight: Floats
    group: Ints

    def __post_init__(self) -> None:
        _same_length("metrics", **{f.name: getattr(self, f.name) for f in fields(self)})

    def __len__(self) -> int:
        return len(self.goal)


@dataclass(frozen=True)
class Milestones:
    goal: Ints
    due: Floats
    accepted: Floats
    weight: Floats

    def __post_init__(self) -> None:
        _same_length("milestones", goal=self.goal, due=self.due, accepted=self.accepted,
                     weight=self.weight)

    def __len__(self) -> int:
        return len(self.goal)


@dataclass(frozen=True)
class Goals:
    component: Ints
    weight: Floats
    group_weights: Floats  # shape (goals, groups)
    aspirational: Bools

    def __post_init__(self) -> None:
        _same_length("goals", component=self.component, weight=self.weight,
                     group_weights=self.group_weights, aspirational=self.aspirational)
        if self.group_weights.ndim != 2:
            raise ValueError("goals: group_weights must be a (goals, groups) matrix")

    def __len__(self) -> int:
        return len(self.component)

    @property
    def groups(self) -> int:
        return int(self.group_weights.shape[1])


@dataclass(frozen=True)
class Components:
    subject: Ints
    weight: Floats

    def __post_init__(self) -> None:
        _same_length("components", subject=self.subject, weight=self.weight)

    def __len__(self) -> int:
        return len(self.subject)


@dataclass(frozen=True)
class Input:
    metrics: Metrics
    milestones: Milestones
    goals: Goals
    components: Components
    subjects: int
    as_of: float

    def __post_init__(self) -> None:
        for name, refs, size in (("metrics.goal", self.metrics.goal, len(self.goals)),
                                 ("milestones.goal", self.milestones.goal, len(self.goals)),
                                 ("metrics.group", self.metrics.group, self.goals.groups)):
            if len(refs) and (refs.min() < 0 or refs.max() >= size):
                raise ValueError(f"{name} refers outside 0..{size - 1}")
        for name, refs, size in (("goals.component", self.goals.component, len(self.components)),
                                 ("components.subject", self.components.subject, self.subjects)):
            if len(refs) and (refs.min() < -1 or refs.max() >= size):
                raise ValueError(f"{name} refers outside -1..{size - 1}")


@dataclass(frozen=True)
class Result:
    metric_points: Floats        # NaN: not scored
    metric_band: Codes           # Band
    milestone_points: Floats     # NaN: not scored (not yet due)
    milestone_state: Codes       # MilestoneState
    milestone_days_late: Floats  # NaN unless accepted (by the as-of day)
    group_points: Floats         # (goals, groups): weighted mean of a group's scored metrics
    goal_points: Floats          # NaN: nothing scored yet
    goal_on_target: Bools
    component_points: Floats     # NaN: no scored goals
    component_flag: Bools        # True: no scored goals, left out of the score
    subject_score: Floats        # NaN: no component scored
    subject_rating: Ints         # index into the scale's labels; −1 without a score
    subject_weight_used: Floats  # Σ weights of the scored components (the divisor)
    subject_weight_total: Floats  # Σ weights of all components


def score(inp: Input, rules: ScoringRules | None = None, scale: RatingScale | None = None
          ) -> Result:
    """Score everything in `inp`: metrics → goals → components → subjects → ratings."""
    rules = rules or ScoringRules()
    scale = scale or RatingScale()
    metric_points, band = metric_scores(inp.metrics, rules)
    milestone_points, state, days_late = milestone_scores(inp.milestones, inp.as_of, rules)
    group_points, from_metrics = _metric_means(inp, metric_points)
    group_points = np.clip(group_points, 0.0, rules.kpi_cap_points)
    from_milestones = weighted_means(inp.milestones.goal, milestone_points,
                                     inp.milestones.weight, len(inp.goals))
    # A goal is measured by its metrics, or, with none scored, by its milestones (a paradigm
    # has one or the other).
    goal_points = np.clip(np.where(np.isnan(from_metrics), from_milestones, from_metrics),
                          0.0, rules.kpi_cap_points)
    level = np.where(inp.goals.aspirational, rules.aspirational_on_target, 1.0) * FULL
    on_target = goal_points + EPSILON >= level  # False for NaN

    comp = inp.goals.component
    counted = comp >= 0
    # Weighted means of values within [0, cap] stay there, but for float noise: clip.
    component_points = np.clip(weighted_means(comp[counted], goal_points[counted],
                                              inp.goals.weight[counted], len(inp.components)),
                               0.0, rules.kpi_cap_points)
    component_flag = np.isnan(component_points)
    subject_score = weighted_means(inp.components.subject, component_points,
                                   inp.components.weight, inp.subjects)
    subject_score = np.clip(subject_score, 0.0, rules.kpi_cap_points)
    used = _sums(inp.components.subject, np.where(component_flag, 0.0, inp.components.weight),
                 inp.subjects)
    total = _sums(inp.components.subject, inp.components.weight, inp.subjects)
    return Result(
        metric_points=metric_points, metric_band=band, milestone_points=milestone_points,
        milestone_state=state, milestone_days_late=days_late, group_points=group_points,
        goal_points=goal_points, goal_on_target=on_target, component_points=component_points,
        component_flag=component_flag, subject_score=subject_score,
        subject_rating=rate(subject_score, scale), subject_weight_used=used,
        subject_weight_total=total,
    )


def _sums(index: Ints, weights: Floats, size: int) -> Floats:
    return np.bincount(index, weights=weights, minlength=size).astype(np.float64, copy=False)


def weighted_means(index: Ints, values: Floats, weights: Floats, size: int) -> Floats:
    """Per slot of `index`: Σ w·v / Σ w over the items whose value is not NaN (NaN when none,
    or when their weights add up to 0)."""
    known = ~np.isnan(values)
    w = np.where(known, weights, 0.0)
    numerator = _sums(index, w * np.where(known, values, 0.0), size)
    denominator = _sums(index, w, size)
    means = np.full(size, np.nan)
    np.divide(numerator, denominator, out=means, where=denominator > 0)
    return means


def _metric_means(inp: Input, values: Floats) -> tuple[Floats, Floats]:
    """Two-level weighted mean of per-metric values: within each group (perspective) by metric
    weight, then across the groups that have values by the goal's group weights. Returns the
    group means (goals × groups) and the goal means."""
    n, groups = len(inp.goals), inp.goals.groups
    slot = inp.metrics.goal * groups + inp.metrics.group
    group_means = weighted_means(slot, values, inp.metrics.weight, n * groups).reshape(n, groups)
    goal_means = np.full(n, np.nan)
    if groups == 1:
        goal_means = group_means[:, 0].copy()
    else:
        present = ~np.isnan(group_means)
        gw = np.where(present, inp.goals.group_weights, 0.0)
        denominator = gw.sum(axis=1)
        numerator = (gw * np.where(present, group_means, 0.0)).sum(axis=1)
        np.divide(numerator, denominator, out=goal_means, where=denominator > 0)
    return group_means, goal_means


def goal_means(inp: Input, values: Floats) -> Floats:
    """Per goal, per-metric `values` combined as the engine combines metric points (weighted
    within a perspective, then across perspectives). Progress uses it for the same weights."""
    return _metric_means(inp, values)[1]


def metric_scores(metrics: Metrics, rules: ScoringRules) -> tuple[Floats, Codes]:
    """Points per metric (NaN: not scored) and the band each actual fell in."""
    n = len(metrics)
    points = np.full(n, np.nan)
    band = np.zeros(n, dtype=np.int8)
    for kind, scorer in ((Scoring.CURVE, _curve), (Scoring.KEY_RESULT, _key_result),
                         (Scoring.RATING, _rating)):
        rows = np.flatnonzero(metrics.scoring == kind)
        if len(rows):
            points[rows], band[rows] = scorer(metrics, rows, rules)
    return points, band


def _curve(m: Metrics, rows: Ints, rules: ScoringRules) -> tuple[Floats, Codes]:
    # Lower-is-better mirrors higher-is-better: negate every value.
    sign = np.where(m.higher[rows], 1.0, -1.0)
    x, threshold = m.actual[rows] * sign, m.threshold[rows] * sign
    target, stretch = m.target[rows] * sign, m.stretch[rows] * sign
    low, mid, cap = rules.kpi_threshold_points, rules.kpi_target_points, rules.kpi_cap_points
    has_stretch = ~np.isnan(stretch)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        to_target = low + (x - threshold) / (target - threshold) * (mid - low)
        to_stretch = mid + (x - target) / (stretch - target) * (cap - mid)
    reached = x >= target
    cases = [x < threshold, (x >= threshold) & (x < target),
             reached & has_stretch & (x < stretch), reached & has_stretch & (x >= stretch),
             reached & ~has_stretch]
    points = np.select(cases, [np.zeros_like(x), to_target, to_stretch,
                               np.full_like(x, cap), np.full_like(x, mid)], default=np.nan)
    band = np.select(cases, [Band.BELOW_THRESHOLD, Band.TO_TARGET, Band.TO_STRETCH,
                             Band.AT_STRETCH, Band.AT_TARGET_NO_STRETCH],
                     default=Band.NOT_SCORED).astype(np.int8)
    return np.clip(points, 0.0, cap), band


def _key_result(m: Metrics, rows: Ints, rules: ScoringRules) -> tuple[Floats, Codes]:
    start, target, current = m.start[rows], m.target[rows], m.actual[rows]
    span = target - start
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        raw = np.where(span != 0, (current - start) / span, np.nan)
    grade = np.clip(raw, 0.0, 1.0)
    band = np.select([raw <= 0, raw >= 1, (raw > 0) & (raw < 1)],
                     [Band.KR_NOT_STARTED, Band.KR_DONE, Band.KR_PARTIAL],
                     default=Band.NOT_SCORED).astype(np.int8)
    return FULL * grade, band


def _rating(m: Metrics, rows: Ints, rules: ScoringRules) -> tuple[Floats, Codes]:
    value = m.actual[rows]
    share = np.clip((value - rules.rating_min) / (rules.rating_max - rules.rating_min), 0.0, 1.0)
    band = np.where(np.isnan(value), Band.NOT_SCORED, Band.RATED).astype(np.int8)
    return FULL * share, band


def milestone_scores(milestones: Milestones, as_of: float, rules: ScoringRules
                     ) -> tuple[Floats, Codes, Floats]:
    """Points per milestone (NaN: not yet due), its state, and days late when accepted.

    An acceptance after the as-of day had not happened yet on that day."""
    due = milestones.due
    accepted = np.where(milestones.accepted <= as_of, milestones.accepted, np.nan)
    is_accepted = ~np.isnan(accepted)
    days_late = np.where(is_accepted, np.maximum(accepted - due, 0.0), np.nan)
    late_points = np.maximum(FULL - rules.project_late_penalty_per_day * days_late,
                             rules.project_late_floor)
    late = is_accepted & (days_late > 0)
    floored = late & (FULL - rules.project_late_penalty_per_day * days_late
                      <= rules.project_late_floor)
    missed = ~is_accepted & (due < as_of)
    points = np.select([is_accepted & ~late, late, missed],
                       [np.full_like(due, FULL), late_points, np.zeros_like(due)],
                       default=np.nan)
    state = np.select([is_accepted & ~late, floored, late, missed],
                      [MilestoneState.ON_TIME, MilestoneState.LATE_FLOOR, MilestoneState.LATE,
                       MilestoneState.MISSED], default=MilestoneState.NOT_DUE).astype(np.int8)
    return points, state, days_late


def rate(scores: Floats, scale: RatingScale) -> Ints:
    """Index into `scale.labels` for each score (−1 for NaN)."""
    ascending = np.asarray(sorted(scale.minimums), dtype=np.float64)
    reached = np.searchsorted(ascending, scores + EPSILON, side="right")
    return np.where(np.isnan(scores), -1, len(ascending) - reached).astype(np.int64)


def rating_label(index: int, scale: RatingScale) -> str | None:
    return scale.labels[index] if index >= 0 else None


# --- building an input from plain values ---------------------------------------------------


def _nan(value: float | None) -> float:
    return np.nan if value is None else float(value)


@dataclass
class InputBuilder:
    """Collects rows one by one (previews, tests, the database side) and hands the engine
    arrays. Each `add_*` returns the new row's index."""

    groups: int = 1
    _subjects: int = 0
    _components: list[tuple[int, float]] = field(default_factory=list)
    _goals: list[tuple[int, float, tuple[float, ...], bool]] = field(default_factory=list)
    _metrics: list[tuple[int, int, bool, float, float, float, float, float, float, int]] = (
        field(default_factory=list))
    _milestones: list[tuple[int, float, float, float]] = field(default_factory=list)

    def add_subject(self) -> int:
        self._subjects += 1
        return self._subjects - 1

    def add_component(self, subject: int, weight: float) -> int:
        self._components.append((subject, float(weight)))
        return len(self._components) - 1

    def add_goal(self, component: int, weight: float, *,
                 group_weights: Sequence[float] | None = None, aspirational: bool = False) -> int:
        weights = tuple(float(w) for w in group_weights) if group_weights else (1.0,) * self.groups
        if len(weights) != self.groups:
            raise ValueError(f"a goal needs {self.groups} group weights, got {len(weights)}")
        self._goals.append((component, float(weight), weights, aspirational))
        return len(self._goals) - 1

    def add_curve(self, goal: int, *, higher: bool, threshold: float | None,
                  target: float | None, stretch: float | None, actual: float | None,
                  weight: float = 1.0, group: int = 0) -> int:
        self._metrics.append((goal, Scoring.CURVE, higher, _nan(threshold), _nan(target),
                              _nan(stretch), np.nan, _nan(actual), float(weight), group))
        return len(self._metrics) - 1

    def add_key_result(self, goal: int, *, start: float | None, target: float | None,
                       current: float | None, weight: float = 1.0) -> int:
        self._metrics.append((goal, Scoring.KEY_RESULT, True, np.nan, _nan(target), np.nan,
                              _nan(start), _nan(current), float(weight), 0))
        return len(self._metrics) - 1

    def add_rating(self, goal: int, *, value: float | None, weight: float = 1.0,
                   target: float | None = None) -> int:
        """`target` does not change the points; progress measures the way towards it."""
        self._metrics.append((goal, Scoring.RATING, True, np.nan, _nan(target), np.nan, np.nan,
                              _nan(value), float(weight), 0))
        return len(self._metrics) - 1

    def add_milestone(self, goal: int, *, due: int, accepted: int | None,
                      weight: float = 1.0) -> int:
        self._milestones.append((goal, float(due), _nan(accepted), float(weight)))
        return len(self._milestones) - 1

    def build(self, as_of: int) -> Input:
        m = self._metrics
        metrics = Metrics(
            goal=_ints([r[0] for r in m]), scoring=np.asarray([r[1] for r in m], dtype=np.int8),
            higher=np.asarray([r[2] for r in m], dtype=np.bool_),
            threshold=_floats([r[3] for r in m]), target=_floats([r[4] for r in m]),
            stretch=_floats([r[5] for r in m]), start=_floats([r[6] for r in m]),
            actual=_floats([r[7] for r in m]), weight=_floats([r[8] for r in m]),
            group=_ints([r[9] for r in m]),
        )
        s = self._milestones
        milestones = Milestones(goal=_ints([r[0] for r in s]), due=_floats([r[1] for r in s]),
                                accepted=_floats([r[2] for r in s]),
                                weight=_floats([r[3] for r in s]))
        g = self._goals
        goals = Goals(
            component=_ints([r[0] for r in g]), weight=_floats([r[1] for r in g]),
            group_weights=_floats([r[2] for r in g]).reshape(len(g), self.groups),
            aspirational=np.asarray([r[3] for r in g], dtype=np.bool_),
        )
        c = self._components
        components = Components(subject=_ints([r[0] for r in c]),
                                weight=_floats([r[1] for r in c]))
        return Input(metrics=metrics, milestones=milestones, goals=goals,
                     components=components, subjects=self._subjects, as_of=float(as_of))
