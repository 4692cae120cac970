"""Evidence for a person's review, gathered from the domains that hold it.

A review (reviews domain) shows what happened in the period — check-ins, feedback, 360 results,
analyses of missed goals — without importing those domains: each registers a provider in its
`AppConfig.ready`, and the review asks them all. A provider answers for one person and a date
range, as the given actor may see it: it applies its own scope and privacy rules (a 360 rater
group with fewer than three answers is never in its answer), so nothing here needs to know them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from flexperf.core.actors import Actor


@dataclass(frozen=True)
class EvidenceItem:
    """One line of evidence: a check-in, a piece of feedback, a 360 summary, an analysis."""

    kind: str  # the provider's key: "checkins", "feedback", "review360", "context", …
    title: str  # short, already in the reader's language
    when: dt.date | None = None
    lines: tuple[str, ...] = ()  # plain sentences, in the reader's language
    url: str = ""  # the page that shows it in full, when the actor may open it
    counts: dict[str, int] = field(default_factory=dict)  # e.g. {"praise": 4, "constructive": 1}


@dataclass(frozen=True)
class EvidenceQuery:
    person_id: int
    start: dt.date
    end: dt.date


Provider = Callable[[Actor, EvidenceQuery], list[EvidenceItem]]

_providers: dict[str, Provider] = {}


def register(kind: str, provider: Provider) -> None:
    """Register (or replace) the provider for a kind of evidence."""
    _providers[kind] = provider


def kinds() -> list[str]:
    return sorted(_providers)


def gather(actor: Actor, person_id: int, start: dt.date, end: dt.date) -> list[EvidenceItem]:
    """Every registered provider's evidence for the person in [start, end], grouped by kind in
    the order of the kinds' names, each kind's items as its provider ordered them."""
    query = EvidenceQuery(person_id, start, end)
    found: list[EvidenceItem] = []
    for kind in kinds():
        found.extend(_providers[kind](actor, query))
    return found
