"""Peer awards, contributions, rules, the giving policy and anti-gaming flags."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone (the wall)")
    PRIVATE = "private", _("Only the two of us and our managers")


class Policy(models.Model):
    """The one giving policy of the group (row pk=1), configured by HR admins."""

    budget_per_period = models.PositiveIntegerField(_("budget per person per month"),
                                                    default=100)
    max_per_award = models.PositiveIntegerField(_("most points in one award"), default=50)
    pair_cap = models.PositiveIntegerField(
        _("most points from one giver to one colleague per month"), default=60)
    free_awards = models.PositiveIntegerField(
        _("awards to the same colleague per month at full value"), default=2)
    decay_percent = models.PositiveIntegerField(
        _("value of each further award, as a percentage of the previous one"), default=50)
    pingpong_window_days = models.PositiveIntegerField(
        _("reciprocal pair window (days)"), default=30)
    pingpong_min_each = models.PositiveIntegerField(
        _("awards each way within the window that raise a flag"), default=3)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recognition policy")

    def __str__(self) -> str:
        return f"policy {self.budget_per_period}/month"


class Rule(models.Model):
    code = models.CharField(max_length=40, unique=True)
    points = models.PositiveIntegerField(_("points"))
    cap_per_period = models.PositiveIntegerField(_("most points per person per month"))
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("points rule")

    def __str__(self) -> str:
        return self.code


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Awaiting review")
    RELEASED = "released", _("Released")
    REVERSED = "reversed", _("Reversed")


class Flag(models.Model):
    """Two people recognising each other back and forth: their points are held for HR."""

    person_a = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, default="reciprocal")
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices,
                              default=FlagStatus.OPEN, db_index=True)
    opened_on = models.DateField()
    a_to_b = models.PositiveIntegerField(default=0)
    b_to_a = models.PositiveIntegerField(default=0)
    window_days = models.PositiveIntegerField(default=30)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True, default="")
    note = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("points flag")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"flag {self.pk} {self.person_a_id}<->{self.person_b_id}"


class Award(models.Model):
    giver = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField(_("points"))
    asked_points = models.PositiveIntegerField(default=0)
    tag = models.CharField(_("behaviour or value"), max_length=40, db_index=True)
    message = models.TextField(_("message"))
    goal = models.ForeignKey("goals.Goal", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    visibility = models.CharField(_("who may read it"), max_length=10,
                                  choices=Visibility.choices, default=Visibility.PUBLIC)
    cross_unit = models.BooleanField(default=False)
    on = models.DateField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    txn = models.OneToOneField("recognition.Txn", on_delete=models.PROTECT, related_name="award")
    flag = models.ForeignKey(Flag, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="awards")

    class Meta:
        verbose_name = _("peer recognition")
        indexes = [models.Index(fields=["giver", "recipient", "on"], name="recog_award_pair"),
                   models.Index(fields=["recipient", "on"], name="recog_award_recipient")]

    def __str__(self) -> str:
        return f"award {self.pk}"


class HoldState(models.TextChoices):
    HELD = "held", _("Held")
    RELEASED = "released", _("Released")
    REVERSED = "reversed", _("Reversed")


class Hold(models.Model):
    """Points of one earning transaction parked in the person's hold account until HR decides."""

    flag = models.ForeignKey(Flag, on_delete=models.PROTECT, related_name="holds")
    award = models.ForeignKey(Award, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="holds")
    txn = models.OneToOneField("recognition.Txn", on_delete=models.PROTECT, related_name="hold")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=HoldState.choices, default=HoldState.HELD,
                             db_index=True)
    settled_txn = models.OneToOneField("recognition.Txn", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("held points")

    def __str__(self) -> str:
        return f"hold {self.pk} {self.state}"


class ContributionKind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge shared")
    MENTORING = "mentoring", _("Mentoring session")
    CROSS_TEAM_HELP = "cross_team_help", _("Help to another team")


class Contribution(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    link = models.URLField(_("link"), max_length=500, blank=True, default="")
    other_person = models.ForeignKey("org.Person", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True, default="")
    on = models.DateField(_("date"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"contribution {self.pk}"
