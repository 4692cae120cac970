"""Names of payout kinds and fairness dimensions in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "short_term": _("Short-term bonus"),
    "stage": _("Stage bonus"),
    "pool": _("Project pool share"),
    "long_term": _("Long-term pool"),
    "micro": _("Micro-rewards"),
}

DIMENSION_LABELS = {
    "gender": _("Gender"),
    "age_band": _("Age band"),
    "location": _("Location"),
    "unit": _("Unit"),
    "population": _("Population (job family)"),
}
