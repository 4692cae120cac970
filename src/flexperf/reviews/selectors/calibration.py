"""Reads of calibration: a session's board (distribution beside the guidance, the
performance × potential grid, the people and the history of changes) and the calibrators'
shift report. HR who run the cycle see every session; a calibrator sees their sessions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound
from flexperf.goals.rules import RatingScale
from flexperf.reviews import rules
from flexperf.reviews.models import CalibrationSession, Cycle, Evaluation, RatingChange
from flexperf.reviews.selectors.cycles import may_manage
from flexperf.reviews.services.calibration import may_calibrate, session_evaluations
from flexperf.reviews.services.common import scales_by_code


def sessions_visible_to(actor: Actor, cycle: Cycle) -> QuerySet[CalibrationSession]:
    sessions = CalibrationSession.objects.filter(cycle=cycle)
    if may_manage(actor, cycle):
        return sessions
    if actor.person_id is None:
        return sessions.none()
    return sessions.filter(calibrators=actor.person_id)


def access_session(actor: Actor, session_id: int) -> CalibrationSession:
    session = (CalibrationSession.objects.select_related("cycle", "cycle__period")
               .filter(pk=session_id).first())
    if session is None or not may_calibrate(actor, session):
        raise NotFound
    return session


@dataclass(frozen=True)
class Board:
    session: CalibrationSession
    evaluations: list[Evaluation]
    ratings: dict[int, tuple[str, ...]]   # evaluation id → its scheme's scale
    distribution: rules.Distribution
    boxes: dict[tuple[str, str], list[rules.Placed]]
    groups: tuple[rules.GuidanceGroup, ...]
    history: list[RatingChange]

    @property
    def unplaced(self) -> int:
        return len(self.evaluations) - sum(len(people) for people in self.boxes.values())


def board(session: CalibrationSession) -> Board:
    cycle = session.cycle
    evaluations = list(session_evaluations(session).select_related("person", "unit")
                       .order_by("person__employee_number", "pk"))
    groups = rules.parse_guidance(cycle.guidance)
    scales = scales_by_code({e.scheme_code for e in evaluations})
    history = list(RatingChange.objects.filter(session=session)
                   .select_related("evaluation__person").order_by("-at", "-pk"))
    return Board(
        session=session, evaluations=evaluations,
        ratings={e.pk: scales[e.scheme_code].labels if e.scheme_code in scales
                 else RatingScale().labels for e in evaluations},
        distribution=rules.distribution((e.rating for e in evaluations), groups,
                                        cycle.tolerance),
        boxes=rules.nine_box((rules.Placed(e.person_id, e.person.name, e.rating, e.potential)
                              for e in evaluations), groups),
        groups=groups, history=history)


def shift_report(actor: Actor, cycle: Cycle) -> list[rules.CalibratorShift]:
    """Each calibrator's changes in the cycle: how many, mean rank steps moved, up and down."""
    if not may_manage(actor, cycle):
        raise Forbidden
    changes = RatingChange.objects.filter(Q(session__cycle=cycle)).values_list(
        "changed_by_name", "steps")
    return rules.calibrator_shift((name, steps) for name, steps in changes)
