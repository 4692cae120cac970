"""Signals services: sources, ingestion, feature refresh, retention, the webhook.

`refresh_features(*, weeks=None) -> RefreshSummary` is the contract other domains call."""

from __future__ import annotations

from flexperf.signals.services.ingestion import BatchReport, ingest
from flexperf.signals.services.refresh import RefreshSummary, refresh_dirty, refresh_features
from flexperf.signals.services.retention import partition_plan, purge_events
from flexperf.signals.services.sources import create_source, rotate_secret, set_enabled

__all__ = ["BatchReport", "RefreshSummary", "create_source", "ingest", "partition_plan",
           "purge_events", "refresh_dirty", "refresh_features", "rotate_secret", "set_enabled"]
