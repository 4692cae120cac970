"""The built-in badge images: SVG files shipped under static/badges/<key>.svg."""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

IMAGES = {
    "mentor": _("Mentor (compass)"),
    "knowledge": _("Knowledge (book)"),
    "customer": _("Customer hero (heart)"),
    "bridge": _("Cross-team (bridge)"),
    "quest": _("Quest (flag)"),
    "star": _("Star"),
    "rocket": _("Innovation (rocket)"),
    "shield": _("Guardian (shield)"),
}
IMAGE_CHOICES = [(key, label) for key, label in IMAGES.items()]


def image_url(key: str) -> str:
    """The path of the image on this site (/static/badges/<key>.svg)."""
    return static(f"badges/{key if key in IMAGES else 'star'}.svg")


def absolute_image_url(key: str) -> str:
    """The image's address for a credential: on the public URL of this deployment."""
    return public_url() + image_url(key)


def public_url() -> str:
    return str(getattr(settings, "FLEXPERF_PUBLIC_URL", "http://127.0.0.1:8000")).rstrip("/")
