"""Which event earns which rule's points (labels of the rule codes seeded in migration 0003)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RULE_LABELS: dict[str, Promise] = {
    "feedback_given": _("Feedback given"),
    "knowledge_shared": _("Knowledge shared"),
    "mentoring_logged": _("Mentoring session logged"),
    "cross_team_help": _("Cross-team help"),
    "checkin_on_time": _("Check-in submitted on time"),
    "milestone_on_time": _("Milestone accepted on time"),
}

# ContributionLogged.kind → rule code.
CONTRIBUTION_RULES = {"knowledge": "knowledge_shared", "mentoring": "mentoring_logged",
                      "cross_team_help": "cross_team_help"}


def rule_label(code: str) -> str:
    label = RULE_LABELS.get(code)
    return str(label) if label is not None else code
