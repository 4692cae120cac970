"""Reads of 360 reviews. Results pass through `results360.build`, which lets only the
anonymity-safe groups through; nothing here returns an answer, a rating of one rater, or who
answered (a nomination shows "approved" to everyone but its rater, answered or not)."""

from __future__ import annotations

import csv
import io

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.feedback.anonymity import ALL, OTHERS
from flexperf.feedback.models import (
    Answer,
    Campaign,
    CampaignStatus,
    Nomination,
    NominationStatus,
    Question,
    Relationship,
)
from flexperf.feedback.results360 import AnswerRow, Report, build
from flexperf.org.models import Person
from flexperf.org.selectors import people_visible_to


def questions(*, active_only: bool = False) -> QuerySet[Question]:
    rows = Question.objects.all()
    return rows.filter(active=True) if active_only else rows


def campaigns_visible_to(actor: Actor) -> QuerySet[Campaign]:
    """Campaign names and dates are known inside the group; partner users see none."""
    if not actor.is_internal:
        return Campaign.objects.none()
    return Campaign.objects.all().prefetch_related("units").select_related("period")


def access_campaign(actor: Actor, campaign_id: int) -> Campaign:
    campaign = campaigns_visible_to(actor).filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound
    return campaign


def my_nominations(actor: Actor, campaign: Campaign) -> list[Nomination]:
    """The raters the caller (as subject) nominated in the campaign."""
    if actor.person_id is None:
        return []
    return list(Nomination.objects.filter(campaign=campaign, subject_id=actor.person_id)
                .select_related("rater"))


def my_assignments(actor: Actor) -> QuerySet[Nomination]:
    """360s the caller was asked to answer (approved, in open campaigns), and answered ones."""
    if actor.person_id is None:
        return Nomination.objects.none()
    return (Nomination.objects.filter(rater_id=actor.person_id,
                                      status__in=[NominationStatus.APPROVED,
                                                  NominationStatus.SUBMITTED])
            .select_related("campaign", "subject").order_by("-campaign__opens_on", "pk"))


def shown_status(actor: Actor, nomination: Nomination) -> str:
    """Whether a rater answered is known to the rater only."""
    if nomination.status == NominationStatus.SUBMITTED and (
            nomination.rater_id is None or nomination.rater_id != actor.person_id):
        return NominationStatus.APPROVED
    return nomination.status


def subjects(actor: Actor, campaign: Campaign) -> QuerySet[Person]:
    """People of the campaign's units with at least one nomination whose results the caller
    may read: themselves, the people below them, HR in scope."""
    unit_q = Q(pk__in=[])
    for unit in campaign.units.all():
        unit_q |= tree.subtree_q("unit__path", unit.path)
    nominated = Nomination.objects.filter(campaign=campaign).values("subject_id")
    return people_visible_to(actor).filter(unit_q, pk__in=nominated).order_by("name", "pk")


def _rows(campaign: Campaign, subject_id: int) -> list[AnswerRow]:
    return [
        AnswerRow(rater=a["nomination_id"], relationship=a["nomination__relationship"],
                  competency=a["question__competency"], rating=a["rating"],
                  comment=a["comment"])
        for a in Answer.objects.filter(
            nomination__campaign=campaign, nomination__subject_id=subject_id,
            nomination__status=NominationStatus.SUBMITTED,
        ).values("nomination_id", "nomination__relationship", "question__competency", "rating",
                 "comment")
    ]


def results(actor: Actor, campaign_id: int, subject_id: int, *, record_read: bool = True
            ) -> Report:
    """The subject's results: to the subject, their managers and HR in scope, once the
    campaign is closed (while it runs, comparing two readings would reveal one answer)."""
    campaign = access_campaign(actor, campaign_id)
    subject = subjects(actor, campaign).filter(pk=subject_id).first()
    if subject is None:
        raise NotFound
    if campaign.status != CampaignStatus.CLOSED:
        raise ServiceError(Problem("campaign", _(
            "Results are shown once the campaign is closed.")))
    if record_read and subject.pk != actor.person_id:
        audit.record(actor, audit.draft_for(subject, Action.READ,
                                            context={"review360": campaign.pk}))
    return build(_rows(campaign, subject.pk))


def group_label(group: str) -> str:
    if group == OTHERS:
        return _("Other raters (merged)")
    if group == ALL:
        return _("All raters")
    return str(Relationship(group).label)


def export_csv(actor: Actor, campaign_id: int) -> str:
    """One row per subject, competency and shown rater group: subject, competency, group,
    raters, mean — exactly the cells the results page shows; comments are not exported."""
    campaign = access_campaign(actor, campaign_id)
    if campaign.status != CampaignStatus.CLOSED:
        raise ServiceError(Problem("campaign", _(
            "Results are shown once the campaign is closed.")))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["employee_number", "name", "competency", "group", "raters", "mean"])
    people = list(subjects(actor, campaign))
    for person in people:
        report = build(_rows(campaign, person.pk))
        for competency in report.competencies:
            for group in report.groups:
                cell = report.cells.get((competency, group))
                if cell is not None:
                    writer.writerow([person.employee_number, person.name, competency, group,
                                     cell.raters, f"{cell.mean:.2f}"])
    audit.record(actor, audit.draft_for(campaign, Action.EXPORT,
                                        context={"subjects": len(people)}))
    return out.getvalue()
