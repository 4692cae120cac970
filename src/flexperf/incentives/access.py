"""Who may use which incentives capability (403 for a role that may not at all)."""

from __future__ import annotations

from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden


def require_hr(actor: Actor) -> None:
    """Policies, runs, compensation and fairness are HR's (HR admins and HR business partners,
    each within their scope)."""
    if not actor.is_hr:
        raise Forbidden


def require_hr_admin(actor: Actor) -> None:
    if not actor.is_hr_admin:
        raise Forbidden


def is_hr(actor: Actor) -> bool:
    return actor.is_hr


def is_hr_admin(actor: Actor) -> bool:
    return actor.is_hr_admin
