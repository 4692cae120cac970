"""Metrics of a model by group (gender, age band, unit, or any `--group` column) from
out-of-fold predictions, with the warnings a model card shows.

For each group: rows, positives, observed positive rate, mean predicted probability, ROC-AUC
(when the group holds both classes) and the selection rate — the share of the group the model
flags for attention (predicted probability ≥ the "medium" band, 0.25). Warnings:

* ``auc_gap``: the group's ROC-AUC differs from the overall ROC-AUC by more than 0.05 (the model
  ranks this group's people noticeably better or worse);
* ``selection_ratio``: group selection rate ÷ overall selection rate is below 0.8 or above
  1.25 (the four-fifths rule, both ways: a group flagged much more, or much less, than
  everyone).

A group with fewer than 30 rows is "too few to judge": its size and rates are shown, nothing is
warned about it. Missing values form their own group.
"""

from __future__ import annotations

import numpy as np

from flexperf.predictions.types import MEDIUM

AUC_GAP = 0.05
RATIO_LOW = 0.8
RATIO_HIGH = 1.25
MIN_GROUP = 30


def _auc(y: np.ndarray, p: np.ndarray) -> float | None:
    if y.min() == y.max():
        return None
    # Imported here: scikit-learn takes ~2 s to import, and every process that loads the URLs
    # (each CLI command's checks) would pay it otherwise.
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


def group_metrics(y: np.ndarray, p: np.ndarray, groups: dict[str, np.ndarray], *,
                  threshold: float = MEDIUM, min_group: int = MIN_GROUP,
                  auc_gap: float = AUC_GAP) -> list[dict[str, object]]:
    """One row per (dimension, group), dimensions in the given order, groups by size (largest
    first, then name)."""
    y = np.asarray(y, dtype=np.int64)
    p = np.asarray(p, dtype=np.float64)
    overall_auc = _auc(y, p)
    overall_selection = float((p >= threshold).mean()) if len(p) else 0.0
    rows: list[dict[str, object]] = []
    for dimension, values in groups.items():
        labels = np.asarray(values, dtype=object).astype(str)
        names, counts = np.unique(labels, return_counts=True)
        for name, _count in sorted(zip(names, counts, strict=True), key=lambda t: (-t[1], t[0])):
            mask = labels == name
            gy, gp = y[mask], p[mask]
            n = int(mask.sum())
            selection = float((gp >= threshold).mean())
            auc = _auc(gy, gp)
            ratio = selection / overall_selection if overall_selection > 0 else None
            too_few = n < min_group
            warnings: list[str] = []
            if not too_few:
                if auc is not None and overall_auc is not None and \
                        abs(auc - overall_auc) > auc_gap:
                    warnings.append("auc_gap")
                if ratio is not None and not RATIO_LOW <= ratio <= RATIO_HIGH:
                    warnings.append("selection_ratio")
            rows.append({
                "dimension": dimension, "group": str(name), "rows": n,
                "positives": int(gy.sum()), "positive_rate": round(float(gy.mean()), 4),
                "mean_predicted": round(float(gp.mean()), 4),
                "roc_auc": None if auc is None else round(auc, 4),
                "selection_rate": round(selection, 4),
                "selection_ratio": None if ratio is None else round(ratio, 4),
                "too_few": too_few, "warnings": warnings,
            })
    return rows
