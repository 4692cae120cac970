"""The organisation's own history as a training table, and the same features for scoring.

Rows (training, as of a day):
* positives — people who left (status "left") with a leave date in the ``LOOKBACK_DAYS``
  before the as-of day; their features are taken at their leave date;
* negatives — people active or on leave at the as-of day, hired at least ``MIN_TENURE_DAYS``
  before it; their features are taken at the as-of day.

Features: tenure in years at the anchor, level rank (the digits of the level, "P5" → 5), job
family (one-hot), and — when the signals domain has weekly features — the 12-week means of its
FEATURE_COLUMNS ending two weeks before the anchor (`engines.attrition_features`). When signals
exist, leavers whose window lies before the first signals week are left out: their signals
would be missing only because they left early, and "missing" would become a proxy for leaving.
When fewer than ``MIN_COVERED_LEAVERS`` leavers remain, the model is trained without signals
(on every leaver of the lookback) rather than on a handful of rows.
Recent review ratings are not used (yet): the reviews domain publishes them per cycle, and a
leaver's last cycle is often long before they left.

Groups for the model card: gender, age band at the anchor, division (the unit under the root).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from flexperf.org.demographics import UNKNOWN, age_band
from flexperf.org.models import Person, Status, Unit
from flexperf.predictions.engines import attrition_features as af
from flexperf.predictions.tabular import Dataset, from_arrays

LOOKBACK_DAYS = 730
MIN_TENURE_DAYS = 90
# Signals are used only when at least this many leavers left inside the signals' history.
MIN_COVERED_LEAVERS = 10
BASE_NUMERIC = ("tenure_years", "level_rank")
CATEGORICAL = ("job_family",)
GROUP_DIMENSIONS = ("gender", "age_band", "unit")


@dataclass(frozen=True)
class _Person:
    id: int
    hire_date: dt.date
    leave_date: dt.date | None
    status: str
    level: str
    job_family: str
    gender: str
    birth_date: dt.date | None
    unit_id: int


@dataclass
class TrainingSet:
    dataset: Dataset
    person_ids: list[int]
    signal_columns: list[str]
    window_start: dt.date
    window_end: dt.date


# Beyond this many ids, read everyone and filter here (one query, no huge IN list).
MAX_IN_LIST = 2000


def _people(person_ids: Sequence[int] | None = None) -> list[_Person]:
    rows = Person.objects.all()
    wanted = None if person_ids is None else set(person_ids)
    if wanted is not None and len(wanted) <= MAX_IN_LIST:
        rows = rows.filter(pk__in=sorted(wanted))
    people = [_Person(**r) for r in rows.order_by("pk").values(
        "id", "hire_date", "leave_date", "status", "level", "job_family", "gender",
        "birth_date", "unit_id")]
    return people if wanted is None else [p for p in people if p.id in wanted]


def level_rank(level: str) -> float:
    digits = re.findall(r"\d+", level or "")
    return float(digits[0]) if digits else float("nan")


def _divisions() -> dict[int, str]:
    units = {u["id"]: u for u in Unit.objects.values("id", "parent_id", "name")}
    out: dict[int, str] = {}
    for uid in units:
        node = units[uid]
        while node["parent_id"] is not None and units[node["parent_id"]]["parent_id"] is not None:
            node = units[node["parent_id"]]
        out[uid] = str(node["name"])
    return out


def signal_frame(person_ids: Sequence[int] | None, start: dt.date, end: dt.date
                 ) -> tuple[pl.DataFrame, list[str]]:
    """The signals domain's weekly features, or an empty frame when it has none."""
    from flexperf.signals import selectors as signals

    frame = signals.person_week_frame(person_ids, start, end)
    return frame, [c for c in signals.FEATURE_COLUMNS if c in frame.columns]


