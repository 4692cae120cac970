"""Where micro-rewards' recognition points come from.

Recognition (points for praise, badges …) is a later domain. It registers a source here:
``register_points_source(fn)`` with ``fn(person_ids, start, end) -> {person_id: points}``.
Until one is registered, :func:`points_earned` answers None and micro-rewards are 0 with a
statement that says so — incentives keeps no points ledger of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

PointsSource = Callable[[Sequence[int], dt.date, dt.date], dict[int, int]]

_sources: list[PointsSource] = []


def register_points_source(source: PointsSource) -> PointsSource:
    if source not in _sources:
        _sources.append(source)
    return source


def unregister_points_source(source: PointsSource) -> None:
    if source in _sources:
        _sources.remove(source)


def points_earned(person_ids: Sequence[int], start: dt.date, end: dt.date
                  ) -> dict[int, int] | None:
    """Points each person earned from `start` to `end` (inclusive) summed over every source;
    None when no source is registered."""
    if not _sources:
        return None
    totals = {pid: 0 for pid in person_ids}
    for source in _sources:
        for pid, points in source(person_ids, start, end).items():
            if pid in totals:
                totals[pid] += int(points)
    return totals
