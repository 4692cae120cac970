"""Reliability (calibration) curve: predicted probability against observed frequency."""

from __future__ import annotations

import numpy as np

BINS = 10


def reliability(y: np.ndarray, p: np.ndarray, bins: int = BINS) -> list[dict[str, float]]:
    """Equal-width bins of the predicted probability ([0, 0.1), …, [0.9, 1.0]); for each
    non-empty bin: mean predicted, observed positive rate and row count."""
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0)
    index = np.minimum((p * bins).astype(np.int64), bins - 1)
    points: list[dict[str, float]] = []
    for b in range(bins):
        mask = index == b
        n = int(mask.sum())
        if n:
            points.append({"bin": float(b), "predicted": round(float(p[mask].mean()), 4),
                           "observed": round(float(y[mask].mean()), 4), "n": float(n)})
    return points


def expected_calibration_error(points: list[dict[str, float]]) -> float:
    """Row-weighted mean |observed − predicted| over the bins."""
    total = sum(pt["n"] for pt in points)
    if not total:
        return 0.0
    return sum(pt["n"] * abs(pt["observed"] - pt["predicted"]) for pt in points) / total
