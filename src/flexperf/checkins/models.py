"""Check-ins (C1) and milestone reviews (C2).

A check-in belongs to a person and a cadence window (``2026-03`` monthly, ``2026-Q1``
quarterly) and is due a few days after the window ends. It moves due → submitted → discussed;
"overdue" is derived from the date (still due after its due date). Each line is one goal of
the person: the new value of one of its metrics (recorded as a goals measurement) and a
confidence 0–10.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CheckinStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("check-in", "Due")
    SUBMITTED = "submitted", _("Submitted")
    DISCUSSED = "discussed", _("Discussed")


class Checkin(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="checkins")
    cadence = models.CharField(_("cadence"), max_length=10)  # goals Cadence
    window = models.CharField(_("window"), max_length=10)  # 2026-03 or 2026-Q1
    window_start = models.DateField(_("window start"))
    window_end = models.DateField(_("window end"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=CheckinStatus.choices,
                              default=CheckinStatus.DUE)
    obstacles = models.TextField(_("obstacles"), blank=True)
    resource_needs = models.TextField(_("resource needs"), blank=True)
    context = models.TextField(_("context and constraints"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    coaching_note = models.TextField(_("coaching note"), blank=True)
    discussed_at = models.DateTimeField(null=True, blank=True)
    discussed_by = models.ForeignKey("org.Person", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    due_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-window_end", "person_id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["person", "window"], name="checkin_person_window"),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="checkin_status_due")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.window}"

    def is_overdue(self, on: dt.date) -> bool:
        return self.status == CheckinStatus.DUE and on > self.due_date

    def state(self, on: dt.date) -> str:
        """due, overdue, submitted or discussed: the status with overdue derived from `on`."""
        return "overdue" if self.is_overdue(on) else self.status


class CheckinLine(models.Model):
    """One goal in a check-in: the new value of one of its metrics and a confidence."""

    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="lines")
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="+")
    metric = models.ForeignKey("goals.Metric", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True,
                                blank=True)
    confidence = models.PositiveSmallIntegerField(_("confidence (0–10)"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    measurement = models.ForeignKey("goals.Measurement", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["checkin_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "goal"], name="checkin_line_goal"),
        ]

    def __str__(self) -> str:
        return f"{self.checkin_id}/{self.goal_id}: {self.confidence}"


class MilestoneReview(models.Model):
    """A stage review of a project goal's milestone once reached, by those who manage it."""

    milestone = models.OneToOneField("goals.Milestone", on_delete=models.CASCADE,
                                     related_name="review")
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, related_name="+")
    delivered = models.TextField(_("what was delivered"))
    quality = models.PositiveSmallIntegerField(_("quality (1–5)"))
    lessons = models.TextField(_("lessons"), blank=True)
    stage_rating = models.CharField(_("stage rating"), max_length=20)
    reviewed_by = models.ForeignKey("org.Person", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_by_username = models.CharField(max_length=150, blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("milestone review")
        verbose_name_plural = _("milestone reviews")

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.stage_rating}"


