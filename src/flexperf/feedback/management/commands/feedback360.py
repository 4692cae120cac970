"""`flexperf feedback360 create-campaign NAME --period P --units U1,U2 --opens D --closes D
[--cap N]`, `flexperf feedback360 list`, `flexperf feedback360 close CAMPAIGN`,
`flexperf feedback360 export CAMPAIGN FILE` (the anonymity-safe results as CSV)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.core.management import cli_actor, service_errors, table
from flexperf.feedback.selectors import review360 as selectors
from flexperf.feedback.services import campaigns as services


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}) from exc


def _campaign_id(value: str) -> int:
    if not value.isdigit():
        raise CommandError(_("A campaign is named by its id (see `flexperf feedback360 list`)."))
    return int(value)


class Command(BaseCommand):
    help = _("360 review campaigns: create, list, close, export the results (anonymity-safe).")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create-campaign", help=_("Open a 360 campaign."))
        create.add_argument("name", metavar="NAME")
        create.add_argument("--period", required=True, metavar="CODE")
        create.add_argument("--units", required=True, metavar="CODES",
                            help=_("Unit codes, separated by commas."))
        create.add_argument("--opens", required=True, metavar="YYYY-MM-DD")
        create.add_argument("--closes", required=True, metavar="YYYY-MM-DD")
        create.add_argument("--cap", type=int, default=5, metavar="N",
                            help=_("Requests per rater at most (default 5)."))
        actions.add_parser("list", help=_("List the campaigns."))
        close = actions.add_parser("close", help=_("Close a campaign: results become readable."))
        close.add_argument("campaign", metavar="CAMPAIGN")
        export = actions.add_parser("export", help=_(
            "Write a campaign's results to a CSV file: only rater groups of three or more."))
        export.add_argument("campaign", metavar="CAMPAIGN")
        export.add_argument("file", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create-campaign":
            with service_errors():
                campaign = services.create_campaign(actor=cli_actor(), data=services.CampaignIn(
                    name=options["name"], period=options["period"],
                    units=options["units"].split(","), opens_on=_date(options["opens"]),
                    closes_on=_date(options["closes"]),
                    max_requests_per_rater=options["cap"]))
            self.stdout.write(_("Opened campaign %(id)d: %(name)s.")
                              % {"id": campaign.pk, "name": campaign.name})
        elif action == "list":
            rows = [(str(c.pk), c.name, c.period.code,
                     ",".join(sorted(u.code for u in c.units.all())), c.opens_on.isoformat(),
                     c.closes_on.isoformat(), str(c.max_requests_per_rater), c.status)
                    for c in selectors.campaigns_visible_to(cli_actor())]
            self.stdout.write(table((_("id"), _("name"), _("period"), _("units"), _("opens"),
                                     _("closes"), _("cap"), _("status")), rows))
        elif action == "close":
            with service_errors():
                campaign = services.close_campaign(actor=cli_actor(),
                                                   campaign_id=_campaign_id(options["campaign"]))
            self.stdout.write(_("Closed campaign %(id)d.") % {"id": campaign.pk})
        else:
            with service_errors():
                body = selectors.export_csv(cli_actor(), _campaign_id(options["campaign"]))
            try:
                Path(options["file"]).write_text(body, encoding="utf-8")
            except OSError as exc:
                raise CommandError(_("Cannot write %(file)s: %(error)s")
                                   % {"file": options["file"],
                                      "error": exc.strerror or exc}) from exc
            self.stdout.write(_("Wrote %(n)d rows to %(file)s.")
                              % {"n": max(body.count("\n") - 1, 0), "file": options["file"]})
