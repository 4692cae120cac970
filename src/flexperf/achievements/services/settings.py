"""A person's own achievements settings: leaderboard opt-out."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from flexperf.achievements.access import require_person
from flexperf.achievements.models import PersonSettings
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor


def set_leaderboard_opt_out(*, actor: Actor, opt_out: bool) -> PersonSettings:
    """Hide (or show again) the caller on every leaderboard."""
    person_id = require_person(actor)
    with transaction.atomic():
        found, _created = PersonSettings.objects.select_for_update().get_or_create(
            person_id=person_id)
        if found.leaderboard_opt_out != opt_out:
            before = found.leaderboard_opt_out
            found.leaderboard_opt_out, found.updated_at = opt_out, timezone.now()
            found.save(update_fields=["leaderboard_opt_out", "updated_at"])
            audit.record(actor, audit.draft_for(found, Action.UPDATE, changes={
                "leaderboard_opt_out": [before, opt_out]}))
    return found
