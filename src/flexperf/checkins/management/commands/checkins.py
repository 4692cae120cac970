"""`flexperf checkins schedule [--on DATE]`: create the open check-ins and send the reminders
(what the daily job does); prints the counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.checkins.services.schedule import schedule_checkins
from flexperf.core import clock
from flexperf.core.management import cli_actor, service_errors


class Command(BaseCommand):
    help = _("Check-ins: create the due ones by each person's cadence and send reminders.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        schedule = actions.add_parser(
            "schedule", help=_("Create the check-ins open on the day and send the due and "
                               "overdue reminders (running it again does nothing new)."))
        schedule.add_argument("--on", metavar="DATE", default=None,
                              help=_("The day, YYYY-MM-DD (default today)."))

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["on"]
        try:
            on = dt.date.fromisoformat(raw) if raw else clock.today()
        except ValueError as exc:
            raise CommandError(_("--on: '%(value)s' is not a date (YYYY-MM-DD).")
                               % {"value": raw}) from exc
        with service_errors():
            counts = schedule_checkins(actor=cli_actor(), on=on)
        self.stdout.write(_("Check-ins on %(day)s: %(created)d created, %(existing)d already "
                            "there; reminders: %(reminded_due)d due, %(reminded_overdue)d "
                            "overdue.") % {"day": on.isoformat(), **counts})
