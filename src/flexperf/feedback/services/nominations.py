"""Raters for a 360: nominated by the subject, approved or rejected by the subject's manager,
within the campaign's cap on requests per rater (checked at nomination and at approval). An
external partner answers through a one-time link: a random token, of which only the SHA-256
is stored, used once, expiring when the campaign closes."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock, tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.feedback.models import (
    Campaign,
    CampaignStatus,
    Nomination,
    NominationStatus,
    Relationship,
)
from flexperf.feedback.services.common import colleague, me, text
from flexperf.notifications.services import notify
from flexperf.org.models import Person

FIELDS = ("campaign", "subject", "relationship", "rater", "external_email", "status")
ACTIVE = (NominationStatus.PENDING, NominationStatus.APPROVED, NominationStatus.SUBMITTED)
ASKED = (NominationStatus.APPROVED, NominationStatus.SUBMITTED)


@dataclass(frozen=True)
class NominationIn:
    relationship: str
    rater_id: int | None = None
    external_name: str = ""
    external_email: str = ""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def in_campaign(campaign: Campaign, person: Person) -> bool:
    return any(tree.is_within(person.unit.path, u.path) for u in campaign.units.all())


def open_campaign(campaign_id: int, *, today: dt.date | None = None) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound
    today = today or clock.today()
    if campaign.status != CampaignStatus.OPEN or not (
            campaign.opens_on <= today <= campaign.closes_on):
        raise ServiceError(Problem("campaign", _("The campaign is not open.")))
    return campaign


def _rater_q(nomination: Nomination | NominationIn) -> Q:
    if nomination.relationship == Relationship.EXTERNAL_PARTNER:
        return Q(external_email__iexact=nomination.external_email)
    return Q(rater_id=nomination.rater_id)


def _check_cap(campaign: Campaign, who: Q, statuses: tuple[str, ...], rater_label: str,
               field: str) -> None:
    used = Nomination.objects.filter(who, campaign=campaign, status__in=statuses).count()
    if used >= campaign.max_requests_per_rater:
        raise ServiceError(Problem(field, _(
            "%(rater)s already has %(n)d requests in this campaign; the cap is %(cap)d per "
            "rater.") % {"rater": rater_label, "n": used,
                         "cap": campaign.max_requests_per_rater}))


def nominate(*, actor: Actor, campaign_id: int, data: NominationIn) -> Nomination:
    """The subject (the caller) names a rater for their own 360."""
    subject = me(actor)
    with transaction.atomic():
        campaign = open_campaign(campaign_id)
        if not in_campaign(campaign, subject):
            raise ServiceError(Problem("campaign", _("This campaign does not cover you.")))
        if data.relationship not in Relationship.values:
            raise ServiceError(Problem("relationship", _("Choose one of: %(values)s.")
                                       % {"values": ", ".join(Relationship.values)}))
        rater: Person | None = None
        if data.relationship == Relationship.EXTERNAL_PARTNER:
            name = text(data.external_name, "external_name", limit=200)
            email = text(data.external_email, "external_email", limit=254).lower()
            if "@" not in email:
                raise ServiceError(Problem("external_email", _("Enter a valid e-mail.")))
            data = NominationIn(data.relationship, None, name, email)
            label, field = email, "external_email"
        else:
            rater = colleague(data.rater_id, "rater_id")
            if rater.pk == subject.pk:
                raise ServiceError(Problem("rater_id", _("You cannot rate yourself.")))
            label, field = rater.name, "rater_id"
        same = Nomination.objects.filter(_rater_q(data), campaign=campaign, subject=subject)
        if same.filter(status__in=ACTIVE).exists():
            raise ServiceError(Problem(field, _("%(rater)s is already nominated.")
                                       % {"rater": label}))
        _check_cap(campaign, _rater_q(data), ACTIVE, label, field)
        nomination = Nomination.objects.create(
            campaign=campaign, subject=subject, relationship=data.relationship, rater=rater,
            external_name=data.external_name, external_email=data.external_email)
        audit.record(actor, audit.draft_for(nomination, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(nomination, FIELDS))))
        manager = (Person.objects.filter(pk=subject.manager_id).select_related("user").first()
                   if subject.manager_id is not None else None)
        if manager is not None:
            notify(recipients=[manager.user], kind="review360.nomination",
                   title=_("%(name)s nominated a 360 rater for your approval")
                   % {"name": subject.name}, url=reverse("review360_approvals"))
    return nomination


def _manages(actor: Actor, subject: Person) -> bool:
    return bool(actor.reporting_path) and subject.pk != actor.person_id and tree.is_within(
        subject.path, actor.reporting_path or "")


def nominations_to_decide(actor: Actor) -> list[Nomination]:
    """Pending nominations of the people below the caller in the reporting line."""
    if not actor.reporting_path:
        return []
    return list(Nomination.objects.filter(
        tree.subtree_q("subject__path", actor.reporting_path, include_self=False),
        status=NominationStatus.PENDING, campaign__status=CampaignStatus.OPEN,
    ).select_related("campaign", "subject", "rater").order_by("campaign", "subject", "pk"))


@dataclass(frozen=True)
class Decided:
    nomination: Nomination
    link: str = ""  # an external partner's one-time link (path only), for the e-mail


def decide_nomination(*, actor: Actor, nomination_id: int, approve: bool, note: str = "",
                      link_days: int = 0) -> Decided:
    """The subject's manager (anyone above them in the reporting line) approves or rejects."""
    with transaction.atomic():
        nomination = (Nomination.objects.select_for_update()
                      .filter(pk=nomination_id).first())
        if nomination is None:
            raise NotFound
        subject = Person.objects.select_related("unit").get(pk=nomination.subject_id)
        if not _manages(actor, subject):
            raise NotFound
        if nomination.status != NominationStatus.PENDING:
            raise ServiceError(Problem("status", _("This nomination was already decided.")))
        campaign = open_campaign(nomination.campaign_id)
        link = ""
        if approve:
            rater_label = nomination.external_email or str(
                Person.objects.filter(pk=nomination.rater_id or 0)
                .values_list("name", flat=True).first())
            field = ("external_email" if nomination.relationship ==
                     Relationship.EXTERNAL_PARTNER else "rater_id")
            _check_cap(campaign, _rater_q(nomination), ASKED, rater_label, field)
            nomination.status = NominationStatus.APPROVED
            if nomination.relationship == Relationship.EXTERNAL_PARTNER:
                token = secrets.token_urlsafe(32)
                nomination.token_hash = hash_token(token)
                nomination.token_expires_at = timezone.make_aware(dt.datetime.combine(
                    campaign.closes_on + dt.timedelta(days=1), dt.time.min))
                if link_days:
                    nomination.token_expires_at = timezone.now() + dt.timedelta(days=link_days)
                link = reverse("review360_external", args=[token])
        else:
            nomination.status = NominationStatus.REJECTED
        nomination.decided_note = text(note, "note", limit=500, required=False)
        nomination.save(update_fields=["status", "decided_note", "token_hash",
                                       "token_expires_at"])
        audit.record(actor, audit.draft_for(nomination, Action.UPDATE, changes={
            "status": ["pending", nomination.status]}))
        if approve and nomination.rater_id is not None:
            rater = Person.objects.select_related("user").get(pk=nomination.rater_id)
            notify(recipients=[rater.user], kind="review360.asked",
                   title=_("Please answer a 360 review for %(name)s") % {"name": subject.name},
                   url=reverse("review360_answer", args=[nomination.pk]))
        if link:
            _mail_link(nomination, subject, link)
    return Decided(nomination, link)


def _mail_link(nomination: Nomination, subject: Person, link: str) -> None:
    base = str(getattr(settings, "FLEXPERF_PUBLIC_URL", "")).rstrip("/")
    body = _("%(name)s asks for your feedback in a 360 review. The link works once, until "
             "%(until)s: %(url)s") % {
        "name": subject.name, "until": nomination.token_expires_at, "url": f"{base}{link}"}
    email = nomination.external_email
    transaction.on_commit(lambda: send_mail(
        _("A 360 review for %(name)s") % {"name": subject.name}, body, None, [email],
        fail_silently=True))
