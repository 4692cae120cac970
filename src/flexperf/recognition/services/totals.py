"""Recomputing the earned-points rollup from the ledger (after bulk loads, or to repair it)."""

from __future__ import annotations

from django.db import transaction

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.recognition import totals
from flexperf.recognition.models import EarnedTotal, Entry


def rebuild_earned_totals(*, actor: Actor | None = None) -> int:
    """Replace every EarnedTotal row with what the entries say (one transaction); returns the
    rows written. With an actor, the rebuild goes to the audit trail."""
    with transaction.atomic():
        written = totals.rewrite(EarnedTotal, totals.expected(Entry))
        if actor is not None:
            audit.record(actor, audit.Draft(
                action=Action.UPDATE, object_type="recognition.earnedtotal",
                object_repr="earned totals rebuilt", context={"rows": written}))
    return written
