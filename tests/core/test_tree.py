from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexperf.core import tree


def test_paths_are_fixed_width_digit_segments() -> None:
    root = tree.child_path(None, 3)
    child = tree.child_path(root, 12)
    assert root == "000000003"
    assert child == "000000003000000012"
    assert tree.ancestor_pks(child) == [3]
    assert tree.pk_of(child) == 12
    assert (tree.depth(root), tree.depth(child)) == (0, 1)


def test_successor_carries_into_the_parent_segment() -> None:
    assert tree.successor("000000001999999998") == "000000001999999999"
    assert tree.successor("000000001000000009") == "000000001000000010"


def test_ids_outside_the_segment_range_are_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        tree.segment(0)
    with pytest.raises(ValueError, match="outside"):
        tree.segment(tree.MAX_PK + 1)


# A random forest: node i's parent is one of the nodes before it (or none).
forests = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(*[
        st.one_of(st.none(), st.integers(min_value=0, max_value=max(i - 1, 0)))
        if i else st.none()
        for i in range(n)
    ])
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forests, st.data())
def test_subtree_range_holds_exactly_the_descendants(parents: tuple[int | None, ...],
                                                     data: st.DataObject) -> None:
    ids = data.draw(st.lists(st.integers(1, tree.MAX_PK), min_size=len(parents),
                             max_size=len(parents), unique=True))
    paths: list[str] = []
    for i, parent in enumerate(parents):
        paths.append(tree.child_path(paths[parent] if parent is not None else None, ids[i]))

    def descends(i: int, ancestor: int) -> bool:
        node: int | None = i
        while node is not None:
            if node == ancestor:
                return True
            node = parents[node]
        return False

    for a, apath in enumerate(paths):
        upper = tree.successor(apath)
        in_range = {i for i, p in enumerate(paths) if apath <= p < upper}
        assert in_range == {i for i in range(len(paths)) if descends(i, a)}
