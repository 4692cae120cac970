"""Payout runs: a policy version applied to a finalised cycle, line by line."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class PayoutRun(models.Model):
    cycle = models.ForeignKey("reviews.Cycle", on_delete=models.PROTECT, related_name="+")
    policy_version = models.ForeignKey("incentives.PolicyVersion", on_delete=models.PROTECT,
                                       related_name="runs")
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.DRAFT)
    people = models.PositiveIntegerField(default=0)
    # {"CNY": "1234.56"}: the sum of the run's lines per currency.
    totals = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-computed_at", "-pk"]
        verbose_name = _("payout run")

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"


class PayoutLine(models.Model):
    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    # [[msgid, {values}], …]: rendered in the reader's language (engine.render).
    statement = models.JSONField(default=list)
    reference = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "person_id", "order"]
        indexes = [models.Index(fields=["run", "person"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.currency} {self.amount}"
