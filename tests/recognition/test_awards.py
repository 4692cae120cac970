from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.core.events import subscribe
from flexperf.recognition import selectors
from flexperf.recognition.events import PointsFlagged, RecognitionGiven
from flexperf.recognition.models import Award, Flag, Hold, Visibility
from flexperf.recognition.selectors.ledger import (
    available_balance,
    budget_left,
    held_balance,
    ledger_problems,
)
from flexperf.recognition.services.awards import AwardIn, give_recognition
from flexperf.recognition.services.budgets import allocate_budgets, update_policy
from flexperf.recognition.services.flags import decide_flag
from tests.conftest import SmallOrg
from tests.recognition.conftest import PERIOD, actor_of

JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
seen: list[object] = []


@subscribe(RecognitionGiven)
def _given(event: RecognitionGiven) -> None:
    seen.append(event)


@subscribe(PointsFlagged)
def _flagged(event: PointsFlagged) -> None:
    seen.append(event)


def award(org: SmallOrg, giver: str, to: str, points: int, **kw: Any) -> Award:
    user = {"rep1": "employee", "sales_head": "manager", "hrbp_p": "hrbp",
            "hr_admin_p": "hr_admin"}.get(giver)
    actor = actor_of(org, user) if user else Actor(user_id=None, username=giver,
                                                    person_id=org.people[giver].pk)
    return give_recognition(actor=actor, data=AwardIn(
        recipient_id=org.people[to].pk, points=points, message=kw.pop("message", "谢谢你的帮助"),
        tag=str(kw.pop("tag", "teamwork")), **kw))


def test_award_moves_points_from_budget_to_recipient(budgets: SmallOrg, capture: Any) -> None:
    seen.clear()
    rep1, engineer = budgets.people["rep1"].pk, budgets.people["engineer"].pk
    with capture(execute=True):
        given = award(budgets, "rep1", "engineer", 30, tag="cross_team_help")
    assert budget_left(rep1, PERIOD) == 70
    assert available_balance(engineer) == 30
    assert selectors.points_by_person(None, *JUNE) == {engineer: 30}
    assert selectors.endorsement_counts(engineer) == {"cross_team_help": 1}
    assert seen == [RecognitionGiven(given.pk, rep1, engineer, "cross_team_help", 30, True)]
    assert ledger_problems() == []


BAD_AWARDS: list[tuple[str, int, dict[str, object], str]] = [
    ("rep1", 10, {}, "recipient_id"),
    ("leaver", 10, {}, "recipient_id"),
    ("rep2", 0, {}, "points"),
    ("rep2", 51, {}, "points"),
    ("rep2", 10, {"message": "  "}, "message"),
    ("rep2", 10, {"tag": "bribery"}, "tag"),
    ("rep2", 10, {"goal_id": 999999}, "goal_id"),
    ("rep2", 10, {"visibility": "secret"}, "visibility"),
]


def test_bad_awards_name_the_field(budgets: SmallOrg) -> None:
    # One group for all cases: a refused award changes nothing (the budget stays whole).
    for to, points, kw, field in BAD_AWARDS:
        with pytest.raises(ServiceError) as error:
            award(budgets, "rep1", to, points, **kw)
        assert error.value.problems[0].field == field, (to, points, kw)
        assert budget_left(budgets.people["rep1"].pk, PERIOD) == 100


def test_budget_runs_out_and_caps_and_diminishing_returns(budgets: SmallOrg) -> None:
    rep2 = budgets.people["rep2"].pk
    # Pair cap 60, 2 free awards, then 50 %: 20, 20, 10 → 50; the next 20 is worth 5 → 55.
    assert [award(budgets, "rep1", "rep2", 20).points for _ in range(4)] == [20, 20, 10, 5]
    assert available_balance(rep2) == 55
    update_policy(actor=Actor.system(), free_awards=10)
    with pytest.raises(ServiceError, match="5 left"):
        award(budgets, "rep1", "rep2", 20)
    # Budget: 100 − 55 = 45 left; 40 to the engineer, then 6 more is refused.
    award(budgets, "rep1", "engineer", 40)
    with pytest.raises(ServiceError, match="has 5 points left") as short:
        award(budgets, "rep1", "ceo", 6)
    assert short.value.problems[0].field == "points"
    assert budget_left(budgets.people["rep1"].pk, PERIOD) == 5


