"""Development plans (C5): strengths, improvements, a path, actions and a mentor."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.feedback.models.choices import ActionStatus


class DevelopmentPlan(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT,
                               related_name="development_plans", verbose_name=_("person"))
    period = models.ForeignKey("goals.Period", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("period"))
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("areas to improve"), blank=True)
    path = models.TextField(_("development path"), blank=True)
    target_role = models.CharField(_("target role"), max_length=200, blank=True)
    mentor = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="mentored_plans", verbose_name=_("mentor"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "-created_at", "-pk"]
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        constraints = [
            models.UniqueConstraint(fields=["person", "period"], name="one_plan_per_period"),
            models.CheckConstraint(condition=~models.Q(mentor=models.F("person")),
                                   name="plan_mentor_not_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.period_id or ''}".strip()


class DevelopmentAction(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")

    def __str__(self) -> str:
        return self.title
