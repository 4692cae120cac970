"""`flexperf cycle list|open|advance|close`: review cycles from the command line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from flexperf.core.management import cli_actor, service_errors, table
from flexperf.reviews import rules, services
from flexperf.reviews.models import Cycle, Phase
from flexperf.reviews.selectors import cycles as selectors


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from exc


def _decimal(value: str, option: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise CommandError(_("%(option)s: not a number: %(value)s")
                           % {"option": option, "value": value}) from exc
    if not number.is_finite():
        raise CommandError(_("%(option)s: not a number: %(value)s")
                           % {"option": option, "value": value})
    return number


class Command(BaseCommand):
    help = _("Review cycles: list them; open one (create it and start self review); advance "
             "one to its next phase; close one (finalise it if in calibration, then publish).")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser("list", help=_("List the cycles with their phase and evaluations."))
        opener = actions.add_parser(
            "open", help=_("Create a cycle and open it: an evaluation for every active person "
                           "in the units' subtrees, self review starts."))
        opener.add_argument("code", metavar="CODE")
        opener.add_argument("--name", required=True)
        opener.add_argument("--period", required=True, metavar="PERIOD",
                            help=_("The period's code, e.g. 2026."))
        opener.add_argument("--units", required=True, metavar="CODES",
                            help=_("Comma-separated unit codes; each covers its subtree."))
        opener.add_argument("--as-of", metavar="DATE",
                            help=_("Scoring date (default: the period's last day)."))
        opener.add_argument("--basis", choices=("full", "paced"), default="full",
                            help=_("full: judge the full period's targets (default); paced: "
                                   "judge pace, targets where the expected path stands on the "
                                   "scoring date."))
        opener.add_argument("--start", metavar="DATE",
                            help=_("First day of self review (default today); each phase "
                                   "lasts two weeks."))
        opener.add_argument("--max-adjustment", default="10", metavar="POINTS",
                            help=_("Largest manager adjustment either way (default 10)."))
        opener.add_argument("--guidance", metavar="TEXT",
                            help=_("Guidance distribution, e.g. 'top: S A 20; middle: B 70; "
                                   "bottom: C D 10' (the default)."))
        advance = actions.add_parser(
            "advance", help=_("Move a cycle to its next phase: self review → manager review "
                              "(engine scores taken) → calibration → finalised (every "
                              "calibration session closed; locked) → published."))
        advance.add_argument("code", metavar="CODE")
        close = actions.add_parser(
            "close", help=_("Finalise a cycle in calibration and publish it (a finalised "
                            "cycle is published)."))
        close.add_argument("code", metavar="CODE")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
            return
        actor = cli_actor()
        if action == "open":
            with service_errors():
                guidance = (rules.parse_guidance_text(options["guidance"])
                            if options["guidance"] else None)
            spec = services.CycleSpec(
                code=options["code"], name=options["name"], period=options["period"],
                units=[c for c in options["units"].split(",") if c.strip()],
                as_of=_date(options["as_of"]) if options["as_of"] else None,
                start=_date(options["start"]) if options["start"] else None,
                max_adjustment=_decimal(options["max_adjustment"], "--max-adjustment"),
                guidance=guidance, basis=options["basis"])
            with service_errors(), transaction.atomic():
                cycle = services.create_cycle(actor=actor, spec=spec)
                cycle = services.advance_cycle(actor=actor, cycle_id=cycle.pk)
            count = cycle.evaluations.count()
            self.stdout.write(_("Opened cycle %(code)s: %(n)d evaluations, self review until "
                                "%(deadline)s.") % {"code": cycle.code, "n": count,
                                                    "deadline": cycle.self_review_deadline})
            return
        cycle = self._cycle(options["code"])
        with service_errors():
            if action == "advance":
                cycle = services.advance_cycle(actor=actor, cycle_id=cycle.pk)
            else:
                cycle = services.close_cycle(actor=actor, cycle_id=cycle.pk)
        self.stdout.write(_("Cycle %(code)s is now in %(phase)s.")
                          % {"code": cycle.code, "phase": Phase(cycle.phase).label})

    def _cycle(self, code: str) -> Cycle:
        cycle = selectors.cycles_visible_to(cli_actor()).filter(code=code).first()
        if cycle is None:
            raise CommandError(_("There is no cycle '%(code)s'.") % {"code": code})
        return cycle

    def _list(self) -> None:
        cycles = (selectors.cycles_visible_to(cli_actor()).select_related("period")
                  .annotate(n=Count("evaluations")).order_by("code"))
        rows = [(c.code, c.name, c.period.code, str(Phase(c.phase).label), str(c.n))
                for c in cycles]
        self.stdout.write(table((_("code"), _("name"), _("period"), _("phase"),
                                 _("evaluations")), rows))
