"""Writes and scoring of the predictions domain (the contract's names)."""

from flexperf.predictions.services.models import (
    activate_model,
    train_attrition_from_csv,
    train_attrition_from_history,
)
from flexperf.predictions.services.scoring import (
    score_attrition,
    score_project_delay,
    score_target_miss,
)

__all__ = [
    "activate_model",
    "score_attrition",
    "score_project_delay",
    "score_target_miss",
    "train_attrition_from_csv",
    "train_attrition_from_history",
]
