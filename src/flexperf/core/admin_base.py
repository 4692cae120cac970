"""Django admin with our audit trail: every save and delete through the admin is recorded,
and domain tables whose invariants live in services (paths, events) are read-only there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor


def admin_actor(request: HttpRequest) -> Actor:
    actor = getattr(request, "actor", None)
    if isinstance(actor, Actor):
        return actor
    from flexperf.accounts.selectors import actor_for_user

    return actor_for_user(request.user)  # type: ignore[arg-type]


def _plain_fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if f.name not in {"password", "key_hash"}]


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = _plain_fields(obj)
        before: dict[str, Any] = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(stored, fields) if stored else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = audit.snapshot(obj, fields)
            audit.record(admin_actor(request), audit.draft_for(
                obj, Action.UPDATE if change else Action.CREATE,
                changes=audit.diff(before, after), context={"via": "django-admin"}))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(admin_actor(request), audit.draft_for(
                obj, Action.DELETE, changes=audit.diff(audit.snapshot(obj, _plain_fields(obj)), {}),
                context={"via": "django-admin"}))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Browse only: changes go through the product's pages, API or CLI (audited, validated)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
