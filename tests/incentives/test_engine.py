"""The payout engine, against numbers worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from flexperf.core.errors import ServiceError
from flexperf.incentives import engine
from flexperf.incentives.engine import Kind, MilestoneIn, PersonIn, PoolIn
from flexperf.incentives.money import cents, split_largest_remainder
from flexperf.incentives.rules import EXAMPLE_RULES, parse_rules

RULES = parse_rules(EXAMPLE_RULES)


def _text(line: engine.PayoutLine) -> str:
    return " ".join(engine.render(line.sentences))


def test_short_term_bonus_matches_the_worked_example() -> None:
    # 240,000 × 15 % × 1.2 (A, sales) × 0.95 = 41,040.00; P5 is in no tier (weight 1).
    person = PersonIn(1, "A", "sales", "P5", D("240000"), company_factor=D("0.95"))
    line = engine.short_term(RULES, person)
    assert line.amount == D("41040.00")
    assert _text(line) == ("Base salary ¥240,000.00 × target bonus 15% × coefficient 1.2 "
                           "(rating A, sales, P5–P6) × company factor 0.95 = ¥41,040.00")


def test_tier_weight_shifts_the_short_term_bonus() -> None:
    # Front line P3: 100,000 × 10 % × 1.0 (B) × 1 × 1.2 = 12,000.00.
    front = engine.short_term(RULES, PersonIn(1, "B", "rnd", "P3", D("100000")))
    assert front.amount == D("12000.00")
    assert "front line tier short-term weight 1.2" in _text(front)
    # Executive M4: 1,000,000 × 30 % × 1.5 (S, any population) × 1 × 0.6 = 270,000.00.
    executive = engine.short_term(RULES, PersonIn(2, "S", "management", "M4", D("1000000")))
    assert executive.amount == D("270000.00")


def test_short_term_rounds_half_up_once_per_line() -> None:
    # 100,000.10 × 10 % × 1.2 × 0.95 × 1.2 (front line) = 13,680.01368 → 13,680.01;
    # 33,333.375 × 10 % = 3,333.3375 × 1.0 × 1 × 1.2 = 4,000.005 → 4,000.01 (half up, not even).
    assert engine.short_term(RULES, PersonIn(1, "A", "rnd", "P3", D("100000.10"),
                                             company_factor=D("0.95"))).amount == D("13680.01")
    assert engine.short_term(RULES, PersonIn(1, "B", "rnd", "P3", D("33333.375"))
                             ).amount == D("4000.01")


def test_no_rating_no_salary_or_no_coefficient_pay_nothing_and_say_why() -> None:
    assert "no final rating" in _text(engine.short_term(
        RULES, PersonIn(1, None, "sales", "P5", D("1"))))
    assert "no base salary" in _text(engine.short_term(
        RULES, PersonIn(1, "A", "sales", "P5", None)))
    line = engine.short_term(RULES, PersonIn(1, "X", "sales", "P5", D("1000")))
    assert line.amount == D("0.00")
    assert "no coefficient for rating X" in _text(line)


def test_stage_bonus_by_weight_and_fixed() -> None:
    # weight: 6,000 × 2 ÷ 3 = 4,000.00; fixed 2,500 per milestone.
    weighted = engine.stage_bonus(RULES, MilestoneIn(1, "CRM", "Pilot", D(2), D(3)))
    assert weighted.amount == D("4000.00")
    assert _text(weighted) == ("Stage bonus for the accepted milestone “Pilot” of “CRM”: "
                               "¥6,000.00 × weight 2 ÷ 3 (all its milestones) = ¥4,000.00")
    fixed = parse_rules(EXAMPLE_RULES | {"stage_bonus": {"mode": "fixed", "amount": "2500"}})
    assert engine.stage_bonus(fixed, MilestoneIn(1, "CRM", "Pilot", D(2), D(3))
                              ).amount == D("2500.00")


def test_three_people_split_100_to_the_cent() -> None:
    # 100 / 3 = 33.333… each: floors 33.33 × 3 = 99.99; the spare cent to the smallest key.
    assert split_largest_remainder(D("100.00"), [D(1), D(1), D(1)], [7, 3, 5]) == [
        D("33.33"), D("33.34"), D("33.33")]
    pool = PoolIn(1, "Launch", D("100.00"), ((1, D(1)), (2, D(1)), (3, D(1))))
    lines = engine.pool_shares(RULES, pool)
    assert [line.amount for line in lines] == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(line.amount for line in lines) == D("100.00")


def test_pool_split_by_weights_largest_remainder() -> None:
    # 1,000.00 by 50/30/20 → 500, 300, 200; 10.00 by 1/2/4 (÷7): 1.428…, 2.857…, 5.714…
    # floors 1.42 + 2.85 + 5.71 = 9.98; remainders .0057, .0071, .0042 → +1c to 2nd then 1st.
    assert split_largest_remainder(D("10.00"), [D(1), D(2), D(4)], [1, 2, 3]) == [
        D("1.43"), D("2.86"), D("5.71")]
    assert split_largest_remainder(D("1000"), [D(50), D(30), D(20)], [1, 2, 3]) == [
        D("500.00"), D("300.00"), D("200.00")]


def test_long_term_vests_on_the_average_over_n_periods() -> None:
    # periods 2, threshold 3.5: A (4) and S (5) → 4.5 ≥ 3.5; front line P3 weight 0.8:
    # 20,000 × 0.8 = 16,000.00.  B (3) and A (4) → 3.5 vests (at the threshold);
    # C (2) and A (4) → 3 does not.  Only one rated period → nothing yet.
    vested = engine.long_term(RULES, PersonIn(1, "A", "rnd", "P3", None, earlier_ratings=("S",)))
    assert vested.amount == D("16000.00")
    assert "is 4.5, at or above the threshold 3.5" in _text(vested)
    at = engine.long_term(RULES, PersonIn(1, "B", "rnd", "P5", None, earlier_ratings=("A",)))
    assert at.amount == D("20000.00")
    below = engine.long_term(RULES, PersonIn(1, "C", "rnd", "P5", None, earlier_ratings=("A",)))
    assert below.amount == D("0.00")
    assert "below the threshold" in _text(below)
    short = engine.long_term(RULES, PersonIn(1, "A", "rnd", "P5", None))
    assert short.amount == D("0.00")
    assert "1 of the 2 rated periods" in _text(short)


def test_micro_rewards_from_points_or_zero_without_a_source() -> None:
    # 37 points × 0.50 = 18.50.
    assert engine.micro_reward(RULES, PersonIn(1, "A", "rnd", "P5", None, points=37)
                               ).amount == D("18.50")
    none = engine.micro_reward(RULES, PersonIn(1, "A", "rnd", "P5", None))
    assert none.amount == D("0.00")
    assert "no recognition points are recorded" in _text(none)


def test_compute_all_five_kinds_and_totals_reconcile() -> None:
    # Person 1 (sales P5, A, 240,000, factor 0.95): short 41,040.00; stage 4,000.00;
    # pool 50.01 ÷ 2 → 25.01 (the spare cent to the smaller id); long-term A,A = 4 ≥ 3.5 →
    # 20,000.00; micro 10 × 0.5 = 5.00 → 41,040 + 4,000 + 25.01 + 20,000 + 5 = 65,070.01.
    people = [PersonIn(1, "A", "sales", "P5", D("240000"), company_factor=D("0.95"),
                       earlier_ratings=("A",), points=10),
              PersonIn(2, "C", "rnd", "P5", D("200000"), earlier_ratings=("B",), points=0)]
    lines = engine.compute(
        RULES, people, [MilestoneIn(1, "CRM", "Pilot", D(2), D(3))],
        [PoolIn(9, "P", D("50.01"), ((1, D(1)), (2, D(1))))])
    mine = [line for line in lines if line.person_id == 1]
    assert [line.kind for line in mine] == [Kind.SHORT_TERM, Kind.STAGE, Kind.POOL,
                                            Kind.LONG_TERM, Kind.MICRO]
    assert engine.totals(lines)[(1, "CNY")] == D("65070.01")
    # Person 2: 200,000 × 15 % × 0.6 = 18,000.00 + 25.00 pool; C,B → 2.5 < 3.5; 0 points.
    assert engine.totals(lines)[(2, "CNY")] == D("18025.00")
    assert sum(line.amount for line in lines) == D("65070.01") + D("18025.00")


def test_rules_name_every_bad_field() -> None:
    bad = EXAMPLE_RULES | {
        "currency": "yuan",
        "coefficients": [{"population": "*", "band": "Z", "ratings": {"A": "x"}}],
        "tiers": [{"code": "t", "short_term": "1.5", "long_term": "1"}],
        "long_term": {"periods": 0}}
    with pytest.raises(ServiceError) as caught:
        parse_rules(bad)
    fields = {p.field for p in caught.value.problems}
    assert fields == {"currency", "coefficients.0.band", "coefficients.0.ratings.A",
                      "tiers.0", "long_term.periods"}


def test_cents_rounds_half_up() -> None:
    assert cents(D("2.345")) == D("2.35")
    assert cents(D("-2.345")) == D("-2.35")
    assert cents(D("2.344999")) == D("2.34")


def test_render_falls_back_to_english_when_a_translation_does_not_fit() -> None:
    from unittest import mock

    line = engine.micro_reward(RULES, PersonIn(1, "A", "rnd", "P5", None, points=2))
    with mock.patch.object(engine, "gettext", return_value="%(missing)s"):
        assert engine.render(line.sentences) == [
            "Micro-rewards: 2 recognition points × ¥0.50 per point = ¥1.00"]
