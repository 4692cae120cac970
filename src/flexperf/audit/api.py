
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from flexperf.accounts.api_auth import actor_of
from flexperf.audit import selectors
from flexperf.audit.schemas import AuditEntryOut, AuditFilter, VerifyOut

router = Router(tags=["audit"])


@router.get("", response=list[AuditEntryOut], summary="Browse the audit trail (auditor, HR admin)")
@paginate(PageNumberPagination)
def list_entries(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    return selectors.entries_visible_to(
        actor_of(request), actor_username=filters.actor, action=filters.action,
        object_type=filters.object_type, object_id=filters.object_id,
        since=filters.since, until=filters.until, q=filters.q,
    )


@router.get("/verify", response=VerifyOut, summary="Recompute the hash chain")
def verify(request: HttpRequest) -> Any:
    """Walks every entry; names the first one whose content or link does not hold."""
    return selectors.verify_chain(actor_of(request))
