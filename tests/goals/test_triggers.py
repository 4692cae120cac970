"""The trigger rule: each of the latest N points deviates from the plan by more than X %."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from flexperf.goals.triggers import Point, Rule, deviation_pct, evaluate, explain, number, percent

D = Decimal
JAN, FEB, MAR, APR = (dt.date(2026, m, 28) for m in (1, 2, 3, 4))
COPPER = Rule(plan=D(7000), threshold_pct=D(15), periods=3)


def points(*values: int | str) -> list[Point]:
    return [Point(day, D(v)) for day, v in zip((JAN, FEB, MAR, APR), values, strict=False)]


def test_copper_three_months_above_plan_fires_with_the_numbers_spelled_out() -> None:
    # (8420 − 7000) / 7000 = 20.29 %, 1510 / 7000 = 21.57 %, 1600 / 7000 = 22.86 %: all > 15 %
    verdict = evaluate(points(8420, 8510, 8600), COPPER, series_name="Copper price")
    assert verdict.fires
    assert verdict.latest_on == MAR
    assert [d.quantize(D("0.01")) for d in verdict.deviations] == [D("20.29"), D("21.57"),
                                                                   D("22.86")]
    assert verdict.detail == ("Copper price 8,420 / 8,510 / 8,600 vs plan 7,000: +20.3 %, "
                              "+21.6 %, +22.9 %, beyond 15 % for 3 periods in a row")


def test_only_the_latest_n_points_count_and_order_does_not_matter() -> None:
    # January is on plan, but only Feb–Apr are looked at.
    shuffled = list(reversed(points(7000, 8510, 8600, 8700)))
    verdict = evaluate(shuffled, COPPER)
    assert verdict.fires
    assert verdict.latest_on == APR


def test_one_point_within_the_threshold_breaks_the_run() -> None:
    # 8000 / 7000 − 1 = 14.29 %: not beyond 15 %
    verdict = evaluate(points(8420, 8000, 8600), COPPER, series_name="Copper price")
    assert not verdict.fires
    assert verdict.detail.endswith("+20.3 %, +14.3 %, +22.9 %, not beyond 15 % for 3 periods "
                                   "in a row")


def test_exactly_at_the_threshold_is_not_beyond_it() -> None:
    # 8050 / 7000 − 1 = 15 % exactly
    assert not evaluate(points(8050, 8050, 8050), COPPER).fires
    assert evaluate(points(8051, 8051, 8051), COPPER).fires


def test_deviation_below_the_plan_counts_too() -> None:
    # (5600 − 7000) / 7000 = −20 %; (5900 − 7000) / 7000 = −15.71 %
    verdict = evaluate(points(5600, 5900), Rule(D(7000), D(15), 2), series_name="铜价")
    assert verdict.fires
    assert "-20.0 %, -15.7 %" in verdict.detail


def test_a_negative_plan_measures_against_its_size() -> None:
    # plan −200 (a loss); −260: (−260 − −200) / 200 = −30 %
    assert deviation_pct(D(-260), D(-200)) == D(-30)


def test_fewer_points_than_periods_never_fire() -> None:
    verdict = evaluate(points(9000, 9000), COPPER)
    assert not verdict.fires
    assert len(verdict.deviations) == 2


def test_no_points_at_all() -> None:
    verdict = evaluate([], COPPER, series_name="Copper price")
    assert (verdict.fires, verdict.latest_on) == (False, None)
    assert verdict.detail == "Copper price has no values yet (plan 7,000, threshold 15 %)."


def test_it_fires_once_per_new_point() -> None:
    series = points(8420, 8510, 8600)
    assert evaluate(series, COPPER, last_fired_on=FEB).fires  # March is new
    assert not evaluate(series, COPPER, last_fired_on=MAR).fires  # fired for March already
    assert evaluate(points(8420, 8510, 8600, 8700), COPPER, last_fired_on=MAR).fires  # April


def test_one_period_reads_in_the_singular() -> None:
    detail = explain(points(9000), Rule(D(7000), D("12.5"), 1), series_name="X")
    assert detail == "X 9,000 vs plan 7,000: +28.6 %, beyond 12.5 % for 1 period"


def test_a_zero_plan_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be 0"):
        deviation_pct(D(1), D(0))


@pytest.mark.parametrize(("value", "text"), [
    (D("8420.0000"), "8,420"), (D("123.4000"), "123.4"), (D("-0.5"), "-0.5"),
    (D("1E+3"), "1,000"), (D("1234567.25"), "1,234,567.25"),
])
def test_numbers_read_plainly(value: Decimal, text: str) -> None:
    assert number(value) == text


def test_percentages_round_half_up_to_one_decimal() -> None:
    assert (percent(D("20.25")), percent(D("-4")), percent(D(0))) == ("+20.3 %", "-4.0 %",
                                                                       "0.0 %")
