"""Logging a contribution that no KPI shows: knowledge shared (title and link), a mentoring
session (with the mentee), help given to someone in another unit. Rules award points for them
(ContributionLogged)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError, checked_text
from flexperf.core.events import emit
from flexperf.org.models import Person, Status
from flexperf.recognition import events
from flexperf.recognition.models import Contribution, ContributionKind
from flexperf.recognition.services.common import me


@dataclass(frozen=True)
class ContributionIn:
    kind: str
    title: str
    link: str = ""
    other_person_id: int | None = None
    note: str = ""
    on: dt.date | None = None


def _link(value: str) -> str:
    link = checked_text(value, "link", limit=500)
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ServiceError(Problem("link", _("Give a web address (http or https)."))) from None
    return link


def log_contribution(*, actor: Actor, data: ContributionIn) -> Contribution:
    person = me(actor)
    if data.kind not in ContributionKind.values:
        raise ServiceError(Problem("kind", _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(ContributionKind.values)}))
    title = checked_text(data.title, "title", limit=200)
    note = checked_text(data.note, "note", limit=2000, required=False)
    link = ""
    other: Person | None = None
    if data.kind == ContributionKind.KNOWLEDGE:
        link = _link(data.link)
    else:
        if data.link.strip():
            link = _link(data.link)
        if data.other_person_id is None:
            raise ServiceError(Problem("other_person_id", _(
                "Name the mentee.") if data.kind == ContributionKind.MENTORING
                else _("Name the colleague you helped.")))
        other = Person.objects.filter(pk=data.other_person_id, status=Status.ACTIVE).first()
        if other is None:
            raise ServiceError(Problem("other_person_id", _("No active colleague with this id.")))
        if other.pk == person.pk:
            raise ServiceError(Problem("other_person_id", _("Name someone other than yourself.")))
        if data.kind == ContributionKind.CROSS_TEAM_HELP and other.unit_id == person.unit_id:
            raise ServiceError(Problem("other_person_id", _(
                "Cross-team help is help to someone in another unit.")))
    day = data.on or clock.today()
    if day > clock.today():
        raise ServiceError(Problem("on", _("The date cannot be in the future.")))
    with transaction.atomic():
        found = Contribution.objects.create(person=person, kind=data.kind, title=title,
                                            link=link, other_person=other, note=note, on=day)
        audit.record(actor, audit.draft_for(found, Action.CREATE, context={
            "kind": found.kind, "other_person": other.pk if other else None}))
        emit(events.ContributionLogged(found.pk, person.pk, found.kind,
                                       other.pk if other else None))
    return found
