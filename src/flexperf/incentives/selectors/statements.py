"""Payout statements: who may read whose.

* A person reads their own statement once the cycle is published and its payout run approved
  (before that it does not exist for them: 404).
* HR reads the statements of the people in their scope at any time (draft runs included);
  reading someone else's statement is a sensitive read and goes to the audit trail.
* Managers do not see their reports' payouts: pay is between the person and HR, and the
  manager's part ends with the rating. A manager asking for a report's statement gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.incentives import engine
from flexperf.incentives.cycles import CycleInfo, all_cycles, cycle_info
from flexperf.incentives.models import PayoutLine, PayoutRun, RunStatus
from flexperf.incentives.money import ZERO
from flexperf.org.models import Person
from flexperf.org.selectors import hr_scope, people_visible_to


@dataclass(frozen=True)
class StatementLine:
    kind: str
    amount: Decimal
    currency: str
    sentences: list[str]
    reference: str


@dataclass(frozen=True)
class Statement:
    person: Person
    cycle: CycleInfo
    run: PayoutRun
    policy_version: int
    lines: list[StatementLine]
    totals: dict[str, Decimal]

    @property
    def draft(self) -> bool:
        return self.run.status != RunStatus.APPROVED


def _run_for(cycle_id: int, *, approved_only: bool) -> PayoutRun | None:
    runs = PayoutRun.objects.filter(cycle_id=cycle_id).select_related("policy_version")
    approved = runs.filter(status=RunStatus.APPROVED).order_by("-approved_at", "-pk").first()
    if approved is not None or approved_only:
        return approved
    return runs.order_by("-computed_at", "-pk").first()


def _is_hr_for(actor: Actor, person_id: int) -> bool:
    return actor.is_hr and people_visible_to(actor).filter(hr_scope(actor),
                                                           pk=person_id).exists()


def access_statement(actor: Actor, cycle_id: int, person_id: int) -> Statement:
    own = person_id == actor.person_id
    hr = not own and _is_hr_for(actor, person_id)
    if own and actor.is_hr:
        hr = False  # HR reads their own statement under the same rule as everyone
    if not own and not hr:
        raise NotFound
    cycle = cycle_info(cycle_id)
    if own and not cycle.published:
        raise NotFound
    run = _run_for(cycle.id, approved_only=own)
    if run is None:
        raise NotFound
    rows = list(PayoutLine.objects.filter(run=run, person_id=person_id).order_by("order"))
    if not rows:
        raise NotFound
    person = Person.objects.select_related("unit").get(pk=person_id)
    if hr:
        audit.record(actor, audit.Draft(
            action=Action.READ, object_type="incentives.statement",
            object_id=f"{run.pk}:{person_id}", object_repr=f"{person.name} / {cycle.code}"))
    lines = [StatementLine(r.kind, r.amount, r.currency, engine.render(r.statement),
                           r.reference) for r in rows]
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.currency] = totals.get(line.currency, ZERO) + line.amount
    return Statement(person, cycle, run, run.policy_version.number, lines, totals)


def my_statement_cycles(actor: Actor) -> list[CycleInfo]:
    """Published cycles with an approved run that pays the caller something or explains why
    not (their statement exists)."""
    if actor.person_id is None:
        return []
    out = []
    for cycle in all_cycles():
        if not cycle.published:
            continue
        run = _run_for(cycle.id, approved_only=True)
        if run is not None and run.lines.filter(person_id=actor.person_id).exists():
            out.append(cycle)
    return out
