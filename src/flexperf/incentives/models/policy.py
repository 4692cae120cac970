"""Incentive policies and their versions; company factors per cycle; project pools."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IncentivePolicy(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("incentive policy")
        verbose_name_plural = _("incentive policies")

    def __str__(self) -> str:
        return self.name


class PolicyVersion(models.Model):
    """The rules of a policy as of one version (see incentives.rules). Never changed once
    written: a change is a new version, and runs keep the version they used."""

    policy = models.ForeignKey(IncentivePolicy, on_delete=models.CASCADE,
                               related_name="versions")
    number = models.PositiveIntegerField()
    rules = models.JSONField()
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by_username = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="one_policy_version"),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} v{self.number}"


class CompanyFactor(models.Model):
    """How the company did in the cycle: multiplies every short-term bonus of its people."""

    cycle = models.ForeignKey("reviews.Cycle", on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey("org.Company", on_delete=models.CASCADE, related_name="+")
    factor = models.DecimalField(_("company factor"), max_digits=6, decimal_places=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "company"], name="one_factor_per_company"),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} × {self.factor}"


class ProjectPool(models.Model):
    """An amount for a project goal, split among its members by contribution weight, paid in
    the payout runs of one cycle."""

    cycle = models.ForeignKey("reviews.Cycle", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("cycle"))
    goal = models.ForeignKey("goals.Goal", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("project goal"))
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(_("pool amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("project pool")

    def __str__(self) -> str:
        return self.name


class ProjectContribution(models.Model):
    pool = models.ForeignKey(ProjectPool, on_delete=models.CASCADE,
                             related_name="contributions")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(_("contribution weight"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["pool", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "person"], name="one_contribution"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.weight}"
