"""Reviews in the Django admin: browse only. Cycles, evaluations and calibration change through
the product's pages, API or CLI, where every rule is checked and every change audited."""

from __future__ import annotations

from django.contrib import admin

from flexperf.core.admin_base import ReadOnlyAdmin
from flexperf.reviews.models import CalibrationSession, Cycle, Evaluation, RatingChange


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "period", "phase", "as_of")
    list_filter = ("phase",)
    search_fields = ("code", "name")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "person", "engine_score", "adjustment", "score", "rating",
                    "potential")
    list_filter = ("cycle", "rating", "potential")
    search_fields = ("person__name", "person__employee_number")
    list_select_related = ("cycle", "person")


@admin.register(CalibrationSession)
class CalibrationSessionAdmin(ReadOnlyAdmin):
    list_display = ("name", "cycle", "status")
    list_filter = ("cycle", "status")


@admin.register(RatingChange)
class RatingChangeAdmin(ReadOnlyAdmin):
    list_display = ("evaluation", "before", "after", "steps", "changed_by_name", "at")
    list_select_related = ("evaluation",)
