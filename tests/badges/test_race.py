"""Concurrent awards append one after the other under the chain head's lock (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from flexperf.badges import selectors, services
from flexperf.badges.models import BadgeClass, ChainEntry
from flexperf.core.actors import Actor
from tests import factories as f
from tests.services import need_postgres

N = 6


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_racing_awards_do_not_fork_the_chain() -> None:
    need_postgres()
    hx = f.company()
    unit = f.unit("U", company=hx)
    people = [f.person(f"同事{i}", unit) for i in range(N)]
    BadgeClass.objects.get_or_create(code="race", defaults={
        "name": "赛跑", "description": "d", "criteria": "c", "image": "star",
        "awarder_roles": [], "auto_only": True})
    start = threading.Barrier(N * 2)
    errors: list[BaseException] = []

    def award(person_id: int, key: str) -> None:
        try:
            start.wait()
            services.award_badge(actor=Actor.system(), badge_code="race", person_id=person_id,
                                 source_key=key)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    # each person twice with the same source key: one award each, never a fork
    threads = [threading.Thread(target=award, args=(p.pk, f"race:{p.pk}"))
               for p in people for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(ChainEntry.objects.values_list("seq", flat=True)) == list(range(1, N + 1))
    result = selectors.audit_chain()
    assert (result.ok, result.checked) == (True, N)
