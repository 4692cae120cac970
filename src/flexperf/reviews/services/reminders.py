"""Reminders before a phase's deadline: three days before and on the day, people without a
self review (self review phase) and managers with reviews to write (manager review phase)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from flexperf.accounts.models import User
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden
from flexperf.notifications import services as notifications
from flexperf.reviews.models import Cycle, Evaluation, Phase

DAYS_BEFORE = (3, 0)


def _self_title(name: str, deadline: dt.date) -> Any:
    return lazy(lambda: _("Your self review for %(cycle)s is due on %(day)s")
                % {"cycle": name, "day": deadline.isoformat()}, str)()


def _manager_title(name: str, deadline: dt.date) -> Any:
    return lazy(lambda: _("Reviews of your team for %(cycle)s are due on %(day)s")
                % {"cycle": name, "day": deadline.isoformat()}, str)()


def send_reminders(*, actor: Actor, today: dt.date) -> int:
    """Notify whoever still has to write for a deadline three days away or today; returns how
    many notifications were created."""
    if not actor.is_hr_admin:
        raise Forbidden
    sent = 0
    with transaction.atomic():
        for cycle in Cycle.objects.filter(phase__in=(Phase.SELF_REVIEW, Phase.MANAGER_REVIEW)):
            if cycle.phase == Phase.SELF_REVIEW:
                deadline = cycle.self_review_deadline
                if (deadline - today).days not in DAYS_BEFORE:
                    continue
                users = User.objects.filter(person__evaluations__cycle=cycle,
                                            person__evaluations__self_submitted_at__isnull=True)
                title = _self_title(cycle.name, deadline)
            else:
                deadline = cycle.manager_review_deadline
                if (deadline - today).days not in DAYS_BEFORE:
                    continue
                pending = Evaluation.objects.filter(cycle=cycle,
                                                    manager_submitted_at__isnull=True)
                users = User.objects.filter(person__in=pending.values("manager_id"))
                title = _manager_title(cycle.name, deadline)
            sent += len(notifications.notify(recipients=users.order_by("pk"), kind="review",
                                             title=title, url="/reviews/"))
    return sent
