"""The REST API under /api/v1/: one NinjaAPI, a router per domain, one error format.

Every error body has ``detail``: a list of ``{"field", "msg", "loc"}`` for bad input (422), or a
message for 401/403/404.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from flexperf import __version__
from flexperf.accounts.api import router as accounts_router
from flexperf.accounts.api_auth import SessionActorAuth, TokenAuth
from flexperf.achievements.api import router as achievements_router
from flexperf.audit.api import router as audit_router
from flexperf.badges.api import router as badges_router
from flexperf.checkins.api import router as checkins_router
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.feedback.api import router as feedback_router
from flexperf.goals.api.dynamic import router as dynamic_goals_router
from flexperf.goals.api.goals import router as goals_router
from flexperf.goals.api.periods import router as periods_router
from flexperf.goals.api.schemes import router as schemes_router
from flexperf.goals.api.scoring import router as scoring_router
from flexperf.incentives.api import router as incentives_router
from flexperf.insights.api import router as insights_router
from flexperf.notifications.api import router as notifications_router
from flexperf.org.api import router as org_router
from flexperf.predictions.api import router as predictions_router
from flexperf.recognition.api import router as recognition_router
from flexperf.reviews.api import router as reviews_router
from flexperf.signals.api import router as signals_router

api = NinjaAPI(
    title="flexperf API",
    version=__version__,
    description=(
        "Flexible performance management. Authenticate with `Authorization: Bearer <token>` "
        "(create one with `flexperf token create USERNAME` or on the API tokens page) or with "
        "the browser session. Every list and record is scoped to the caller's role: a record "
        "outside your scope answers 404."
    ),
    auth=[TokenAuth(), SessionActorAuth()],
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("", accounts_router)
api.add_router("", org_router)
api.add_router("/audit", audit_router)
api.add_router("", periods_router)
api.add_router("", schemes_router)
api.add_router("", goals_router)
api.add_router("", scoring_router)
api.add_router("", dynamic_goals_router)
api.add_router("", notifications_router)
api.add_router("", checkins_router)
api.add_router("", feedback_router)
api.add_router("", reviews_router)
api.add_router("", incentives_router)
api.add_router("", recognition_router)
api.add_router("", badges_router)
api.add_router("", achievements_router)
api.add_router("", signals_router)
api.add_router("", insights_router)
api.add_router("", predictions_router)


def _field_of(err: dict[str, Any], body: Any) -> str:
    """The field an error is about, as the client wrote it: "metrics.0.threshold"."""
    loc = [p for p in err.get("loc", [])]
    if loc and loc[0] == "body":
        rest = _without_union_tags(loc[2:], body)
        if err.get("type") in {"union_tag_invalid", "union_tag_not_found"}:
            discriminator = str(err.get("ctx", {}).get("discriminator", "")).strip("'")
            rest = [*rest, discriminator]
        loc = rest or loc[1:]
    elif loc and loc[0] in {"query", "path", "form", "file"}:
        loc = loc[1:]
    return ".".join(str(p) for p in loc) or "__all__"


def _without_union_tags(loc: list[Any], body: Any) -> list[Any]:
    """pydantic names the chosen member of a discriminated union in the location
    (["kpi", "metrics", 0, "threshold"]); the client never wrote that step, so drop it."""
    kept: list[Any] = []
    node = body
    for part in loc:
        if isinstance(node, dict):
            if part in node:
                node = node[part]
            elif any(part == value for value in node.values() if isinstance(value, str)):
                continue  # the union tag, e.g. the body's "paradigm" value
            else:
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
        kept.append(part)
    return kept


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = _json_body(request) if request.content_type == "application/json" else None
    detail = [
        {"field": _field_of(err, body), "msg": err.get("msg", ""),
         "loc": list(err.get("loc", []))}
        for err in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ServiceError)
def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    detail = [
        {"field": p.field, "msg": p.message, "loc": ["body", p.field],
         **({"row": p.row} if p.row is not None else {})}
        for p in exc.problems
    ]
    return api.create_response(request, {"detail": detail}, status=exc.status)


@api.exception_handler(NotFound)
def on_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(Forbidden)
def on_forbidden(request: HttpRequest, exc: Forbidden) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Your role cannot use this endpoint."}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Sign in or send a valid bearer token."}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="flexperf"'
    return response
