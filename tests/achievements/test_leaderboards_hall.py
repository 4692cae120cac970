from __future__ import annotations

import datetime as dt

import pytest

from flexperf.achievements import services as svc
from flexperf.achievements.selectors import hall as hall_sel
from flexperf.achievements.selectors.leaderboards import leaderboard
from flexperf.audit.models import AuditEntry
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from tests.achievements.conftest import actor, grant
from tests.conftest import SmallOrg

JUNE = dt.date(2026, 6, 10)


@pytest.fixture
def points(small_org: SmallOrg) -> SmallOrg:
    p = small_org.people
    grant(p["rep1"].pk, 50, JUNE, "a")
    grant(p["rep2"].pk, 50, JUNE, "b")
    grant(p["engineer"].pk, 80, JUNE, "c")
    grant(p["sales_head"].pk, 20, JUNE, "d")
    grant(p["rep1"].pk, 30, dt.date(2026, 4, 2), "e")  # April: same quarter, other month
    grant(p["ceo"].pk, 999, dt.date(2025, 6, 1), "f")  # last year
    return small_org


def test_company_board_ranks_with_ties_and_hides_opted_out(points: SmallOrg) -> None:
    p = points.people
    board = leaderboard(actor(points, "employee"), scope="company", period="month")
    assert [(r.rank, r.person_id, r.points) for r in board.rows] == [
        (1, p["engineer"].pk, 80), (2, p["rep1"].pk, 50), (2, p["rep2"].pk, 50),
        (4, p["sales_head"].pk, 20)]
    assert (board.ranked, board.hidden, board.my_rank, board.my_points) == (4, 0, 2, 50)
    svc.set_leaderboard_opt_out(actor=actor(points, "employee"), opt_out=True)
    board = leaderboard(actor(points, "employee"), scope="company", period="quarter")
    assert [(r.rank, r.person_id) for r in board.rows] == [
        (1, p["engineer"].pk), (2, p["rep2"].pk), (3, p["sales_head"].pk)]
    assert (board.hidden, board.my_rank) == (1, None)
    year = leaderboard(actor(points, "employee"), scope="company", period="year", limit=2)
    assert [r.person_id for r in year.rows] == [p["engineer"].pk, p["rep2"].pk]
    assert year.ranked == 3


def test_team_and_unit_boards_are_scoped(points: SmallOrg) -> None:
    p = points.people
    team = leaderboard(actor(points, "manager"), scope="team")
    assert team.manager_id == p["sales_head"].pk
    assert [r.person_id for r in team.rows] == [p["rep1"].pk, p["rep2"].pk]
    mine = leaderboard(actor(points, "employee"), scope="team")  # rep1: her own team
    assert mine.manager_id == p["sales_head"].pk
    with pytest.raises(NotFound):  # another team's board
        leaderboard(actor(points, "employee"), scope="team", manager_id=p["rnd_head"].pk)
    assert leaderboard(actor(points, "hr_admin"), scope="team",
                       manager_id=p["rnd_head"].pk).rows[0].person_id == p["engineer"].pk
    unit = leaderboard(actor(points, "employee"), scope="unit", unit_id=points.units["S"].pk)
    assert [r.person_id for r in unit.rows] == [p["rep1"].pk, p["rep2"].pk,
                                                p["sales_head"].pk]
    with pytest.raises(Forbidden):
        leaderboard(actor(points, "partner"))
    with pytest.raises(ServiceError) as error:
        leaderboard(actor(points, "employee"), scope="galaxy", period="week",
                    include_held=True)
    assert [x.field for x in error.value.problems] == ["scope", "period", "include_held"]


def test_hall_full_for_self_and_managers_public_for_peers(points: SmallOrg) -> None:
    p = points.people
    mine = hall_sel.hall(actor(points, "employee"), p["rep1"].pk)
    assert mine.full
    assert mine.share is not None
    # Q2 team of 陈经理: rep1 80, rep2 50 (the leaver and the manager are not in it)
    assert (mine.share.mine, mine.share.team, mine.share.team_size) == (80, 130, 2)
    assert mine.share.donut.percent == "61.5"
    assert [b.value for b in mine.history][-3:] == [30, 0, 50]
    assert mine.history_total == 80
    before = AuditEntry.objects.filter(action="read").count()
    managed = hall_sel.hall(actor(points, "manager"), p["rep1"].pk)
    assert managed.full
    assert AuditEntry.objects.filter(action="read").count() > before
    from tests import factories as f

    peer = f.actor(f.user("rep2", p["rep2"]))
    public = hall_sel.hall(peer, p["rep1"].pk)
    assert not public.full
    assert public.share is None
    assert public.history == []
    assert public.projects == []
    with pytest.raises(NotFound):
        hall_sel.hall(actor(points, "partner"), p["rep1"].pk)
    with pytest.raises(NotFound):  # a leaver's hall is not public
        hall_sel.hall(peer, p["leaver"].pk)
