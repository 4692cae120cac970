"""HR reviews a flag: release the held points (they become available) or reverse them
(returned to the peer pool). Both post new entries and go to the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError, checked_text
from flexperf.recognition.models import Flag, FlagStatus, HoldState, TxnKind
from flexperf.recognition.services.common import require_hr_admin
from flexperf.recognition.services.ledger import hold_account, person_account, pool, post

DECISIONS = {"release": FlagStatus.RELEASED, "reverse": FlagStatus.REVERSED}


def decide_flag(*, actor: Actor, flag_id: int, decision: str, note: str = "") -> Flag:
    require_hr_admin(actor)
    if decision not in DECISIONS:
        raise ServiceError(Problem("decision", _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(DECISIONS)}))
    note = checked_text(note, "note", limit=500, required=False)
    today = clock.today()
    with transaction.atomic():
        flag = Flag.objects.select_for_update().filter(pk=flag_id).first()
        if flag is None:
            raise NotFound
        if flag.status != FlagStatus.OPEN:
            raise ServiceError(Problem("decision", _("This flag was already decided.")))
        moved = 0
        for hold in flag.holds.select_for_update().filter(state=HoldState.HELD).order_by("pk"):
            target = (person_account(hold.person_id) if decision == "release"
                      else pool("peer"))
            txn = post(actor=actor, kind=TxnKind.RELEASE if decision == "release"
                       else TxnKind.REVERSE, on=today,
                       legs=[(hold_account(hold.person_id), -hold.points),
                             (target, hold.points)],
                       source="flag", reason=f"flag {flag.pk}")
            hold.state = (HoldState.RELEASED if decision == "release"
                          else HoldState.REVERSED)
            hold.settled_txn = txn
            hold.save(update_fields=["state", "settled_txn"])
            moved += hold.points
        flag.status = DECISIONS[decision]
        flag.decided_at = timezone.now()
        flag.decided_by = actor.username[:150]
        flag.note = note
        flag.save(update_fields=["status", "decided_at", "decided_by", "note"])
        audit.record(actor, audit.draft_for(flag, Action.UPDATE, changes={
            "status": [FlagStatus.OPEN.value, flag.status]}, context={"points": moved}))
    return flag
