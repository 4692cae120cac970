"""The organisation: legal entities, the unit tree, positions and people.

Units and people each carry a materialized ``path`` (see :mod:`flexperf.core.tree`) beside their
explicit parent/manager column; services keep the two in step.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Segment(models.TextChoices):
    MATURE = "mature", _("Mature business")
    GROWTH = "growth", _("Growth business")
    INNOVATION = "innovation", _("Innovation business")
    SUPPORT = "support", _("Support function")


class JobFamily(models.TextChoices):
    SALES = "sales", _("Sales")
    OPERATIONS = "operations", _("Operations")
    RND = "rnd", _("R&D")
    SUPPORT = "support", _("Support")
    MANAGEMENT = "management", _("Management")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_LEAVE = "on_leave", _("On leave")
    LEFT = "left", _("Left")


class LeaveReason(models.TextChoices):
    CAREER = "career", _("Career move")
    COMPENSATION = "compensation", _("Compensation")
    MANAGER = "manager", _("Relationship with manager")
    WORKLOAD = "workload", _("Workload and burnout")
    RELOCATION = "relocation", _("Relocation")
    PERFORMANCE = "performance", _("Performance (involuntary)")
    RESTRUCTURING = "restructuring", _("Restructuring (involuntary)")
    RETIREMENT = "retirement", _("Retirement")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Company(models.Model):
    """A legal entity of the group."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, default="CN")
    currency = models.CharField(_("currency"), max_length=3, default="CNY")

    class Meta:
        ordering = ["code"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="units", verbose_name=_("company")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent unit"),
    )
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices)
    head = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="headed_units",
        verbose_name=_("head"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit")
    )
    job_family = models.CharField(_("job family"), max_length=20, choices=JobFamily.choices)
    level = models.CharField(_("level"), max_length=16, blank=True)
    is_key = models.BooleanField(_("key position"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return self.title


class Person(models.Model):
    employee_number = models.CharField(_("employee number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="holders",
        verbose_name=_("position"),
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reports",
        verbose_name=_("manager"),
    )
    job_family = models.CharField(_("job family"), max_length=20, choices=JobFamily.choices)
    level = models.CharField(_("level"), max_length=16, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    hire_date = models.DateField(_("hire date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    leave_reason = models.CharField(
        _("leave reason"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    photo = models.FileField(_("photo"), upload_to="photos/", blank=True)
    # Demographics: optional, kept for fairness reports, shown to HR only.
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person", verbose_name=_("user account"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["unit", "status"], name="person_unit_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="left") | models.Q(leave_date__isnull=False),
                name="leaver_has_leave_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        if self.name_en and self.name_en != self.name:
            return f"{self.name} ({self.name_en})"
        return self.name

    @property
    def initials(self) -> str:
        source = self.name_en or self.name
        parts = source.split()
        if len(parts) >= 2:
            return (parts[0][0] + parts[-1][0]).upper()
        return source[:2].upper()
