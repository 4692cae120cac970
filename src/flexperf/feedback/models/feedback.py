"""Instant feedback (C3) and requests for it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.feedback.models.choices import Kind, RequestStatus, Visibility


class FeedbackRequest(models.Model):
    """Someone (the requester) asks a colleague for feedback about themselves."""

    requester = models.ForeignKey("org.Person", on_delete=models.PROTECT,
                                  related_name="feedback_requests_made",
                                  verbose_name=_("requested by"))
    requested = models.ForeignKey("org.Person", on_delete=models.PROTECT,
                                  related_name="feedback_requests_received",
                                  verbose_name=_("asked"))
    question = models.TextField(_("question"))
    goal = models.ForeignKey("goals.Goal", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("goal"))
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN, db_index=True)
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        constraints = [
            models.CheckConstraint(condition=~models.Q(requester=models.F("requested")),
                                   name="feedback_request_not_to_oneself"),
        ]

    def __str__(self) -> str:  # no question text: this lands in the audit trail
        return f"feedback request #{self.pk}"


class Feedback(models.Model):
    giver = models.ForeignKey("org.Person", on_delete=models.PROTECT,
                              related_name="feedback_given", verbose_name=_("from"))
    recipient = models.ForeignKey("org.Person", on_delete=models.PROTECT,
                                  related_name="feedback_received", verbose_name=_("to"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.MANAGER)
    text = models.TextField(_("feedback"))
    # What it is about (all optional): a behaviour / competency name, a goal (any paradigm,
    # a project goal included).
    behaviour = models.CharField(_("behaviour"), max_length=200, blank=True)
    goal = models.ForeignKey("goals.Goal", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("goal"))
    request = models.OneToOneField(FeedbackRequest, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="answer")
    # Where it came from: "web", or a chat tool posting through the API ("chat", …); with an
    # external id the same message posted twice is the same feedback.
    source = models.CharField(_("source"), max_length=40, default="web")
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [models.Index(fields=["recipient", "created_at"], name="feedback_recipient_at")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(giver=models.F("recipient")),
                                   name="feedback_not_to_oneself"),
            models.UniqueConstraint(fields=["source", "external_id"],
                                    condition=~models.Q(external_id=""),
                                    name="feedback_external_id_once_per_source"),
        ]

    def __str__(self) -> str:  # never the text: this lands in the audit trail
        return f"{self.kind} feedback #{self.pk}"
