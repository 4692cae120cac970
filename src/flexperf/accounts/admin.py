from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from flexperf.accounts.models import ApiToken, RoleAssignment, User
from flexperf.core.admin_base import AuditedAdmin, ReadOnlyAdmin


@admin.register(User)
class FlexperfUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "email", "is_active", "is_staff", "last_login")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ("user", "role", "created_at")
    list_filter = ("role",)
    filter_horizontal = ("units",)
    autocomplete_fields = ("user",)
    search_fields = ("user__username",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at",
                    "last_used_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    exclude = ("key_hash",)
