"""Periods over the API: the group's calendar of review and reporting periods.
Mount with prefix "" (paths start /periods)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.goals.schemas.goals import PeriodIn, PeriodOut
from flexperf.goals.selectors import goals as selectors
from flexperf.goals.services import periods as services

router = Router(tags=["goals"])


@router.get("/periods", response=list[PeriodOut], summary="Periods, earliest first")
def list_periods(request: HttpRequest) -> Any:
    return list(selectors.periods_visible_to(actor_of(request)))


@router.post("/periods", response={201: PeriodOut}, summary="Create a period (HR admin)")
def create_period(request: HttpRequest, payload: PeriodIn) -> Reply[Any]:
    """From its code: 2026 (year), 2026-H1 (half), 2026-Q3 (quarter), 2026-11 (month)."""
    return Reply(201, services.create_period(actor=actor_of(request, write=True),
                                             code=payload.code))
