"""Goals of every paradigm, their metrics and milestones, measurements, alignment, versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.goals.models.choices import (
    Aggregation,
    Direction,
    GoalStatus,
    MeasurementSource,
    MetricKind,
    OkrType,
    OwnerKind,
    Paradigm,
    Perspective,
)
from flexperf.goals.models.scheme import Period, SchemeComponent


class Goal(models.Model):
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="goals",
                               verbose_name=_("period"))
    paradigm = models.CharField(_("paradigm"), max_length=12, choices=Paradigm.choices)
    owner_kind = models.CharField(_("owner"), max_length=10, choices=OwnerKind.choices)
    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="goals", verbose_name=_("person"))
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="goals", verbose_name=_("unit"))
    company = models.ForeignKey("org.Company", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="goals", verbose_name=_("company"))
    # The scheme component a person's goal counts towards (None for unit and company goals).
    component = models.ForeignKey(SchemeComponent, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="goals",
                                  verbose_name=_("scheme component"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=1,
                                 help_text=_("Weight within its scheme component."))
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices,
                              default=GoalStatus.DRAFT, db_index=True)
    okr_type = models.CharField(_("OKR type"), max_length=12, choices=OkrType.choices,
                                blank=True)
    # BSC: {"financial": 40, "customer": 30, "internal_process": 20, "learning_growth": 10}
    perspective_weights = models.JSONField(_("perspective weights"), default=dict, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    discussion_reason = models.TextField(_("why under discussion"), blank=True)
    discussion_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["period", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        indexes = [
            models.Index(fields=["period", "person"], name="goal_period_person"),
            models.Index(fields=["period", "unit"], name="goal_period_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner_kind="person", person__isnull=False, unit__isnull=True,
                             company__isnull=True)
                    | models.Q(owner_kind="unit", person__isnull=True, unit__isnull=False,
                               company__isnull=True)
                    | models.Q(owner_kind="company", person__isnull=True, unit__isnull=True,
                               company__isnull=False)
                ),
                name="goal_has_exactly_its_owner",
            ),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="goal_weight_gt_0"),
        ]

    def __str__(self) -> str:
        return self.title


class Metric(models.Model):
    """One measurable part of a goal: a KPI, a key result, a scorecard measure, an SLA, an
    internal-customer survey, a behavioural indicator."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="metrics")
    kind = models.CharField(_("kind"), max_length=12, choices=MetricKind.choices)
    name = models.CharField(_("name"), max_length=300)
    unit_label = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices,
                                 default=Direction.HIGHER)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4,
                                null=True, blank=True)
    threshold = models.DecimalField(_("threshold"), max_digits=18, decimal_places=4,
                                null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4,
                                null=True, blank=True)
    stretch = models.DecimalField(_("stretch"), max_digits=18, decimal_places=4,
                                null=True, blank=True)
    start = models.DecimalField(_("start value"), max_digits=18, decimal_places=4,
                                null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(_("confidence (0–10)"), null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=1)
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices,
                                   blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=8, choices=Aggregation.choices,
                                   default=Aggregation.LAST)
    # Behavioural anchors: {"1": "…", "3": "…", "5": "…"}
    anchors = models.JSONField(_("behavioural anchors"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["goal", "order", "pk"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="metric_weight_gt_0"),
            models.CheckConstraint(
                condition=models.Q(confidence__isnull=True) | models.Q(confidence__lte=10),
                name="metric_confidence_0_10"),
        ]

    def __str__(self) -> str:
        return self.name


class MetricLink(models.Model):
    """Cause → effect between scorecard measures (the strategy map)."""

    cause = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="effects")
    effect = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="causes")

    class Meta:
        verbose_name = _("strategy-map link")
        verbose_name_plural = _("strategy-map links")
        constraints = [
            models.UniqueConstraint(fields=["cause", "effect"], name="one_link_per_pair"),
            models.CheckConstraint(condition=~models.Q(cause=models.F("effect")),
                                   name="link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.cause} → {self.effect}"


class Measurement(models.Model):
    """A value of a metric on a day: the time series behind progress and scores."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="measurements")
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=10, choices=MeasurementSource.choices,
                              default=MeasurementSource.MANUAL)
    # The rater (behaviour) or respondent (survey); for manual values, who entered it.
    recorded_by = models.ForeignKey("org.Person", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["metric", "on", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [models.Index(fields=["metric", "on"], name="measurement_metric_on")]

    def __str__(self) -> str:
        return f"{self.metric} {self.on}: {self.value}"


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("name"), max_length=300)
    due = models.DateField(_("due date"))
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=1)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["goal", "due", "order", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="milestone_weight_gt_0"),
        ]

    def __str__(self) -> str:
        return self.name


class GoalAlignment(models.Model):
    """A goal contributes to a parent goal with a contribution weight; progress rolls up."""

    child = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="contributes_to")
    parent = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="contributions")
    contribution = models.DecimalField(_("contribution weight"), max_digits=8, decimal_places=2,
                                       default=1)

    class Meta:
        verbose_name = _("alignment")
        verbose_name_plural = _("alignments")
        constraints = [
            models.UniqueConstraint(fields=["child", "parent"], name="one_alignment_per_pair"),
            models.CheckConstraint(condition=~models.Q(child=models.F("parent")),
                                   name="alignment_not_to_itself"),
            models.CheckConstraint(condition=models.Q(contribution__gt=0),
                                   name="alignment_contribution_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.parent}"


class GoalVersion(models.Model):
    """A definition of a goal as it stood from `effective_from`: never changed, never deleted.
    Scores of a period use the version in force at the period's end."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    effective_from = models.DateField()
    # {"weight": "…", "due_date": …, "status": …, "metrics": [{…}], "milestones": [{…}]}
    definition = models.JSONField()
    reason = models.TextField(blank=True)
    created_by_username = models.CharField(max_length=150)
    approved_by_username = models.CharField(max_length=150, blank=True)
    adjustment = models.OneToOneField("goals.Adjustment", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="version")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["goal", "number"]
        verbose_name = _("goal version")
        verbose_name_plural = _("goal versions")
        constraints = [
            models.UniqueConstraint(fields=["goal", "number"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.goal} v{self.number}"
