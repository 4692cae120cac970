from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from flexperf.core.actors import Actor, Via
from flexperf.core.http import client_ip


def _actor_for(request: HttpRequest) -> Actor | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    from flexperf.accounts.selectors import actor_for_user

    return actor_for_user(user, via=Via.WEB, ip=client_ip(request))


class ActorMiddleware:
    """Attach ``request.actor`` (built on first use) for signed-in page requests."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: _actor_for(request))  # type: ignore[attr-defined]
        return self.get_response(request)
