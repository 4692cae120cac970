"""Evidence for a person's review (core.evidence): feedback and 360 results, as the reading
actor may see them — private feedback never, 360 groups only when anonymity allows."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.evidence import EvidenceItem, EvidenceQuery
from flexperf.feedback.models import Campaign, CampaignStatus, Nomination, Visibility
from flexperf.feedback.selectors import feedback as selectors
from flexperf.feedback.selectors import review360


def _day_range(query: EvidenceQuery) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(query.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(query.end + dt.timedelta(days=1), dt.time.min))
    return start, end


def feedback_evidence(actor: Actor, query: EvidenceQuery) -> list[EvidenceItem]:
    """Counts by kind, then each readable item; private feedback is left out even for the two
    people in it (a review is read by others too)."""
    start, end = _day_range(query)
    rows = (selectors.list_feedback(actor, recipient_id=query.person_id)
            .exclude(visibility=Visibility.PRIVATE)
            .filter(created_at__gte=start, created_at__lt=end))
    counts = selectors.counts_by_kind(rows)
    if not sum(counts.values()):
        return []
    items = [EvidenceItem(kind="feedback", title=_("Feedback received"), counts=counts,
                          lines=(_("%(praise)d praise, %(constructive)d constructive, "
                                   "%(suggestion)d suggestions") % counts,))]
    for row in rows[:50]:
        items.append(EvidenceItem(
            kind="feedback", title=f"{row.get_kind_display()} · {row.giver.name}",
            when=row.created_at.date(), lines=(row.text,),
            url=reverse("feedback_detail", args=[row.pk])))
    return items


def review360_evidence(actor: Actor, query: EvidenceQuery) -> list[EvidenceItem]:
    """For each closed campaign in the range with answers about the person: the shown groups'
    means per competency (anonymity-safe), nothing else."""
    campaigns = Campaign.objects.filter(
        status=CampaignStatus.CLOSED, closes_on__gte=query.start, opens_on__lte=query.end,
        pk__in=Nomination.objects.filter(subject_id=query.person_id).values("campaign_id"),
    ).order_by("closes_on", "pk")
    items = []
    for campaign in campaigns:
        try:
            report = review360.results(actor, campaign.pk, query.person_id, record_read=False)
        except (NotFound, ServiceError):
            continue
        if report.empty:
            continue
        lines = []
        for competency in report.competencies:
            parts = [f"{review360.group_label(g)} {cell.mean:.2f} (n={cell.raters})"
                     for g in report.groups
                     if (cell := report.cells.get((competency, g))) is not None]
            lines.append(f"{competency}: " + "; ".join(parts))
        items.append(EvidenceItem(
            kind="review360", title=_("360 review: %(name)s") % {"name": campaign.name},
            when=campaign.closes_on, lines=tuple(lines),
            counts={g: report.raters[g] for g in report.groups},
            url=reverse("review360_results", args=[campaign.pk, query.person_id])))
    return items
