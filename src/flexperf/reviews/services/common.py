"""What the reviews services share: who may run a cycle, the lock of finalised cycles, and the
engine snapshot (bulk: one `score_period` for a whole cycle, one bulk update)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.core import tree
from flexperf.core.actors import Actor, Via
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.goals.evaluation import (
    Basis,
    ComponentScore,
    PeriodScores,
    score_period,
    to_decimal,
)
from flexperf.goals.models import Scheme
from flexperf.goals.rules import RatingScale
from flexperf.org.models import Person, Unit
from flexperf.reviews import rules
from flexperf.reviews.models import LOCKED_PHASES, Cycle, Evaluation, Phase

SNAPSHOT_FIELDS = ("scheme_code", "engine_score", "engine_rating", "components", "scored_at",
                   "scored_phase", "score", "rating")
BATCH = 1000


def may_run_cycles(actor: Actor) -> bool:
    """HR admins run every cycle; HR business partners the cycles of their units."""
    return actor.is_hr


def may_run(actor: Actor, units: Sequence[Unit]) -> bool:
    """May the caller run a cycle (or a calibration session) over these units?"""
    if actor.is_hr_admin:
        return True
    if not actor.hrbp_unit_paths or not units:
        return False
    return all(any(tree.is_within(unit.path, path) for path in actor.hrbp_unit_paths)
               for unit in units)


def cycle_for_update(actor: Actor, cycle_id: int) -> Cycle:
    """The cycle, locked for the transaction, if the caller may run it (NotFound otherwise:
    an HRBP does not learn of other units' cycles; other roles are Forbidden outright)."""
    if not may_run_cycles(actor):
        raise Forbidden
    cycle = Cycle.objects.select_for_update().select_related("period").filter(pk=cycle_id).first()
    if cycle is None or not may_run(actor, list(cycle.units.all())):
        raise NotFound
    return cycle


def refuse_if_locked(cycle: Cycle) -> None:
    if cycle.phase in LOCKED_PHASES:
        raise ServiceError(Problem("cycle", _("The cycle '%(name)s' is %(phase)s: its "
                                              "evaluations are locked.")
                                   % {"name": cycle.name, "phase": Phase(cycle.phase).label}))


def require_phase(cycle: Cycle, phase: Phase, what: str) -> None:
    """Refuse `what` (a sentence naming the action) outside `phase`."""
    refuse_if_locked(cycle)
    if cycle.phase != phase:
        raise ServiceError(Problem("cycle", _("%(what)s is only possible while the cycle is in "
                                              "%(phase)s; '%(name)s' is in %(now)s.")
                                   % {"what": what, "phase": Phase(phase).label,
                                      "name": cycle.name, "now": Phase(cycle.phase).label}))


def in_scope(cycle: Cycle) -> QuerySet[Person]:
    """Everyone in the cycle's units' subtrees."""
    scope = Person.objects.none()
    for unit in cycle.units.all():
        scope = scope | Person.objects.filter(tree.subtree_q("unit__path", unit.path))
    return scope


def scales_by_code(codes: set[str]) -> dict[str, RatingScale]:
    return {code: RatingScale.from_json(raw) for code, raw in
            Scheme.objects.filter(code__in=codes).values_list("code", "scale")}


def scale_of(scheme_code: str) -> RatingScale:
    return scales_by_code({scheme_code}).get(scheme_code, RatingScale())


def component_json(component: ComponentScore) -> dict[str, Any]:
    return {"key": component.key, "label": component.label, "paradigm": component.paradigm,
            "weight": str(component.weight),
            "points": str(to_decimal(component.points)) if component.points is not None
            else None,
            "goals": component.goals, "scored_goals": component.scored_goals,
            "flagged": component.flagged}


def write_fields(evaluations: Sequence[Evaluation], names: Sequence[str]) -> None:
    """Store these fields of many evaluations: one parameterised UPDATE per row, sent with
    `executemany` (values prepared by each field as the ORM prepares them). `bulk_update`
    builds a CASE expression per field over the whole batch, which took seconds for a few
    hundred rows and grows with their square."""
    if not evaluations:
        return
    fields = [f for name in names
              if isinstance(f := Evaluation._meta.get_field(name), models.Field)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # Table and column names come from the model; every value is a parameter.
    sql = (f"UPDATE {quote(Evaluation._meta.db_table)} SET {assignments} "  # noqa: S608
           f"WHERE {quote('id')} = %s")
    rows = [[f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] + [e.pk]
            for e in evaluations]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])


def score_cycle(cycle: Cycle, people: QuerySet[Person] | list[int]) -> PeriodScores:
    """The engine's scores of these people for the cycle: its period as of its date, on its
    basis (full period or paced to the date), people reviewed over shorter periods (half
    years, quarters) from their goals of the sub-periods started by then."""
    system = Actor.system(via=Via.SYSTEM, username="reviews")
    return score_period(system, cycle.period, as_of=cycle.as_of, people=people,
                        basis=Basis(cycle.basis), sub_periods=True)


def take_snapshot(cycle: Cycle, phase: str) -> int:
    """Score every evaluation of the cycle with the engine (`score_cycle`) and store score,
    rating and components; recompute the adjusted score and, unless
    calibration changed it, the rating. Returns how many evaluations were scored."""
    evaluations = list(Evaluation.objects.filter(cycle=cycle).only(
        "pk", "person_id", "adjustment", "calibrated", "rating", "scheme_code"))
    scored = score_cycle(cycle, Person.objects.filter(evaluations__cycle=cycle))
    by_person = {p.person_id: p for p in scored.people}
    scales = scales_by_code({p.scheme_code for p in scored.people}
                            | {e.scheme_code for e in evaluations})
    now = timezone.now()
    for evaluation in evaluations:
        found = by_person.get(evaluation.person_id)
        if found is not None:
            evaluation.scheme_code = found.scheme_code
            evaluation.engine_score = to_decimal(found.score)
            evaluation.engine_rating = found.rating or ""
            evaluation.components = [component_json(c) for c in found.components]
        else:
            evaluation.engine_score, evaluation.engine_rating = None, ""
            evaluation.components = []
        evaluation.scored_at, evaluation.scored_phase = now, phase
        evaluation.score = rules.adjusted_score(evaluation.engine_score, evaluation.adjustment)
        if not evaluation.calibrated:
            scale = scales.get(evaluation.scheme_code, RatingScale())
            evaluation.rating = rules.rate(scale, evaluation.score)
    write_fields(evaluations, SNAPSHOT_FIELDS)
    return len(evaluations)
