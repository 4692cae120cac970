"""The badges API router (mounted under /api/v1/ by flexperf/api.py with prefix "").

Signed-in: /badges/classes, /badges/awards…, /badges/people/{id}, /badges/revocation-requests…,
/badges/chain. Public (no login): POST /badges/verify, GET /badges/status/{uid}; the key set is
at /.well-known/jwks.json (urls.py).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.badges import credentials, keys, schemas, selectors, services, verification
from flexperf.badges.labels import describe_audit
from flexperf.badges.models import RevocationRequest
from flexperf.badges.selectors import BadgeAwardView
from flexperf.core.errors import Forbidden, NotFound

router = Router(tags=["badges"])


def award_out(view: BadgeAwardView) -> dict[str, Any]:
    return {"id": view.id, "uid": view.uid, "code": view.code, "name": view.name,
            "image_url": view.image_url, "person_id": view.person_id,
            "person_name": view.person_name, "issued_on": view.issued_on,
            "awarded_by": view.awarded_by, "evidence": view.evidence, "revoked": view.revoked,
            "revoked_reason": view.revoked_reason, "entry_seq": view.entry_seq,
            "credential_url": (f"/api/v1/badges/awards/{view.id}/credential" if view.full
                               else None)}


def request_out(row: RevocationRequest) -> dict[str, Any]:
    return {"id": row.pk, "award_id": row.award_id, "badge_code": row.award.badge_class.code,
            "person_id": row.award.person_id, "person_name": row.award.person.name,
            "reason": row.reason, "status": row.status, "requested_by": row.requested_by_name,
            "requested_at": row.requested_at, "decided_by": row.decided_by_name,
            "decided_at": row.decided_at, "entry_seq": row.entry_seq}


@router.get("/badges/classes", response=list[schemas.BadgeClassOut],
            summary="The badge catalogue")
def list_classes(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_of(request)
    if not actor.is_internal:
        raise Forbidden
    return [{**view.__dict__, "awarder_roles": list(view.awarder_roles)}
            for view in selectors.badge_classes()]


@router.post("/badges/classes", response={201: schemas.BadgeClassOut},
             summary="Create a badge class (HR)")
def create_class(request: HttpRequest, payload: schemas.BadgeClassIn) -> Reply[Any]:
    row = services.create_badge_class(actor=actor_of(request, write=True), **payload.dict())
    view = selectors.class_view(row)
    return Reply(201, {**view.__dict__, "awarder_roles": list(view.awarder_roles)})


@router.get("/badges/awards", response=list[schemas.AwardOut],
            summary="Awards you may read in full, newest first")
def list_awards(request: HttpRequest, person_id: int | None = None, code: str | None = None,
                revoked: bool | None = None, limit: int = 100,
                offset: int = 0) -> list[dict[str, Any]]:
    """Your own awards, your reporting line's and, for HR, those of people in scope. Filters
    narrow what you may read and never widen it."""
    rows = selectors.list_awards(actor_of(request), person_id=person_id, code=code,
                                 revoked=revoked)
    limit, offset = max(1, min(limit, 500)), max(offset, 0)
    return [award_out(v) for v in selectors.award_views(rows[offset:offset + limit])]


@router.post("/badges/awards", response={201: schemas.AwardOut},
             summary="Award a badge")
def award(request: HttpRequest, payload: schemas.AwardIn) -> Reply[Any]:
    view = services.award_badge(actor=actor_of(request, write=True),
                                badge_code=payload.badge_code, person_id=payload.person_id,
                                evidence=payload.evidence, source_key=payload.source_key)
    return Reply(201, award_out(view))


@router.get("/badges/awards/{int:award_id}", response=schemas.AwardOut, summary="One award")
def get_award(request: HttpRequest, award_id: int) -> dict[str, Any]:
    found = selectors.access_award(actor_of(request), award_id)
    return award_out(selectors.award_views([found])[0])


@router.get("/badges/awards/{int:award_id}/credential",
            summary="The award as an Open Badges 3.0 credential (compact JWS, vc+jwt)",
            openapi_extra={"responses": {200: {
                "description": "The compact JWS",
                "content": {credentials.MEDIA_TYPE: {"schema": {"type": "string"}}}}}})
def get_credential(request: HttpRequest, award_id: int) -> HttpResponse:
    token = services.award_credential(actor=actor_of(request), award_id=award_id)
    response = HttpResponse(token, content_type=credentials.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="badge-{award_id}.jwt"'
    return response


@router.get("/badges/people/{int:person_id}", response=list[schemas.AwardOut],
            summary="A person's badges (colleagues see the standing ones)")
def person_badges(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    return [award_out(v) for v in selectors.badges_of(actor_of(request), person_id)]


@router.post("/badges/awards/{int:award_id}/revocation-requests",
             response={201: schemas.RevocationOut},
             summary="Ask for an award to be revoked (HR; a second HR admin approves)")
def request_revocation(request: HttpRequest, award_id: int,
                       payload: schemas.RevocationIn) -> Reply[Any]:
    row = services.request_revocation(actor=actor_of(request, write=True), award_id=award_id,
                                      reason=payload.reason)
    return Reply(201, request_out(row))


@router.get("/badges/revocation-requests", response=list[schemas.RevocationOut],
            summary="Revocation requests in your HR scope")
def list_revocations(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    rows = selectors.revocation_requests(actor_of(request), status=status)
    return [request_out(r) for r in rows[:500]]


@router.post("/badges/revocation-requests/{int:request_id}/approve",
             response=schemas.RevocationOut,
             summary="Approve a revocation (an HR admin other than the requester)")
def approve(request: HttpRequest, request_id: int, payload: schemas.DecisionIn) -> Any:
    return request_out(services.approve_revocation(
        actor=actor_of(request, write=True), request_id=request_id, note=payload.note))


@router.post("/badges/revocation-requests/{int:request_id}/reject",
             response=schemas.RevocationOut, summary="Reject a revocation request")
def reject(request: HttpRequest, request_id: int, payload: schemas.DecisionIn) -> Any:
    return request_out(services.reject_revocation(
        actor=actor_of(request, write=True), request_id=request_id, note=payload.note))


@router.post("/badges/verify", auth=None, response=schemas.VerifyOut,
             summary="Verify a credential (no login)")
def verify(request: HttpRequest, payload: schemas.VerifyIn) -> dict[str, Any]:
    """One of: valid, invalid_signature, revoked, unknown_issuer, malformed — with the badge
    name, the hashed recipient and the issue date when readable."""
    return verification.verify(payload.credential, identity=payload.identity).as_dict()


@router.get("/badges/status/{uid}", auth=None, response=schemas.StatusOut,
            summary="A credential's revocation status (no login)")
def status(request: HttpRequest, uid: str) -> dict[str, Any]:
    found = selectors.award_by_uid(uid)
    if found is None:
        raise NotFound
    result = verification.revocation_of(found.pk)
    return {"id": f"urn:uuid:{found.uid}", "revoked": bool(result), "revoked_on": result or None}


@router.get("/badges/chain", response=schemas.ChainOut,
            summary="Verify the badge chain (HR admin, auditor)")
def chain_status(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    if not selectors.can_read_chain(actor):
        raise Forbidden
    result = selectors.audit_chain()
    return {**result.as_dict(), "message": describe_audit(result),
            "kid": keys.key_set().current.kid}
