"""Quests (levels of counted tasks), the activity they count, leaderboard settings, and the
rewards catalogue with its redemptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.achievements.kinds import KIND_LABELS

KIND_CHOICES = [(k, v) for k, v in KIND_LABELS.items()]


class Quest(models.Model):
    """A task list with levels (闯关). Activity counts inside [starts_on, ends_on]; a person
    who joins later still gets credit for what they did inside the window."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    active = models.BooleanField(_("active"), default=True)
    audience_all = models.BooleanField(_("open to everyone"), default=True)
    audience_units = models.ManyToManyField("org.Unit", blank=True, related_name="+",
                                            verbose_name=_("audience units"))
    badge_code = models.CharField(_("badge on completion"), max_length=64, blank=True)
    badge_each_level = models.BooleanField(_("a badge for every level"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("quest")
        verbose_name_plural = _("quests")
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__gte=models.F("starts_on")), name="quest_window_ordered")]

    def __str__(self) -> str:
        return self.title


class QuestLevel(models.Model):
    quest = models.ForeignKey(Quest, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("level"))
    title = models.CharField(_("title"), max_length=200)
    points = models.PositiveIntegerField(_("points"), default=0)

    class Meta:
        ordering = ["quest", "number"]
        constraints = [models.UniqueConstraint(fields=["quest", "number"],
                                               name="quest_level_unique")]

    def __str__(self) -> str:
        return f"{self.quest_id}/{self.number} {self.title}"


class QuestTask(models.Model):
    """Count activity of `kind` ≥ `count` inside the quest's window."""

    level = models.ForeignKey(QuestLevel, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("activity"), max_length=32, choices=KIND_CHOICES)
    count = models.PositiveIntegerField(_("how many"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["level", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} ≥ {self.count}"


class Enrolment(models.Model):
    quest = models.ForeignKey(Quest, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quest", "person"],
                                               name="quest_enrolment_unique")]

    def __str__(self) -> str:
        return f"quest {self.quest_id} person {self.person_id}"


class LevelCompletion(models.Model):
    """A level reached: the points transaction and badge award it caused (ids in the
    recognition and badges domains)."""

    quest = models.ForeignKey(Quest, on_delete=models.CASCADE, related_name="completions")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    completed_on = models.DateField()
    points = models.PositiveIntegerField(default=0)
    points_txn_id = models.BigIntegerField(null=True, blank=True)
    badge_code = models.CharField(max_length=64, blank=True)
    badge_award_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quest", "person", "level"],
                                               name="quest_completion_unique")]

    def __str__(self) -> str:
        return f"quest {self.quest_id} level {self.level} person {self.person_id}"


class Activity(models.Model):
    """One counted event: `key` names the source record (e.g. "feedback:42"), unique per
    kind, so a redelivered event or a recompute never counts twice."""

    kind = models.CharField(max_length=32, choices=KIND_CHOICES)
    key = models.CharField(max_length=100)
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"],
                                               name="achievement_activity_unique")]
        indexes = [models.Index(fields=["person", "kind", "on"], name="activity_person_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class PersonSettings(models.Model):
    person = models.OneToOneField("org.Person", on_delete=models.CASCADE, related_name="+")
    leaderboard_opt_out = models.BooleanField(_("hide me from leaderboards"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"settings of {self.person_id}"


class Reward(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost = models.PositiveIntegerField(_("cost in points"))
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True,
                                        help_text=_("Leave empty for unlimited."))
    active = models.BooleanField(_("active"), default=True)
    approval_required = models.BooleanField(_("needs HR approval"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cost", "pk"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        constraints = [models.CheckConstraint(condition=models.Q(cost__gt=0),
                                              name="reward_cost_positive")]

    def __str__(self) -> str:
        return self.name


class RedemptionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Redemption(models.Model):
    reward = models.ForeignKey(Reward, on_delete=models.PROTECT, related_name="redemptions")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(default=1)
    points = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=RedemptionStatus.choices)
    spend_txn_id = models.BigIntegerField(null=True, blank=True)
    refund_txn_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="redemption_status")]

    def __str__(self) -> str:
        return f"redemption {self.pk}"
