"""The kinds of activity a quest task counts, and where each comes from.

| kind | event (subscriber) | person counted |
|---|---|---|
| feedback_given | feedback.events.FeedbackGiven | the giver |
| recognition_given | recognition.events.RecognitionGiven | the giver |
| knowledge_shared | recognition.events.ContributionLogged kind "knowledge" | the person |
| mentoring | ContributionLogged kind "mentoring" | the person |
| cross_team_help | ContributionLogged kind "cross_team_help" | the person |
| checkin_submitted | checkins.events.CheckinSubmitted | the person |
| milestone_accepted | goals.events.MilestoneAccepted | the goal's owner (person goals) |
| badge_received | badges.events.BadgeAwarded | the recipient |
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FEEDBACK_GIVEN = "feedback_given"
RECOGNITION_GIVEN = "recognition_given"
KNOWLEDGE_SHARED = "knowledge_shared"
MENTORING = "mentoring"
CROSS_TEAM_HELP = "cross_team_help"
CHECKIN_SUBMITTED = "checkin_submitted"
MILESTONE_ACCEPTED = "milestone_accepted"
BADGE_RECEIVED = "badge_received"

KIND_LABELS: dict[str, Promise] = {
    FEEDBACK_GIVEN: _("Give feedback"),
    RECOGNITION_GIVEN: _("Recognise a colleague"),
    KNOWLEDGE_SHARED: _("Share a knowledge article"),
    MENTORING: _("Mentor a colleague"),
    CROSS_TEAM_HELP: _("Help another team"),
    CHECKIN_SUBMITTED: _("Submit a check-in"),
    MILESTONE_ACCEPTED: _("Have a milestone accepted"),
    BADGE_RECEIVED: _("Receive a badge"),
}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)

# recognition's ContributionLogged.kind → our activity kind
CONTRIBUTION_KINDS = {"knowledge": KNOWLEDGE_SHARED, "mentoring": MENTORING,
                      "cross_team_help": CROSS_TEAM_HELP}


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind
