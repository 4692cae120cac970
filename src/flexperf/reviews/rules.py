"""The pure rules of reviews: the bounded adjustment, the rating of an adjusted score (on the
scheme's own `goals.rules.RatingScale`, no second formula), the guidance distribution and its
deviations, the performance × potential grid and the calibrators' shift. Plain values in and
out: no ORM, no clock."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError
from flexperf.core.weights import check_weights
from flexperf.goals.rules import RatingScale

POTENTIALS: tuple[str, ...] = ("low", "medium", "high")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


# --- the manager's adjustment and the rating ------------------------------------------------


def adjustment_problems(adjustment: Decimal, reason: str, limit: Decimal) -> list[Problem]:
    """An adjustment moves the score by at most `limit` points either way and needs a reason."""
    problems = []
    if abs(adjustment) > limit:
        problems.append(Problem("adjustment", _("An adjustment may move the score by at most "
                                                "%(limit)s points either way.")
                                % {"limit": f"{limit.normalize():f}"}))
    if adjustment != 0 and not reason.strip():
        problems.append(Problem("adjustment_reason",
                                _("Say why you adjust the score.")))
    return problems


def adjusted_score(engine_score: Decimal | None, adjustment: Decimal) -> Decimal | None:
    """The engine's score moved by the adjustment, never below 0; None when nothing scored."""
    if engine_score is None:
        return None
    return max(engine_score + adjustment, Decimal(0)).quantize(CENT)


def rate(scale: RatingScale, score: Decimal | None) -> str:
    """The scale's rating of the score ("" without a score)."""
    return "" if score is None else scale.rate(float(score))


def steps(labels: Sequence[str], before: str, after: str) -> int:
    """Rank steps moved on a scale listed highest first: positive up, negative down."""
    return labels.index(before) - labels.index(after)


# --- guidance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuidanceGroup:
    group: str                  # "top", "middle", "bottom" …
    ratings: tuple[str, ...]    # the ratings that fall in it
    share: Decimal              # the guided share in percent


def parse_guidance(raw: Any, *, field: str = "guidance") -> tuple[GuidanceGroup, ...]:
    """`[{"group": "top", "ratings": ["S", "A"], "share": 20}, …]`, highest first: shares add
    up to 100 and no rating is in two groups."""
    problems: list[Problem] = []
    groups: list[GuidanceGroup] = []
    if not isinstance(raw, list) or not raw:
        raise ServiceError(Problem(field, _("Give at least one group of ratings with a share.")))
    for i, item in enumerate(raw):
        where = f"{field}.{i}"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, _("Each group needs a name, ratings and a share.")))
            continue
        name = str(item.get("group", "")).strip()
        ratings = item.get("ratings")
        if not name:
            problems.append(Problem(f"{where}.group", _("Give the group a name.")))
        if (not isinstance(ratings, list) or not ratings
                or not all(isinstance(r, str) and r.strip() for r in ratings)):
            problems.append(Problem(f"{where}.ratings", _("List the ratings in the group.")))
            ratings = []
        try:
            share = Decimal(str(item.get("share")))
            if not share.is_finite():
                raise ValueError
        except (ArithmeticError, ValueError):
            problems.append(Problem(f"{where}.share", _("Must be a number.")))
            share = Decimal(0)
        groups.append(GuidanceGroup(name, tuple(r.strip() for r in ratings), share))
    if not problems:
        problems += check_weights([g.share for g in groups], field=field)
        seen = [r for g in groups for r in g.ratings]
        if len(seen) != len(set(seen)):
            problems.append(Problem(field, _("A rating may be in one group only.")))
    if problems:
        raise ServiceError(problems)
    return tuple(groups)


def parse_guidance_text(text: str, *, field: str = "guidance") -> list[dict[str, Any]]:
    """`top: S A 20; middle: B 70; bottom: C D 10` (a group, its ratings and its share in
    percent, groups apart by semicolons) as the JSON that `parse_guidance` checks."""
    raw: list[dict[str, Any]] = []
    for i, part in enumerate(p for p in text.split(";") if p.strip()):
        name, colon, rest = part.partition(":")
        words = rest.replace(",", " ").split()
        if not colon or len(words) < 2:
            raise ServiceError(Problem(field, _("Write each group as 'name: ratings share', "
                                                "e.g. top: S A 20; middle: B 70; bottom: C D "
                                                "10 (group %(n)d).") % {"n": i + 1}))
        raw.append({"group": name.strip(), "ratings": words[:-1], "share": words[-1]})
    return raw


