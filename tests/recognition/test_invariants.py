"""Ledger invariants and the earned-points rollup under random sequences of grants, peer
awards (some flagged as ping-pong, their points held), HR releases and reversals, spends and
refunds, spread over months of two quarters."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexperf.achievements.periods import span
from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.recognition import services
from flexperf.recognition.models import Account, AccountKind, EarnedTotal, Entry, Flag, Policy
from flexperf.recognition.selectors import earned_board, earned_totals, points_by_person
from flexperf.recognition.selectors.ledger import ledger_problems
from flexperf.recognition.selectors.totals import earned_total_problems
from flexperf.recognition.services.awards import AwardIn, give_recognition
from flexperf.recognition.services.flags import decide_flag
from flexperf.recognition.services.totals import rebuild_earned_totals
from tests import factories as f
from tests.conftest import SmallOrg

SYSTEM = Actor.system()
PEOPLE = ("rep1", "rep2", "engineer", "ceo")
DAYS = (dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 4, 20), dt.date(2026, 5, 9))
day = st.sampled_from(DAYS)
operation = st.one_of(
    st.tuples(st.just("grant"), st.sampled_from(PEOPLE), st.integers(1, 40), day),
    st.tuples(st.just("spend"), st.sampled_from(PEOPLE), st.integers(1, 60)),
    st.tuples(st.just("refund"), st.integers(0, 20)),
    st.tuples(st.just("award"), st.sampled_from(PEOPLE), st.integers(1, 50),
              st.sampled_from(PEOPLE), day),
    st.tuples(st.just("decide"), st.sampled_from(("release", "reverse"))),
)


def _apply(org: SmallOrg, hr: Actor, n: int, op: tuple[Any, ...]) -> None:
    people = org.people
    if op[0] == "grant":
        services.grant_points(actor=SYSTEM, person_id=people[op[1]].pk, points=op[2],
                              reason="r", source="quest", source_key=f"g{n % 5}", on=op[3])
    elif op[0] == "spend":
        services.spend_points(actor=SYSTEM, person_id=people[op[1]].pk, points=op[2],
                              reason="r", source_key=f"s{n}")
    elif op[0] == "refund":
        services.refund_points(actor=SYSTEM, source_key=f"s{op[1]}", reason="r")
    elif op[0] == "award":
        giver = people[op[1]]
        give_recognition(actor=Actor(user_id=None, username="t", person_id=giver.pk),
                         data=AwardIn(recipient_id=people[op[3]].pk, points=op[2],
                                      message="好", tag="teamwork"), on=op[4])
    else:
        flag = Flag.objects.filter(status="open").order_by("pk").first()
        if flag is not None:
            decide_flag(actor=hr, flag_id=flag.pk, decision=op[1])


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=12))
def test_ledger_and_rollup_invariants(small_org: SmallOrg, today: None,
                                      ops: list[tuple[Any, ...]]) -> None:
    hr = f.actor(small_org.users["hr_admin"])
    ids = [p.pk for p in small_org.people.values()]
    with transaction.atomic():
        # One award each way already flags a pair: holds, releases and reversals happen often.
        Policy.objects.update_or_create(pk=1, defaults={"pingpong_min_each": 1})
        for n, op in enumerate(ops):
            with contextlib.suppress(ServiceError):
                _apply(small_org, hr, n, op)
            assert not Account.objects.exclude(kind=AccountKind.POOL).filter(
                balance__lt=0).exists()
        assert sum(Entry.objects.values_list("amount", flat=True)) == 0
        assert ledger_problems(totals=False) == []  # the rollup: below
        # Every month, quarter and year of the rollup equals the ledger's points_by_person.
        windows = {span(kind, when) for kind in ("month", "quarter", "year") for when in DAYS}
        for window in windows:
            for held in (False, True):
                assert earned_totals(None, window.code, include_held=held) == \
                    points_by_person(ids, window.start, window.end, include_held=held)
        # Rebuilding from the entries gives the same rows (zero rows aside).
        before = set(EarnedTotal.objects.exclude(points=0, with_held=0)
                     .values_list("person_id", "period_key", "points", "with_held"))
        rebuild_earned_totals()
        assert set(EarnedTotal.objects.values_list(
            "person_id", "period_key", "points", "with_held")) == before
        transaction.set_rollback(True)


def test_verify_finds_drift_and_rebuild_repairs_it(small_org: SmallOrg, today: None) -> None:
    rep1 = small_org.people["rep1"].pk
    services.grant_points(actor=SYSTEM, person_id=rep1, points=30, reason="r", source="rule",
                          source_key="k1", on=dt.date(2026, 5, 3))
    assert earned_totals([rep1], "2026-05") == {rep1: 30}
    assert earned_totals([rep1], "2026-Q2") == earned_totals([rep1], "2026") == {rep1: 30}
    EarnedTotal.objects.filter(person_id=rep1, period_key="2026").update(points=31)
    EarnedTotal.objects.filter(person_id=rep1, period_key="2026-05").delete()
    assert earned_total_problems() == [
        f"earned total person {rep1} 2026: rollup 31 (with held 30) but entries say 30 "
        f"(with held 30)",
        f"earned total person {rep1} 2026-05: rollup 0 (with held 0) but entries say 30 "
        f"(with held 30)"]
    assert rebuild_earned_totals() == 3
    assert earned_total_problems() == []


def test_earned_board_matches_a_brute_force_ranking(small_org: SmallOrg, today: None) -> None:
    people = small_org.people
    given = {"rep1": 50, "rep2": 50, "engineer": 80, "sales_head": 20, "ceo": 50, "hrbp_p": 5}
    for n, (name, points) in enumerate(given.items()):
        services.grant_points(actor=SYSTEM, person_id=people[name].pk, points=points,
                              reason="r", source="rule", source_key=f"b{n}",
                              on=dt.date(2026, 6, 2))
    ids = {name: people[name].pk for name in people}
    excluded = [ids["ceo"]], [ids["hrbp_p"], ids["ceo"]]  # overlapping exclusions
    board = {ids[n]: p for n, p in given.items() if ids[n] not in (ids["ceo"], ids["hrbp_p"])}
    ordered = sorted(board.items(), key=lambda row: (-row[1], row[0]))
    for within in (None, [*board, ids["ceo"], ids["rnd_head"]]):
        for limit in (1, 2, 3, 10):
            for me in [*board, ids["ceo"], ids["rnd_head"]]:
                got = earned_board("2026-06", limit=limit, within=within, exclude=excluded,
                                   person_id=me)
                assert got.top == ordered[:limit]
                assert got.ranked == len(board)
                assert got.my_points == board.get(me)
                assert got.my_rank == (None if me not in board else
                                       1 + sum(1 for p in board.values() if p > board[me]))
