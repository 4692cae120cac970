"""Ledger invariants under random sequences of grants, awards, spends and refunds."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.recognition import services
from flexperf.recognition.models import Account, AccountKind, Entry
from flexperf.recognition.selectors.ledger import ledger_problems
from flexperf.recognition.services.awards import AwardIn, give_recognition
from tests.conftest import SmallOrg

SYSTEM = Actor.system()
PEOPLE = ("rep1", "rep2", "engineer", "ceo")
operation = st.one_of(
    st.tuples(st.just("grant"), st.sampled_from(PEOPLE), st.integers(1, 40)),
    st.tuples(st.just("spend"), st.sampled_from(PEOPLE), st.integers(1, 60)),
    st.tuples(st.just("refund"), st.integers(0, 20), st.just(0)),
    st.tuples(st.just("award"), st.sampled_from(PEOPLE), st.integers(1, 50),
              st.sampled_from(PEOPLE)),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=12))
def test_ledger_invariants(budgets: SmallOrg, ops: list[tuple[Any, ...]]) -> None:
    people = budgets.people
    with transaction.atomic():
        for n, op in enumerate(ops):
            try:
                if op[0] == "grant":
                    services.grant_points(actor=SYSTEM, person_id=people[op[1]].pk,
                                          points=op[2], reason="r", source="quest",
                                          source_key=f"g{n % 5}")
                elif op[0] == "spend":
                    services.spend_points(actor=SYSTEM, person_id=people[op[1]].pk,
                                          points=op[2], reason="r", source_key=f"s{n}")
                elif op[0] == "refund":
                    services.refund_points(actor=SYSTEM, source_key=f"s{op[1]}", reason="r")
                else:
                    giver = people[op[1]]
                    give_recognition(
                        actor=Actor(user_id=None, username="t", person_id=giver.pk),
                        data=AwardIn(recipient_id=people[op[3]].pk, points=op[2],
                                     message="好", tag="teamwork"))
            except ServiceError:
                pass
            assert not Account.objects.exclude(kind=AccountKind.POOL).filter(
                balance__lt=0).exists()
        assert sum(Entry.objects.values_list("amount", flat=True)) == 0
        assert ledger_problems() == []
        transaction.set_rollback(True)
