"""The goals domain in the Django admin: browse only. Goals, schemes and their parts change
through the product's pages, API or CLI, where every rule is checked and every change audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from flexperf.core.admin_base import ReadOnlyAdmin
from flexperf.goals.models import (
    Adjustment,
    ExternalSeries,
    Goal,
    GoalAlignment,
    GoalVersion,
    Measurement,
    Metric,
    Milestone,
    Period,
    Scheme,
    SchemeAssignment,
    SchemeComponent,
    SignalLink,
)


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ("code", "kind", "start", "end")
    list_filter = ("kind",)
    search_fields = ("code",)


class ComponentInline(ReadOnlyInline):
    model = SchemeComponent
    fields = ("key", "paradigm", "label", "weight", "pay_linked")


class AssignmentInline(ReadOnlyInline):
    model = SchemeAssignment
    fields = ("unit", "assigned_at")


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "is_default", "checkin_cadence", "review_period",
                    "template_key", "archived")
    list_filter = ("is_default", "archived", "review_period")
    search_fields = ("code", "name", "name_en")
    inlines = (ComponentInline, AssignmentInline)


@admin.register(SchemeAssignment)
class SchemeAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("unit", "scheme", "assigned_at")
    list_select_related = ("unit", "scheme")
    search_fields = ("unit__code", "unit__name", "scheme__code")


class MetricInline(ReadOnlyInline):
    model = Metric
    fields = ("kind", "name", "threshold", "target", "stretch", "start", "weight",
              "perspective")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("name", "due", "weight", "accepted_on")


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ("title", "period", "paradigm", "owner_kind", "person", "unit", "status",
                    "version")
    list_filter = ("status", "paradigm", "owner_kind", "period")
    search_fields = ("title", "person__name", "person__employee_number", "unit__code")
    list_select_related = ("period", "person", "unit")
    raw_id_fields = ("person", "unit", "component")
    inlines = (MetricInline, MilestoneInline)


@admin.register(Metric)
class MetricAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "goal", "target", "weight")
    list_filter = ("kind",)
    search_fields = ("name", "goal__title")
    list_select_related = ("goal",)


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ("metric", "on", "value", "source", "recorded_by")
    list_filter = ("source",)
    search_fields = ("metric__name", "metric__goal__title")
    list_select_related = ("metric", "recorded_by")
    date_hierarchy = "on"


@admin.register(GoalAlignment)
class GoalAlignmentAdmin(ReadOnlyAdmin):
    list_display = ("child", "parent", "contribution")
    list_select_related = ("child", "parent")
    search_fields = ("child__title", "parent__title")


@admin.register(GoalVersion)
class GoalVersionAdmin(ReadOnlyAdmin):
    list_display = ("goal", "number", "effective_from", "created_by_username",
                    "approved_by_username")
    list_select_related = ("goal",)
    search_fields = ("goal__title",)


@admin.register(ExternalSeries)
class ExternalSeriesAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "frequency", "unit_label")
    search_fields = ("code", "name", "name_en")


@admin.register(SignalLink)
class SignalLinkAdmin(ReadOnlyAdmin):
    list_display = ("goal", "series", "plan_value", "threshold_pct", "consecutive_periods",
                    "active", "last_fired_on")
    list_filter = ("active",)
    list_select_related = ("goal", "series")


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ("goal", "kind", "status", "approver_role", "proposed_by_username",
                    "proposed_at", "decided_by_username")
    list_filter = ("status", "kind", "approver_role")
    list_select_related = ("goal",)
    search_fields = ("goal__title", "reason")
