"""Attrition models on real public HR tables (``../shared/data/``, skipped when absent): the
trainer behind `flexperf insights train-attrition`, stratified 5-fold cross-validation, ROC-AUC,
PR-AUC and Brier (mean ± std over the folds), duplicates dropped first, and the wall time.

* ``HR_comma_sep.csv`` — target ``left`` = 1; 3,008 exact duplicate rows dropped before the
  folds are drawn (kept, they inflate every score);
* ``atlas_labs/Employee.csv`` — target ``Attrition`` = Yes, id ``EmployeeID`` (names dropped as
  high-cardinality text).

`--quick` trains 40 boosting rounds instead of 100. No database needed: the trainer is pure.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Report, print_table

DATA = Path(os.environ.get("FLEXPERF_SHARED_DATA", ROOT.parent / "shared" / "data"))
SETS = (
    ("HR_comma_sep", DATA / "HR_comma_sep.csv", "left", "1", None, ("salary",)),
    ("Atlas Labs", DATA / "atlas_labs" / "Employee.csv", "Attrition", "Yes", "EmployeeID",
     ("Gender",)),
)


def _plain_django() -> None:
    """The trainer's messages go through gettext: without a project (this benchmark needs no
    database), settings with translation off are enough."""
    from django.conf import settings

    if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
        settings.configure(USE_I18N=False)


def run(quick: bool = False) -> Report:
    _plain_django()
    from flexperf.predictions import tabular, training

    report = Report("attrition_real")
    settings = training.Settings(max_iter=40 if quick else 100)
    for name, path, target, positive, id_column, groups in SETS:
        if not path.is_file():
            report.details[name] = f"skipped: {path} not found"
            continue
        started = time.perf_counter()
        data = tabular.prepare(tabular.read_csv(path), target=target, positive=positive,
                               id_column=id_column, group_columns=groups)
        cv = training.cross_validate(data, settings)
        seconds = time.perf_counter() - started
        note = (f"{data.rows:,} rows ({data.duplicates_dropped:,} duplicates dropped), "
                f"{data.positives:,} positive, {len(data.features)} features")
        for metric, spread in (("ROC-AUC", cv.roc_auc), ("PR-AUC", cv.pr_auc),
                               ("Brier", cv.brier)):
            report.add(f"{name}: {metric}", round(spread.mean, 4), f"± {spread.std:.4f}", note)
        report.add(f"{name}: 5-fold train and evaluate", round(seconds, 2), "s",
                   f"gradient boosting, {settings.max_iter} rounds, "
                   f"{'sigmoid-calibrated' if cv.calibrated else 'uncalibrated'}")
        report.details[name] = {
            "rows": data.rows, "rows_read": data.rows_read,
            "duplicates_dropped": data.duplicates_dropped, "positives": data.positives,
            "features": list(data.features), "dropped": [list(d) for d in data.plan.dropped],
            "folds": cv.fold_metrics,
            "group_warnings": [g for g in cv.groups if g["warnings"]]}
    return report


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    result = run(quick="--quick" in sys.argv)
    print_table(result)
    for key, value in result.details.items():
        if isinstance(value, str):
            print(f"{key}: {value}")
