"""Unscoped reads for other domains' services (incentives): no actor, no audit entry. Never
hand these to an edge; the scoped reads are in the sibling modules."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flexperf.core.errors import NotFound
from flexperf.reviews.models import Cycle, Evaluation


@dataclass(frozen=True)
class FinalResult:
    person_id: int
    score: Decimal | None  # engine score + the manager's adjustment (None: nothing scored)
    rating: str            # the rating after calibration ("" when none could be given)
    potential: str         # low / medium / high, or "" when the manager gave none


def cycle_phase(cycle_id: int) -> str:
    """The cycle's phase (a `Phase` value); NotFound for an unknown cycle."""
    phase = Cycle.objects.filter(pk=cycle_id).values_list("phase", flat=True).first()
    if phase is None:
        raise NotFound
    return str(phase)


def final_results(cycle_id: int) -> list[FinalResult]:
    """Every evaluation of the cycle in employee-number order: the final result once the cycle
    is finalised (the evaluations are locked then), the current one before."""
    if not Cycle.objects.filter(pk=cycle_id).exists():
        raise NotFound
    rows = (Evaluation.objects.filter(cycle_id=cycle_id)
            .order_by("person__employee_number", "person_id")
            .values_list("person_id", "score", "rating", "potential"))
    return [FinalResult(person_id, score, rating, potential)
            for person_id, score, rating, potential in rows]
