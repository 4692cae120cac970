"""Calibration: HR opens sessions for groups of units within a cycle and names the
calibrators; a calibrator changes a rating with a reason (who, why, before → after, in the
history table and the audit trail); HR closes the sessions before the cycle is finalised."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.core.jsonable import JsonValue
from flexperf.org.models import Person, Status, Unit
from flexperf.reviews import rules
from flexperf.reviews.models import (
    CalibrationSession,
    Evaluation,
    Phase,
    RatingChange,
    SessionStatus,
)
from flexperf.reviews.services.common import (
    cycle_for_update,
    may_run,
    refuse_if_locked,
    require_phase,
    scale_of,
)


def session_evaluations(session: CalibrationSession) -> QuerySet[Evaluation]:
    """The cycle's evaluations of people (where they stood when it opened) in the session's
    units' subtrees."""
    found = Evaluation.objects.none()
    for unit in session.units.all():
        found = found | Evaluation.objects.filter(tree.subtree_q("unit__path", unit.path))
    return Evaluation.objects.filter(cycle_id=session.cycle_id, pk__in=found.values("pk"))


def create_session(*, actor: Actor, cycle_id: int, name: str, units: Sequence[str],
                   calibrators: Sequence[int]) -> CalibrationSession:
    with transaction.atomic():
        cycle = cycle_for_update(actor, cycle_id)
        refuse_if_locked(cycle)
        problems = []
        if not name.strip():
            problems.append(Problem("name", _("Give the session a name.")))
        wanted = sorted({c.strip() for c in units if c.strip()})
        found = list(Unit.objects.filter(code__in=wanted))
        cycle_units = list(cycle.units.all())
        if not wanted:
            problems.append(Problem("units", _("Choose at least one unit.")))
        elif len(found) != len(wanted):
            problems.append(Problem("units", _("Unknown units: %(codes)s.") % {
                "codes": ", ".join(sorted(set(wanted) - {u.code for u in found}))}))
        elif not all(any(tree.is_within(u.path, c.path) for c in cycle_units) for u in found):
            problems.append(Problem("units", _("Choose units the cycle covers.")))
        elif not may_run(actor, found):
            problems.append(Problem("units", _("You may only calibrate your own units.")))
        people = list(Person.objects.filter(pk__in=set(calibrators), status=Status.ACTIVE))
        if not calibrators:
            problems.append(Problem("calibrators", _("Name at least one calibrator.")))
        elif len(people) != len(set(calibrators)):
            problems.append(Problem("calibrators", _("Calibrators must be active people.")))
        if problems:
            raise ServiceError(problems)
        session = CalibrationSession.objects.create(cycle=cycle, name=name.strip())
        session.units.set(found)
        session.calibrators.set(people)
        unit_codes: list[JsonValue] = [u.code for u in found]
        names: list[JsonValue] = [p.name for p in people]
        audit.record(actor, audit.draft_for(session, Action.CREATE, changes={
            "cycle": [None, cycle.code], "name": [None, session.name],
            "units": [None, unit_codes], "calibrators": [None, names]}))
    return session


def may_calibrate(actor: Actor, session: CalibrationSession) -> bool:
    if actor.person_id is not None and session.calibrators.filter(pk=actor.person_id).exists():
        return True
    return actor.is_hr and may_run(actor, list(session.units.all()))


def _session_for_update(actor: Actor, session_id: int) -> CalibrationSession:
    session = (CalibrationSession.objects.select_for_update().select_related("cycle")
               .filter(pk=session_id).first())
    if session is None or not may_calibrate(actor, session):
        raise NotFound
    return session


def change_rating(*, actor: Actor, session_id: int, evaluation_id: int, rating: str,
                  reason: str) -> RatingChange:
    with transaction.atomic():
        session = _session_for_update(actor, session_id)
        require_phase(session.cycle, Phase.CALIBRATION, _("Changing a rating"))
        if session.status != SessionStatus.OPEN:
            raise ServiceError(Problem("session", _("The session is closed.")))
        evaluation = (session_evaluations(session).select_for_update(of=("self",))
                      .select_related("person").filter(pk=evaluation_id).first())
        if evaluation is None:
            raise NotFound
        labels = scale_of(evaluation.scheme_code).labels
        problems = []
        if not reason.strip():
            problems.append(Problem("reason", _("Say why the rating changes.")))
        if not evaluation.rating:
            problems.append(Problem("rating", _("%(name)s has no rating to change: nothing "
                                                "was scored.") % {"name": evaluation.person.name}))
        elif rating not in labels:
            problems.append(Problem("rating", _("Choose one of %(ratings)s.")
                                    % {"ratings": ", ".join(labels)}))
        elif rating == evaluation.rating:
            problems.append(Problem("rating", _("The rating is %(rating)s already.")
                                    % {"rating": rating}))
        if problems:
            raise ServiceError(problems)
        change = RatingChange.objects.create(
            session=session, evaluation=evaluation, changed_by_id=actor.person_id,
            changed_by_name=_calibrator_name(actor), reason=reason.strip(),
            before=evaluation.rating, after=rating,
            steps=rules.steps(labels, evaluation.rating, rating))
        evaluation.rating, evaluation.calibrated = rating, True
        evaluation.save(update_fields=["rating", "calibrated"])
        audit.record(actor, audit.draft_for(
            evaluation, Action.UPDATE, changes={"rating": [change.before, change.after]},
            context={"session": session.pk, "reason": change.reason}))
    return change


def _calibrator_name(actor: Actor) -> str:
    if actor.person_id is not None:
        name = Person.objects.filter(pk=actor.person_id).values_list("name", flat=True).first()
        if name:
            return str(name)
    return actor.username


def close_session(*, actor: Actor, session_id: int) -> CalibrationSession:
    with transaction.atomic():
        session = _session_for_update(actor, session_id)
        cycle_for_update(actor, session.cycle_id)  # HR of the cycle only
        if session.status == SessionStatus.CLOSED:
            raise ServiceError(Problem("session", _("The session is closed already.")))
        session.status, session.closed_at = SessionStatus.CLOSED, timezone.now()
        session.save(update_fields=["status", "closed_at"])
        audit.record(actor, audit.draft_for(session, Action.UPDATE,
                                            changes={"status": ["open", "closed"]}))
    return session