def _features(people: Sequence[_Person], anchors: dict[int, dt.date],
              signals: dict[int, dict[str, float]], signal_columns: Sequence[str]
              ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    numeric: dict[str, list[float]] = {name: [] for name in (*BASE_NUMERIC, *signal_columns)}
    family: list[str] = []
    for p in people:
        anchor = anchors[p.id]
        numeric["tenure_years"].append(max(0.0, (anchor - p.hire_date).days / 365.25))
        numeric["level_rank"].append(level_rank(p.level))
        own = signals.get(p.id, {})
        for column in signal_columns:
            numeric[column].append(own.get(column, float("nan")))
        family.append(p.job_family or UNKNOWN)
    return ({k: np.array(v, dtype=np.float64) for k, v in numeric.items()},
            {"job_family": np.array(family, dtype=object)})


def training_set(as_of: dt.date) -> TrainingSet:
    since = as_of - dt.timedelta(days=LOOKBACK_DAYS)
    everyone = _people()
    leavers = [p for p in everyone if p.status == Status.LEFT and p.leave_date is not None
               and since < p.leave_date <= as_of]
    stayers = [p for p in everyone if p.status != Status.LEFT
               and p.hire_date <= as_of - dt.timedelta(days=MIN_TENURE_DAYS)]
    frame, columns = signal_frame(None, af.window_of(since)[0], as_of)
    covered: list[_Person] = []
    if not frame.is_empty():
        first = frame["week_start"].min()
        assert isinstance(first, dt.date)
        covered = [p for p in leavers if p.leave_date is not None
                   and af.window_of(p.leave_date)[1] > first + dt.timedelta(weeks=4)]
    if len(covered) >= MIN_COVERED_LEAVERS:
        leavers = covered
    else:  # no signals, or too few leavers inside their history: tenure, level, family only
        columns = []
    people = leavers + stayers
    leaver_ids = {p.id for p in leavers}
    anchors = {p.id: (p.leave_date if p.id in leaver_ids and p.leave_date else as_of)
               for p in people}
    signals = af.aggregate(frame, anchors, columns) if columns else {}
    # a signal nobody has in their window carries nothing: leave it out
    columns = [c for c in columns if any(c in s for s in signals.values())]
    numeric, categorical = _features(people, anchors, signals, columns)
    divisions = _divisions()
    groups = {
        "gender": np.array([p.gender or UNKNOWN for p in people], dtype=object),
        "age_band": np.array([age_band(p.birth_date, anchors[p.id]) for p in people],
                             dtype=object),
        "unit": np.array([divisions.get(p.unit_id, UNKNOWN) for p in people], dtype=object),
    }
    y = np.array([1] * len(leavers) + [0] * len(stayers), dtype=np.int64)
    window_start = min((p.leave_date for p in leavers if p.leave_date), default=as_of)
    return TrainingSet(dataset=from_arrays(numeric, y, categorical, groups),
                       person_ids=[p.id for p in people], signal_columns=columns,
                       window_start=window_start, window_end=as_of)


def scoring_rows(person_ids: Sequence[int], as_of: dt.date, signal_columns: Sequence[str]
                 ) -> tuple[list[int], np.ndarray, dict[str, list[float]]]:
    """(ids of current people among `person_ids`, feature matrix in the trained layout, the raw
    numeric values by feature for the reasons)."""
    people = [p for p in _people(person_ids) if p.status != Status.LEFT]
    if not people:
        return [], np.empty((0, 0), dtype=object), {}
    anchors = {p.id: as_of for p in people}
    signals: dict[int, dict[str, float]] = {}
    if signal_columns:
        start, _end = af.window_of(as_of)
        ids = [p.id for p in people]
        frame, _cols = signal_frame(ids if len(ids) <= MAX_IN_LIST else None, start, as_of)
        signals = af.aggregate(frame, anchors, signal_columns)
    numeric, categorical = _features(people, anchors, signals, signal_columns)
    dataset = from_arrays(numeric, np.zeros(len(people), dtype=np.int64), categorical)
    raw: dict[str, list[float]] = {k: v.tolist() for k, v in numeric.items()}
    return [p.id for p in people], dataset.x, raw


def describe(training: TrainingSet) -> dict[str, Any]:
    return {"signal_columns": training.signal_columns, "lookback_days": LOOKBACK_DAYS,
            "window_weeks": af.WINDOW_WEEKS, "gap_weeks": af.GAP_WEEKS}
