"""Reads of the predictions domain, scoped by the caller.

Model cards: HR admins and HR business partners read every card, executives too (read-only,
aggregates only); managers read the cards of the own-history attrition models — the models
behind the risk they may see for their people; employees, auditors and partners none (403).

Attrition risk of a person: the manager chain (anyone above them in the reporting line) and HR
in scope (HR admins, HR business partners for their units) — nobody reads their own (403: a
risk score is a conversation starter for a manager, not a verdict handed to the person), and a
person outside the caller's scope is 404. Every read is audited.

Project-delay and target-miss: whoever can see the goal.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.goals.selectors.access import access_goal
from flexperf.org.selectors import people_visible_to
from flexperf.predictions.models import Kind, ModelVersion
from flexperf.predictions.services import scoring
from flexperf.predictions.types import Prediction


def can_read_cards(actor: Actor) -> bool:
    return bool(actor.roles & {Role.HR_ADMIN, Role.HRBP, Role.EXECUTIVE, Role.MANAGER})


def can_read_all_cards(actor: Actor) -> bool:
    return bool(actor.roles & {Role.HR_ADMIN, Role.HRBP, Role.EXECUTIVE})


def models_visible_to(actor: Actor) -> QuerySet[ModelVersion]:
    if can_read_all_cards(actor):
        return ModelVersion.objects.all()
    if actor.has(Role.MANAGER):
        return ModelVersion.objects.filter(kind=Kind.ATTRITION)
    raise Forbidden


def access_model(actor: Actor, model_id: int) -> ModelVersion:
    version = models_visible_to(actor).filter(pk=model_id).first()
    if version is None:
        raise NotFound
    return version


def attrition_of(actor: Actor, person_id: int, as_of: dt.date) -> Prediction | None:
    """The person's attrition risk (None while no model is trained)."""
    if actor.person_id is not None and person_id == actor.person_id:
        raise Forbidden
    person = people_visible_to(actor).filter(pk=person_id).first()
    if person is None:
        raise NotFound
    prediction = scoring.score_attrition([person.pk], as_of).get(person.pk)
    audit.record(actor, audit.draft_for(person, Action.READ, context={
        "what": "attrition_risk",
        "model": prediction.model_version if prediction else "",
        "as_of": as_of.isoformat()}))
    return prediction


def goal_delay(actor: Actor, goal_id: int, as_of: dt.date) -> Prediction | None:
    goal = access_goal(actor, goal_id)
    if goal.paradigm != "project":
        raise ServiceError(Problem("goal", _("Project-delay risk is for project goals.")))
    return scoring.score_project_delay([goal.pk], as_of).get(goal.pk)


def goal_target_miss(actor: Actor, goal_id: int, as_of: dt.date) -> Prediction | None:
    goal = access_goal(actor, goal_id)
    if goal.paradigm != "kpi":
        raise ServiceError(Problem("goal", _("Target-miss probability is for KPI goals.")))
    return scoring.score_target_miss([goal.pk], as_of).get(goal.pk)
