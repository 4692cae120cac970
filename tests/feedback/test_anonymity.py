"""The anonymity rule and the results built from it, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from flexperf.feedback.anonymity import decide
from flexperf.feedback.results360 import AnswerRow, build


@pytest.mark.parametrize(("raters", "groups"), [
    # Three peers are shown; 1 manager + 2 reports (3 together) are merged; the total is the
    # sum of what is shown, so it may be shown too.
    ({"peer": 3, "manager": 1, "direct_report": 2}, ("peer", "others", "all")),
    # Two reports alone: hidden, nothing to merge with, and "all" − "peer" would be them.
    ({"peer": 3, "direct_report": 2}, ("peer",)),
    # The manager alone is never shown, nor backed out of a total.
    ({"peer": 4, "manager": 1}, ("peer",)),
    # A one-group campaign below the threshold shows nothing at all.
    ({"peer": 2}, ()),
    ({"manager": 1}, ()),
    # A one-group campaign at the threshold: the group, and a total equal to it.
    ({"peer": 3}, ("peer", "all")),
    # Three managers (a matrix) still are not a group of their own: merged as "others".
    ({"manager": 3}, ("others", "all")),
    # Every group small, together 1 + 1 + 2 = 4 ≥ 3: only the merged group and the total.
    ({"manager": 1, "peer": 1, "cross_team": 2}, ("others", "all")),
    # Empty groups are ignored.
    ({"peer": 3, "cross_team": 0}, ("peer", "all")),
    ({}, ()),
])
def test_which_groups_are_shown(raters: dict[str, int], groups: tuple[str, ...]) -> None:
    assert decide(raters).groups == groups


def test_no_hidden_group_can_be_backed_out_of_any_shown_numbers() -> None:
    """For every mix of 0–4 raters in four groups: the raters of all shown columns other than
    "all" add up to the "all" column (when shown), and every shown column has ≥ 3 raters — so
    no difference of shown columns isolates fewer than three raters."""
    import itertools

    for counts in itertools.product(range(5), repeat=4):
        raters = dict(zip(("manager", "peer", "direct_report", "cross_team"), counts,
                          strict=True))
        d = decide(raters)
        sizes = {g: sum(raters[m] for m in d.members(g)) for g in d.groups}
        assert all(n >= 3 for n in sizes.values()), (raters, sizes)
        parts = [g for g in d.groups if g != "all"]
        if "all" in d.groups:
            assert sizes["all"] == sum(raters.values()) == sum(sizes[g] for g in parts)
        assert "manager" not in d.groups


def rows(rater: int, relationship: str, ratings: tuple[int, int, int],
         comment: str = "") -> list[AnswerRow]:
    # Questions 1 and 2 are about 沟通 (communication), question 3 about 领导力 (leadership).
    return [AnswerRow(rater, relationship, "沟通", ratings[0], comment),
            AnswerRow(rater, relationship, "沟通", ratings[1]),
            AnswerRow(rater, relationship, "领导力", ratings[2])]


def test_means_per_competency_and_group_worked_by_hand() -> None:
    answers = [
        *rows(1, "manager", (5, 4, 3), "有担当"),
        *rows(2, "peer", (4, 4, 4), "乐于助人"), *rows(3, "peer", (3, 5, 2)),
        *rows(4, "peer", (2, 3, 3), "沟通清楚"),
        *rows(5, "direct_report", (5, 5, 5)), *rows(6, "direct_report", (1, 2, 4), "多放权"),
    ]
    report = build(answers)
    assert report.groups == ("peer", "others", "all")
    assert report.raters == {"peer": 3, "others": 3, "all": 6}
    # peers, 沟通: (4+4+3+5+2+3)/6 = 21/6 = 3.50; 领导力: (4+2+3)/3 = 3.00
    # others (manager + reports), 沟通: (5+4+5+5+1+2)/6 = 22/6 = 3.666… → 3.67;
    #   领导力: (3+5+4)/3 = 4.00
    # all six, 沟通: 43/12 = 3.583… → 3.58; 领导力: 21/6 = 3.50
    got = {(c, g): (cell.mean, cell.raters) for (c, g), cell in report.cells.items()}
    assert got == {
        ("沟通", "peer"): (Decimal("3.50"), 3), ("领导力", "peer"): (Decimal("3.00"), 3),
        ("沟通", "others"): (Decimal("3.67"), 3), ("领导力", "others"): (Decimal("4.00"), 3),
        ("沟通", "all"): (Decimal("3.58"), 6), ("领导力", "all"): (Decimal("3.50"), 6),
    }
    # Comments: sorted, never attributed, and only of shown groups (the total repeats none).
    assert report.comments == {"peer": ("乐于助人", "沟通清楚"), "others": ("多放权", "有担当")}


def test_a_hidden_group_leaves_no_trace_in_the_report() -> None:
    peers = [*rows(1, "peer", (4, 4, 4)), *rows(2, "peer", (3, 5, 2)),
             *rows(3, "peer", (2, 3, 3))]
    with_reports = build([*peers, *rows(4, "direct_report", (1, 1, 1), "秘密"),
                          *rows(5, "direct_report", (1, 1, 1))])
    # The peers' cells are exactly those of the peers alone; no total, no other column.
    peer_cells = {k: v for k, v in build(peers).cells.items() if k[1] == "peer"}
    assert with_reports.cells == peer_cells
    assert with_reports.raters == {"peer": 3}
    assert "秘密" not in str(with_reports.comments)
