"""The scheduled job's work: create the check-ins that are open (idempotent), remind people
when one is due and, once overdue, them and their manager — each reminder once per state."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.checkins import windows
from flexperf.checkins.models import Checkin, CheckinStatus
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.goals.selectors import schemes_for_units
from flexperf.notifications.services import message, notify
from flexperf.org.models import Person, Status

KIND_DUE = "checkin_due"
KIND_OVERDUE = "checkin_overdue"


def schedule_checkins(*, actor: Actor, on: dt.date) -> dict[str, int]:
    """Create every active person's check-in for the windows open on `on` (their scheme's
    cadence), then send the reminders due on that day. Running it again creates and sends
    nothing new. Returns {"created", "existing", "reminded_due", "reminded_overdue"}."""
    if not actor.is_hr_admin:
        raise Forbidden
    with transaction.atomic():
        created, existing = _create(actor, on)
        due, overdue = _remind(on)
    return {"created": created, "existing": existing, "reminded_due": due,
            "reminded_overdue": overdue}


def _create(actor: Actor, on: dt.date) -> tuple[int, int]:
    opens, due = windows.open_days(), windows.due_days()
    people = list(Person.objects.filter(status=Status.ACTIVE, hire_date__lte=on)
                  .values_list("pk", "unit__path", "hire_date"))
    schemes = schemes_for_units({path for _pk, path, _hired in people})
    wanted: dict[str, list[tuple[int, windows.Window]]] = defaultdict(list)
    for pk, path, hired in people:
        cadence = schemes[path].checkin_cadence
        for window in windows.current_windows(cadence, on, opens=opens, due=due):
            if hired <= window.end:
                wanted[window.code].append((pk, window))
    rows: list[Checkin] = []
    existing = 0
    for code, entries in wanted.items():
        have = set(Checkin.objects.filter(window=code, person_id__in=[pk for pk, _w in entries])
                   .values_list("person_id", flat=True))
        existing += len(have)
        rows.extend(Checkin(person_id=pk, cadence=w.cadence, window=w.code,
                            window_start=w.start, window_end=w.end, due_date=w.due(due))
                    for pk, w in entries if pk not in have)
    made = Checkin.objects.bulk_create(rows, batch_size=1000)
    audit.record_many(actor, [audit.draft_for(row, Action.CREATE, context={
        "person": row.person_id, "window": row.window, "due": row.due_date.isoformat()})
        for row in made])
    return len(made), existing


def _remind(on: dt.date) -> tuple[int, int]:
    now = timezone.now()
    pending = (Checkin.objects.select_for_update(of=("self",))
               .filter(status=CheckinStatus.DUE)
               .filter(due_reminded_at__isnull=True, overdue_reminded_at__isnull=True,
                       due_date__gte=on)
               .select_related("person__user"))
    due_ids = []
    for checkin in pending:
        if on < checkin.window_end - dt.timedelta(days=windows.open_days()):
            continue
        notify(recipients=[checkin.person.user], kind=KIND_DUE,
               title=message(_("Your check-in for %(window)s is due by %(day)s"),
                             window=checkin.window, day=checkin.due_date.isoformat()),
               body=_("Record progress and confidence on each goal, obstacles and what you "
                      "need."), url=reverse("checkin_detail", args=[checkin.pk]))
        due_ids.append(checkin.pk)
    Checkin.objects.filter(pk__in=due_ids).update(due_reminded_at=now)

    late = (Checkin.objects.select_for_update(of=("self",))
            .filter(status=CheckinStatus.DUE, overdue_reminded_at__isnull=True,
                    due_date__lt=on)
            .select_related("person__user", "person__manager__user"))
    late_ids = []
    for checkin in late:
        person = checkin.person
        manager = person.manager.user if person.manager is not None else None
        notify(recipients=[person.user, manager], kind=KIND_OVERDUE,
               title=message(_("The check-in of %(name)s for %(window)s is overdue (due "
                               "%(day)s)"), name=person.name, window=checkin.window,
                             day=checkin.due_date.isoformat()),
               url=reverse("checkin_detail", args=[checkin.pk]))
        late_ids.append(checkin.pk)
    Checkin.objects.filter(pk__in=late_ids).update(overdue_reminded_at=now)
    return len(due_ids), len(late_ids)