def guidance_text(raw: Any) -> str:
    """The stored guidance in the form `parse_guidance_text` reads."""
    return "; ".join(f"{g['group']}: {' '.join(g['ratings'])} {g['share']}" for g in raw)


def guidance_to_json(groups: Iterable[GuidanceGroup]) -> list[dict[str, object]]:
    return [{"group": g.group, "ratings": list(g.ratings), "share": float(g.share)}
            for g in groups]


def group_of(groups: Sequence[GuidanceGroup], rating: str) -> str | None:
    return next((g.group for g in groups if rating in g.ratings), None)


@dataclass(frozen=True)
class GroupShare:
    group: str
    ratings: tuple[str, ...]
    guidance: Decimal        # percent
    count: int
    actual: Decimal          # percent of the rated people, 1 decimal
    deviation: Decimal       # actual − guidance, percentage points
    flagged: bool            # further from the guidance than the tolerance


@dataclass(frozen=True)
class Distribution:
    rated: int               # people with a rating in some group
    unrated: int             # people without a rating (nothing scored) or outside every group
    per_rating: dict[str, int]
    groups: tuple[GroupShare, ...]

    @property
    def flagged(self) -> bool:
        return any(g.flagged for g in self.groups)


def distribution(ratings: Iterable[str], groups: Sequence[GuidanceGroup],
                 tolerance: Decimal) -> Distribution:
    """Actual shares of the guidance groups among the rated people, beside the guidance."""
    per_rating: dict[str, int] = defaultdict(int)
    per_group: dict[str, int] = defaultdict(int)
    unrated = 0
    for rating in ratings:
        group = group_of(groups, rating) if rating else None
        if group is None:
            unrated += 1
            if rating:
                per_rating[rating] += 1
            continue
        per_rating[rating] += 1
        per_group[group] += 1
    rated = sum(per_group.values())
    shares = []
    for g in groups:
        count = per_group[g.group]
        actual = (Decimal(count) * HUNDRED / rated).quantize(Decimal("0.1")) if rated \
            else Decimal(0)
        deviation = actual - g.share
        shares.append(GroupShare(g.group, g.ratings, g.share, count, actual, deviation,
                                 rated > 0 and abs(deviation) > tolerance))
    return Distribution(rated, unrated, dict(per_rating), tuple(shares))


# --- the grid and the shift report -------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    person_id: int
    name: str
    rating: str
    potential: str


def nine_box(people: Iterable[Placed], groups: Sequence[GuidanceGroup]
             ) -> dict[tuple[str, str], list[Placed]]:
    """(performance group, potential) → the people in that box; people without a rating in a
    group or without a potential are left out (the page counts them apart)."""
    boxes: dict[tuple[str, str], list[Placed]] = {
        (g.group, p): [] for g in groups for p in POTENTIALS}
    for person in people:
        group = group_of(groups, person.rating) if person.rating else None
        if group is not None and person.potential in POTENTIALS:
            boxes[(group, person.potential)].append(person)
    return boxes


@dataclass(frozen=True)
class CalibratorShift:
    calibrator: str
    changes: int
    mean_steps: Decimal   # mean of the signed rank steps, 2 decimals (the direction)
    mean_moved: Decimal   # mean of the steps' sizes, 2 decimals (how far, either way)
    up: int
    down: int


def calibrator_shift(changes: Iterable[tuple[str, int]]) -> list[CalibratorShift]:
    """Per calibrator (name, steps of each change): how many changes, the mean of the signed
    steps and of their sizes, and how many went up and down; by name."""
    moved: dict[str, list[int]] = defaultdict(list)
    for who, step in changes:
        moved[who].append(step)
    return [CalibratorShift(who, len(s), (Decimal(sum(s)) / len(s)).quantize(CENT),
                            (Decimal(sum(abs(x) for x in s)) / len(s)).quantize(CENT),
                            sum(1 for x in s if x > 0), sum(1 for x in s if x < 0))
            for who, s in sorted(moved.items())]
