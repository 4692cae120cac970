"""The attrition trainer (pure: a Dataset in, metrics and a fitted model out; no ORM, no clock).

Leak-free by construction: every step that learns from data (imputation medians, category
lists of the one-hot encoder, scaling, the classifier, its calibration) sits in ONE scikit-learn
estimator that is cloned and fitted on each training fold only; the held-out fold is only
predicted. Stratified K-fold (5, or fewer when the rarer class has fewer rows), shuffled with
the seed. Metrics per fold: ROC-AUC, PR-AUC (average precision) and Brier score; reported as
mean and standard deviation over the folds. The out-of-fold probabilities (each row predicted
by the model that did not see it) feed the reliability curve and the metrics by group.

Two algorithms:

* ``gbm`` (tables from a file): HistGradientBoostingClassifier, wrapped in a 2-fold sigmoid
  calibration (CalibratedClassifierCV) when the rarer class has at least
  ``CALIBRATE_MIN_MINORITY`` rows — a boosted model's scores are sharp, not probabilities;
* ``logistic`` (the organisation's own history: few leavers, and a model a manager can explain
  to the person): L2 logistic regression on standardized features, whose probabilities are
  already calibrated (the reliability curve on the card shows how well). Its reasons are exact:
  contribution = coefficient × standardized value (the person's distance from the population
  mean in standard deviations), in log-odds; they add up, with the intercept, to the
  prediction's log-odds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from flexperf.core.errors import Problem, ServiceError
from flexperf.predictions.engines.calibration import reliability
from flexperf.predictions.engines.fairness import group_metrics
from flexperf.predictions.tabular import Dataset

ALGORITHMS = ("gbm", "logistic")
FOLDS = 5
MIN_MINORITY = 5
CALIBRATE_MIN_MINORITY = 50
CALIBRATION_FOLDS = 2


@dataclass(frozen=True)
class Settings:
    algorithm: str = "gbm"
    folds: int = FOLDS
    seed: int = 0
    max_iter: int = 100          # boosting rounds (gbm)
    max_leaf_nodes: int = 15     # (gbm)
    learning_rate: float = 0.1   # (gbm)
    c: float = 1.0               # inverse regularisation strength (logistic)
    # Native threads (OpenMP/BLAS) per fit. One by default: on a shared or busy machine,
    # boosting's OpenMP threads spinning against other processes made a 5-fold run 10× slower.
    threads: int = 1


@dataclass(frozen=True)
class Spread:
    mean: float
    std: float

    def as_dict(self) -> dict[str, float]:
        return {"mean": round(self.mean, 4), "std": round(self.std, 4)}


@dataclass
class CvResult:
    roc_auc: Spread
    pr_auc: Spread
    brier: Spread
    folds: int
    fold_metrics: list[dict[str, float]]
    oof: np.ndarray
    calibration: list[dict[str, float]]
    groups: list[dict[str, object]]
    calibrated: bool


@dataclass
class Trained:
    cv: CvResult
    model: Any
    settings: Settings
    notes: list[str] = field(default_factory=list)


def _to_float(values: Any) -> Any:
    return np.asarray(values, dtype=np.float64)


def _to_text(values: Any) -> Any:
    return np.asarray(values, dtype=object).astype(str)


def calibrates(dataset: Dataset, settings: Settings) -> bool:
    minority = min(dataset.positives, dataset.rows - dataset.positives)
    return settings.algorithm == "gbm" and minority >= CALIBRATE_MIN_MINORITY


def build(dataset: Dataset, settings: Settings) -> Any:
    """The unfitted estimator: preprocessing + classifier (+ calibration), one object."""
    # scikit-learn is imported where it is used: it takes ~2 s, and every process that loads
    # the URLs (each CLI command's checks) would pay it otherwise.
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    n_num = len(dataset.numeric_columns)
    n_cat = len(dataset.categorical_columns)
    numeric = Pipeline([("float", FunctionTransformer(_to_float)),
                        ("impute", SimpleImputer(strategy="median",
                                                 keep_empty_features=True))])
    categorical = Pipeline([("text", FunctionTransformer(_to_text)),
                            ("onehot", OneHotEncoder(handle_unknown="ignore",
                                                     sparse_output=False))])
    parts: list[tuple[str, Any, list[int]]] = []
    if n_num:
        parts.append(("num", numeric, list(range(n_num))))
    if n_cat:
        parts.append(("cat", categorical, list(range(n_num, n_num + n_cat))))
    prep = ColumnTransformer(parts, remainder="drop")
    if settings.algorithm == "logistic":
        model = Pipeline([("prep", prep), ("scale", StandardScaler()),
                          ("clf", LogisticRegression(C=settings.c, max_iter=2000))])
        return model
    if settings.algorithm != "gbm":
        raise ServiceError(Problem("algorithm", _("unknown algorithm %(name)s")
                                   % {"name": repr(settings.algorithm)}))
    gbm = Pipeline([("prep", prep), ("clf", HistGradientBoostingClassifier(
        max_iter=settings.max_iter, learning_rate=settings.learning_rate,
        max_leaf_nodes=settings.max_leaf_nodes, early_stopping=False, random_state=settings.seed))])
    if calibrates(dataset, settings):
        return CalibratedClassifierCV(gbm, method="sigmoid", cv=CALIBRATION_FOLDS)
    return gbm


def _check(dataset: Dataset) -> int:
    positives = dataset.positives
    negatives = dataset.rows - positives
    minority = min(positives, negatives)
    if minority < MIN_MINORITY:
        raise ServiceError(Problem("target", _(
            "too few rows of one class to cross-validate: %(pos)d positive, %(neg)d negative "
            "(each needs at least %(min)d)") % {"pos": positives, "neg": negatives,
                                                 "min": MIN_MINORITY}))
    return minority


def cross_validate(dataset: Dataset, settings: Settings) -> CvResult:
    with threadpool_limits(settings.threads):
        return _cross_validate(dataset, settings)


def _cross_validate(dataset: Dataset, settings: Settings) -> CvResult:
    from sklearn.base import clone
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    minority = _check(dataset)
    folds = max(2, min(settings.folds, minority))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=settings.seed)
    template = build(dataset, settings)
    oof = np.zeros(dataset.rows, dtype=np.float64)
    fold_metrics: list[dict[str, float]] = []
    for train, test in splitter.split(dataset.x, dataset.y):
        model = clone(template)
        model.fit(dataset.x[train], dataset.y[train])
        p = model.predict_proba(dataset.x[test])[:, 1]
        oof[test] = p
        y = dataset.y[test]
        fold_metrics.append({"roc_auc": float(roc_auc_score(y, p)),
                             "pr_auc": float(average_precision_score(y, p)),
                             "brier": float(brier_score_loss(y, p))})

    def spread(key: str) -> Spread:
        values = np.array([m[key] for m in fold_metrics])
        return Spread(float(values.mean()), float(values.std(ddof=1)) if len(values) > 1 else 0.0)

    return CvResult(roc_auc=spread("roc_auc"), pr_auc=spread("pr_auc"), brier=spread("brier"),
                    folds=folds, fold_metrics=fold_metrics, oof=oof,
                    calibration=reliability(dataset.y, oof),
                    groups=group_metrics(dataset.y, oof, dataset.groups),
                    calibrated=calibrates(dataset, settings))


def train(dataset: Dataset, settings: Settings) -> Trained:
    """Cross-validate, then fit the same estimator on every row (the model that is saved)."""
    cv = cross_validate(dataset, settings)
    model = build(dataset, settings)
    with threadpool_limits(settings.threads):
        model.fit(dataset.x, dataset.y)
    return Trained(cv=cv, model=model, settings=settings)


# --- explanations (logistic) -------------------------------------------------------------


def expanded_names(model: Any, dataset_numeric: tuple[str, ...],
                   dataset_categorical: tuple[str, ...]) -> list[str]:
    """The source column of each transformed column, in order (one-hot columns repeat their
    category's source column)."""
    names = list(dataset_numeric)
    if dataset_categorical:
        encoder = model.named_steps["prep"].named_transformers_["cat"].named_steps["onehot"]
        for column, categories in zip(dataset_categorical, encoder.categories_, strict=True):
            names.extend([column] * len(categories))
    return names


def contributions(model: Any, x: np.ndarray, numeric: tuple[str, ...],
                  categorical: tuple[str, ...]) -> tuple[np.ndarray, list[str], float]:
    """Per row and source feature: coefficient × standardized value, in log-odds (one-hot
    columns of the same feature summed); the feature names; the intercept."""
    z = model.named_steps["scale"].transform(model.named_steps["prep"].transform(x))
    clf = model.named_steps["clf"]
    per_column = z * clf.coef_[0]
    sources = expanded_names(model, numeric, categorical)
    features = list(dict.fromkeys(sources))
    out = np.zeros((x.shape[0], len(features)), dtype=np.float64)
    for j, source in enumerate(sources):
        out[:, features.index(source)] += per_column[:, j]
    return out, features, float(clf.intercept_[0])
