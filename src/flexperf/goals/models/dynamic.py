"""Dynamic goals: external series, triggers that put a goal under discussion, adjustments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.goals.models.choices import AdjustmentKind, AdjustmentStatus, Approver, PeriodKind
from flexperf.goals.models.goal import Goal


class ExternalSeries(models.Model):
    """A named series from outside: market price, customer satisfaction, order volume…"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    unit_label = models.CharField(_("unit of measure"), max_length=40, blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=PeriodKind.choices,
                                 default=PeriodKind.MONTH)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("external series")
        verbose_name_plural = _("external series")

    def __str__(self) -> str:
        return self.name


class SeriesPoint(models.Model):
    series = models.ForeignKey(ExternalSeries, on_delete=models.CASCADE, related_name="points")
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["series", "on"]
        verbose_name = _("series point")
        verbose_name_plural = _("series points")
        constraints = [
            models.UniqueConstraint(fields=["series", "on"], name="one_point_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.series.code} {self.on}: {self.value}"


class SignalLink(models.Model):
    """A goal watches a series: when the series deviates from the plan by more than
    `threshold_pct` for `consecutive_periods` points in a row, the goal goes under discussion."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="signal_links")
    series = models.ForeignKey(ExternalSeries, on_delete=models.PROTECT,
                               related_name="signal_links")
    plan_value = models.DecimalField(_("planned value"), max_digits=18, decimal_places=4,
                                     help_text=_("What the goal's target assumed the series "
                                                 "would be."))
    threshold_pct = models.DecimalField(_("deviation threshold (%)"), max_digits=6,
                                        decimal_places=2)
    consecutive_periods = models.PositiveSmallIntegerField(_("consecutive periods"), default=2)
    active = models.BooleanField(_("active"), default=True)
    last_fired_at = models.DateTimeField(null=True, blank=True)
    last_fired_on = models.DateField(null=True, blank=True,
                                     help_text=_("The series date that last fired the trigger."))

    class Meta:
        verbose_name = _("signal link")
        verbose_name_plural = _("signal links")
        constraints = [
            models.UniqueConstraint(fields=["goal", "series"], name="one_link_per_goal_series"),
            models.CheckConstraint(condition=models.Q(threshold_pct__gt=0),
                                   name="signal_threshold_gt_0"),
            models.CheckConstraint(condition=models.Q(consecutive_periods__gte=1),
                                   name="signal_periods_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.goal} ← {self.series}"


class Adjustment(models.Model):
    """A proposed change to an active goal (or its withdrawal): reason, evidence, approval."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(_("kind"), max_length=10, choices=AdjustmentKind.choices,
                            default=AdjustmentKind.CHANGE)
    status = models.CharField(_("status"), max_length=10, choices=AdjustmentStatus.choices,
                              default=AdjustmentStatus.PENDING, db_index=True)
    # {"weight": "40", "due_date": "2026-12-31", "metrics": {"<id>": {"target": "120"}},
    #  "milestones": {"<id>": {"due": "2026-10-01", "weight": "2"}}}
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    evidence = models.TextField(_("evidence"))
    trigger = models.ForeignKey(SignalLink, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="adjustments", verbose_name=_("triggering signal"))
    trigger_detail = models.TextField(_("what the signal showed"), blank=True)
    approver_role = models.CharField(_("to be approved by"), max_length=10,
                                     choices=Approver.choices, default=Approver.MANAGER)
    guard_note = models.TextField(_("adjustment guard"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposed_by_username = models.CharField(max_length=150)
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by_username = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("goal adjustment")
        verbose_name_plural = _("goal adjustments")

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_kind_display()} ({self.get_status_display()})"
