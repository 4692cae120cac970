"""Cycles: created by HR (HR admin; an HRBP for their units), opened (an evaluation for each
active person in scope), advanced one phase at a time, finalised (locked) and published."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock, events
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.core.jsonable import JsonValue
from flexperf.goals.models import Period
from flexperf.goals.selectors.schemes import schemes_for_units
from flexperf.notifications import services as notifications
from flexperf.org.models import Status, Unit
from flexperf.reviews import rules
from flexperf.reviews.events import CycleAdvanced, CycleFinalised, CycleOpened, CyclePublished
from flexperf.reviews.models import (
    PHASE_ORDER,
    Basis,
    CalibrationSession,
    Cycle,
    Evaluation,
    Phase,
    SessionStatus,
    default_guidance,
)
from flexperf.reviews.services.common import (
    BATCH,
    cycle_for_update,
    in_scope,
    may_run,
    may_run_cycles,
    take_snapshot,
)

DATE_FIELDS = ("self_review_start", "self_review_deadline", "manager_review_start",
               "manager_review_deadline", "calibration_start", "calibration_deadline",
               "finalise_on", "publish_on")
CYCLE_FIELDS = ("code", "name", "period", "as_of", "basis", "phase", *DATE_FIELDS, "max_adjustment",
                "guidance", "tolerance")
PHASE_DAYS = 14  # default length of each phase when no dates are given


@dataclass
class CycleSpec:
    """What HR gives to create a cycle; dates left out follow from `start` (default: today),
    two weeks a phase; as_of defaults to the period's last day."""

    code: str
    name: str
    period: str                       # the period's code
    units: list[str]                  # unit codes; each covers its subtree
    as_of: dt.date | None = None
    dates: dict[str, dt.date] = field(default_factory=dict)
    start: dt.date | None = None
    max_adjustment: Decimal = Decimal(10)
    guidance: list[dict[str, Any]] | None = None
    tolerance: Decimal = Decimal(5)
    basis: str = Basis.FULL           # "full" or "paced" (to the as-of date)


def _default_dates(start: dt.date) -> dict[str, dt.date]:
    step = dt.timedelta(days=PHASE_DAYS)
    one = dt.timedelta(days=1)
    return {
        "self_review_start": start, "self_review_deadline": start + step - one,
        "manager_review_start": start + step, "manager_review_deadline": start + 2 * step - one,
        "calibration_start": start + 2 * step, "calibration_deadline": start + 3 * step - one,
        "finalise_on": start + 3 * step, "publish_on": start + 3 * step + one,
    }


def _label(name: str) -> str:
    return str(getattr(Cycle._meta.get_field(name), "verbose_name", name))


def _check(spec: CycleSpec
           ) -> tuple[Period | None, list[Unit], dict[str, dt.date], list[Problem]]:
    problems: list[Problem] = []
    code = spec.code.strip()
    if not code or len(code) > 40 or not all(c.isalnum() or c in "-_" for c in code):
        problems.append(Problem("code", _("Use letters, digits, - and _ only (at most 40).")))
    elif Cycle.objects.filter(code=code).exists():
        problems.append(Problem("code", _("A cycle '%(code)s' already exists.") % {"code": code}))
    if not spec.name.strip():
        problems.append(Problem("name", _("Give the cycle a name.")))
    period = Period.objects.filter(code=spec.period.strip().upper()).first()
    if period is None:
        problems.append(Problem("period", _("There is no period '%(code)s'.")
                                % {"code": spec.period}))
    wanted = [c.strip() for c in spec.units if c.strip()]
    units = list(Unit.objects.filter(code__in=wanted, archived=False))
    unknown = sorted(set(wanted) - {u.code for u in units})
    if not wanted:
        problems.append(Problem("units", _("Choose at least one unit.")))
    elif unknown:
        problems.append(Problem("units", _("Unknown units: %(codes)s.")
                                % {"codes": ", ".join(unknown)}))
    if period is not None and spec.as_of is not None \
            and not period.start <= spec.as_of <= period.end:
        problems.append(Problem("as_of", _("The scoring date must fall inside the period "
                                           "%(code)s.") % {"code": period.code}))
    dates = {**_default_dates(spec.start or clock.today()), **spec.dates}
    for earlier, later in itertools.pairwise(DATE_FIELDS):
        if dates[later] < dates[earlier]:
            problems.append(Problem(later, _("Must not be before %(earlier)s.")
                                    % {"earlier": _label(earlier)}))
    if spec.basis not in Basis.values:
        problems.append(Problem("basis", _("Choose one of: %(choices)s.")
                                % {"choices": ", ".join(Basis.values)}))
    if spec.max_adjustment < 0:
        problems.append(Problem("max_adjustment", _("Must not be negative.")))
    if not Decimal(0) <= spec.tolerance <= Decimal(100):
        problems.append(Problem("tolerance", _("Must be between 0 and 100.")))
    try:
        groups = rules.parse_guidance(spec.guidance if spec.guidance is not None
                                      else default_guidance())
    except ServiceError as error:
        problems += error.problems
    else:
        spec.guidance = rules.guidance_to_json(groups)
    return period, units, dates, problems


