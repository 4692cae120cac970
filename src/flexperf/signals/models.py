"""Work signals: the events other tools send us (metadata only, never content), the sources
they come from, the log of every ingestion batch, and the weekly features computed from them.

`WorkEvent` is the one large table: read per person and week (index ``signal_person_week``),
purged by age (index on ``occurred_at``), and on PostgreSQL partitionable by month (see
``flexperf signals partition-plan``).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    TRACKER = "tracker", _("Issue tracker")
    CHAT = "chat", _("Chat tool")
    CRM = "crm", _("CRM")
    MARKET = "market", _("Market data")
    CUSTOM = "custom", _("Custom")


class EventKind(models.TextChoices):
    TASK_CREATED = "task_created", _("Task created")
    TASK_COMPLETED = "task_completed", _("Task completed")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    REVIEW_COMMENT = "review_comment", _("Review comment")
    MESSAGE = "message", _("Message")
    MEETING = "meeting", _("Meeting")
    MILESTONE_HIT = "milestone_hit", _("Milestone hit")
    MILESTONE_MISSED = "milestone_missed", _("Milestone missed")
    CRM_OPPORTUNITY = "crm_opportunity", _("CRM opportunity")
    CRM_WON = "crm_won", _("CRM deal won")
    MARKET_POINT = "market_point", _("Market data point")
    CUSTOM = "custom", _("Custom")


# Kinds that describe the market rather than a person: the only ones stored without a person.
PERSONLESS_KINDS = frozenset({EventKind.MARKET_POINT.value})


class Via(models.TextChoices):
    BULK_API = "bulk_api", _("Bulk API")
    WEBHOOK = "webhook", _("Webhook")
    FILE = "file", _("File import")
    UPLOAD = "upload", _("Upload page")


class Source(models.Model):
    """A tool the organisation opted in to receive signals from. Disabled: refused."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=SourceKind.choices)
    enabled = models.BooleanField(_("enabled"), default=False)
    # The webhook secret, encrypted with a key derived from the installation's SECRET_KEY
    # (`flexperf.signals.secrets`); shown in clear once, when generated.
    secret_encrypted = models.TextField(blank=True, editable=False)
    secret_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_ingestion_at = models.DateTimeField(_("last ingestion"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("signal source")
        verbose_name_plural = _("signal sources")

    def __str__(self) -> str:
        return self.code


class IngestionBatch(models.Model):
    """One delivery: a bulk request, a webhook call or a file, with what became of its rows."""

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="batches", verbose_name=_("source"))
    source_code = models.CharField(_("source"), max_length=40)
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    atomic = models.BooleanField(_("all or nothing"), default=False)
    received = models.PositiveIntegerField(_("rows received"), default=0)
    accepted = models.PositiveIntegerField(_("rows stored"), default=0)
    duplicates = models.PositiveIntegerField(_("already stored"), default=0)
    rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    stripped = models.PositiveIntegerField(_("content fields dropped"), default=0)
    refused = models.CharField(_("refused"), max_length=300, blank=True)
    weeks = models.JSONField(default=list, blank=True)
    actor_username = models.CharField(_("by"), max_length=150)
    actor_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ingestion batch")
        verbose_name_plural = _("ingestion batches")

    def __str__(self) -> str:
        return f"{self.source_code} #{self.pk}"


class RejectedRow(models.Model):
    batch = models.ForeignKey(IngestionBatch, on_delete=models.CASCADE, related_name="rejects")
    line = models.PositiveIntegerField(_("line"))
    field = models.CharField(_("field"), max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    excerpt = models.CharField(_("excerpt"), max_length=300, blank=True)

    class Meta:
        ordering = ["batch", "line", "pk"]
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"


class WorkEvent(models.Model):
    """One thing that happened at work, as metadata: who, what kind, when, how long, with whom
    (person ids in ``counterparts``, comma-separated for fast bulk reads) — never content."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="events")
    external_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="work_events")
    occurred_at = models.DateTimeField()
    week_start = models.DateField()  # the Monday of occurred_at's local week
    hours = models.FloatField(null=True, blank=True)
    quality = models.PositiveSmallIntegerField(null=True, blank=True)  # 1–5
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)  # amount (CRM), level (market)
    participants = models.PositiveIntegerField(null=True, blank=True)
    counterparts = models.TextField(blank=True, default="")  # "12,57,301"
    metadata = models.JSONField(default=dict, blank=True)
    batch = models.ForeignKey(IngestionBatch, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        verbose_name = _("work event")
        verbose_name_plural = _("work events")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"],
                                    name="signal_source_external_id"),
            models.CheckConstraint(condition=models.Q(quality__isnull=True)
                                   | models.Q(quality__gte=1, quality__lte=5),
                                   name="signal_quality_1_5"),
        ]
        indexes = [
            models.Index(fields=["person", "week_start"], name="signal_person_week"),
            models.Index(fields=["week_start"], name="signal_week"),
            models.Index(fields=["occurred_at"], name="signal_occurred"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.external_id}"


class WebhookDelivery(models.Model):
    """Signatures already accepted, so a replayed request is refused (kept for a day)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.signature[:12]


class DirtyWeek(models.Model):
    """A week whose events changed since its features were last computed."""

    week_start = models.DateField(unique=True)
    marked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.week_start.isoformat()


class PersonWeekFeatures(models.Model):
    """One person's features for one week (Monday), recomputed when the week's events change."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    unit = models.ForeignKey("org.Unit", null=True, on_delete=models.SET_NULL, related_name="+")
    throughput = models.FloatField(default=0)
    on_time_rate = models.FloatField(null=True)
    quality_avg = models.FloatField(null=True)
    hours = models.FloatField(default=0)
    after_hours_share = models.FloatField(null=True)
    meeting_hours = models.FloatField(default=0)
    collaboration_breadth = models.FloatField(default=0)
    cross_unit_interactions = models.FloatField(default=0)
    checkin_recency_days = models.FloatField(null=True)
    feedback_given = models.FloatField(default=0)
    feedback_received = models.FloatField(default=0)
    recognition_given = models.FloatField(default=0)
    recognition_received = models.FloatField(default=0)
    goal_trajectory_gap = models.FloatField(null=True)
    overdue_tasks = models.FloatField(default=0)
    milestones_missed = models.FloatField(default=0)
    events = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("weekly features")
        verbose_name_plural = _("weekly features")
        constraints = [
            models.UniqueConstraint(fields=["person", "week_start"], name="signal_features_pw"),
        ]
        indexes = [models.Index(fields=["week_start", "unit"], name="signal_features_week")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.week_start}"
