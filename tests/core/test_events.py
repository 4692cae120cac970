from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from flexperf.core.events import Event, emit, subscribe, unsubscribe_all


@dataclass(frozen=True)
class ThingHappened(Event):
    n: int


@pytest.fixture
def received() -> Any:
    seen: list[ThingHappened] = []
    subscribe(ThingHappened)(seen.append)
    yield seen
    unsubscribe_all(ThingHappened)


@pytest.mark.django_db
def test_an_event_is_delivered_only_after_commit(
    received: list[ThingHappened], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        emit(ThingHappened(1))
        assert received == []
    assert received == [ThingHappened(1)]


@pytest.mark.django_db(transaction=True)
def test_an_event_of_a_rolled_back_transaction_is_never_delivered(
    received: list[ThingHappened],
) -> None:
    def emit_then_fail() -> None:
        with transaction.atomic():
            emit(ThingHappened(2))
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        emit_then_fail()
    with transaction.atomic():
        emit(ThingHappened(3))
    assert received == [ThingHappened(3)]


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_does_not_stop_the_others(received: list[ThingHappened]) -> None:
    def broken(event: ThingHappened) -> None:
        raise ValueError("handler bug")

    subscribe(ThingHappened)(broken)
    subscribe(ThingHappened)(received.append)  # already subscribed: not added twice
    emit(ThingHappened(4))
    assert received == [ThingHappened(4)]