def test_budget_allocated_on_first_award_and_expired_next_month(small_org: SmallOrg,
                                                                 today: None) -> None:
    rep1 = small_org.people["rep1"].pk
    award(small_org, "rep1", "rep2", 10)
    assert budget_left(rep1, PERIOD) == 90
    report = allocate_budgets(actor=Actor.system(), period=PERIOD)
    assert (report.allocated, report.already) == (9, 1)  # 10 active people, rep1 had one
    again = allocate_budgets(actor=Actor.system(), period=PERIOD)
    assert (again.allocated, again.already, again.expired) == (0, 10, 0)
    july = allocate_budgets(actor=Actor.system(), period="2026-07")
    assert (july.allocated, july.expired, july.expired_points) == (10, 10, 990)
    assert budget_left(rep1, PERIOD) == 0
    assert ledger_problems() == []


def _reciprocal(org: SmallOrg) -> Flag:
    update_policy(actor=Actor.system(), free_awards=10, pair_cap=1000)
    for _ in range(3):
        award(org, "rep1", "rep2", 10)
    award(org, "rep2", "rep1", 10)
    award(org, "rep2", "rep1", 10)
    assert Flag.objects.count() == 0
    award(org, "rep2", "rep1", 10)  # the third each way raises the flag
    return Flag.objects.get()


def test_ping_pong_is_flagged_and_held_until_released(budgets: SmallOrg, capture: Any
                                                      ) -> None:
    seen.clear()
    rep1, rep2 = budgets.people["rep1"].pk, budgets.people["rep2"].pk
    with capture(execute=True):
        flag = _reciprocal(budgets)
    assert (flag.a_to_b, flag.b_to_a) == (3, 3)
    assert PointsFlagged(flag.pk, (min(rep1, rep2), max(rep1, rep2))) in seen
    assert (available_balance(rep1), held_balance(rep1)) == (0, 30)
    assert (available_balance(rep2), held_balance(rep2)) == (0, 30)
    assert selectors.points_by_person([rep1, rep2], *JUNE) == {}
    assert selectors.points_by_person([rep1, rep2], *JUNE, include_held=True) == {
        rep1: 30, rep2: 30}
    # While the flag is open, further awards between the two are held as well.
    award(budgets, "rep1", "rep2", 10)
    assert held_balance(rep2) == 40
    assert [v.held for v in selectors.recognitions_received(
        actor_of(budgets, "employee"), rep2)] == [True] * 4
    decide_flag(actor=Actor.system(), flag_id=flag.pk, decision="release", note="ok")
    assert (available_balance(rep2), held_balance(rep2)) == (40, 0)
    assert selectors.points_by_person([rep1, rep2], *JUNE) == {rep1: 30, rep2: 40}
    assert Hold.objects.filter(state="released").count() == 7
    with pytest.raises(ServiceError):
        decide_flag(actor=Actor.system(), flag_id=flag.pk, decision="reverse")
    assert ledger_problems() == []


def test_reversed_points_return_to_the_pool(budgets: SmallOrg) -> None:
    rep1, rep2 = budgets.people["rep1"].pk, budgets.people["rep2"].pk
    flag = _reciprocal(budgets)
    decide_flag(actor=Actor.system(), flag_id=flag.pk, decision="reverse")
    assert (available_balance(rep1), held_balance(rep1)) == (0, 0)
    assert selectors.points_by_person([rep1, rep2], *JUNE, include_held=True) == {}
    assert selectors.endorsement_counts(rep1) == {}
    assert ledger_problems() == []


def test_employee_cannot_decide_flags(budgets: SmallOrg) -> None:
    from flexperf.core.errors import Forbidden

    flag = _reciprocal(budgets)
    with pytest.raises(Forbidden):
        decide_flag(actor=actor_of(budgets, "employee"), flag_id=flag.pk, decision="release")


def test_private_award_reaches_the_wall_of_the_people_in_it_only(budgets: SmallOrg) -> None:
    private = award(budgets, "rep1", "engineer", 10, visibility=Visibility.PRIVATE)
    public = award(budgets, "rep1", "engineer", 10)
    from flexperf.recognition.selectors.awards import wall

    readers = {role: {a.pk for a in wall(actor_of(budgets, role))}
               for role in budgets.users}
    assert readers["employee"] == {private.pk, public.pk}
    assert readers["manager"] == {private.pk, public.pk}  # rep1's manager
    for role in ("hrbp", "hr_admin", "executive", "auditor"):
        assert readers[role] == {public.pk}, role
    assert readers["partner"] == set()
