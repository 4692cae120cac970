from __future__ import annotations

from flexperf.recognition.antigaming import diminished_points, is_reciprocal, pair_room, rule_room


def test_diminishing_returns_halves_after_the_free_awards() -> None:
    values = [diminished_points(20, k, free_awards=2, decay_percent=50) for k in range(7)]
    assert values == [20, 20, 10, 5, 2, 1, 1]
    assert diminished_points(20, 5, free_awards=0, decay_percent=0) == 1
    assert diminished_points(7, 0, free_awards=0, decay_percent=100) == 7
    assert diminished_points(0, 0, free_awards=2, decay_percent=50) == 0


def test_pair_room_reciprocal_and_rule_room() -> None:
    assert pair_room(45, pair_cap=60) == 15
    assert pair_room(70, pair_cap=60) == 0
    assert is_reciprocal(3, 3, min_each=3)
    assert not is_reciprocal(5, 2, min_each=3)
    assert rule_room(18, 5, cap=20) == 2
    assert rule_room(20, 5, cap=20) == 0
