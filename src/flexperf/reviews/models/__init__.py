from flexperf.reviews.models.calibration import CalibrationSession, RatingChange
from flexperf.reviews.models.choices import (
    LOCKED_PHASES,
    PHASE_ORDER,
    Basis,
    Phase,
    Potential,
    SessionStatus,
)
from flexperf.reviews.models.cycle import Cycle, Evaluation, default_guidance

__all__ = ["LOCKED_PHASES", "PHASE_ORDER", "Basis", "CalibrationSession", "Cycle", "Evaluation",
           "Phase", "Potential", "RatingChange", "SessionStatus", "default_guidance"]