def create_cycle(*, actor: Actor, spec: CycleSpec) -> Cycle:
    """A draft cycle; nothing is created for people until it opens."""
    if not may_run_cycles(actor):
        raise Forbidden
    with transaction.atomic():
        period, units, dates, problems = _check(spec)
        if not problems and not may_run(actor, units):
            problems.append(Problem("units", _("You may run cycles only for the units you "
                                               "are HR business partner of.")))
        if problems or period is None:
            raise ServiceError(problems)
        cycle = Cycle.objects.create(
            code=spec.code.strip(), name=spec.name.strip(), period=period,
            as_of=spec.as_of or period.end, basis=spec.basis, max_adjustment=spec.max_adjustment,
            guidance=spec.guidance if spec.guidance is not None else default_guidance(),
            tolerance=spec.tolerance, **dates)
        cycle.units.set(units)
        unit_codes: list[JsonValue] = [u.code for u in sorted(units, key=lambda u: u.code)]
        audit.record(actor, audit.draft_for(cycle, Action.CREATE, changes=audit.diff(
            {}, {**audit.snapshot(cycle, CYCLE_FIELDS), "units": unit_codes})))
    return cycle


def _opened_title(name: str) -> Any:
    """A notification title in each recipient's language."""
    return lazy(lambda: _("Your self review for %(cycle)s is open") % {"cycle": name}, str)()


def _published_title(name: str) -> Any:
    return lazy(lambda: _("Your result in %(cycle)s is published") % {"cycle": name}, str)()


def _open(actor: Actor, cycle: Cycle) -> int:
    """An evaluation for every active person in the cycle's units (bulk)."""
    people = list(in_scope(cycle).filter(status=Status.ACTIVE).select_related("unit", "user")
                  .order_by("employee_number", "pk"))
    if not people:
        raise ServiceError(Problem("units", _("Nobody active works in the cycle's units.")))
    schemes = schemes_for_units({p.unit.path for p in people})
    Evaluation.objects.bulk_create(
        [Evaluation(cycle=cycle, person_id=p.pk, unit_id=p.unit_id, manager_id=p.manager_id,
                    scheme_code=schemes[p.unit.path].code) for p in people],
        batch_size=BATCH)
    cycle.opened_at = timezone.now()
    notifications.notify(
        recipients=[p.user for p in people], kind="review",
        title=_opened_title(cycle.name),
        url="/reviews/", email=False)
    events.emit(CycleOpened(cycle.pk))
    return len(people)


def _finalise(cycle: Cycle) -> None:
    open_sessions = list(CalibrationSession.objects.filter(cycle=cycle, status=SessionStatus.OPEN)
                         .values_list("name", flat=True))
    if open_sessions:
        raise ServiceError(Problem("phase", _("Calibration is still open in: %(names)s. Close "
                                              "every session before finalising.")
                                   % {"names": ", ".join(open_sessions)}))
    take_snapshot(cycle, Phase.FINALISED)
    cycle.finalised_at = timezone.now()
    events.emit(CycleFinalised(cycle.pk))


