"""360 reviews (C4): question templates, campaigns, nominations of raters and their answers."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.feedback.models.choices import CampaignStatus, NominationStatus, Relationship


class Question(models.Model):
    """A question of the 360 template, under a competency; rated 1–5 with an optional
    comment. Inactive questions stay for the campaigns that used them."""

    competency = models.CharField(_("competency"), max_length=120)
    text = models.CharField(_("question"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["competency", "order", "pk"]
        verbose_name = _("360 question")
        verbose_name_plural = _("360 questions")

    def __str__(self) -> str:
        return f"{self.competency}: {self.text}"


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    period = models.ForeignKey("goals.Period", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("period"))
    units = models.ManyToManyField("org.Unit", related_name="+", verbose_name=_("units"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    max_requests_per_rater = models.PositiveSmallIntegerField(
        _("requests per rater at most"), default=5)
    questions = models.ManyToManyField(Question, related_name="campaigns",
                                       verbose_name=_("questions"))
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.OPEN, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("360 campaign")
        verbose_name_plural = _("360 campaigns")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                   name="campaign_closes_after_opening"),
            models.CheckConstraint(condition=models.Q(max_requests_per_rater__gte=1),
                                   name="campaign_cap_at_least_1"),
        ]

    def __str__(self) -> str:
        return self.name


class Nomination(models.Model):
    """A rater asked to review a subject in a campaign: a colleague, or an external partner
    (name and e-mail, answering through a one-time link)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="nominations")
    subject = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("subject"))
    relationship = models.CharField(_("relationship"), max_length=20,
                                    choices=Relationship.choices)
    rater = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("rater"))
    external_name = models.CharField(_("partner's name"), max_length=200, blank=True)
    external_email = models.EmailField(_("partner's e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NominationStatus.choices,
                              default=NominationStatus.PENDING, db_index=True)
    decided_note = models.CharField(_("note"), max_length=500, blank=True)
    # The one-time link for an external partner: only the SHA-256 of the token is kept.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    token_used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "subject", "relationship", "pk"]
        verbose_name = _("rater nomination")
        verbose_name_plural = _("rater nominations")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(relationship="external_partner", rater__isnull=True)
                           & ~models.Q(external_email=""))
                | (~models.Q(relationship="external_partner") & models.Q(rater__isnull=False)),
                name="nomination_has_its_rater"),
            models.CheckConstraint(condition=~models.Q(rater=models.F("subject")),
                                   name="nomination_not_of_oneself"),
            # A rejected nomination stays on record; the same rater may be nominated again.
            models.UniqueConstraint(fields=["campaign", "subject", "rater"],
                                    condition=models.Q(rater__isnull=False)
                                    & ~models.Q(status="rejected"),
                                    name="nomination_rater_once_per_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.subject_id} · {self.relationship}"


class Answer(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["nomination", "question"]
        verbose_name = _("360 answer")
        verbose_name_plural = _("360 answers")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "question"], name="answer_once"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5),
                                   name="answer_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.rating}"
