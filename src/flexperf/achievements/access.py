"""Who may use which achievements capability (403 for a role that may not at all)."""

from __future__ import annotations

from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden


def is_hr(actor: Actor) -> bool:
    """Quests and the rewards catalogue are edited by HR (admins and business partners)."""
    return actor.is_hr


def require_hr(actor: Actor) -> None:
    if not actor.is_hr:
        raise Forbidden


def require_person(actor: Actor) -> int:
    """Joining quests, redeeming rewards and personal settings need a person record."""
    if actor.person_id is None:
        raise Forbidden
    return actor.person_id


def internal(actor: Actor) -> bool:
    return actor.is_internal
