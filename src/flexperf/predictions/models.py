"""Versioned models and their cards: what was trained on which data, how well it did, how it
behaves by group, and where the fitted model file lies in the data folder."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # Trained on the organisation's own leavers and stayers; scores people (one active).
    ATTRITION = "attrition", _("Attrition risk (own history)")
    # Trained on an HR table from a file: evaluated and kept, never used to score people.
    ATTRITION_TABLE = "attrition_table", _("Attrition risk (HR table)")


class ModelVersion(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    number = models.PositiveIntegerField(_("version"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    algorithm = models.CharField(_("algorithm"), max_length=20)
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("trained at"), default=timezone.now)
    created_by = models.CharField(_("trained by"), max_length=150, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    window_start = models.DateField(_("data from"), null=True, blank=True)
    window_end = models.DateField(_("data to"), null=True, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    positive_value = models.CharField(_("positive value"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    positives = models.PositiveIntegerField(_("positives"), default=0)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    duplicates_dropped = models.PositiveIntegerField(_("duplicates dropped"), default=0)
    features = models.JSONField(_("features"), default=list)
    notes = models.JSONField(default=list)           # [[column, why dropped], …]
    metrics = models.JSONField(default=dict)         # roc_auc/pr_auc/brier {mean,std}, folds…
    calibration = models.JSONField(default=list)     # reliability points
    groups = models.JSONField(default=list)          # metrics by group (engines.fairness)
    settings = models.JSONField(default=dict)        # algorithm settings, seed, horizon…
    file_path = models.CharField(max_length=500, blank=True)  # relative to the data folder

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="model_version_number"),
            models.UniqueConstraint(fields=["kind"], condition=models.Q(is_active=True),
                                    name="one_active_model_per_kind"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.kind}-v{self.number}"