def _publish(cycle: Cycle) -> None:
    cycle.published_at = timezone.now()
    users = [e.person.user for e in Evaluation.objects.filter(cycle=cycle)
             .select_related("person__user").only("person__user")]
    notifications.notify(recipients=users, kind="review",
                         title=_published_title(cycle.name),
                         url="/reviews/", email=False)
    events.emit(CyclePublished(cycle.pk))


def advance_cycle(*, actor: Actor, cycle_id: int) -> Cycle:
    """The next phase: opening creates the evaluations, manager review takes the engine's
    snapshot, finalising needs every calibration session closed and takes it again (and locks
    the cycle), publishing shows people their result."""
    with transaction.atomic():
        cycle = cycle_for_update(actor, cycle_id)
        index = PHASE_ORDER.index(cycle.phase)
        if index + 1 >= len(PHASE_ORDER):
            raise ServiceError(Problem("phase", _("The cycle is published: there is no next "
                                                  "phase.")))
        before, after = cycle.phase, PHASE_ORDER[index + 1]
        context: dict[str, Any] = {}
        if after == Phase.SELF_REVIEW:
            context["evaluations"] = _open(actor, cycle)
        elif after == Phase.MANAGER_REVIEW:
            context["scored"] = take_snapshot(cycle, Phase.MANAGER_REVIEW)
        elif after == Phase.FINALISED:
            _finalise(cycle)
        elif after == Phase.PUBLISHED:
            _publish(cycle)
        cycle.phase = after
        cycle.save(update_fields=["phase", "opened_at", "finalised_at", "published_at"])
        audit.record(actor, audit.draft_for(cycle, Action.UPDATE,
                                            changes={"phase": [before, after]}, context=context))
        events.emit(CycleAdvanced(cycle.pk, after))
    return cycle


def return_cycle(*, actor: Actor, cycle_id: int) -> Cycle:
    """One phase back (manager review → self review, calibration → manager review); never
    once finalised, and never back to draft (the evaluations exist)."""
    with transaction.atomic():
        cycle = cycle_for_update(actor, cycle_id)
        if cycle.phase in (Phase.FINALISED, Phase.PUBLISHED):
            raise ServiceError(Problem("phase", _("The cycle is finalised: it cannot go back.")))
        if cycle.phase in (Phase.DRAFT, Phase.SELF_REVIEW):
            raise ServiceError(Problem("phase", _("The cycle cannot go back from %(phase)s.")
                                       % {"phase": Phase(cycle.phase).label}))
        before = cycle.phase
        cycle.phase = PHASE_ORDER[PHASE_ORDER.index(before) - 1]
        cycle.save(update_fields=["phase"])
        audit.record(actor, audit.draft_for(cycle, Action.UPDATE,
                                            changes={"phase": [before, cycle.phase]}))
        events.emit(CycleAdvanced(cycle.pk, cycle.phase))
    return cycle


def finalise_cycle(*, actor: Actor, cycle_id: int) -> Cycle:
    """From calibration to finalised (the benchmark's entry point): bulk scoring through
    `score_period`, bulk updates, locked."""
    with transaction.atomic():
        cycle = cycle_for_update(actor, cycle_id)
        if cycle.phase != Phase.CALIBRATION:
            raise ServiceError(Problem("phase", _("Only a cycle in calibration can be "
                                                  "finalised; '%(name)s' is in %(phase)s.")
                                       % {"name": cycle.name,
                                          "phase": Phase(cycle.phase).label}))
        return advance_cycle(actor=actor, cycle_id=cycle_id)


def close_cycle(*, actor: Actor, cycle_id: int) -> Cycle:
    """Finalise and publish a cycle in calibration (or publish a finalised one)."""
    with transaction.atomic():
        cycle = cycle_for_update(actor, cycle_id)
        if cycle.phase == Phase.CALIBRATION:
            cycle = advance_cycle(actor=actor, cycle_id=cycle_id)
        if cycle.phase != Phase.FINALISED:
            raise ServiceError(Problem("phase", _("Only a cycle in calibration or finalised "
                                                  "can be closed; '%(name)s' is in %(phase)s.")
                                       % {"name": cycle.name,
                                          "phase": Phase(cycle.phase).label}))
        return advance_cycle(actor=actor, cycle_id=cycle_id)
