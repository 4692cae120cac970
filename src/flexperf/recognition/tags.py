"""The fixed catalogue of behaviours and values a peer award (an endorsement) names."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TAGS: dict[str, Promise] = {
    "customer_first": _("Customer first"),
    "teamwork": _("Teamwork"),
    "knowledge_sharing": _("Knowledge sharing"),
    "mentoring": _("Mentoring"),
    "innovation": _("Innovation"),
    "ownership": _("Ownership"),
    "cross_team_help": _("Cross-team help"),
    "integrity": _("Integrity"),
}


def tag_label(code: str) -> str:
    label = TAGS.get(code)
    return str(label) if label is not None else code


def tag_choices() -> list[tuple[str, Promise]]:
    return list(TAGS.items())
