"""Review cycles and the evaluation of each person in them."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flexperf.reviews.models.choices import Basis, Phase, Potential


def default_guidance() -> list[dict[str, object]]:
    """Top 20 % / middle 70 % / bottom 10 %, on the default S–D scale: guidance, not forced."""
    return [{"group": "top", "ratings": ["S", "A"], "share": 20},
            {"group": "middle", "ratings": ["B"], "share": 70},
            {"group": "bottom", "ratings": ["C", "D"], "share": 10}]


class Cycle(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    period = models.ForeignKey("goals.Period", on_delete=models.PROTECT, related_name="cycles",
                               verbose_name=_("period"))
    # Each unit covers its whole subtree.
    units = models.ManyToManyField("org.Unit", related_name="review_cycles",
                                   verbose_name=_("units"))
    as_of = models.DateField(_("scored as of"))
    # Paced: a mid-period cycle judges pace (targets where the expected path stands on as_of).
    basis = models.CharField(_("scoring basis"), max_length=10, choices=Basis.choices,
                             default=Basis.FULL)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices,
                             default=Phase.DRAFT)
    self_review_start = models.DateField(_("self review starts"))
    self_review_deadline = models.DateField(_("self review deadline"))
    manager_review_start = models.DateField(_("manager review starts"))
    manager_review_deadline = models.DateField(_("manager review deadline"))
    calibration_start = models.DateField(_("calibration starts"))
    calibration_deadline = models.DateField(_("calibration deadline"))
    finalise_on = models.DateField(_("finalise on"))
    publish_on = models.DateField(_("publish on"))
    # The manager may move the engine's score by at most this many points either way.
    max_adjustment = models.DecimalField(_("largest manager adjustment (points)"),
                                         max_digits=6, decimal_places=2, default=Decimal(10))
    # [{"group": "top", "ratings": ["S", "A"], "share": 20}, …] highest group first.
    guidance = models.JSONField(_("guidance distribution"), default=default_guidance)
    # A group's actual share further than this from its guidance share is flagged.
    tolerance = models.DecimalField(_("tolerance (percentage points)"), max_digits=5,
                                    decimal_places=2, default=Decimal(5))
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-self_review_start", "code"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """One person's review in a cycle: the engine's score and rating (a snapshot taken when
    manager review starts and again at finalising), the self review, the manager's review with
    a bounded adjustment, and the rating that results (changed in calibration, if at all)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="evaluations")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT,
                               related_name="evaluations")
    # Where the person stood when the cycle opened (calibration groups, team lists).
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    manager = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    # The scoring engine's answer (goals.evaluation), as last taken.
    scheme_code = models.CharField(max_length=40, blank=True)
    engine_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    engine_rating = models.CharField(max_length=12, blank=True)
    components = models.JSONField(default=list, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    scored_phase = models.CharField(max_length=20, blank=True)  # when it was taken
    # Self review
    self_text = models.TextField(_("self review"), blank=True)
    self_rating = models.CharField(_("self rating"), max_length=12, blank=True)
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    # Manager review
    manager_text = models.TextField(_("manager review"), blank=True)
    potential = models.CharField(_("potential"), max_length=10, choices=Potential.choices,
                                 blank=True)
    adjustment = models.DecimalField(_("adjustment (points)"), max_digits=6, decimal_places=2,
                                     default=Decimal(0))
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    reviewed_by = models.ForeignKey("org.Person", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    manager_submitted_at = models.DateTimeField(null=True, blank=True)
    # The result: engine score + adjustment, its rating on the scheme's scale, and the rating
    # calibration settled on (calibrated: changed by hand, kept at finalising).
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=12, blank=True)
    calibrated = models.BooleanField(default=False)

    class Meta:
        ordering = ["cycle", "person__employee_number"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="one_evaluation_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.person_id}"
