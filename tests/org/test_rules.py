from __future__ import annotations

import datetime as dt

from flexperf.org import rules

TODAY = dt.date(2026, 11, 25)


def test_a_leaver_needs_a_leave_date_and_reason() -> None:
    problems = rules.person_dates(hire_date=dt.date(2020, 1, 1), status="left", leave_date=None,
                                  leave_reason="", today=TODAY, row=7)
    assert [(p.field, p.row) for p in problems] == [("leave_date", 7), ("leave_reason", 7)]


def test_leave_fields_on_someone_still_here_are_refused() -> None:
    problems = rules.person_dates(hire_date=dt.date(2020, 1, 1), status="active",
                                  leave_date=dt.date(2024, 1, 1), leave_reason="", today=TODAY)
    assert [p.field for p in problems] == ["status"]


def test_leaving_before_joining_is_refused() -> None:
    problems = rules.person_dates(hire_date=dt.date(2020, 1, 1), status="left",
                                  leave_date=dt.date(2019, 12, 31), leave_reason="career",
                                  today=TODAY)
    assert [p.field for p in problems] == ["leave_date"]


def test_implausible_dates_are_refused() -> None:
    far_future = rules.person_dates(hire_date=dt.date(2031, 1, 1), status="active",
                                    leave_date=None, leave_reason="", today=TODAY)
    child = rules.person_dates(hire_date=dt.date(2020, 1, 1), status="active", leave_date=None,
                               leave_reason="", birth_date=dt.date(2010, 1, 1), today=TODAY)
    assert [p.field for p in far_future] == ["hire_date"]
    assert [p.field for p in child] == ["birth_date"]


def test_a_valid_leaver_passes() -> None:
    assert rules.person_dates(hire_date=dt.date(2020, 1, 1), status="left",
                              leave_date=dt.date(2024, 6, 30), leave_reason="career",
                              birth_date=dt.date(1990, 1, 1), today=TODAY) == []


def test_reporting_cycles_are_found_and_named_from_their_smallest_member() -> None:
    manager_of = {"a": None, "b": "a", "c": "d", "d": "e", "e": "c", "f": "f", "g": "c"}
    assert rules.reporting_cycles(manager_of) == [["c", "d", "e"], ["f"]]


def test_managers_outside_the_map_end_a_chain_without_a_cycle() -> None:
    assert rules.reporting_cycles({"x": "boss-in-database", "y": "x"}) == []
