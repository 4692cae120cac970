"""The no-negative-balance guarantee under real concurrency (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.recognition.selectors.ledger import budget_left, ledger_problems
from flexperf.recognition.services.awards import AwardIn, give_recognition
from flexperf.recognition.services.budgets import allocate_budgets
from tests import factories as f
from tests.services import need_postgres

N = 8


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_racing_awards_from_one_budget_never_overdraw(settings: object) -> None:
    need_postgres()
    import datetime as dt

    settings.FLEXPERF_TODAY = dt.date(2026, 6, 15)  # type: ignore[attr-defined]
    hx = f.company()
    unit = f.unit("U", company=hx)
    giver = f.person("给予者", unit)
    people = [f.person(f"同事{i}", unit) for i in range(N)]
    allocate_budgets(actor=Actor.system(), period="2026-06")  # 100 points each
    actor = Actor(user_id=None, username="giver", person_id=giver.pk)
    start = threading.Barrier(N)
    outcomes: list[str] = []

    def give(recipient_id: int) -> None:
        try:
            start.wait()
            give_recognition(actor=actor, data=AwardIn(
                recipient_id=recipient_id, points=30, message="谢谢", tag="teamwork"))
            outcomes.append("ok")
        except ServiceError as error:
            outcomes.append(error.problems[0].field)
        finally:
            connection.close()

    threads = [threading.Thread(target=give, args=(p.pk,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 100 points, 30 each: exactly three awards fit; the other five are refused, none overdraws.
    assert sorted(outcomes) == ["ok"] * 3 + ["points"] * 5
    assert budget_left(giver.pk, "2026-06") == 10
    assert ledger_problems() == []
