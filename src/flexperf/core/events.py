"""Domain events: announced inside a transaction, delivered after it commits.

A domain declares its events in its own ``events.py`` as frozen dataclasses deriving from
:class:`Event`; other domains subscribe in their ``AppConfig.ready``. Handlers must be quick;
anything slow enqueues a task. A failing handler is logged and never undoes the change.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction

logger = logging.getLogger("flexperf.events")


@dataclass(frozen=True)
class Event:
    """Base class; subclasses are named in the past tense (PersonHired, UnitMoved)."""


E = TypeVar("E", bound=Event)
Handler = Callable[[E], None]

_handlers: dict[type[Event], list[Callable[[Event], None]]] = defaultdict(list)


def subscribe(event_type: type[E]) -> Callable[[Handler[E]], Handler[E]]:
    def register(handler: Handler[E]) -> Handler[E]:
        if handler not in _handlers[event_type]:
            _handlers[event_type].append(handler)  # type: ignore[arg-type]
        return handler

    return register


def emit(event: Event) -> None:
    """Deliver `event` once the surrounding transaction commits (at once if there is none)."""
    transaction.on_commit(lambda: dispatch(event))


def dispatch(event: Event) -> None:
    for event_type in type(event).__mro__:
        for handler in list(_handlers.get(event_type, ())):
            try:
                handler(event)
            except Exception:
                logger.exception("event handler %r failed for %r", handler, event)


def unsubscribe_all(event_type: type[Event]) -> None:
    """For tests only."""
    _handlers.pop(event_type, None)
