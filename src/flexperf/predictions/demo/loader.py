"""Predictions demo: the own-history attrition model trained on the demo's leavers and stayers
(with the signals demo's weekly features when they are loaded), so model cards exist.

Runs after the org demo (which has about a thousand leavers over three years) and, when loaded,
the signals demo. Deterministic for the seed: the model's folds and fit use the seed, and the
version is dated on the demo's calendar (org demo's AS_OF).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from flexperf.core.actors import Actor
from flexperf.org.demo.generator import AS_OF
from flexperf.predictions.models import Kind, ModelVersion
from flexperf.predictions.services import train_attrition_from_history


def predictions_demo_loaded() -> bool:
    return ModelVersion.objects.filter(kind=Kind.ATTRITION).exists()


def load_predictions_demo(*, actor: Actor, seed: int) -> dict[str, int]:
    del seed  # the own-history model is deterministic (fixed folds and regularisation)
    with transaction.atomic():
        version = train_attrition_from_history(actor=actor, as_of=AS_OF)
        version.created_at = dt.datetime.combine(AS_OF, dt.time(6, 0), tzinfo=dt.UTC)
        version.save(update_fields=["created_at"])
    return {"models": 1, "rows": version.rows, "leavers": version.positives,
            "features": len(version.features),
            "roc_auc_permille": round(1000 * version.metrics["roc_auc"]["mean"])}
