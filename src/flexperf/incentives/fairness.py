"""Fairness of a cycle's outcome (R4), as a pure function: rating and payout distributions by
group, and the adverse-impact ratio (the four-fifths rule).

For each dimension (gender, age band, location, unit, population) and each group in it:
selection rate = people selected ÷ people in the group, for two selections — "top rating" (a
rating in the policy's top ratings) and "any bonus" (a payout total above 0). The group's
adverse-impact ratio is its rate ÷ the highest rate among the groups that are large enough; a
ratio below 0.8 is flagged (compared exactly: rate × 5 < highest × 4). A group with fewer than
`min_group` people is shown as too small: nothing about it is computed or shown but its size,
and it never serves as the highest group. When no large-enough group has anyone selected, no
ratio is computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flexperf.incentives.money import cents
from flexperf.org.demographics import UNKNOWN

DIMENSIONS = ("gender", "age_band", "location", "unit", "population")
FOUR_FIFTHS = Decimal("0.8")
RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class FairnessRow:
    person_id: int
    groups: Mapping[str, str]  # dimension → group label
    rating: str | None
    payout: Decimal


@dataclass(frozen=True)
class Selection:
    selected: int
    rate: Decimal | None  # selected ÷ size, to 4 places (None: too small)
    ratio: Decimal | None  # rate ÷ the highest rate, to 4 places (None: not computed)
    flagged: bool


@dataclass(frozen=True)
class GroupStat:
    name: str
    size: int
    too_small: bool
    ratings: Mapping[str, int] = field(default_factory=dict)
    payout_total: Decimal | None = None
    payout_mean: Decimal | None = None
    top: Selection | None = None
    bonus: Selection | None = None


@dataclass(frozen=True)
class DimensionReport:
    dimension: str
    groups: tuple[GroupStat, ...]

    @property
    def flagged(self) -> bool:
        return any((g.top and g.top.flagged) or (g.bonus and g.bonus.flagged)
                   for g in self.groups)


def _rate(selected: int, size: int) -> Decimal:
    return (Decimal(selected) / Decimal(size)).quantize(RATE_PLACES)


def _selections(counts: Mapping[str, tuple[int, int]], min_group: int
                ) -> dict[str, Selection | None]:
    """name → Selection for groups of at least min_group people (counts: name → (selected,
    size)); the highest group is the one with the largest selected ÷ size (exact)."""
    big = {name: (sel, size) for name, (sel, size) in counts.items() if size >= min_group}
    best: tuple[int, int] | None = None
    for sel, size in big.values():
        if best is None or sel * best[1] > best[0] * size:
            best = (sel, size)
    out: dict[str, Selection | None] = {}
    for name, (sel, size) in counts.items():
        if name not in big:
            out[name] = None
            continue
        if best is None or best[0] == 0:
            out[name] = Selection(sel, _rate(sel, size), None, False)
            continue
        # ratio = (sel / size) / (best_sel / best_size) = sel × best_size / (size × best_sel)
        ratio = (Decimal(sel * best[1]) / Decimal(size * best[0])).quantize(RATE_PLACES)
        flagged = sel * best[1] * 5 < size * best[0] * 4
        out[name] = Selection(sel, _rate(sel, size), ratio, flagged)
    return out


def report(rows: Sequence[FairnessRow], *, top_ratings: Iterable[str], ratings: Sequence[str],
           min_group: int = 5, dimensions: Sequence[str] = DIMENSIONS
           ) -> list[DimensionReport]:
    top = frozenset(top_ratings)
    out = []
    for dimension in dimensions:
        members: dict[str, list[FairnessRow]] = {}
        for row in rows:
            members.setdefault(row.groups.get(dimension) or UNKNOWN, []).append(row)
        names = sorted(members)
        top_sel = _selections({n: (sum(1 for r in members[n] if r.rating in top),
                                   len(members[n])) for n in names}, min_group)
        bonus_sel = _selections({n: (sum(1 for r in members[n] if r.payout > 0),
                                     len(members[n])) for n in names}, min_group)
        groups = []
        for name in names:
            people = members[name]
            if len(people) < min_group:
                groups.append(GroupStat(name, len(people), True))
                continue
            counts = {rating: sum(1 for r in people if r.rating == rating)
                      for rating in ratings}
            counts[UNKNOWN] = sum(1 for r in people if r.rating not in ratings)
            total = sum((r.payout for r in people), Decimal(0))
            groups.append(GroupStat(
                name, len(people), False, counts, total,
                cents(total / len(people)),
                top_sel[name], bonus_sel[name]))
        out.append(DimensionReport(dimension, tuple(groups)))
    return out
