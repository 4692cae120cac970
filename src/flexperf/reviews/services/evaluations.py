"""Writing a person's evaluation: their self review, their manager's review (text, potential,
an adjustment bounded by the cycle's maximum with a reason)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.goals import selectors as goal_selectors
from flexperf.goals.models import Period
from flexperf.org.selectors import people_visible_to
from flexperf.reviews import rules
from flexperf.reviews.models import Evaluation, Phase, Potential
from flexperf.reviews.services.common import require_phase, scale_of

SELF_FIELDS = ("self_text", "self_rating", "self_submitted_at")
MANAGER_FIELDS = ("manager_text", "potential", "adjustment", "adjustment_reason", "reviewed_by",
                  "manager_submitted_at", "score", "rating")
TEXT_MAX = 20_000


@dataclass(frozen=True)
class ManagerReview:
    text: str
    potential: str
    adjustment: Decimal = Decimal(0)
    reason: str = ""


def _evaluation_for_update(actor: Actor, evaluation_id: int) -> Evaluation:
    evaluation = (Evaluation.objects.select_for_update(of=("self",))
                  .select_related("cycle", "cycle__period", "person")
                  .filter(pk=evaluation_id, person__in=people_visible_to(actor)).first())
    if evaluation is None:
        raise NotFound
    return evaluation


def may_review(actor: Actor, evaluation: Evaluation) -> bool:
    """The person's managers (anyone above them in the reporting line) and HR with the person
    in scope; never the person themselves."""
    if evaluation.person_id == actor.person_id:
        return False
    if actor.reporting_path and tree.is_within(evaluation.person.path, actor.reporting_path):
        return True
    return actor.is_hr and people_visible_to(actor).filter(pk=evaluation.person_id).exists()


def submit_self_review(*, actor: Actor, evaluation_id: int, text: str, rating: str
                       ) -> Evaluation:
    with transaction.atomic():
        evaluation = _evaluation_for_update(actor, evaluation_id)
        if evaluation.person_id != actor.person_id:
            raise NotFound  # only the person writes their self review
        require_phase(evaluation.cycle, Phase.SELF_REVIEW, _("A self review"))
        problems = []
        if not text.strip():
            problems.append(Problem("text", _("Write your self review.")))
        elif len(text) > TEXT_MAX:
            problems.append(Problem("text", _("At most %(n)d characters.") % {"n": TEXT_MAX}))
        labels = scale_of(evaluation.scheme_code).labels
        if rating not in labels:
            problems.append(Problem("rating", _("Choose one of %(ratings)s.")
                                    % {"ratings": ", ".join(labels)}))
        if problems:
            raise ServiceError(problems)
        before = audit.snapshot(evaluation, SELF_FIELDS)
        evaluation.self_text, evaluation.self_rating = text.strip(), rating
        evaluation.self_submitted_at = timezone.now()
        evaluation.save(update_fields=list(SELF_FIELDS))
        audit.record(actor, audit.draft_for(evaluation, Action.UPDATE, changes=audit.diff(
            before, audit.snapshot(evaluation, SELF_FIELDS))))
    return evaluation


def _titles(goals: Iterable[object]) -> list[str]:
    return [str(getattr(goal, "title", goal)) for goal in goals]


def missed_goals_without_analysis(actor: Actor, person_id: int, period: Period) -> list[str]:
    """Titles of the person's missed goals that lack their analysis (C6), when the check-ins
    domain provides the check; none before it does."""
    check = getattr(goal_selectors, "goals_missing_analysis", None)
    if check is None:
        return []
    return _titles(check(actor, person_id, period))


def submit_manager_review(*, actor: Actor, evaluation_id: int, review: ManagerReview
                          ) -> Evaluation:
    with transaction.atomic():
        evaluation = _evaluation_for_update(actor, evaluation_id)
        if not may_review(actor, evaluation):
            raise NotFound
        cycle = evaluation.cycle
        require_phase(cycle, Phase.MANAGER_REVIEW, _("A manager review"))
        problems = []
        if not review.text.strip():
            problems.append(Problem("text", _("Write the review.")))
        elif len(review.text) > TEXT_MAX:
            problems.append(Problem("text", _("At most %(n)d characters.") % {"n": TEXT_MAX}))
        if review.potential not in Potential.values:
            problems.append(Problem("potential", _("Choose low, medium or high potential.")))
        problems += rules.adjustment_problems(review.adjustment, review.reason,
                                              cycle.max_adjustment)
        if review.adjustment != 0 and evaluation.engine_score is None:
            problems.append(Problem("adjustment", _("There is no score to adjust: no goal of "
                                                    "the period was scored.")))
        missing = missed_goals_without_analysis(actor, evaluation.person_id, cycle.period)
        if missing:
            problems.append(Problem("__all__", _("These missed goals need their analysis "
                                                 "before the review: %(goals)s.")
                                    % {"goals": "; ".join(missing)}))
        if problems:
            raise ServiceError(problems)
        before = audit.snapshot(evaluation, MANAGER_FIELDS)
        evaluation.manager_text = review.text.strip()
        evaluation.potential = review.potential
        evaluation.adjustment = review.adjustment.quantize(rules.CENT)
        evaluation.adjustment_reason = review.reason.strip() if review.adjustment else ""
        evaluation.reviewed_by_id = actor.person_id
        evaluation.manager_submitted_at = timezone.now()
        evaluation.score = rules.adjusted_score(evaluation.engine_score, evaluation.adjustment)
        if not evaluation.calibrated:
            evaluation.rating = rules.rate(scale_of(evaluation.scheme_code), evaluation.score)
        evaluation.save(update_fields=list(MANAGER_FIELDS))
        audit.record(actor, audit.draft_for(evaluation, Action.UPDATE, changes=audit.diff(
            before, audit.snapshot(evaluation, MANAGER_FIELDS))))
    return evaluation
