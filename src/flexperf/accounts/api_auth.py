"""API authentication: a bearer token, or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from flexperf.accounts.selectors import actor_for_user
from flexperf.accounts.services import authenticate_token
from flexperf.core.actors import Actor, Via
from flexperf.core.errors import Forbidden
from flexperf.core.http import client_ip


class TokenAuth(HttpBearer):
    openapi_description = "API token from `flexperf token create USERNAME` or the tokens page."

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        found = authenticate_token(token)
        if found is None:
            return None
        actor = actor_for_user(found.user, via=Via.API, ip=client_ip(request),
                               token_scopes=frozenset(found.scopes))
        request.user = found.user
        request.actor = actor  # type: ignore[attr-defined]
        return actor


class SessionActorAuth(SessionAuth):
    """The signed-in browser session; unsafe methods need the CSRF token."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        actor = actor_for_user(user, via=Via.API, ip=client_ip(request))
        request.actor = actor  # type: ignore[attr-defined]
        return actor


def actor_of(request: HttpRequest, *, write: bool = False) -> Actor:
    """The caller; for writes, also checks that a token carries the write scope."""
    actor: Any = getattr(request, "auth", None) or getattr(request, "actor", None)
    if not isinstance(actor, Actor):
        raise Forbidden
    if write and not actor.allows("write"):
        raise Forbidden
    if not write and not actor.allows("read"):
        raise Forbidden
    return actor
