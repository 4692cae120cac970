"""Answering a 360: every question of the campaign rated 1–5, comments optional; a colleague
signed in, an external partner through the one-time link (which then no longer works)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor, Via
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.feedback.models import Answer, Nomination, NominationStatus, Question
from flexperf.feedback.services.nominations import hash_token, open_campaign


@dataclass(frozen=True)
class AnswerIn:
    question_id: int
    rating: int | None
    comment: str = ""


def _questions(nomination: Nomination) -> list[Question]:
    return list(nomination.campaign.questions.order_by("competency", "order", "pk"))


def _write(actor: Actor, nomination: Nomination, answers: Sequence[AnswerIn]) -> None:
    if nomination.status != NominationStatus.APPROVED:
        raise ServiceError(Problem("status", _("This review was already answered.")
                                   if nomination.status == NominationStatus.SUBMITTED
                                   else _("This nomination is not approved.")))
    open_campaign(nomination.campaign_id)
    questions = _questions(nomination)
    by_id = {a.question_id: (i, a) for i, a in enumerate(answers)}
    problems = []
    rows = []
    for question in questions:
        found = by_id.get(question.pk)
        if found is None:
            problems.append(Problem("answers", _("Rate every question: %(question)s has no "
                                                 "answer.") % {"question": question.text}))
            continue
        index, answer = found
        if answer.rating is None:
            problems.append(Problem(f"answers.{index}.rating", _(
                "Rate every question: %(question)s has no answer.")
                % {"question": question.text}))
            continue
        if not 1 <= answer.rating <= 5:
            problems.append(Problem(f"answers.{index}.rating", _("Rate from 1 to 5.")))
            continue
        comment = (answer.comment or "").strip()
        if len(comment) > 2000:
            problems.append(Problem(f"answers.{index}.comment", _("At most 2000 characters.")))
            continue
        rows.append(Answer(nomination=nomination, question=question, rating=answer.rating,
                           comment=comment))
    extra = set(by_id) - {q.pk for q in questions}
    if extra:
        problems.append(Problem("answers", _("Not a question of this campaign: %(ids)s.")
                                % {"ids": ", ".join(map(str, sorted(extra)))}))
    if problems:
        raise ServiceError(problems)
    Answer.objects.bulk_create(rows)
    nomination.status, nomination.submitted_at = NominationStatus.SUBMITTED, timezone.now()
    nomination.token_used_at = nomination.submitted_at if nomination.token_hash else None
    nomination.save(update_fields=["status", "submitted_at", "token_used_at"])
    # The trail says that a rater answered, never what (that would undo the anonymity).
    audit.record(actor, audit.draft_for(nomination, Action.UPDATE,
                                        changes={"status": ["approved", "submitted"]}))


def assigned_to(actor: Actor, nomination_id: int) -> Nomination:
    """A nomination the caller is the (internal) rater of."""
    if actor.person_id is None:
        raise NotFound
    nomination = (Nomination.objects.select_related("campaign", "subject")
                  .filter(pk=nomination_id, rater_id=actor.person_id).first())
    if nomination is None:
        raise NotFound
    return nomination


def submit_answers(*, actor: Actor, nomination_id: int, answers: Sequence[AnswerIn]) -> None:
    with transaction.atomic():
        assigned_to(actor, nomination_id)
        nomination = Nomination.objects.select_for_update().select_related("campaign").get(
            pk=nomination_id)
        _write(actor, nomination, answers)


def nomination_for_token(token: str) -> Nomination:
    """The external partner's nomination behind a one-time link; NotFound for an unknown
    token, a problem naming `token` for a used or expired one."""
    if not token or len(token) > 200:
        raise NotFound
    nomination = (Nomination.objects.select_related("campaign", "subject")
                  .filter(token_hash=hash_token(token)).first())
    if nomination is None:
        raise NotFound
    if nomination.token_used_at is not None or nomination.status == NominationStatus.SUBMITTED:
        raise ServiceError(Problem("token", _("This link was already used.")))
    if nomination.token_expires_at is None or nomination.token_expires_at <= timezone.now():
        raise ServiceError(Problem("token", _("This link has expired.")))
    return nomination


def submit_external(*, token: str, answers: Sequence[AnswerIn], ip: str | None = None) -> None:
    with transaction.atomic():
        found = nomination_for_token(token)
        nomination = Nomination.objects.select_for_update().select_related("campaign").get(
            pk=found.pk)
        if nomination.token_used_at is not None:
            raise ServiceError(Problem("token", _("This link was already used.")))
        actor = Actor(user_id=None, username="external-partner", via=Via.WEB, ip=ip)
        _write(actor, nomination, answers)
