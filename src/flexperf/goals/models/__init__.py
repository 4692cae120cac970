from flexperf.goals.models.choices import (
    PARADIGM_METRICS,
    AdjustmentKind,
    AdjustmentStatus,
    Aggregation,
    Approver,
    Cadence,
    Direction,
    GoalStatus,
    MeasurementSource,
    MetricKind,
    OkrType,
    OwnerKind,
    Paradigm,
    PeriodKind,
    Perspective,
)
from flexperf.goals.models.context import Judgement, MissAnalysis
from flexperf.goals.models.dynamic import Adjustment, ExternalSeries, SeriesPoint, SignalLink
from flexperf.goals.models.goal import (
    Goal,
    GoalAlignment,
    GoalVersion,
    Measurement,
    Metric,
    MetricLink,
    Milestone,
)
from flexperf.goals.models.scheme import (
    Period,
    Scheme,
    SchemeAssignment,
    SchemeComponent,
    default_scale,
)

__all__ = [
    "PARADIGM_METRICS", "Adjustment", "AdjustmentKind", "AdjustmentStatus", "Aggregation",
    "Approver", "Cadence", "Direction", "ExternalSeries", "Goal", "GoalAlignment", "GoalStatus",
    "GoalVersion", "Judgement", "Measurement", "MeasurementSource", "Metric", "MetricKind",
    "MetricLink", "Milestone", "MissAnalysis", "OkrType", "OwnerKind", "Paradigm", "Period",
    "PeriodKind", "Perspective", "Scheme", "SchemeAssignment", "SchemeComponent",
    "SeriesPoint", "SignalLink", "default_scale",
]
