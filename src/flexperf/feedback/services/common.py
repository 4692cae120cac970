"""Small pieces the feedback services share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError, checked_text
from flexperf.org.models import Person, Status

CURRENT = (Status.ACTIVE, Status.ON_LEAVE)


def me(actor: Actor) -> Person:
    """The caller's own person record: giving, requesting and nominating need one."""
    if actor.person_id is None:
        raise Forbidden
    person = Person.objects.select_related("unit", "user").filter(pk=actor.person_id).first()
    if person is None:
        raise Forbidden
    return person


def colleague(person_id: int | None, field: str) -> Person:
    """A current member of the group (active or on leave), or a problem naming `field`."""
    if person_id is None:
        raise ServiceError(Problem(field, _("Choose a person.")))
    person = (Person.objects.select_related("unit", "user")
              .filter(pk=person_id, status__in=CURRENT).first())
    if person is None:
        raise ServiceError(Problem(field, _("No current colleague with this id.")))
    return person


def text(value: str, field: str, *, limit: int = 5000, required: bool = True) -> str:
    return checked_text(value, field, limit=limit, required=required)
