"""Telling people their payout statement is ready: when a run is approved for a published
cycle, or when a cycle with an approved run is published (reviews' CyclePublished event)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from flexperf.core.events import subscribe
from flexperf.incentives.models import PayoutLine, PayoutRun, RunStatus
from flexperf.notifications import services as notifications
from flexperf.notifications.models import Notification
from flexperf.org.models import Person
from flexperf.reviews.events import CyclePublished

STATEMENT_URL = "/incentives/statements/"


def tell_statement_ready(run: PayoutRun) -> int:
    """One in-app notification per person with a line in the run (in the caller's
    transaction); returns how many people were told."""
    ids = PayoutLine.objects.filter(run=run).values("person_id").distinct()
    # Told once per run: approving and publishing in one transaction (the publish event is
    # delivered after commit, when the run is already approved) must not tell anyone twice.
    told = Notification.objects.filter(kind="payout", url=STATEMENT_URL,
                                       created_at__gte=run.approved_at or run.computed_at)
    users = [p.user for p in Person.objects.filter(pk__in=ids, user__isnull=False)
             .exclude(user__in=told.values("recipient_id"))
             .select_related("user").only("user")]
    notifications.notify(recipients=users, kind="payout",
                         title=_("Your payout statement is ready"),
                         body=_("See each payout and why it is what it is."),
                         url=STATEMENT_URL, email=False)
    return len(users)


@subscribe(CyclePublished)
def on_cycle_published(event: CyclePublished) -> None:
    run = (PayoutRun.objects.filter(cycle_id=event.cycle_id, status=RunStatus.APPROVED)
           .order_by("-approved_at", "-pk").first())
    if run is not None:
        tell_statement_ready(run)
