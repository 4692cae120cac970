"""Who reads which check-ins: the person, managers up the line, HR for their units (HRBP: S
and below), HR admins; nobody else (auditors and partner users see none of others')."""

from __future__ import annotations

import datetime as dt

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.checkins.selectors import access_checkin, checkins_visible_to
from flexperf.checkins.selectors.board import team_board
from flexperf.checkins.services import checkins as services
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound
from tests import factories as org_factories
from tests.checkins import factories as cf
from tests.checkins.conftest import GoalOrg
from tests.goals import factories as f

D = dt.date


def _all(org: GoalOrg) -> dict[str, int]:
    return {key: cf.checkin(org.people[key]).pk
            for key in ("rep1", "rep2", "sales_head", "engineer", "hrbp_p", "auditor_p")}


@pytest.mark.parametrize(("role", "sees"), [
    ("employee", {"rep1"}),
    ("manager", {"rep1", "rep2", "sales_head"}),  # 陈经理's own and her subtree
    ("hrbp", {"rep1", "rep2", "sales_head", "hrbp_p"}),  # unit S and below, and her own
    ("hr_admin", {"rep1", "rep2", "sales_head", "engineer", "hrbp_p", "auditor_p"}),
    ("executive", set()),  # 韩策 has no reports and no check-in of his own here
    ("auditor", {"auditor_p"}),  # only 冯审's own
    ("partner", set()),
])
def test_each_role_reads_only_its_scope(goal_org: GoalOrg, role: str, sees: set[str]) -> None:
    ids = _all(goal_org)
    actor = goal_org.actor(role)
    visible = set(checkins_visible_to(actor).values_list("pk", flat=True))
    assert visible == {ids[key] for key in sees}
    for key, pk in ids.items():
        if key not in sees:
            with pytest.raises(NotFound):
                access_checkin(actor, pk)


def test_reading_someone_elses_check_in_is_audited(goal_org: GoalOrg) -> None:
    ids = _all(goal_org)
    access_checkin(goal_org.actor("employee"), ids["rep1"])  # one's own: not a sensitive read
    access_checkin(goal_org.actor("manager"), ids["rep1"])
    reads = AuditEntry.objects.filter(object_type="checkins.checkin", action="read")
    assert [(e.object_id, e.actor_username) for e in reads] == [(str(ids["rep1"]), "manager")]


def test_the_board_sorts_the_team_by_state_and_risk(goal_org: GoalOrg) -> None:
    people = goal_org.people
    on = D(2026, 4, 10)
    overdue = cf.checkin(people["rep1"])  # Q1 due 04-07: overdue on 04-10
    awaiting = cf.checkin(people["rep2"])
    services.submit_checkin(actor=_actor_of(goal_org, "rep2"), checkin_id=awaiting.pk,
                            on=D(2026, 4, 1), lines=[])
    # 赵磊's revenue: 80 on 03-31 is the threshold, 0 of the way: off track on 04-10.
    revenue = f.kpi_goal(people["rep2"], title="营业收入", activate=True)
    f.measure(revenue.metrics.get(), "2026-03-31", 80)
    board = team_board(goal_org.actor("manager"), on=on)
    assert [r.person.name for r in board.overdue] == ["林小雨"]
    assert [r.person.name for r in board.awaiting] == ["赵磊"]
    assert board.awaiting[0].can_discuss
    assert board.due == []
    assert [(r.person.name, r.risks) for r in board.at_risk] == [
        ("赵磊", ["营业收入: Off track"])]
    assert overdue.pk == board.overdue[0].checkin.pk  # type: ignore[union-attr]
    # The leaver is not on it, nor is the manager herself.
    assert {r.person.name for r in board.rows} == {"林小雨", "赵磊"}
    with pytest.raises(Forbidden):
        team_board(goal_org.actor("employee"), on=on)
    with pytest.raises(Forbidden):
        team_board(goal_org.actor("auditor"), on=on)


def test_low_confidence_puts_a_person_at_risk(goal_org: GoalOrg) -> None:
    people = goal_org.people
    behaviour = f.behaviour_goal(people["rep1"], title="协作", activate=True)
    checkin = cf.checkin(people["rep1"])
    services.submit_checkin(actor=goal_org.actor("employee"), checkin_id=checkin.pk,
                            on=D(2026, 4, 1), lines=[{"goal_id": behaviour.pk,
                                                     "confidence": 4}])
    board = team_board(goal_org.actor("hrbp"), on=D(2026, 4, 1))
    row = next(r for r in board.rows if r.person.name == "林小雨")
    assert "协作: confidence 4/10" in row.risks  # 4 ≤ the default low mark 4
    assert not row.can_discuss  # HR sees the board but does not coach


def _actor_of(org: GoalOrg, key: str) -> Actor:
    return org_factories.actor(org_factories.user(key, org.people[key]))
