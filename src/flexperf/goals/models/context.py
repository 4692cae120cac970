"""Context of a missed goal (C6): was the target premature, were resources matched, what was
learned. One analysis per goal, kept with the record and shown in reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.goals.models.goal import Goal


class Judgement(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PARTLY = "partly", _("Partly")


class MissAnalysis(models.Model):
    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="miss_analysis")
    premature = models.CharField(_("was the target premature?"), max_length=8,
                                 choices=Judgement.choices)
    premature_note = models.CharField(_("why (premature)"), max_length=1000, blank=True)
    resources_matched = models.CharField(_("were resources matched?"), max_length=8,
                                         choices=Judgement.choices)
    resources_note = models.CharField(_("why (resources)"), max_length=1000, blank=True)
    learned = models.TextField(_("what was learned"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_by_username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("analysis of a missed goal")
        verbose_name_plural = _("analyses of missed goals")

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.premature}/{self.resources_matched}"
