"""Insights (I3–I6): what the rules and models found, for whom, and what was done about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from flexperf.insights.rules import Action, Kind, Severity


class KindChoice(models.TextChoices):
    TEAM_LAGGING = Kind.TEAM_LAGGING.value, _("Team behind its goals")
    OVERLOAD = Kind.OVERLOAD.value, _("Sustained overload")
    ATTRITION_RISK = Kind.ATTRITION_RISK.value, _("Attrition risk")
    CROSS_TEAM_HELP = Kind.CROSS_TEAM_HELP.value, _("Standout cross-team help")
    FEEDBACK_DROUGHT = Kind.FEEDBACK_DROUGHT.value, _("Feedback drought")
    PROJECT_DELAY = Kind.PROJECT_DELAY.value, _("Project-delay risk")
    TARGET_MISS = Kind.TARGET_MISS.value, _("Target-miss risk")


class SeverityChoice(models.TextChoices):
    INFO = Severity.INFO.value, _("For information")
    WARNING = Severity.WARNING.value, _("Warning")
    CRITICAL = Severity.CRITICAL.value, _("Critical")


class ActionChoice(models.TextChoices):
    CHECK_IN = Action.CHECK_IN.value, _("Hold a check-in")
    REBALANCE = Action.REBALANCE.value, _("Rebalance workload")
    DIVISION_OF_WORK = Action.DIVISION_OF_WORK.value, _("Change the division of work")
    SUPPORT = Action.SUPPORT.value, _("Add support or resources")
    RECOGNITION = Action.RECOGNITION.value, _("Give recognition")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACTED = "acted", _("Acted on")
    DISMISSED = "dismissed", _("Dismissed")


ACTIVE_STATUSES = (Status.OPEN, Status.ACKNOWLEDGED)


class Insight(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=KindChoice.choices)
    # One open (or acknowledged) insight per kind and subject: "kind:person:12".
    key = models.CharField(max_length=80, db_index=True)
    subject_person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.CASCADE,
        related_name="insights", verbose_name=_("person"))
    subject_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="insights",
        verbose_name=_("team"))
    subject_goal = models.ForeignKey(
        "goals.Goal", null=True, blank=True, on_delete=models.CASCADE,
        related_name="insights", verbose_name=_("goal"))
    # The manager the insight is addressed to (told once when it is raised).
    audience = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="insights_addressed", verbose_name=_("addressed to"))
    severity = models.CharField(_("severity"), max_length=10, choices=SeverityChoice.choices,
                                default=SeverityChoice.WARNING)
    probability = models.FloatField(_("probability"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=10, blank=True)
    model_version = models.CharField(_("model version"), max_length=80, blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    model_reasons = models.JSONField(_("model reasons"), default=list)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices,
                              default=Status.OPEN, db_index=True)
    action = models.CharField(_("action taken"), max_length=20, choices=ActionChoice.choices,
                              blank=True)
    note = models.TextField(_("note"), blank=True)
    dismiss_reason = models.TextField(_("reason for dismissing"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("decided by"))
    raised_on = models.DateField(_("raised on"))      # the as-of day of the refresh
    last_seen_on = models.DateField(_("last seen on"))  # the last refresh that still found it
    # Outcome tracking: the risk metric when raised and follow_up_weeks later.
    metric_at_raise = models.FloatField(null=True, blank=True)
    metric_at_follow_up = models.FloatField(null=True, blank=True)
    follow_up_on = models.DateField(null=True, blank=True)  # when it is (or was) measured
    followed_up = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acted_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(status__in=["open",
                                                                            "acknowledged"]),
                                    name="insight_one_active_per_key"),
        ]
        indexes = [models.Index(fields=["followed_up", "follow_up_on"],
                                name="insight_follow_up")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def person_level(self) -> bool:
        return self.subject_person_id is not None


class InsightSettings(models.Model):
    """The HR admin's overrides of rules.RuleSettings (one row, pk 1)."""

    values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("insight settings")
        verbose_name_plural = _("insight settings")

    def __str__(self) -> str:
        return "insight settings"
