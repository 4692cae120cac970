"""The adjustment guard: within the interval and the count, the scheme's approver; else HR."""

from __future__ import annotations

import datetime as dt

from flexperf.goals.guard import Policy, Routing, route
from flexperf.goals.models import Approver

YEAR = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 12, 31)}
POLICY = Policy(approver=Approver.MANAGER, min_days_between=30, max_per_period=2)


def test_a_first_adjustment_goes_to_the_schemes_approver() -> None:
    assert route(POLICY, approved_on=[], today=dt.date(2026, 3, 1), **YEAR) == Routing(
        Approver.MANAGER, within_guard=True, note="")
    hrbp = Policy(approver=Approver.HRBP, min_days_between=30, max_per_period=2)
    assert route(hrbp, approved_on=[], today=dt.date(2026, 3, 1), **YEAR).approver == "hrbp"


def test_thirty_days_after_the_last_approval_is_soon_enough() -> None:
    # approved 2026-03-01; 2026-03-31 is 30 days later
    routing = route(POLICY, approved_on=[dt.date(2026, 3, 1)], today=dt.date(2026, 3, 31),
                    **YEAR)
    assert routing.approver == Approver.MANAGER


def test_twenty_nine_days_after_is_too_soon_and_goes_to_hr() -> None:
    routing = route(POLICY, approved_on=[dt.date(2026, 3, 1)], today=dt.date(2026, 3, 30),
                    **YEAR)
    assert routing == Routing(Approver.HR, within_guard=False, note=(
        "The last adjustment was approved on 2026-03-01, 29 days ago (the minimum interval is "
        "30 days)."))


def test_the_third_adjustment_in_a_period_goes_to_hr_however_late() -> None:
    routing = route(POLICY, approved_on=[dt.date(2026, 2, 1), dt.date(2026, 5, 1)],
                    today=dt.date(2026, 10, 1), **YEAR)
    assert routing == Routing(Approver.HR, within_guard=False, note=(
        "2 adjustments were already approved in this period (at most 2 before HR must "
        "approve)."))


def test_both_reasons_are_given_when_both_apply() -> None:
    routing = route(POLICY, approved_on=[dt.date(2026, 5, 1), dt.date(2026, 2, 1)],
                    today=dt.date(2026, 5, 2), **YEAR)
    assert routing.approver == Approver.HR
    assert routing.note == (
        "2 adjustments were already approved in this period (at most 2 before HR must "
        "approve). The last adjustment was approved on 2026-05-01, 1 day ago (the minimum "
        "interval is 30 days).")


def test_approvals_outside_the_period_do_not_count() -> None:
    # a goal of 2026-H2: the approvals of the spring belong to no adjustment of this period
    h2 = {"period_start": dt.date(2026, 7, 1), "period_end": dt.date(2026, 12, 31)}
    routing = route(POLICY, approved_on=[dt.date(2026, 3, 1), dt.date(2026, 6, 20)],
                    today=dt.date(2026, 7, 2), **h2)
    assert routing.approver == Approver.MANAGER


def test_a_zero_interval_and_a_zero_count_send_everything_to_hr() -> None:
    strict = Policy(approver=Approver.MANAGER, min_days_between=0, max_per_period=0)
    assert route(strict, approved_on=[], today=dt.date(2026, 3, 1), **YEAR).approver == "hr"
    lax = Policy(approver=Approver.MANAGER, min_days_between=0, max_per_period=5)
    assert route(lax, approved_on=[dt.date(2026, 3, 1)], today=dt.date(2026, 3, 1),
                 **YEAR).approver == "manager"
