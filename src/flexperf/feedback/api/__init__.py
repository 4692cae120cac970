"""The feedback API router (mounted under /api/v1/ by flexperf/api.py with prefix ""):
/feedback…, /feedback360…, /development…"""

from __future__ import annotations

from ninja import Router

from flexperf.feedback.api.development import router as development_router
from flexperf.feedback.api.feedback import router as feedback_router
from flexperf.feedback.api.review360 import router as review360_router

router = Router(tags=["feedback"])
router.add_router("", feedback_router)
router.add_router("", review360_router)
router.add_router("", development_router)
