"""The 360 question template, per competency: managed by HR admins."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.feedback.models import Question
from flexperf.feedback.services.common import text

FIELDS = ("competency", "text", "order", "active")


def create_question(*, actor: Actor, competency: str, text_: str, order: int = 0) -> Question:
    if not actor.is_hr_admin:
        raise Forbidden
    if not 0 <= order <= 999:
        raise ServiceError(Problem("order", _("Between 0 and 999.")))
    with transaction.atomic():
        question = Question.objects.create(
            competency=text(competency, "competency", limit=120),
            text=text(text_, "text", limit=500), order=order)
        audit.record(actor, audit.draft_for(question, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(question, FIELDS))))
    return question


def update_question(*, actor: Actor, question_id: int, competency: str | None = None,
                    text_: str | None = None, order: int | None = None,
                    active: bool | None = None) -> Question:
    if not actor.is_hr_admin:
        raise Forbidden
    with transaction.atomic():
        question = Question.objects.select_for_update().filter(pk=question_id).first()
        if question is None:
            raise NotFound
        before = audit.snapshot(question, FIELDS)
        if competency is not None:
            question.competency = text(competency, "competency", limit=120)
        if text_ is not None:
            question.text = text(text_, "text", limit=500)
        if order is not None:
            if not 0 <= order <= 999:
                raise ServiceError(Problem("order", _("Between 0 and 999.")))
            question.order = order
        if active is not None:
            question.active = active
        question.save(update_fields=list(FIELDS))
        changes = audit.diff(before, audit.snapshot(question, FIELDS))
        if changes:
            audit.record(actor, audit.draft_for(question, Action.UPDATE, changes=changes))
    return question
