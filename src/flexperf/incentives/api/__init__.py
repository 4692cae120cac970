"""The incentives API router (mounted under /api/v1/ by flexperf/api.py): paths /incentives/…"""

from __future__ import annotations

from ninja import Router

from flexperf.incentives.api import policies, runs

router = Router(tags=["incentives"])
router.add_router("", policies.router)
router.add_router("", runs.router)

__all__ = ["router"]
