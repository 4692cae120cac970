"""Cadence windows by hand: months and quarters, when a check-in opens and is due."""

from __future__ import annotations

import datetime as dt

from flexperf.checkins import windows

D = dt.date


def test_a_day_falls_in_its_month_and_quarter() -> None:
    march = windows.window_of("monthly", D(2026, 3, 25))
    assert (march.code, march.start, march.end) == ("2026-03", D(2026, 3, 1), D(2026, 3, 31))
    february = windows.window_of("monthly", D(2028, 2, 10))  # a leap year
    assert february.end == D(2028, 2, 29)
    q4 = windows.window_of("quarterly", D(2026, 12, 31))
    assert (q4.code, q4.start, q4.end) == ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31))
    assert windows.previous(windows.window_of("quarterly", D(2026, 1, 5))).code == "2025-Q4"


def test_a_check_in_is_open_from_a_week_before_the_window_ends_until_it_is_due() -> None:
    # March ends 03-31: open from 03-24, due 04-07 (7 + 7 days).
    assert [w.code for w in windows.current_windows("monthly", D(2026, 3, 23), opens=7,
                                                    due=7)] == []
    assert [w.code for w in windows.current_windows("monthly", D(2026, 3, 24), opens=7,
                                                    due=7)] == ["2026-03"]
    assert [w.code for w in windows.current_windows("monthly", D(2026, 4, 7), opens=7,
                                                    due=7)] == ["2026-03"]
    assert [w.code for w in windows.current_windows("monthly", D(2026, 4, 8), opens=7,
                                                    due=7)] == []
    # Long lead and grace: the previous quarter is still due while the next has opened.
    assert [w.code for w in windows.current_windows("quarterly", D(2026, 4, 5), opens=7,
                                                    due=10)] == ["2026-Q1"]
    assert windows.window_of("monthly", D(2026, 3, 1)).due(7) == D(2026, 4, 7)


def test_windows_between_lists_those_that_end_in_the_range() -> None:
    assert [w.code for w in windows.windows_between("quarterly", D(2026, 1, 1),
                                                    D(2026, 6, 30))] == ["2026-Q1", "2026-Q2"]
    assert len(windows.windows_between("monthly", D(2026, 1, 1), D(2026, 6, 30))) == 6
