"""Leaderboard ranking: a pure function over arrays (no ORM, no clock).

Ties use **standard competition ranking** ("1224"): people with equal points share a rank,
and the next rank skips as many places as people tied (three people on 50 points are all
3rd; the next is 6th). Equal points are listed by person id so the order is stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Ranked:
    """The top of a board, best first: person ids, their points and their ranks."""

    person_ids: IntArray
    points: IntArray
    ranks: IntArray
    total: int  # people ranked (the whole board, not just the top)


def rank(person_ids: IntArray, points: IntArray, *, top: int | None = None) -> Ranked:
    """Rank everyone by points (highest first) and return the first `top` (all when None)."""
    ids = np.asarray(person_ids, dtype=np.int64)
    pts = np.asarray(points, dtype=np.int64)
    if ids.shape != pts.shape or ids.ndim != 1:
        raise ValueError("person_ids and points must be 1-D arrays of the same length")
    n = int(ids.size)
    limit = n if top is None else max(0, min(int(top), n))
    if n == 0 or limit == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Ranked(empty, empty.copy(), empty.copy(), n)
    if limit < n:
        # Only the best `limit` need sorting: everyone above the cut-off plus the tie at it.
        cutoff = np.partition(pts, n - limit)[n - limit]
        candidates = np.flatnonzero(pts >= cutoff)
    else:
        candidates = np.arange(n)
    order = candidates[np.lexsort((ids[candidates], -pts[candidates]))][:limit]
    top_points = pts[order]
    # Standard competition rank: 1 + how many people have strictly more points.
    above = np.sort(-pts)  # ascending negatives = points descending
    ranks = np.searchsorted(above, -top_points, side="left").astype(np.int64) + 1
    return Ranked(ids[order], top_points, ranks, n)


def rank_of(person_id: int, person_ids: IntArray, points: IntArray) -> int | None:
    """One person's standard competition rank on the board, None when not on it."""
    ids = np.asarray(person_ids, dtype=np.int64)
    pts = np.asarray(points, dtype=np.int64)
    where = np.flatnonzero(ids == person_id)
    if where.size == 0:
        return None
    return int(np.count_nonzero(pts > pts[where[0]])) + 1
