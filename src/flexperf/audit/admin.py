from django.contrib import admin

from flexperf.audit.models import AuditEntry
from flexperf.core.admin_base import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_username", "via", "action", "object_type", "object_id",
                    "object_repr")
    list_filter = ("action", "via", "object_type")
    search_fields = ("actor_username", "object_repr", "object_id")
