"""Materialized paths for trees (org units, reporting lines).

A node's path is its ancestors' primary keys and its own, each written as STEP decimal digits:
unit 5 under unit 12 under root 3 has path "000000003000000012000000005". Digits only, so the
lexicographic order is the same in every database collation, and a subtree is one index range
scan: ``path >= P AND path < successor(P)``. We keep an explicit parent/manager column beside the
path (the path is derived, rebuilt on moves with one UPDATE), which is why this is not
django-treebeard: its MP nodes derive the parent from the path and load row by row.
"""

from __future__ import annotations

from django.db.models import Q

STEP = 9
MAX_PK = 10**STEP - 2  # a segment of all 9s could overflow successor(); never hand it out


def segment(pk: int) -> str:
    if not 0 < pk <= MAX_PK:
        raise ValueError(f"tree node id {pk} is outside 1..{MAX_PK}")
    return f"{pk:0{STEP}d}"


def child_path(parent_path: str | None, pk: int) -> str:
    return (parent_path or "") + segment(pk)


def successor(path: str) -> str:
    """The smallest string of the same length greater than every path that starts with `path`."""
    return f"{int(path) + 1:0{len(path)}d}"


def subtree_q(field: str, path: str, *, include_self: bool = True) -> Q:
    lower = "gte" if include_self else "gt"
    return Q(**{f"{field}__{lower}": path, f"{field}__lt": successor(path)})


def ancestor_pks(path: str) -> list[int]:
    """Primary keys from the root down to the parent (the node itself excluded)."""
    return [int(path[i : i + STEP]) for i in range(0, len(path) - STEP, STEP)]


def pk_of(path: str) -> int:
    return int(path[-STEP:])


def depth(path: str) -> int:
    """0 for a root."""
    return len(path) // STEP - 1


def is_within(path: str, ancestor_path: str) -> bool:
    return path.startswith(ancestor_path)
