from django.contrib import admin

from flexperf.core.admin_base import ReadOnlyAdmin
from flexperf.org.models import Company, Person, Position, Unit


@admin.register(Company)
class CompanyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "name_en", "country", "currency")
    search_fields = ("code", "name", "name_en")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "company", "segment", "parent", "archived")
    list_filter = ("segment", "company", "archived")
    search_fields = ("code", "name", "name_en")


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "unit", "job_family", "level", "is_key")
    list_filter = ("job_family", "is_key")
    search_fields = ("code", "title")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("employee_number", "name", "name_en", "unit", "job_family", "level", "status")
    list_filter = ("status", "job_family")
    search_fields = ("employee_number", "name", "name_en", "email")
    list_select_related = ("unit",)
