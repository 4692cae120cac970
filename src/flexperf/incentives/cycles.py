"""The review cycle as incentives needs it: a minimal read-only view of the reviews domain's
cycle (period dates, as-of date, phase) and its final results. Unscoped (for services only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexperf.core.errors import NotFound
from flexperf.reviews.models import Cycle
from flexperf.reviews.selectors import FinalResult, Phase, final_results

LOCKED = (Phase.FINALISED, Phase.PUBLISHED)


@dataclass(frozen=True)
class CycleInfo:
    id: int
    code: str
    name: str
    phase: str
    period_id: int
    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def finalised(self) -> bool:
        return self.phase in LOCKED

    @property
    def published(self) -> bool:
        return self.phase == Phase.PUBLISHED


def cycle_info(cycle_id: int) -> CycleInfo:
    cycle = Cycle.objects.select_related("period").filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound
    return _info(cycle)


def _info(cycle: Cycle) -> CycleInfo:
    return CycleInfo(cycle.pk, cycle.code, cycle.name, cycle.phase, cycle.period_id,
                     cycle.period.start, cycle.period.end, cycle.as_of)


def all_cycles() -> list[CycleInfo]:
    return [_info(c) for c in Cycle.objects.select_related("period").order_by("-as_of", "pk")]


def results(cycle_id: int) -> list[FinalResult]:
    return final_results(cycle_id)


def earlier_ratings(cycle: CycleInfo, person_ids: set[int], count: int
                    ) -> dict[int, tuple[str | None, ...]]:
    """The final ratings of the `count` finalised cycles before this one (by as-of date),
    newest first; None where a person had no rating in a cycle."""
    if count <= 0:
        return {pid: () for pid in person_ids}
    earlier = list(Cycle.objects.filter(phase__in=LOCKED, as_of__lt=cycle.as_of)
                   .order_by("-as_of", "-pk").values_list("pk", flat=True)[:count])
    by_cycle = [{r.person_id: (r.rating or None) for r in final_results(pk)} for pk in earlier]
    return {pid: tuple(ratings.get(pid) for ratings in by_cycle) for pid in person_ids}
