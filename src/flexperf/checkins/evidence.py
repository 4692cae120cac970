"""Evidence for reviews: a person's check-ins and milestone reviews in a date range, as the
actor may see them (registered with `core.evidence` in `CheckinsConfig.ready`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from flexperf.checkins.models import CheckinStatus
from flexperf.checkins.selectors import checkins_visible_to, milestone_reviews_visible_to
from flexperf.checkins.stages import stage_label
from flexperf.checkins.windows import low_confidence
from flexperf.core.actors import Actor
from flexperf.core.evidence import EvidenceItem, EvidenceQuery


def checkin_evidence(actor: Actor, query: EvidenceQuery) -> list[EvidenceItem]:
    """Check-ins whose window ends in the range, oldest first: status, confidence per goal,
    and the coaching note once discussed."""
    found = (checkins_visible_to(actor)
             .filter(person_id=query.person_id, window_end__gte=query.start,
                     window_end__lte=query.end)
             .prefetch_related("lines__goal").order_by("window_end", "pk"))
    items = []
    for checkin in found:
        lines = [_("Status: %(status)s") % {"status": checkin.get_status_display()}]
        lines += [_("%(goal)s: confidence %(confidence)d/10")
                  % {"goal": line.goal.title, "confidence": line.confidence}
                  for line in sorted(checkin.lines.all(), key=lambda x: (x.goal.title, x.pk))]
        if checkin.obstacles:
            lines.append(_("Obstacles: %(text)s") % {"text": checkin.obstacles})
        if checkin.status == CheckinStatus.DISCUSSED and checkin.coaching_note:
            lines.append(_("Coaching note: %(text)s") % {"text": checkin.coaching_note})
        confidences = [line.confidence for line in checkin.lines.all()]
        items.append(EvidenceItem(
            kind="checkins", title=_("Check-in %(window)s") % {"window": checkin.window},
            when=checkin.window_end, lines=tuple(lines),
            url=reverse("checkin_detail", args=[checkin.pk]),
            counts={"goals": len(confidences),
                    "low_confidence": sum(1 for c in confidences if c <= low_confidence())}))
    return items


def milestone_review_evidence(actor: Actor, query: EvidenceQuery) -> list[EvidenceItem]:
    found = (milestone_reviews_visible_to(actor)
             .filter(goal__person_id=query.person_id, reviewed_on__gte=query.start,
                     reviewed_on__lte=query.end)
             .select_related("milestone", "goal").order_by("reviewed_on", "pk"))
    return [EvidenceItem(
        kind="milestone_reviews",
        title=_("Milestone review: %(goal)s — %(milestone)s")
        % {"goal": review.goal.title, "milestone": review.milestone.name},
        when=review.reviewed_on,
        lines=tuple(line for line in (
            _("Stage rating: %(rating)s") % {"rating": stage_label(review.stage_rating)},
            _("Quality: %(quality)d/5") % {"quality": review.quality},
            _("Delivered: %(text)s") % {"text": review.delivered},
            _("Lessons: %(text)s") % {"text": review.lessons} if review.lessons else "",
        ) if line),
        url=reverse("goal_detail", args=[review.goal_id])) for review in found]
