"""Who may open which reviews page."""

from __future__ import annotations

from flexperf.core.actors import Actor, Role


def has_person(actor: Actor) -> bool:
    return actor.person_id is not None


def reviews_people(actor: Actor) -> bool:
    """Managers (their reporting subtree) and HR (their units)."""
    return actor.has(Role.MANAGER) or actor.is_hr


def sees_cycles(actor: Actor) -> bool:
    """HR run cycles; managers follow them; executives see their aggregates."""
    return actor.is_hr or actor.has(Role.EXECUTIVE) or actor.has(Role.MANAGER)


def runs_cycles(actor: Actor) -> bool:
    return actor.is_hr
