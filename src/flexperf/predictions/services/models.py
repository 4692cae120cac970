"""Training, versioning and activating models (HR admin)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.predictions import history, storage, tabular, training
from flexperf.predictions.events import ModelActivated, ModelTrained
from flexperf.predictions.models import Kind, ModelVersion

HISTORY_SEED = 0


def require_hr_admin(actor: Actor) -> None:
    if not actor.is_hr_admin:
        raise Forbidden


def _metrics(trained: training.Trained) -> dict[str, Any]:
    cv = trained.cv
    return {"roc_auc": cv.roc_auc.as_dict(), "pr_auc": cv.pr_auc.as_dict(),
            "brier": cv.brier.as_dict(), "folds": cv.folds, "calibrated": cv.calibrated,
            "per_fold": [{k: round(v, 4) for k, v in m.items()} for m in cv.fold_metrics]}


def _save(*, actor: Actor, kind: str, dataset: tabular.Dataset, trained: training.Trained,
          payload: dict[str, Any], **fields: Any) -> ModelVersion:
    with transaction.atomic():
        number = (ModelVersion.objects.select_for_update().filter(kind=kind)
                  .aggregate(n=Max("number"))["n"] or 0) + 1
        relative = storage.save(f"{kind}-v{number}", {**payload, "model": trained.model})
        version = ModelVersion.objects.create(
            kind=kind, number=number, algorithm=trained.settings.algorithm,
            created_by=actor.username, rows=dataset.rows, positives=dataset.positives,
            rows_read=dataset.rows_read, duplicates_dropped=dataset.duplicates_dropped,
            features=list(dataset.features), notes=[list(n) for n in dataset.plan.dropped],
            metrics=_metrics(trained), calibration=trained.cv.calibration,
            groups=trained.cv.groups, settings=asdict(trained.settings), file_path=relative,
            **fields)
        audit.record(actor, audit.draft_for(version, Action.CREATE, context={
            "kind": kind, "rows": version.rows, "positives": version.positives,
            "roc_auc": version.metrics["roc_auc"]["mean"]}))
        emit(ModelTrained(model_id=version.pk, kind=kind, label=version.label))
    return version


def train_attrition_from_csv(*, actor: Actor, path: str | Path, target: str, positive: str,
                             id_column: str | None = None, group_columns: Sequence[str] = (),
                             seed: int = 0, algorithm: str = "gbm") -> ModelVersion:
    """Train on an HR table from a file: evaluated and kept as a model version (its card), not
    used to score the organisation's people (its columns are the file's, not ours)."""
    require_hr_admin(actor)
    if algorithm not in training.ALGORITHMS:
        raise ServiceError(Problem("algorithm", _("one of %(names)s")
                                   % {"names": ", ".join(training.ALGORITHMS)}))
    dataset = tabular.prepare(tabular.read_csv(path), target=target, positive=positive,
                              id_column=id_column, group_columns=group_columns)
    settings = training.Settings(algorithm=algorithm, seed=seed)
    trained = training.train(dataset, settings)
    payload = {"numeric": dataset.numeric_columns, "categorical": dataset.categorical_columns}
    return _save(actor=actor, kind=Kind.ATTRITION_TABLE, dataset=dataset, trained=trained,
                 payload=payload, source=Path(path).name[:300], target=target[:200],
                 positive_value=positive[:200])


def train_attrition_from_history(*, actor: Actor, as_of: dt.date) -> ModelVersion:
    """Train the attrition model on the organisation's own leavers and stayers (see
    `predictions.history`), L2 logistic regression for exact, explainable reasons. The new
    version becomes the active one (the previous stays on record and can be re-activated)."""
    require_hr_admin(actor)
    data = history.training_set(as_of)
    settings = training.Settings(algorithm="logistic", seed=HISTORY_SEED)
    trained = training.train(data.dataset, settings)
    payload = {"numeric": data.dataset.numeric_columns,
               "categorical": data.dataset.categorical_columns,
               "signal_columns": data.signal_columns, "as_of": as_of.isoformat()}
    with transaction.atomic():
        version = _save(actor=actor, kind=Kind.ATTRITION, dataset=data.dataset,
                        trained=trained, payload=payload, source="own history",
                        as_of=as_of, window_start=data.window_start,
                        window_end=data.window_end, target="left", positive_value="left")
        version.settings = {**version.settings, **history.describe(data)}
        version.save(update_fields=["settings"])
        _activate(actor, version)
    return version


def _activate(actor: Actor, version: ModelVersion) -> None:
    ModelVersion.objects.filter(kind=version.kind, is_active=True).exclude(
        pk=version.pk).update(is_active=False)
    version.is_active = True
    version.save(update_fields=["is_active"])
    audit.record(actor, audit.draft_for(version, Action.UPDATE,
                                        changes={"is_active": [False, True]}))
    emit(ModelActivated(model_id=version.pk, kind=version.kind, label=version.label))


def activate_model(*, actor: Actor, model_id: int) -> ModelVersion:
    """Make this version the one that scores people (own-history attrition models only)."""
    require_hr_admin(actor)
    with transaction.atomic():
        version = ModelVersion.objects.select_for_update().filter(pk=model_id).first()
        if version is None:
            raise NotFound
        if version.kind != Kind.ATTRITION:
            raise ServiceError(Problem("model", _(
                "Only a model trained on the organisation's own history can score people.")))
        if not storage.load(version.file_path):
            raise ServiceError(Problem("model", _(
                "The model file is missing from the data folder; train again.")))
        if not version.is_active:
            _activate(actor, version)
    return version
