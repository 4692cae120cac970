from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from flexperf.achievements.progress import LevelSpec, TaskSpec, evaluate
from flexperf.achievements.ranking import rank, rank_of


def arr(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_standard_competition_ranks_with_ties() -> None:
    ranked = rank(arr([5, 3, 9, 7, 1]), arr([50, 80, 50, 50, 10]))
    assert ranked.person_ids.tolist() == [3, 5, 7, 9, 1]
    assert ranked.points.tolist() == [80, 50, 50, 50, 10]
    assert ranked.ranks.tolist() == [1, 2, 2, 2, 5]
    assert ranked.total == 5


def test_top_n_cuts_inside_a_tie_but_keeps_true_ranks() -> None:
    ranked = rank(arr([1, 2, 3, 4, 5]), arr([10, 40, 40, 40, 5]), top=2)
    assert ranked.person_ids.tolist() == [2, 3]
    assert ranked.ranks.tolist() == [1, 1]
    assert ranked.total == 5


def test_empty_and_rank_of() -> None:
    assert rank(arr([]), arr([]), top=10).total == 0
    assert rank_of(4, arr([1, 2, 4]), arr([9, 9, 3])) == 3
    assert rank_of(2, arr([1, 2, 4]), arr([9, 9, 3])) == 1
    assert rank_of(7, arr([1]), arr([1])) is None


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=60), st.integers(1, 70))
def test_top_matches_a_full_sort(points: list[int], top: int) -> None:
    ids = arr(list(range(1, len(points) + 1)))
    pts = arr(points)
    full = rank(ids, pts)
    part = rank(ids, pts, top=top)
    n = min(top, len(points))
    assert part.person_ids.tolist() == full.person_ids.tolist()[:n]
    assert part.ranks.tolist() == full.ranks.tolist()[:n]
    for pid, r in zip(full.person_ids.tolist(), full.ranks.tolist(), strict=True):
        assert r == 1 + sum(1 for p in points if p > points[pid - 1])
        assert rank_of(pid, ids, pts) == r


def test_levels_are_reached_in_order_and_counts_are_cumulative() -> None:
    levels = [LevelSpec(1, "a", 10, (TaskSpec("mentoring", 1),)),
              LevelSpec(2, "b", 20, (TaskSpec("knowledge_shared", 3),)),
              LevelSpec(3, "c", 50, (TaskSpec("feedback_given", 10),))]
    p = evaluate(levels, {"knowledge_shared": 5, "feedback_given": 10})
    assert [lv.reached for lv in p.levels] == [False, False, False]  # level 1 not met
    assert p.percent == round(100 * (0 + 3 + 10) / 14)
    p = evaluate(levels, {"mentoring": 2, "knowledge_shared": 2})
    assert p.reached == 1
    assert not p.finished
    assert p.current is not None
    assert p.current.number == 2
    assert p.levels[1].tasks[0].done == 2
    p = evaluate(levels, {"mentoring": 1, "knowledge_shared": 3, "feedback_given": 12})
    assert p.finished
    assert p.reached == 3
    assert p.percent == 100
