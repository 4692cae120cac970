"""The HR admin's rule settings (thresholds, weeks), stored as overrides of the defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.insights.models import InsightSettings
from flexperf.insights.rules import RuleSettings
from flexperf.insights.selectors import current_settings


def update_settings(*, actor: Actor, values: Mapping[str, Any]) -> RuleSettings:
    """Change some settings (the others keep their current values); every value is checked and
    the whole change refused with a problem per setting named."""
    if not actor.is_hr_admin:
        raise Forbidden
    before = current_settings().as_dict()
    merged = {**before, **{k: v for k, v in values.items() if v is not None}}
    settings = RuleSettings.from_overrides(merged)
    after = settings.as_dict()
    defaults = RuleSettings().as_dict()
    with transaction.atomic():
        row, _created = InsightSettings.objects.select_for_update().get_or_create(pk=1)
        row.values = {k: v for k, v in after.items() if v != defaults[k]}
        row.save()
        audit.record(actor, audit.draft_for(row, Action.UPDATE, changes=audit.diff(
            before, after)))
    return settings
