"""`flexperf points allocate [--period YYYY-MM] [--json]`, `flexperf points balance PERSON`,
`flexperf points verify [--repair]`, `flexperf points rebuild-totals`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from flexperf.core import clock
from flexperf.core.management import cli_actor, service_errors
from flexperf.org.models import Person
from flexperf.recognition import periods
from flexperf.recognition.selectors import ledger
from flexperf.recognition.selectors.totals import earned_total_problems
from flexperf.recognition.services.budgets import allocate_budgets
from flexperf.recognition.services.totals import rebuild_earned_totals


class Command(BaseCommand):
    help = _("Points: allocate monthly giving budgets, show a balance, verify the ledger.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        allocate = actions.add_parser("allocate", help=_(
            "Give every active person the month's giving budget and expire earlier months' "
            "leftovers (idempotent)."))
        allocate.add_argument("--period", metavar="YYYY-MM", default=None,
                              help=_("The month (default: this month)."))
        allocate.add_argument("--json", action="store_true", help=_("Print JSON."))
        balance = actions.add_parser("balance", help=_("A person's points and budget."))
        balance.add_argument("person", metavar="PERSON",
                             help=_("Person id, employee number or user name."))
        balance.add_argument("--json", action="store_true", help=_("Print JSON."))
        verify = actions.add_parser("verify", help=_(
            "Check that every transaction balances, every cached balance equals its entries "
            "and the earned-points totals (leaderboards) equal the ledger."))
        verify.add_argument("--repair", action="store_true", help=_(
            "Rebuild the earned-points totals from the ledger when they differ."))
        actions.add_parser("rebuild-totals", help=_(
            "Recompute the earned-points totals (leaderboards) from the ledger."))

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _allocate(self, options: dict[str, Any]) -> None:
        with service_errors():
            report = allocate_budgets(actor=cli_actor(), period=options["period"])
        if options["json"]:
            self.stdout.write(json.dumps(report.__dict__))
            return
        self.stdout.write(_(
            "%(period)s: %(allocated)d budgets allocated (%(points)d points), %(already)d "
            "already had one; %(expired)d earlier budgets expired (%(expired_points)d points).")
            % report.__dict__)

    def _balance(self, options: dict[str, Any]) -> None:
        value = options["person"].strip()
        q = Q(employee_number=value) | Q(user__username=value)
        if value.isdigit():
            q |= Q(pk=int(value))
        person = Person.objects.filter(q).first()
        if person is None:
            raise CommandError(_("No person matches %(value)s.") % {"value": value})
        period = periods.period_of(clock.today())
        data = {"person_id": person.pk, "name": person.name,
                "available": ledger.available_balance(person.pk),
                "held": ledger.held_balance(person.pk), "period": period,
                "budget_left": ledger.budget_left(person.pk, period)}
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(_(
            "%(name)s: %(available)d points available, %(held)d held; budget left in "
            "%(period)s: %(budget)s.") % {**data, "budget": data["budget_left"]
                                         if data["budget_left"] is not None else "-"})

    def _verify(self, options: dict[str, Any]) -> None:
        problems = ledger.ledger_problems(totals=False)
        if problems:
            for line in problems:
                self.stdout.write(line)
            raise CommandError(_("The points ledger does not balance."))
        self.stdout.write(_("The points ledger balances."))
        drift = earned_total_problems()
        if drift and options["repair"]:
            rows = rebuild_earned_totals(actor=cli_actor())
            self.stdout.write(_("The earned-points totals differed from the ledger; rebuilt "
                                "%(rows)d rows.") % {"rows": rows})
            drift = earned_total_problems()
        if drift:
            for line in drift:
                self.stdout.write(line)
            raise CommandError(_("The earned-points totals differ from the ledger."))
        self.stdout.write(_("The earned-points totals equal the ledger."))

    def _rebuild_totals(self, options: dict[str, Any]) -> None:
        rows = rebuild_earned_totals(actor=cli_actor())
        self.stdout.write(_("Earned-points totals rebuilt from the ledger: %(rows)d rows.")
                          % {"rows": rows})
