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
    (a list of person ids, a queryset of them, or None = everyone) and without anyone in
    `exclude` (lists or flat querysets of person ids); how many are on the board, and
    `person_id`'s points and rank on it.

    A list of people (a team) is looked up person by person in the (period, person) index and
    ranked in memory. Otherwise the top is an index-ordered LIMIT query on (period, points);
    the board's size and the rank are counts over that index's range less the excluded
    people, whose own totals are looked up person by person. The ledger is never aggregated."""
    column = _column(include_held)
    # Lookups of given people filter on (period, person) only, so that SQLite (without
    # statistics) uses that index rather than scanning the period's range of the points index.
    period = EarnedTotal.objects.filter(period_key=period_key)
    positive = period.filter(**{f"{column}__gt": 0})
    if within is not None and not isinstance(within, QuerySet):
        rows = period.filter(person_id__in=list(within))
        for ids in exclude:
            rows = rows.exclude(person_id__in=ids)
        ordered = sorted(((int(pid), int(p)) for pid, p in rows.values_list("person_id", column)
                          if p > 0), key=lambda row: (-row[1], row[0]))
        mine = dict(ordered).get(person_id) if person_id is not None else None
        rank = None if mine is None else 1 + sum(1 for _pid, p in ordered if p > mine)
        return EarnedBoard(top=ordered[:limit], ranked=len(ordered), my_points=mine,
                           my_rank=rank)
    if within is not None:
        positive = positive.filter(person_id__in=within)
    board = positive
    for ids in exclude:
        board = board.exclude(person_id__in=ids)
    top = [(int(pid), int(points)) for pid, points in
           board.order_by(f"-{column}", "person_id").values_list("person_id", column)[:limit]]
    full = len(top) == limit
    excluded: dict[int, int] = {}  # the excluded people who have points in the period
    if full and exclude:
        gone = sorted({int(pid) for ids in exclude for pid in ids})
        for at in range(0, len(gone), 5000):
            some = period.filter(person_id__in=gone[at:at + 5000])
            if within is not None:
                some = some.filter(person_id__in=within)
            excluded.update((pid, p) for pid, p in some.values_list("person_id", column)
                            if p > 0)
    ranked = positive.count() - len(excluded) if full else len(top)
    my_points = my_rank = None
    if person_id is not None:
        found = next((p for pid, p in top if pid == person_id), None)
        if found is None and full and person_id not in excluded:
            # Not in the top of a full board: the person's own row, if on the board.
            own = period.filter(person_id=person_id)
            if within is not None:
                own = own.filter(person_id__in=within)
            found = own.values_list(column, flat=True).first()
            if found is not None and found <= 0:
                found = None
        if found is not None:
            my_points = int(found)
            above = sum(1 for _pid, p in top if p > my_points)
            if full and above == len(top):
                above = (positive.filter(**{f"{column}__gt": my_points}).count()
                         - sum(1 for p in excluded.values() if p > my_points))
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
