"""Insight services: the refresh (rules, models, upsert), the inbox and the rule settings."""

from flexperf.insights.services.inbox import acknowledge, act, dismiss
from flexperf.insights.services.refresh import follow_up_due, refresh_insights
from flexperf.insights.services.settings import update_settings

__all__ = ["acknowledge", "act", "dismiss", "follow_up_due", "refresh_insights",
           "update_settings"]
