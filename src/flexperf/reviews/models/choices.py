"""The fixed vocabularies of reviews: a cycle's phases and a person's potential."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """A cycle moves forward through these, one step at a time; finalised and published are
    locked (no evaluation changes)."""

    DRAFT = "draft", _("Draft")
    SELF_REVIEW = "self_review", _("Self review")
    MANAGER_REVIEW = "manager_review", _("Manager review")
    CALIBRATION = "calibration", _("Calibration")
    FINALISED = "finalised", _("Finalised")
    PUBLISHED = "published", _("Published")


PHASE_ORDER: tuple[str, ...] = tuple(Phase.values)
LOCKED_PHASES: frozenset[str] = frozenset({Phase.FINALISED, Phase.PUBLISHED})


class Basis(models.TextChoices):
    """What a cycle's scores judge: the full period's targets, or pace — targets moved along
    the expected path to the as-of date (`goals.evaluation.Basis`, the same values)."""

    FULL = "full", _("Full period")
    PACED = "paced", _("Paced to the as-of date")


class Potential(models.TextChoices):
    LOW = "low", _("Low potential")
    MEDIUM = "medium", _("Medium potential")
    HIGH = "high", _("High potential")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Calibrating")
    CLOSED = "closed", _("Closed")
