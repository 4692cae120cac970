"""The fixed vocabularies of the feedback domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PRAISE = "praise", _("Praise")
    CONSTRUCTIVE = "constructive", _("Constructive")
    SUGGESTION = "suggestion", _("Suggestion")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private (giver and recipient)")
    MANAGER = "manager", _("Recipient and their managers")
    PUBLIC = "public", _("Public (everyone in the group)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Relationship(models.TextChoices):
    MANAGER = "manager", _("Manager")
    PEER = "peer", _("Peer")
    DIRECT_REPORT = "direct_report", _("Direct report")
    CROSS_TEAM = "cross_team", _("Cross-team colleague")
    EXTERNAL_PARTNER = "external_partner", _("External partner")


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUBMITTED = "submitted", _("Answered")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
