"""The fairness report of a cycle (R4): HR only (403 for executives, managers, employees …);
an HR business partner sees the people of their units. Payouts come from the cycle's approved
run (else its latest draft); a person's payout is the sum of their lines (any currency: for the
"any bonus" selection and the group totals)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.incentives.access import require_hr
from flexperf.incentives.cycles import CycleInfo, cycle_info, results
from flexperf.incentives.fairness import DimensionReport, FairnessRow, report
from flexperf.incentives.models import PayoutLine, PayoutRun, RunStatus
from flexperf.incentives.rules import parse_rules
from flexperf.org.demographics import age_band
from flexperf.org.models import Gender, JobFamily
from flexperf.org.selectors import hr_scope, people_visible_to

DEFAULT_MIN_GROUP = 5
RATINGS = ("S", "A", "B", "C", "D")


@dataclass(frozen=True)
class FairnessReport:
    cycle: CycleInfo
    run: PayoutRun | None
    people: int
    min_group: int
    top_ratings: tuple[str, ...]
    dimensions: list[DimensionReport]


def fairness_report(actor: Actor, cycle_id: int, *, min_group: int = DEFAULT_MIN_GROUP
                    ) -> FairnessReport:
    require_hr(actor)
    cycle = cycle_info(cycle_id)
    final = {r.person_id: r.rating or None for r in results(cycle.id)}
    scope = people_visible_to(actor).filter(hr_scope(actor), pk__in=list(final))
    runs = PayoutRun.objects.filter(cycle_id=cycle.id).select_related("policy_version")
    run = (runs.filter(status=RunStatus.APPROVED).order_by("-approved_at", "-pk").first()
           or runs.order_by("-computed_at", "-pk").first())
    paid: dict[int, Decimal] = {}
    top: tuple[str, ...] = ("S", "A")
    if run is not None:
        # Summed here in Decimal (SQLite's SUM of a decimal column is a float).
        for pid, amount in PayoutLine.objects.filter(run=run).values_list("person_id",
                                                                         "amount"):
            paid[pid] = paid.get(pid, Decimal(0)) + amount
        top = tuple(sorted(parse_rules(run.policy_version.rules).top_ratings))
    genders, families = dict(Gender.choices), dict(JobFamily.choices)
    rows = []
    for pid, gender, birth, location, unit, family in scope.values_list(
            "pk", "gender", "birth_date", "location", "unit__name", "job_family"):
        rows.append(FairnessRow(pid, {
            "gender": str(genders.get(gender, "")) if gender else "",
            "age_band": age_band(birth, cycle.as_of), "location": location,
            "unit": unit, "population": str(families.get(family, family))},
            final.get(pid), paid.get(pid, Decimal(0))))
    audit.record(actor, audit.Draft(action=Action.READ, object_type="incentives.fairness",
                                    object_id=str(cycle.id), object_repr=cycle.code))
    dims = report(rows, top_ratings=top, ratings=RATINGS, min_group=max(1, min_group))
    return FairnessReport(cycle, run, len(rows), max(1, min_group), top, dims)
