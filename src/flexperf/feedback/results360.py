"""A subject's 360 results from the answers: per competency and rater group the mean rating
and the number of raters — only for the groups `anonymity.decide` lets through. Pure: plain
rows in, a report out; pages, API, CSV export and review evidence all use this one function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flexperf.feedback.anonymity import ALL, Disclosure, decide

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class AnswerRow:
    rater: int  # the nomination's id: never leaves this module
    relationship: str
    competency: str
    rating: int
    comment: str = ""


@dataclass(frozen=True)
class Cell:
    mean: Decimal
    raters: int


@dataclass(frozen=True)
class Report:
    disclosure: Disclosure
    competencies: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]  # (competency, group) → cell; shown groups only
    raters: dict[str, int]  # group → raters, shown groups only
    comments: dict[str, tuple[str, ...]]  # group → comments (sorted, unattributed)

    @property
    def groups(self) -> tuple[str, ...]:
        return self.disclosure.groups

    @property
    def empty(self) -> bool:
        return not self.groups


def mean(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(TWO_PLACES, ROUND_HALF_UP)


def build(rows: Iterable[AnswerRow]) -> Report:
    rows = list(rows)
    raters_by_rel: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        raters_by_rel[row.relationship].add(row.rater)
    disclosure = decide({rel: len(ids) for rel, ids in raters_by_rel.items()})
    competencies = tuple(sorted({row.competency for row in rows}))
    cells: dict[tuple[str, str], Cell] = {}
    raters: dict[str, int] = {}
    comments: dict[str, tuple[str, ...]] = {}
    for group in disclosure.groups:
        members = set(disclosure.members(group))
        mine = [row for row in rows if row.relationship in members]
        raters[group] = len({row.rater for row in mine})
        for competency in competencies:
            ratings = [row.rating for row in mine if row.competency == competency]
            if ratings:
                cells[(competency, group)] = Cell(mean(ratings), raters[group])
        if group != ALL:  # the total repeats the groups' comments
            comments[group] = tuple(sorted(row.comment.strip() for row in mine
                                           if row.comment.strip()))
    return Report(disclosure, competencies, cells, raters, comments)
