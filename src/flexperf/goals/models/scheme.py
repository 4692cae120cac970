"""Periods and schemes: what a unit's people are measured on, and how much each part counts."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.goals.models.choices import Approver, Cadence, Paradigm, PeriodKind


class Period(models.Model):
    """A review or reporting period: "2026", "2026-H1", "2026-Q3", "2026-11"."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("Last day of the period (inclusive)."))

    class Meta:
        ordering = ["start", "-end"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                   name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.code


def default_scale() -> list[dict[str, object]]:
    return [{"rating": "S", "min": 110}, {"rating": "A", "min": 100}, {"rating": "B", "min": 85},
            {"rating": "C", "min": 60}, {"rating": "D", "min": None}]


class Scheme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    template_key = models.CharField(
        _("template"), max_length=40, blank=True,
        help_text=_("The built-in template this scheme was made from, if any."))
    is_default = models.BooleanField(
        _("group default"), default=False,
        help_text=_("Used for people whose units (and their parents) have no scheme."))
    checkin_cadence = models.CharField(_("check-in cadence"), max_length=10,
                                       choices=Cadence.choices, default=Cadence.QUARTERLY)
    review_period = models.CharField(_("review period"), max_length=10,
                                     choices=PeriodKind.choices, default=PeriodKind.YEAR)
    # [{"rating": "S", "min": 110}, …, {"rating": "D", "min": null}], highest first.
    scale = models.JSONField(_("rating scale"), default=default_scale)
    # Overrides of the scoring engine's default numbers (see goals.scoring.ScoringRules).
    rules = models.JSONField(_("scoring rules"), default=dict, blank=True)
    adjustment_approver = models.CharField(
        _("adjustments approved by"), max_length=10,
        choices=[(Approver.MANAGER, Approver.MANAGER.label), (Approver.HRBP, Approver.HRBP.label)],
        default=Approver.MANAGER)
    min_days_between_adjustments = models.PositiveIntegerField(
        _("minimum days between adjustments of a goal"), default=30)
    max_adjustments_per_period = models.PositiveIntegerField(
        _("maximum adjustments of a goal per period"), default=2)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                    name="one_default_scheme"),
        ]

    def __str__(self) -> str:
        return self.name


class SchemeComponent(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="components")
    key = models.SlugField(_("key"), max_length=40,
                           help_text=_("Unique within the scheme, e.g. result_kpi."))
    paradigm = models.CharField(_("paradigm"), max_length=12, choices=Paradigm.choices)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    pay_linked = models.BooleanField(_("pay-linked"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "order", "pk"]
        verbose_name = _("scheme component")
        verbose_name_plural = _("scheme components")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "key"], name="component_key_per_scheme"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="component_weight_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.weight})"


class SchemeAssignment(models.Model):
    """A unit's scheme; inherited by every unit below it that has none of its own."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE,
                                related_name="scheme_assignment")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="assignments")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("scheme assignment")
        verbose_name_plural = _("scheme assignments")

    def __str__(self) -> str:
        return f"{self.unit} → {self.scheme}"
