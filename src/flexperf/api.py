"""The REST API under /api/v1/: one NinjaAPI, a router per domain, one error format.

Every error body has ``detail``: a list of ``{"field", "msg", "loc"}`` for bad input (422), or a
message for 401/403/404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from flexperf import __version__
from flexperf.accounts.api import router as accounts_router
from flexperf.accounts.api_auth import SessionActorAuth, TokenAuth
from flexperf.audit.api import router as audit_router
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.goals.api.dynamic import router as dynamic_goals_router
from flexperf.goals.api.goals import router as goals_router
from flexperf.goals.api.periods import router as periods_router
from flexperf.goals.api.schemes import router as schemes_router
from flexperf.goals.api.scoring import router as scoring_router
from flexperf.notifications.api import router as notifications_router
from flexperf.org.api import router as org_router

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


def _field_of(loc: list[Any]) -> str:
    parts = [str(p) for p in loc]
    # ninja's loc starts with the source ("body", "query") and, for bodies, the parameter name.
    if parts and parts[0] in {"body", "query", "path", "form", "file"}:
        parts = parts[2:] if parts[0] == "body" and len(parts) > 2 else parts[1:]
    return ".".join(parts) or "__all__"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = [
        {"field": _field_of(list(err.get("loc", []))), "msg": err.get("msg", ""),
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
