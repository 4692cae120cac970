"""Badge classes, awards, the signed append-only chain and revocation requests.

The chain (`ChainEntry`) is the record of truth: an award or a revocation exists for a
verifier exactly when its signed entry does. The database refuses UPDATE of entries (and
DELETE on PostgreSQL, see migration 0002); the head row's lock serialises appends.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from flexperf.badges.images import IMAGE_CHOICES
from flexperf.org.models import Person


class AppendOnlyError(Exception):
    pass


class BadgeClass(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    criteria = models.TextField(_("criteria"))
    image = models.CharField(_("image"), max_length=40, choices=IMAGE_CHOICES)
    # Roles whose holders may award it by hand (manager, hrbp, hr_admin, executive).
    awarder_roles = models.JSONField(_("who may award"), default=list, blank=True)
    auto_only = models.BooleanField(_("awarded by rules and quests only"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("badge class")
        verbose_name_plural = _("badge classes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BadgeAward(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.PROTECT, related_name="awards")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="badge_awards")
    issued_on = models.DateField(_("issued on"), db_index=True)
    issued_at = models.DateTimeField()
    awarded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="badges_awarded")
    awarded_by_name = models.CharField(max_length=200)
    evidence = models.TextField(_("evidence"), blank=True)
    # sha256$hex over identifier + salt (Open Badges IdentityObject)
    identity_hash = models.CharField(max_length=80)
    identity_type = models.CharField(max_length=20)
    salt = models.CharField(max_length=32)
    source_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    entry_seq = models.BigIntegerField(unique=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["person", "issued_on"], name="badges_award_person")]
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")

    def __str__(self) -> str:
        return f"#{self.pk} {self.badge_class_id} → {self.person_id}"


class EntryKind(models.TextChoices):
    AWARD = "award", _("Award")
    REVOCATION = "revocation", _("Revocation")


class ChainEntry(models.Model):
    seq = models.BigIntegerField(unique=True)
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    award_id = models.BigIntegerField(db_index=True)
    # The canonical JSON exactly as hashed: stored as text so every byte is what was signed.
    payload = models.TextField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=100)  # base64url Ed25519 over the hash
    kid = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("badge chain entry")
        verbose_name_plural = _("badge chain entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.award_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("badge chain entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("badge chain entries are append-only")


class ChainHead(models.Model):
    """The newest entry's number and hash; its row lock serialises appends."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RevocationRequest(models.Model):
    award = models.ForeignKey(BadgeAward, on_delete=models.PROTECT, related_name="revocations")
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_by_name = models.CharField(max_length=200)
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_by_name = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    entry_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["award"], condition=models.Q(status="pending"),
            name="badges_one_pending_revocation")]
        verbose_name = _("revocation request")
        verbose_name_plural = _("revocation requests")

    def __str__(self) -> str:
        return f"#{self.pk} revoke award {self.award_id} ({self.status})"
