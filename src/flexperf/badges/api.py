"""The badges API router (mounted under /api/v1/ by flexperf/api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["badges"])
