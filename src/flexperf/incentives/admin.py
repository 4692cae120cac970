"""Incentives in the Django admin: policies and payout runs, browse only. Salaries and payout
lines are not shown here: reading them is a sensitive read that the product's pages audit."""

from __future__ import annotations

from django.contrib import admin

from flexperf.core.admin_base import ReadOnlyAdmin
from flexperf.incentives.models import IncentivePolicy, PayoutRun, PolicyVersion


@admin.register(IncentivePolicy)
class IncentivePolicyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "created_at")
    search_fields = ("code", "name")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    list_display = ("policy", "number", "note", "created_by_username", "created_at")
    list_select_related = ("policy",)


@admin.register(PayoutRun)
class PayoutRunAdmin(ReadOnlyAdmin):
    list_display = ("pk", "cycle", "policy_version", "status", "people", "computed_at",
                    "approved_at")
    list_filter = ("status",)
    list_select_related = ("cycle", "policy_version__policy")
