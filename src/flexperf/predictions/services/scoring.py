"""Scoring: attrition risk with the active own-history model, project-delay risk and
target-miss probability with the fixed engines. Unscoped (the contract: for insights and this
domain's own selectors, which check who may read what first); nothing is written."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import F, FloatField
from django.db.models.functions import Cast

from flexperf.goals.models import Goal, Measurement, Metric, Milestone, SeriesPoint, SignalLink
from flexperf.predictions import history, storage, training
from flexperf.predictions.engines import delay, target_miss
from flexperf.predictions.labels import feature_label
from flexperf.predictions.models import Kind, ModelVersion
from flexperf.predictions.types import Prediction, Reason, band_of

TOP_REASONS = 3


def active_attrition_model() -> ModelVersion | None:
    return ModelVersion.objects.filter(kind=Kind.ATTRITION, is_active=True).first()


def _top(reasons: list[Reason]) -> tuple[Reason, ...]:
    raising = sorted((r for r in reasons if r.contribution > 0), key=lambda r: -r.contribution)
    if raising:
        return tuple(raising[:TOP_REASONS])
    return tuple(sorted(reasons, key=lambda r: -abs(r.contribution))[:TOP_REASONS])


def _value(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def score_attrition(person_ids: Sequence[int], as_of: dt.date) -> dict[int, Prediction]:
    """Current people among `person_ids` → their risk of leaving, with the active own-history
    model; {} while there is none. Reasons: coefficient × standardized value (log-odds), the
    features that raise the risk most (else the largest either way)."""
    version = active_attrition_model()
    if version is None or not person_ids:
        return {}
    payload = storage.load(version.file_path)
    if payload is None:
        return {}
    ids, x, raw = history.scoring_rows(person_ids, as_of, payload["signal_columns"])
    if not ids:
        return {}
    model: Any = payload["model"]
    numeric: tuple[str, ...] = tuple(payload["numeric"])
    categorical: tuple[str, ...] = tuple(payload["categorical"])
    probabilities = model.predict_proba(x)[:, 1]
    parts, features, _intercept = training.contributions(model, x, numeric, categorical)
    labels = {name: feature_label(name) for name in features}
    out: dict[int, Prediction] = {}
    for i, person_id in enumerate(ids):
        reasons = [Reason(feature=name, label=labels[name],
                          contribution=round(float(parts[i, j]), 4),
                          value=_value(raw[name][i]) if name in raw else None)
                   for j, name in enumerate(features)]
        p = float(probabilities[i])
        out[person_id] = Prediction(probability=round(p, 4), band=band_of(p),
                                    reasons=_top(reasons), model_version=version.label)
    return out


def score_project_delay(goal_ids: Sequence[int], as_of: dt.date) -> dict[int, Prediction]:
    """Project goals with milestones → P(the last milestone is accepted late)."""
    goals = {g.pk: g for g in Goal.objects.filter(pk__in=list(goal_ids), paradigm="project")
             .select_related("period")}
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for m in Milestone.objects.filter(goal_id__in=list(goals)).order_by("goal_id", "due", "pk"):
        milestones[m.goal_id].append(m)
    out: dict[int, Prediction] = {}
    for goal_id, goal in goals.items():
        rows = milestones.get(goal_id)
        if not rows:
            continue
        start = min(goal.period.start, *(m.due for m in rows))
        accepted = [float(m.accepted_on.toordinal()) if m.accepted_on and m.accepted_on <= as_of
                    else math.nan for m in rows]
        x = delay.features(delay.Milestones(
            due=np.array([float(m.due.toordinal()) for m in rows]),
            weight=np.array([float(m.weight) for m in rows]),
            accepted=np.array(accepted), start=float(start.toordinal()),
            as_of=float(as_of.toordinal())))
        if x is None:
            continue
        p = delay.probability(x)
        reasons = tuple(Reason(feature=name, label=feature_label(name), contribution=c, value=v)
                        for name, c, v in delay.contributions(x))
        out[goal_id] = Prediction(probability=round(p, 4), band=band_of(p),
                                  reasons=tuple(sorted(reasons, key=lambda r: -r.contribution)),
                                  model_version=delay.VERSION)
    return out


MONTH_DAYS = 365.25 / 12
RATED_KINDS = ("csat", "behaviour")  # always read as the mean (goals.evaluation.reading)


@dataclass(frozen=True)
class _Metric:
    """The primary metric of a KPI goal (largest weight, then order), as the engine needs it."""

    pk: int
    goal_id: int
    start: dt.date
    end: dt.date
    aggregation: str
    higher: bool
    target: float
    origin: float | None  # goals.progress.origins: baseline, else start, else threshold


def _float(name: str) -> Cast:
    """Numbers as floats from the database (no Decimal on the way)."""
    return Cast(F(name), FloatField())


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _level_x(day: dt.date, start: dt.date, end: dt.date) -> float:
    """The elapsed share of the period on `day` (goals.progress.Timeline.elapsed)."""
    if end <= start:
        return 1.0
    return min(max((day - start).days / (end - start).days, 0.0), 1.0)


def _series(m: _Metric, readings: list[tuple[dt.date, float]], as_of: dt.date,
            factors: np.ndarray | None) -> target_miss.Series | None:
    """One goal's readings (in order, inside the period up to as_of) → the engine's series."""
    first, last = _month_index(m.start), _month_index(m.end)
    months = float(last - first + 1)
    left = max((m.end - as_of).days, 0) / MONTH_DAYS
    higher = m.higher
    if m.aggregation == "sum":
        by_month: dict[int, float] = defaultdict(float)
        for on, value in readings:
            by_month[_month_index(on)] += value
        if not by_month:
            return None

        def weight(lo: int, hi: int) -> float:  # months lo..hi inclusive, season-weighted
            if factors is None:
                return float(hi - lo + 1)
            return float(sum(factors[k % 12] for k in range(lo, hi + 1)))

        keys = sorted(by_month)
        x, prev = [], first
        for k in keys:
            x.append(weight(prev, k))
            prev = k + 1
        return target_miss.Series(
            summed=True, x=np.array(x), y=np.array([by_month[k] for k in keys]),
            target=m.target, higher_is_better=higher,
            ahead=weight(keys[-1] + 1, last) if keys[-1] < last else 0.0,
            months=months, months_left=left)
    # A level: the actual as the goals domain reads it on each month's last reading day —
    # the latest value, or the mean so far ("mean" metrics, ratings).
    mean = m.aggregation == "mean"
    at: dict[int, tuple[dt.date, float]] = {}
    total = 0.0
    for i, (on, value) in enumerate(readings, start=1):
        total += value
        at[_month_index(on)] = (on, total / i if mean else value)
    points = [(_level_x(on, m.start, m.end), actual) for on, actual in
              (at[k] for k in sorted(at))]
    points = [(x, a) for x, a in points if x > 0]
    if not points:
        return None
    origin = m.origin
    xs = np.array([x for x, _a in points])
    ys = np.array([a for _x, a in points])
    if origin is None:  # no baseline, start or threshold: the first reading anchors the path
        if xs.size < 2 or xs[0] >= 1:
            return None
        origin, x0 = float(ys[0]), float(xs[0])
        xs, ys = (xs[1:] - x0) / (1 - x0), ys[1:]
    return target_miss.Series(summed=False, x=xs, y=ys, target=m.target,
                              higher_is_better=higher, origin=float(origin), months=months,
                              months_left=left)


def _seasons(goal_ids: Sequence[int]) -> dict[int, np.ndarray]:
    """Month-of-year factors per goal from its first active linked external series (≥ 24
    months); two queries."""
    links: dict[int, int] = {}
    for goal_id, series_id in (SignalLink.objects.filter(goal_id__in=list(goal_ids), active=True)
                               .order_by("goal_id", "pk").values_list("goal_id", "series_id")):
        links.setdefault(goal_id, series_id)
    if not links:
        return {}
    monthly: dict[int, dict[tuple[int, int], list[float]]] = defaultdict(lambda: defaultdict(list))
    for series_id, on, value in (SeriesPoint.objects.filter(series_id__in=set(links.values()))
                                 .order_by().values_list("series_id", "on", "value")):
        monthly[series_id][(on.year, on.month)].append(float(value))
    factors: dict[int, np.ndarray | None] = {}
    for series_id, points in monthly.items():
        keys = sorted(points)
        factors[series_id] = target_miss.seasonal_factors(
            np.array([mm for _y, mm in keys]), np.array([np.mean(points[k]) for k in keys]))
    return {goal_id: f for goal_id, series_id in links.items()
            if (f := factors.get(series_id)) is not None}


def target_miss_inputs(goal_ids: Sequence[int], as_of: dt.date
                       ) -> dict[int, target_miss.Series]:
    """KPI goals among `goal_ids` whose period has started → their primary metric's series.
    A fixed number of queries (goals with metrics, readings, links, series points)."""
    goals = Goal.objects.filter(pk__in=list(goal_ids), paradigm="kpi", period__start__lte=as_of)
    primary: dict[int, _Metric] = {}
    for row in (Metric.objects.filter(goal__in=goals, target__isnull=False)
                .order_by("goal_id", "-weight", "order", "pk")
                .annotate(tg=_float("target"), b=_float("baseline"), s=_float("start"),
                          th=_float("threshold"))
                .values_list("pk", "goal_id", "goal__period__start", "goal__period__end",
                             "aggregation", "kind", "direction", "tg", "b", "s", "th")):
        pk, goal_id, start, end, aggregation, kind, direction, target, *origins = row
        if goal_id in primary:
            continue
        origin = next((float(o) for o in origins if o is not None), None)
        aggregation = "mean" if kind in RATED_KINDS else aggregation
        primary[goal_id] = _Metric(pk=pk, goal_id=goal_id, start=start, end=end,
                                   aggregation=aggregation, higher=direction != "lower",
                                   target=float(target),
                                   origin=0.0 if aggregation == "sum" else origin)
    if not primary:
        return {}
    by_metric = {m.pk: m for m in primary.values()}
    readings: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    for metric_id, on, value in (Measurement.objects.filter(
            metric__goal__in=goals, metric__target__isnull=False, on__lte=as_of)
            .order_by("metric_id", "on", "pk").annotate(v=_float("value"))
            .values_list("metric_id", "on", "v")):
        m = by_metric.get(metric_id)
        if m is not None and m.start <= on <= m.end:
            readings[metric_id].append((on, float(value)))
    seasons = _seasons(list(primary))
    out: dict[int, target_miss.Series] = {}
    for goal_id, m in primary.items():
        series = _series(m, readings.get(m.pk, []), as_of, seasons.get(goal_id))
        if series is not None:
            out[goal_id] = series
    return out


def score_target_miss(goal_ids: Sequence[int], as_of: dt.date) -> dict[int, Prediction]:
    """KPI goals with readings → P(the final actual misses the target): one Bayesian Monte
    Carlo over all of them (`engines.target_miss`, 5,000 common seeded paths: the same data
    give the same number, whatever else is scored with it)."""
    inputs = target_miss_inputs(goal_ids, as_of)
    ids = sorted(inputs)
    outcomes = target_miss.score([inputs[i] for i in ids])
    out: dict[int, Prediction] = {}
    for goal_id, outcome in zip(ids, outcomes, strict=True):
        reasons = tuple(Reason(feature=name, label=feature_label(name), contribution=c, value=v)
                        for name, c, v in outcome.reasons)
        p = outcome.probability
        out[goal_id] = Prediction(probability=round(p, 4), band=band_of(p),
                                  reasons=tuple(sorted(reasons, key=lambda r: -r.contribution)),
                                  model_version=target_miss.VERSION)
    return out
