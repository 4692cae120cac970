"""Small pieces the recognition services share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.org.models import Person
from flexperf.recognition.models import Policy


def me(actor: Actor) -> Person:
    """The caller's own person record: giving and logging need one."""
    if actor.person_id is None:
        raise Forbidden
    person = Person.objects.select_related("unit").filter(pk=actor.person_id).first()
    if person is None:
        raise Forbidden
    return person


def require_hr_admin(actor: Actor) -> None:
    if not actor.is_hr_admin:
        raise Forbidden


def policy() -> Policy:
    found, _created = Policy.objects.get_or_create(pk=1)
    return found


def whole(value: object, field: str, *, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ServiceError(Problem(field, _("Give a whole number from %(low)d to %(high)d.")
                                   % {"low": low, "high": high}))
    return value
