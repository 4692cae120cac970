"""Scoring: attrition risk with the active own-history model, project-delay risk and
target-miss probability with the fixed engines. Unscoped (the contract: for insights and this
domain's own selectors, which check who may read what first); nothing is written."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from flexperf.goals.models import Goal, Measurement, Milestone, SeriesPoint, SignalLink
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
    out: dict[int, Prediction] = {}
    for i, person_id in enumerate(ids):
        reasons = [Reason(feature=name, label=feature_label(name),
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


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _season(goal_id: int) -> np.ndarray | None:
    link = SignalLink.objects.filter(goal_id=goal_id, active=True).order_by("pk").first()
    if link is None:
        return None
    monthly: dict[tuple[int, int], list[float]] = defaultdict(list)
    for on, value in SeriesPoint.objects.filter(series_id=link.series_id).values_list("on",
                                                                                      "value"):
        monthly[(on.year, on.month)].append(float(value))
    keys = sorted(monthly)
    return target_miss.seasonal_factors(np.array([m for _y, m in keys]),
                                        np.array([np.mean(monthly[k]) for k in keys]))


def target_miss_input(goal: Goal, as_of: dt.date) -> target_miss.RunRate | None:
    """The KPI goal's primary metric (largest weight, then order) as a monthly run-rate."""
    metric = goal.metrics.filter(target__isnull=False).order_by("-weight", "order", "pk").first()
    if metric is None or metric.target is None:
        return None
    period = goal.period
    if as_of < period.start:
        return None
    observed = _months(period.start, min(as_of, period.end))
    remaining = len(_months(period.start, period.end)) - len(observed)
    monthly: dict[tuple[int, int], list[float]] = defaultdict(list)
    readings = Measurement.objects.filter(metric=metric, on__gte=period.start, on__lte=as_of)
    for on, value in readings.order_by("on", "pk").values_list("on", "value"):
        monthly[(on.year, on.month)].append(float(value))
    months = [m for m in observed if m in monthly]
    if len(months) < 2:
        return None
    target = float(metric.target)
    if metric.aggregation == "last":
        levels = [monthly[m][-1] for m in months]
        origin = metric.baseline if metric.baseline is not None else metric.start
        base = [float(origin)] if origin is not None else []
        series = base + levels
        steps = np.diff(np.array(series))
        current = levels[-1]
        if steps.size < 2:
            return None
    elif metric.aggregation == "mean":
        steps = np.array([float(np.mean(monthly[m])) for m in months])
        current = float(steps.sum())
        target = target * (len(observed) + remaining)
    else:
        steps = np.array([float(np.sum(monthly[m])) for m in months])
        current = float(steps.sum())
    factors = _season(goal.pk)
    past = future = None
    if factors is not None:
        past = np.array([factors[mm - 1] for _y, mm in months[-steps.size:]])
        ahead = _months(period.start, period.end)[len(observed):]
        future = np.array([factors[mm - 1] for _y, mm in ahead])
    return target_miss.RunRate(steps=steps, current=current, remaining=remaining, target=target,
                               higher_is_better=metric.direction != "lower",
                               past_season=past, future_season=future)


def score_target_miss(goal_ids: Sequence[int], as_of: dt.date) -> dict[int, Prediction]:
    """KPI goals with at least two months of measurements → P(the final actual misses the
    target), 5,000 seeded paths (seed = goal id: the same data gives the same number)."""
    out: dict[int, Prediction] = {}
    for goal in Goal.objects.filter(pk__in=list(goal_ids), paradigm="kpi").select_related(
            "period").order_by("pk"):
        run = target_miss_input(goal, as_of)
        if run is None:
            continue
        outcome = target_miss.simulate(run, seed=goal.pk)
        reasons = tuple(Reason(feature=name, label=feature_label(name), contribution=c, value=v)
                        for name, c, v in target_miss.reasons(run, outcome, seed=goal.pk))
        p = outcome.probability
        out[goal.pk] = Prediction(probability=round(p, 4), band=band_of(p),
                                  reasons=tuple(sorted(reasons, key=lambda r: -r.contribution)),
                                  model_version=target_miss.VERSION)
    return out
