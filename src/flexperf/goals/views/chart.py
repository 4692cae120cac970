"""A metric's progress chart, drawn on the server as inline SVG: its values over the period
against the expected path and the target (no chart library, no script).

Only geometry is worked out here. What a value means comes from the evaluation: the actual of a
day is the period's values up to it, combined as the metric combines them (latest value, sum,
mean); the expected path starts where `goals.progress` starts it (`progress.origins`) and
reaches the target at the period's end; a rating is a level, expected at its target (else the
top of the scale) all along.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from flexperf.goals import progress
from flexperf.goals.models import Aggregation, Metric, MetricKind
from flexperf.goals.rules import ScoringRules
from flexperf.goals.selectors.goals import MeasurementView
from flexperf.goals.validation import RATED

WIDTH, HEIGHT = 760, 230
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 12, 26


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    on: dt.date
    value: float


@dataclass(frozen=True)
class Tick:
    at: float
    label: str
    day: dt.date | None = None


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    actual: str            # the polyline's points
    dots: list[Dot]
    expected: Line | None  # origin at the period's start → target at its end (or a level)
    target: Line | None
    threshold: Line | None
    stretch: Line | None
    today: Line | None
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    plot: Line             # the plot area's corners: (left, top) → (right, bottom)
    latest: float | None   # the actual as of the last value

    @property
    def plot_width(self) -> float:
        return self.plot.x2 - self.plot.x1

    @property
    def plot_height(self) -> float:
        return self.plot.y2 - self.plot.y1

    @property
    def y_label_x(self) -> float:
        return self.plot.x1 - 6

    @property
    def x_label_y(self) -> float:
        return self.height - 8


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def actuals(metric: Metric, points: Sequence[MeasurementView]) -> list[tuple[dt.date, float]]:
    """The metric's actual after each value: latest, running sum or running mean."""
    mean = metric.kind in RATED or metric.aggregation == Aggregation.MEAN
    out: list[tuple[dt.date, float]] = []
    total = 0.0
    for i, point in enumerate(sorted(points, key=lambda p: (p.on, p.id))):
        value = float(point.value)
        total += value
        if mean:
            out.append((point.on, total / (i + 1)))
        elif metric.aggregation == Aggregation.SUM:
            out.append((point.on, total))
        else:
            out.append((point.on, value))
    # One value per day: the day's last (a chart of the day's running value).
    by_day: dict[dt.date, float] = {}
    for day, value in out:
        by_day[day] = value
    return sorted(by_day.items())


def origin_of(metric: Metric) -> float | None:
    """Where the expected path starts (the rule of `goals.progress`)."""
    values = [np.asarray([np.nan if v is None else v], dtype=np.float64)
              for v in (_f(metric.baseline), _f(metric.start), _f(metric.threshold))]
    summed = np.asarray([metric.aggregation == Aggregation.SUM])
    start = float(progress.origins(values[0], values[1], values[2], summed)[0])
    return None if math.isnan(start) else start


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About `count` round values (1, 2 or 5 × 10ⁿ apart) covering low–high."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _label(value: float) -> str:
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def metric_chart(metric: Metric, points: Sequence[MeasurementView], *, start: dt.date,
                 end: dt.date, as_of: dt.date, rules: ScoringRules) -> Chart:
    series = actuals(metric, points)
    rated = metric.kind in RATED
    target = _f(metric.target)
    if rated:
        level = target if target is not None else rules.rating_max
        origin: float | None = level
        target = level
    else:
        origin = origin_of(metric)
    threshold = _f(metric.threshold) if metric.kind != MetricKind.KEY_RESULT else None
    stretch = _f(metric.stretch)
    values = [v for _d, v in series] + [v for v in (origin, target, threshold, stretch)
                                          if v is not None]
    if rated:
        values += [rules.rating_min, rules.rating_max]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    days = max((end - start).days, 1)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + (day - start).days / days * (right - LEFT), 1)

    def y(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * (bottom - TOP), 1)

    def level_line(value: float | None) -> Line | None:
        return None if value is None else Line(LEFT, y(value), right, y(value))

    dots = [Dot(x(d), y(v), d, v) for d, v in series]
    expected = None
    if origin is not None and target is not None:
        expected = Line(LEFT, y(origin), right, y(target))
    today = Line(x(as_of), TOP, x(as_of), bottom) if start <= as_of <= end else None
    y_ticks = [Tick(y(v), _label(v)) for v in nice_ticks(low, high)]
    months = []
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    step = max(1, math.ceil(len(months) / 12))
    x_ticks = [Tick(x(d), "", d) for d in months[::step]]
    return Chart(
        width=WIDTH, height=HEIGHT, actual=" ".join(f"{d.x},{d.y}" for d in dots), dots=dots,
        expected=expected, target=None if rated else level_line(target),
        threshold=level_line(threshold), stretch=level_line(stretch), today=today,
        y_ticks=y_ticks, x_ticks=x_ticks, plot=Line(LEFT, TOP, right, bottom),
        latest=series[-1][1] if series else None)
