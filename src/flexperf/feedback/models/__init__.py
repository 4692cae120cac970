from flexperf.feedback.models.choices import (
    ActionStatus,
    CampaignStatus,
    Kind,
    NominationStatus,
    Relationship,
    RequestStatus,
    Visibility,
)
from flexperf.feedback.models.development import DevelopmentAction, DevelopmentPlan
from flexperf.feedback.models.feedback import Feedback, FeedbackRequest
from flexperf.feedback.models.review360 import Answer, Campaign, Nomination, Question

__all__ = [
    "ActionStatus", "Answer", "Campaign", "CampaignStatus", "DevelopmentAction",
    "DevelopmentPlan", "Feedback", "FeedbackRequest", "Kind", "Nomination", "NominationStatus",
    "Question", "Relationship", "RequestStatus", "Visibility",
]
