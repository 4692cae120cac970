"""The inbox: acknowledge an insight, act on it (which action, an optional note) or dismiss it
(with a reason). Acted and dismissed are final. The audit trail records the transition and the
action — never the note or the reason, which may be about a person."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action as AuditAction
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.core.jsonable import JsonValue
from flexperf.insights.models import ACTIVE_STATUSES, ActionChoice, Insight, Status
from flexperf.insights.selectors import access_insight, can_decide

NOTE_LIMIT = 2000
AUDITED = ("status", "action")


def _decidable(actor: Actor, insight_id: int) -> Insight:
    found = access_insight(actor, insight_id, record_read=False)
    if not can_decide(actor, found):
        raise Forbidden
    found = Insight.objects.select_for_update().get(pk=found.pk)
    if found.status not in ACTIVE_STATUSES:
        raise ServiceError(Problem("status", _("This insight was already %(status)s.")
                                   % {"status": found.get_status_display().lower()}))
    return found


def _save(actor: Actor, insight: Insight, before: dict[str, JsonValue], fields: list[str]
          ) -> None:
    insight.decided_by_id = actor.user_id
    insight.save(update_fields=[*fields, "decided_by", "updated_at"])
    audit.record(actor, audit.draft_for(
        insight, AuditAction.UPDATE,
        changes=audit.diff(before, audit.snapshot(insight, AUDITED)),
        context={"kind": insight.kind, "person_id": insight.subject_person_id}))


def acknowledge(*, actor: Actor, insight_id: int) -> Insight:
    """Seen, will look into it: open → acknowledged."""
    with transaction.atomic():
        insight = _decidable(actor, insight_id)
        if insight.status == Status.ACKNOWLEDGED:
            raise ServiceError(Problem("status", _("This insight was already acknowledged.")))
        before = audit.snapshot(insight, AUDITED)
        insight.status = Status.ACKNOWLEDGED
        insight.acknowledged_at = timezone.now()
        _save(actor, insight, before, ["status", "acknowledged_at"])
    return insight


def act(*, actor: Actor, insight_id: int, action: str, note: str = "") -> Insight:
    """Acted on it: which of the recommended kinds of action, and an optional note."""
    if action not in ActionChoice.values:
        raise ServiceError(Problem("action", _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(ActionChoice.values)}))
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ServiceError(Problem("note", _("At most %(n)d characters.") % {"n": NOTE_LIMIT}))
    with transaction.atomic():
        insight = _decidable(actor, insight_id)
        before = audit.snapshot(insight, AUDITED)
        insight.status = Status.ACTED
        insight.action = action
        insight.note = note
        insight.acted_at = timezone.now()
        _save(actor, insight, before, ["status", "action", "note", "acted_at"])
    return insight


def dismiss(*, actor: Actor, insight_id: int, reason: str) -> Insight:
    """Not acting on it, and why (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(Problem("reason", _("Say why the insight is dismissed.")))
    if len(reason) > NOTE_LIMIT:
        raise ServiceError(Problem("reason", _("At most %(n)d characters.")
                                   % {"n": NOTE_LIMIT}))
    with transaction.atomic():
        insight = _decidable(actor, insight_id)
        before = audit.snapshot(insight, AUDITED)
        insight.status = Status.DISMISSED
        insight.dismiss_reason = reason
        insight.dismissed_at = timezone.now()
        _save(actor, insight, before, ["status", "dismiss_reason", "dismissed_at"])
    return insight
