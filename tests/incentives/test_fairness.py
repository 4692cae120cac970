"""The fairness report's adverse-impact ratios, worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from flexperf.incentives.fairness import FairnessRow, report
from flexperf.org.demographics import age_band


def _rows(group: str, ratings: list[str], payouts: list[int], start: int) -> list[FairnessRow]:
    return [FairnessRow(start + i, {"gender": group}, r, D(p))
            for i, (r, p) in enumerate(zip(ratings, payouts, strict=True))]


def test_four_fifths_rule_flags_and_small_groups_are_not_computed() -> None:
    # female: 10 people, 5 top (S/A) → 0.5, 8 with a bonus → 0.8
    # male:   10 people, 3 top → 0.3 → ratio 0.3 / 0.5 = 0.6 < 0.8 flagged;
    #         bonus 9 of 10 → 0.9 (highest) → female 0.8 / 0.9 = 0.8889, not flagged
    # other:  2 people, both top: too small (min 5), never the highest group.
    rows = (_rows("female", ["S", "A", "A", "A", "A", "B", "B", "B", "C", "D"],
                  [9, 8, 7, 6, 5, 4, 3, 2, 0, 0], 0)
            + _rows("male", ["S", "A", "A", "B", "B", "B", "B", "B", "C", "D"],
                    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 100)
            + _rows("other", ["S", "S"], [5, 5], 200))
    gender = report(rows, top_ratings=["S", "A"], ratings=["S", "A", "B", "C", "D"],
                    dimensions=["gender"])[0]
    by = {g.name: g for g in gender.groups}
    assert by["female"].top is not None
    assert by["female"].top.ratio == D("1.0000")
    assert by["male"].top is not None
    assert by["male"].top.rate == D("0.3000")
    assert by["male"].top.ratio == D("0.6000")
    assert by["male"].top.flagged
    assert by["female"].bonus is not None
    assert by["female"].bonus.ratio == D("0.8889")
    assert not by["female"].bonus.flagged
    assert by["other"].too_small
    assert by["other"].top is None
    assert by["other"].size == 2
    assert by["female"].ratings == {"S": 1, "A": 4, "B": 3, "C": 1, "D": 1, "—": 0}
    # payouts 9+8+7+6+5+4+3+2 = 44 over 10 people → 4.40
    assert by["female"].payout_total == D(44)
    assert by["female"].payout_mean == D("4.40")
    assert gender.flagged


def test_exactly_four_fifths_is_not_flagged() -> None:
    # a: 5 of 5 bonus (1.0); b: 4 of 5 (0.8) → 0.8 exactly: not below 0.8.
    rows = _rows("a", ["B"] * 5, [1] * 5, 0) + _rows("b", ["B"] * 5, [1, 1, 1, 1, 0], 10)
    groups = {g.name: g for g in report(rows, top_ratings=["S"], ratings=["B"],
                                        dimensions=["gender"])[0].groups}
    assert groups["b"].bonus is not None
    assert groups["b"].bonus.ratio == D("0.8000")
    assert not groups["b"].bonus.flagged
    # Nobody has a top rating: no ratio at all.
    assert groups["a"].top is not None
    assert groups["a"].top.ratio is None


def test_age_band_at_the_cycle_date() -> None:
    as_of = dt.date(2026, 6, 30)
    assert age_band(dt.date(2001, 7, 1), as_of) == "<25"  # 24 the day before the birthday
    assert age_band(dt.date(2001, 6, 30), as_of) == "25–34"
    assert age_band(dt.date(1971, 6, 30), as_of) == "55+"
    assert age_band(None, as_of) == "—"
