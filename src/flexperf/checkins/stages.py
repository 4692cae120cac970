"""Stage ratings of milestone reviews: configurable labels.

``FLEXPERF_STAGE_RATINGS`` = [("exceeds", "Exceeds expectations"), …] replaces the default
three (keys are stored; labels are shown, translated when they are the defaults)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_STAGE_RATINGS = (
    ("exceeds", _("Exceeds expectations")),
    ("meets", _("Meets expectations")),
    ("below", _("Below expectations")),
)


def stage_ratings() -> list[tuple[str, str]]:
    configured = getattr(settings, "FLEXPERF_STAGE_RATINGS", None) or DEFAULT_STAGE_RATINGS
    return [(str(key), str(label)) for key, label in configured]


def stage_label(key: str) -> str:
    return dict(stage_ratings()).get(key, key)
