"""`flexperf payouts --cycle C [--policy P] [--format csv|xlsx] [--output FILE]`: export the
cycle's payout run (the approved one, else the latest draft); `--compute` computes (or
recomputes a draft) first, `--approve` approves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from flexperf.core.management import cli_actor, service_errors
from flexperf.incentives.exporting import FORMATS, export_run
from flexperf.incentives.models import IncentivePolicy, PayoutRun, RunStatus
from flexperf.incentives.services import runs
from flexperf.reviews.models import Cycle


class Command(BaseCommand):
    help = _("Payouts: compute, approve and export a cycle's payout run.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", required=True, metavar="C", help=_("Cycle code."))
        parser.add_argument("--policy", metavar="P",
                            help=_("Policy code (needed with --compute when there are several)."))
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument("--output", metavar="FILE",
                            help=_("Write the export here instead of to standard output."))
        parser.add_argument("--compute", action="store_true",
                            help=_("Compute the payouts first (replaces a draft run)."))
        parser.add_argument("--approve", action="store_true",
                            help=_("Approve the run before exporting it."))

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli_actor()
        cycle = Cycle.objects.filter(code=options["cycle"]).first()
        if cycle is None:
            raise CommandError(_("cycle: no cycle %(code)s.") % {"code": options["cycle"]})
        with service_errors():
            run = self._run(actor, cycle, options)
            if options["approve"] and run.status != RunStatus.APPROVED:
                run = runs.approve_run(actor=actor, run_id=run.pk)
            exported = export_run(actor, run.pk, options["fmt"])
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(exported.data)
            except OSError as exc:
                raise CommandError(_("Cannot write %(file)s: %(error)s")
                                   % {"file": options["output"], "error": exc}) from exc
            self.stderr.write(_("Wrote %(file)s (run %(run)s, %(status)s).")
                              % {"file": options["output"], "run": run.pk,
                                 "status": run.get_status_display()})
            return
        buffer = getattr(self.stdout._out, "buffer", None)
        if buffer is not None:  # a real terminal or pipe: the exact bytes
            self.stdout.flush()
            buffer.write(exported.data)
            buffer.flush()
        elif options["fmt"] == "csv":
            self.stdout.write(exported.data.decode("utf-8-sig"), ending="")
        else:
            raise CommandError(_("output: write an XLSX export to a file with --output."))

    def _run(self, actor: Any, cycle: Cycle, options: dict[str, Any]) -> PayoutRun:
        policies = IncentivePolicy.objects.order_by("code")
        if options["policy"]:
            policies = policies.filter(code=options["policy"])
            if not policies.exists():
                raise CommandError(_("policy: no policy %(code)s.") % {"code": options["policy"]})
        if options["compute"]:
            found = list(policies[:2])
            if len(found) != 1:
                raise CommandError(_("policy: name the policy with --policy."))
            return runs.compute_payouts(actor=actor, cycle_id=cycle.pk, policy_id=found[0].pk)
        existing = PayoutRun.objects.filter(cycle=cycle, policy_version__policy__in=policies)
        run = (existing.filter(status=RunStatus.APPROVED).order_by("-approved_at", "-pk").first()
               or existing.order_by("-computed_at", "-pk").first())
        if run is None:
            raise CommandError(_("cycle: no payout run for %(code)s yet (use --compute).")
                               % {"code": cycle.code})
        return run
