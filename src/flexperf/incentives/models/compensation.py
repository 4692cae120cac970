"""Compensation: base salaries, effective-dated (HR only; reading one is a sensitive read)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseSalary(models.Model):
    """A person's annual base salary from `effective_from` until the next row's date."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE,
                               related_name="base_salaries", verbose_name=_("person"))
    amount = models.DecimalField(_("annual base salary"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    effective_from = models.DateField(_("effective from"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "-effective_from"]
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        constraints = [
            models.UniqueConstraint(fields=["person", "effective_from"],
                                    name="one_salary_per_person_and_date"),
            models.CheckConstraint(condition=models.Q(amount__gte=0),
                                   name="salary_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.currency} {self.amount} from {self.effective_from}"
