"""Signal sources (HR admin): opt a tool in, switch it off, rotate its webhook secret."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.signals import secrets
from flexperf.signals.models import Source, SourceKind

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Created:
    source: Source
    secret: str  # shown once


def _hr_admin(actor: Actor) -> None:
    if not actor.is_hr_admin or not actor.allows("write"):
        raise Forbidden


def _source(code: str) -> Source:
    found = Source.objects.select_for_update().filter(code=code).first()
    if found is None:
        raise NotFound
    return found


def create_source(*, actor: Actor, code: str, name: str, kind: str, enabled: bool = True
                  ) -> Created:
    """A new source with a fresh webhook secret (returned once, stored encrypted)."""
    _hr_admin(actor)
    code = (code or "").strip().lower()
    problems = []
    if not _CODE.match(code):
        problems.append(Problem("code", _("Lower-case letters, digits, - and _ (at most 40).")))
    elif Source.objects.filter(code=code).exists():
        problems.append(Problem("code", _("A source with this code exists.")))
    name = (name or "").strip()
    if not name or len(name) > 200:
        problems.append(Problem("name", _("Give a name of at most 200 characters.")))
    if kind not in SourceKind.values:
        problems.append(Problem("kind", _("Choose one of: %(values)s.")
                                % {"values": ", ".join(SourceKind.values)}))
    if problems:
        raise ServiceError(problems)
    secret = secrets.new_secret()
    with transaction.atomic():
        source = Source.objects.create(code=code, name=name, kind=kind, enabled=enabled,
                                       secret_encrypted=secrets.encrypt(secret),
                                       secret_set_at=timezone.now())
        audit.record(actor, audit.draft_for(source, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(source, ("code", "name", "kind", "enabled")))))
    return Created(source, secret)


def set_enabled(*, actor: Actor, code: str, enabled: bool) -> Source:
    """Opt the source in (events accepted) or out (refused with the reason)."""
    _hr_admin(actor)
    with transaction.atomic():
        source = _source(code)
        if source.enabled != enabled:
            before = audit.snapshot(source, ("enabled",))
            source.enabled = enabled
            source.save(update_fields=["enabled"])
            audit.record(actor, audit.draft_for(source, Action.UPDATE, changes=audit.diff(
                before, audit.snapshot(source, ("enabled",)))))
    return source


def rotate_secret(*, actor: Actor, code: str) -> Created:
    """A new webhook secret (the old one stops working at once), returned once."""
    _hr_admin(actor)
    secret = secrets.new_secret()
    with transaction.atomic():
        source = _source(code)
        source.secret_encrypted = secrets.encrypt(secret)
        source.secret_set_at = timezone.now()
        source.save(update_fields=["secret_encrypted", "secret_set_at"])
        audit.record(actor, audit.draft_for(source, Action.UPDATE,
                                            context={"secret": "rotated"}))
    return Created(source, secret)
