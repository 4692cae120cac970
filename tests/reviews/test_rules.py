"""The pure rules: bounded adjustment, rating on the scheme's scale, guidance, grid, shift."""

from __future__ import annotations

from decimal import Decimal

import pytest

from flexperf.core.errors import ServiceError
from flexperf.goals.rules import RatingScale
from flexperf.reviews import rules
from flexperf.reviews.models import default_guidance


def test_the_adjustment_is_bounded_either_way_and_needs_a_reason() -> None:
    limit = Decimal(5)
    assert rules.adjustment_problems(Decimal("-5"), "原因", limit) == []
    assert rules.adjustment_problems(Decimal(0), "", limit) == []
    assert [p.field for p in rules.adjustment_problems(Decimal("5.01"), "", limit)] == [
        "adjustment", "adjustment_reason"]


def test_the_adjusted_score_never_falls_below_zero_and_is_rated_on_the_scale() -> None:
    assert rules.adjusted_score(Decimal("3.50"), Decimal(-5)) == Decimal("0.00")
    assert rules.adjusted_score(None, Decimal(5)) is None
    scale = RatingScale.from_json([{"rating": "优", "min": 90}, {"rating": "良", "min": 70},
                                   {"rating": "差", "min": None}])
    # 89.99 is below 90 → 良; 90 → 优
    assert [rules.rate(scale, Decimal(v)) for v in ("89.99", "90", "12")] == ["良", "优", "差"]
    assert rules.rate(scale, None) == ""
    assert rules.steps(scale.labels, "差", "优") == 2


def test_guidance_shares_must_add_up_to_100_and_ratings_stay_in_one_group() -> None:
    assert [g.group for g in rules.parse_guidance(default_guidance())] == [
        "top", "middle", "bottom"]
    with pytest.raises(ServiceError) as error:
        rules.parse_guidance([{"group": "top", "ratings": ["S"], "share": 30},
                              {"group": "rest", "ratings": ["S", "A"], "share": 60}])
    assert [p.message for p in error.value.problems] == [
        "Weights add up to 90; they must add up to 100.", "A rating may be in one group only."]
    with pytest.raises(ServiceError) as error:
        rules.parse_guidance([{"group": "", "ratings": [], "share": "x"}])
    assert [p.field for p in error.value.problems] == [
        "guidance.0.group", "guidance.0.ratings", "guidance.0.share"]


def test_the_distribution_flags_groups_beyond_the_tolerance() -> None:
    groups = rules.parse_guidance(default_guidance())
    # 10 rated: 3 top (S, A, A) = 30.0 % vs 20 → +10 flagged; 6 B = 60.0 % vs 70 → −10
    # flagged; 1 C = 10.0 % vs 10 → 0; plus one without a rating and one "X" outside every
    # group (both unrated).
    ratings = ["S", "A", "A", "B", "B", "B", "B", "B", "B", "C", "", "X"]
    found = rules.distribution(ratings, groups, Decimal(5))
    assert (found.rated, found.unrated) == (10, 2)
    assert [(g.count, g.actual, g.deviation, g.flagged) for g in found.groups] == [
        (3, Decimal("30.0"), Decimal("10.0"), True), (6, Decimal("60.0"), Decimal("-10.0"), True),
        (1, Decimal("10.0"), Decimal("0.0"), False)]
    within = rules.distribution(ratings, groups, Decimal(10))
    assert not within.flagged


def test_the_shift_report_means_signed_steps_per_calibrator() -> None:
    # 甲: +1, +1, −1 → 1/3 = 0.33, sizes 3/3 = 1.00; 乙: −2 → −2.00, size 2.00
    report = rules.calibrator_shift([("甲", 1), ("乙", -2), ("甲", 1), ("甲", -1)])
    assert [(r.calibrator, r.changes, r.mean_steps, r.mean_moved, r.up, r.down)
            for r in report] == [("乙", 1, Decimal("-2.00"), Decimal("2.00"), 0, 1),
                                 ("甲", 3, Decimal("0.33"), Decimal("1.00"), 2, 1)]
