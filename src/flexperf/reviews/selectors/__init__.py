"""Reads of review cycles. `final_results` and `cycle_phase` are unscoped reads for other
domains' services; everything else is scoped by the caller."""

from flexperf.reviews.models.choices import Phase
from flexperf.reviews.selectors.internal import FinalResult, cycle_phase, final_results

__all__ = ["FinalResult", "Phase", "cycle_phase", "final_results"]
