"""Reads of the earned-points rollup: leaderboards for a month, quarter or year without
aggregating the ledger, and the check that the rollup equals the ledger."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from flexperf.recognition import totals
from flexperf.recognition.models import EarnedTotal, Entry

PeopleIds = QuerySet[Any] | Iterable[int]


@dataclass(frozen=True)
class EarnedBoard:
    top: list[tuple[int, int]]  # (person id, points), most points first, ties by person id
    ranked: int  # people on the board: points above zero, inside `within`, not excluded
    my_points: int | None
    my_rank: int | None  # standard competition rank: 1 + people with strictly more points


def _column(include_held: bool) -> str:
    return "with_held" if include_held else "points"


def earned_totals(person_ids: Iterable[int] | None, period_key: str, *,
                  include_held: bool = False) -> dict[int, int]:
    """Points earned per person in a month ("2026-05"), quarter ("2026-Q2") or year ("2026"),
    as points_by_person counts them for that period (non-zero totals only)."""
    column = _column(include_held)
    rows = EarnedTotal.objects.filter(period_key=period_key).exclude(**{column: 0})
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    return {int(pid): int(points) for pid, points in rows.values_list("person_id", column)}


def earned_board(period_key: str, *, limit: int, include_held: bool = False,
                 within: PeopleIds | None = None, exclude: Sequence[PeopleIds] = (),
                 person_id: int | None = None) -> EarnedBoard:
    """The top `limit` earners of a period with points above zero, restricted to `within`
    (person ids or a queryset of them; None = everyone) and without anyone in `exclude`; how
    many are on the board, and `person_id`'s points and rank on it. An index-ordered LIMIT
    query and counts over the (period, points) index: no aggregation of the ledger."""
    column = _column(include_held)
    period = EarnedTotal.objects.filter(period_key=period_key, **{f"{column}__gt": 0})
    if within is not None:
        period = period.filter(person_id__in=within)
    board = period
    for ids in exclude:
        board = board.exclude(person_id__in=ids)
    top = [(int(pid), int(points)) for pid, points in
           board.order_by(f"-{column}", "person_id").values_list("person_id", column)[:limit]]

    def count(rows: QuerySet[EarnedTotal]) -> int:
        """People of `rows` on the board: all of them (a range of the (period, points)
        index) less the excluded ones among them (looked up person by person)."""
        total = rows.count()
        for n, ids in enumerate(exclude):
            gone = rows.filter(person_id__in=ids)
            for earlier in exclude[:n]:
                gone = gone.exclude(person_id__in=earlier)
            total -= gone.count()
        return total

    ranked = count(period) if len(top) == limit else len(top)
    my_points = my_rank = None
    if person_id is not None:
        mine = next((p for pid, p in top if pid == person_id), None)
        if mine is None:
            mine = board.filter(person_id=person_id).values_list(column, flat=True).first()
        if mine is not None:
            my_points = int(mine)
            above = sum(1 for _pid, p in top if p > my_points)
            if above == len(top) and len(top) == limit:
                above = count(period.filter(**{f"{column}__gt": my_points}))
            my_rank = above + 1
    return EarnedBoard(top=top, ranked=ranked, my_points=my_points, my_rank=my_rank)


def earned_total_problems(limit: int = 20) -> list[str]:
    """Empty when every rollup row equals what the ledger's entries say (a missing row and a
    row of zeros are the same)."""
    expected = totals.expected(Entry)
    actual = {(int(pid), key): (int(p), int(w)) for pid, key, p, w in
              EarnedTotal.objects.values_list("person_id", "period_key", "points", "with_held")
              .iterator(chunk_size=20000) if (p, w) != (0, 0)}
    problems = []
    for key in sorted(expected.keys() | actual.keys()):
        want, have = expected.get(key, (0, 0)), actual.get(key, (0, 0))
        if want != have:
            problems.append(
                f"earned total person {key[0]} {key[1]}: rollup {have[0]} (with held "
                f"{have[1]}) but entries say {want[0]} (with held {want[1]})")
            if len(problems) >= limit:
                break
    return problems
