"""Writes of the reviews domain: cycles (create, advance, finalise, publish), evaluations
(self and manager review) and calibration."""

from flexperf.reviews.services.calibration import change_rating, close_session, create_session
from flexperf.reviews.services.cycles import (
    CycleSpec,
    advance_cycle,
    close_cycle,
    create_cycle,
    finalise_cycle,
    return_cycle,
)
from flexperf.reviews.services.evaluations import (
    ManagerReview,
    submit_manager_review,
    submit_self_review,
)

__all__ = ["CycleSpec", "ManagerReview", "advance_cycle", "change_rating", "close_cycle",
           "close_session", "create_cycle", "create_session", "finalise_cycle", "return_cycle",
           "submit_manager_review", "submit_self_review"]
