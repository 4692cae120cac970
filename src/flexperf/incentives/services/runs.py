"""Payout runs (HR admin): compute a finalised cycle's payouts with a policy's latest version,
and approve a run. Re-computing replaces the cycle's draft run for that policy, never an
approved one."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.incentives import engine
from flexperf.incentives.access import require_hr_admin
from flexperf.incentives.cycles import cycle_info
from flexperf.incentives.gather import gather
from flexperf.incentives.models import IncentivePolicy, PayoutLine, PayoutRun, RunStatus
from flexperf.incentives.money import ZERO
from flexperf.incentives.notices import tell_statement_ready
from flexperf.incentives.rules import parse_rules


def compute_payouts(*, actor: Actor, cycle_id: int, policy_id: int) -> PayoutRun:
    require_hr_admin(actor)
    cycle = cycle_info(cycle_id)
    if not cycle.finalised:
        raise ServiceError(_("Payouts are computed once the cycle is finalised."),
                           field="cycle")
    policy = IncentivePolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise ServiceError(_("No such policy."), field="policy")
    version = policy.versions.order_by("-number").first()
    if version is None:
        raise ServiceError(_("The policy has no version."), field="policy")
    rules = parse_rules(version.rules)
    with transaction.atomic():
        if PayoutRun.objects.filter(cycle_id=cycle.id, policy_version__policy=policy,
                                    status=RunStatus.APPROVED).exists():
            raise ServiceError(_("This cycle's payouts under this policy are approved "
                                 "already; an approved run is never replaced."), field="cycle")
        replaced = list(PayoutRun.objects.select_for_update().filter(
            cycle_id=cycle.id, policy_version__policy=policy, status=RunStatus.DRAFT))
        inputs = gather(cycle, rules)
        lines = engine.compute(rules, inputs.people, inputs.milestones, inputs.pools)
        totals: dict[str, Decimal] = {}
        for line in lines:
            totals[line.currency] = totals.get(line.currency, ZERO) + line.amount
        for old in replaced:
            old.delete()
        run = PayoutRun.objects.create(
            cycle_id=cycle.id, policy_version=version, people=len(inputs.people),
            totals={c: str(v) for c, v in sorted(totals.items())}, computed_by_id=actor.user_id)
        _insert_lines(run.pk, lines)
        audit.record(actor, audit.draft_for(run, Action.CREATE, changes={
            "cycle": cycle.code, "policy": policy.code, "version": version.number,
            "people": run.people, "lines": len(lines), "totals": run.totals},
            context={"replaced_runs": [r.pk for r in replaced]}))
    return run


def _insert_lines(run_id: int, lines: list[engine.PayoutLine]) -> None:
    """Plain multi-row INSERTs of the run's lines (model instances and bulk_create cost three
    times as much at 10,000 people); values adapted as the ORM would."""
    meta = PayoutLine._meta
    fields = {f.attname: f for f in meta.concrete_fields}
    statement = fields["statement"]
    columns = ("run_id", "person_id", "kind", "amount", "currency", "statement", "reference",
               "order")
    quote = connection.ops.quote_name
    # Names from the model's own metadata, values as parameters.
    sql = (f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608
           f"({', '.join(quote(fields[c].column) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    rows = [(run_id, line.person_id, str(line.kind), line.amount, line.currency,
             statement.get_db_prep_save([[m, v] for m, v in line.sentences], connection),
             line.reference[:300], i) for i, line in enumerate(lines)]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start:start + 5000])


def approve_run(*, actor: Actor, run_id: int) -> PayoutRun:
    require_hr_admin(actor)
    with transaction.atomic():
        run = PayoutRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            raise NotFound
        if run.status == RunStatus.APPROVED:
            raise ServiceError(_("The run is approved already."), field="status")
        run.status = RunStatus.APPROVED
        run.approved_at = timezone.now()
        run.approved_by_id = actor.user_id
        run.save(update_fields=["status", "approved_at", "approved_by"])
        audit.record(actor, audit.draft_for(run, Action.UPDATE,
                                            changes={"status": ["draft", "approved"]}))
        if cycle_info(run.cycle_id).published:
            tell_statement_ready(run)
    return run
