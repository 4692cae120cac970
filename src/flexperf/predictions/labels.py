"""Words for features, reasons, bands and warnings, in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FEATURE_LABELS: dict[str, Promise] = {
    "tenure_years": _("Tenure (years)"),
    "level_rank": _("Level"),
    "job_family": _("Job family"),
    "throughput": _("Tasks completed per week"),
    "on_time_rate": _("On-time rate"),
    "quality_avg": _("Quality feedback"),
    "hours": _("Hours per week"),
    "after_hours_share": _("Share of after-hours work"),
    "meeting_hours": _("Meeting hours per week"),
    "collaboration_breadth": _("Collaboration breadth"),
    "cross_unit_interactions": _("Cross-unit interactions"),
    "checkin_recency_days": _("Days since the last check-in"),
    "feedback_given": _("Feedback given"),
    "feedback_received": _("Feedback received"),
    "recognition_given": _("Recognition given"),
    "recognition_received": _("Recognition received"),
    "goal_trajectory_gap": _("Gap to the goals' expected path"),
    "overdue_tasks": _("Overdue tasks"),
    "milestones_missed": _("Milestones missed"),
    "slip": _("Milestone slippage"),
    "progress_gap": _("Progress behind plan"),
    "run_rate_gap": _("Run-rate against the rate needed"),
    "volatility": _("Volatility of the run-rate"),
    "remaining_periods": _("Months remaining"),
}

BAND_LABELS: dict[str, Promise] = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
}

WARNING_LABELS: dict[str, Promise] = {
    "auc_gap": _("ROC-AUC differs from the overall by more than 0.05"),
    "selection_ratio": _("Flagged rate outside 0.8–1.25 × the overall"),
}

DIMENSION_LABELS: dict[str, Promise] = {
    "gender": _("Gender"),
    "age_band": _("Age band"),
    "unit": _("Division"),
}


def feature_label(name: str) -> str:
    label = FEATURE_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ")


def dimension_label(name: str) -> str:
    label = DIMENSION_LABELS.get(name)
    return str(label) if label is not None else name


def band_label(band: str) -> str:
    label = BAND_LABELS.get(band)
    return str(label) if label is not None else band
