"""360 campaigns: HR opens one for units and a period, with dates and a cap on requests per
rater (review fatigue); closing it makes the (anonymity-safe) results readable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock, tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.feedback import events
from flexperf.feedback.models import Campaign, CampaignStatus, Question
from flexperf.feedback.services.common import text
from flexperf.goals.models import Period
from flexperf.org.models import Unit

FIELDS = ("name", "period", "opens_on", "closes_on", "max_requests_per_rater", "status")


@dataclass(frozen=True)
class CampaignIn:
    name: str
    period: str  # period code
    units: Sequence[str]  # unit codes
    opens_on: dt.date
    closes_on: dt.date
    max_requests_per_rater: int = 5
    question_ids: Sequence[int] = field(default_factory=tuple)  # empty: every active question


def may_run_campaigns(actor: Actor) -> bool:
    return actor.is_hr


def _covers(actor: Actor, unit: Unit) -> bool:
    return actor.is_hr_admin or any(tree.is_within(unit.path, p) for p in actor.hrbp_unit_paths)


def create_campaign(*, actor: Actor, data: CampaignIn) -> Campaign:
    if not may_run_campaigns(actor):
        raise Forbidden
    name = text(data.name, "name", limit=200)
    period = Period.objects.filter(code=data.period.strip()).first()
    if period is None:
        raise ServiceError(Problem("period", _("No period %(code)s.") % {"code": data.period}))
    codes = [c.strip() for c in data.units if c.strip()]
    if not codes:
        raise ServiceError(Problem("units", _("Choose at least one unit.")))
    units = list(Unit.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing:
        raise ServiceError(Problem("units", _("No unit %(codes)s.")
                                   % {"codes": ", ".join(missing)}))
    outside = [u.code for u in units if not _covers(actor, u)]
    if outside:
        raise ServiceError(Problem("units", _("Outside your HR scope: %(codes)s.")
                                   % {"codes": ", ".join(sorted(outside))}))
    if data.closes_on < data.opens_on:
        raise ServiceError(Problem("closes_on", _("Closes before it opens.")))
    if not 1 <= data.max_requests_per_rater <= 50:
        raise ServiceError(Problem("max_requests_per_rater", _("Between 1 and 50.")))
    questions = Question.objects.filter(active=True)
    if data.question_ids:
        questions = Question.objects.filter(pk__in=list(data.question_ids))
        unknown = set(data.question_ids) - set(questions.values_list("pk", flat=True))
        if unknown:
            raise ServiceError(Problem("question_ids", _("No question %(ids)s.")
                                       % {"ids": ", ".join(map(str, sorted(unknown)))}))
    chosen = list(questions)
    if not chosen:
        raise ServiceError(Problem("question_ids", _(
            "The campaign needs questions: add some to the 360 template first.")))
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name, period=period, opens_on=data.opens_on, closes_on=data.closes_on,
            max_requests_per_rater=data.max_requests_per_rater)
        campaign.units.set(units)
        campaign.questions.set(chosen)
        audit.record(actor, audit.draft_for(campaign, Action.CREATE, changes={
            **audit.diff({}, audit.snapshot(campaign, FIELDS)),
            "units": [None, sorted(codes)], "questions": [None, sorted(q.pk for q in chosen)],
        }))
    return campaign


def close_campaign(*, actor: Actor, campaign_id: int) -> Campaign:
    if not may_run_campaigns(actor):
        raise Forbidden
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None:
            raise NotFound
        if not all(_covers(actor, u) for u in campaign.units.all()):
            raise NotFound
        if campaign.status == CampaignStatus.CLOSED:
            raise ServiceError(Problem("status", _("The campaign is already closed.")))
        campaign.status, campaign.closed_at = CampaignStatus.CLOSED, timezone.now()
        campaign.save(update_fields=["status", "closed_at"])
        audit.record(actor, audit.draft_for(campaign, Action.UPDATE,
                                            changes={"status": ["open", "closed"]}))
        emit(events.Campaign360Closed(campaign.pk))
    return campaign


def close_due_campaigns(*, actor: Actor, today: dt.date | None = None) -> list[int]:
    """Close every open campaign whose last day has passed (the daily job); returns their ids."""
    today = today or clock.today()
    due = list(Campaign.objects.filter(status=CampaignStatus.OPEN, closes_on__lt=today)
               .order_by("pk").values_list("pk", flat=True))
    for campaign_id in due:
        close_campaign(actor=actor, campaign_id=campaign_id)
    return due
