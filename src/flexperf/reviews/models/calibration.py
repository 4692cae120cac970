"""Calibration sessions (a unit group within a cycle) and every rating changed in them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.reviews.models.choices import SessionStatus
from flexperf.reviews.models.cycle import Cycle, Evaluation


class CalibrationSession(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=200)
    # The people evaluated in these units' subtrees are calibrated here.
    units = models.ManyToManyField("org.Unit", related_name="+", verbose_name=_("units"))
    calibrators = models.ManyToManyField("org.Person", related_name="calibration_sessions",
                                         verbose_name=_("calibrators"))
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices,
                              default=SessionStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "name", "pk"]
        verbose_name = _("calibration session")
        verbose_name_plural = _("calibration sessions")

    def __str__(self) -> str:
        return self.name


class RatingChange(models.Model):
    """A rating changed in calibration: who, why, before → after, and by how many steps of the
    scale (positive: up)."""

    session = models.ForeignKey(CalibrationSession, on_delete=models.CASCADE,
                                related_name="changes")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE,
                                   related_name="rating_changes")
    changed_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    changed_by_name = models.CharField(max_length=150)
    reason = models.TextField(_("reason"))
    before = models.CharField(max_length=12)
    after = models.CharField(max_length=12)
    steps = models.IntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("rating change")
        verbose_name_plural = _("rating changes")

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"
