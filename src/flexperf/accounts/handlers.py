"""Sign-ins and sign-outs go to the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor, Via
from flexperf.core.http import client_ip


def _actor(request: HttpRequest | None, user: Any, username: str) -> Actor:
    return Actor(
        user_id=getattr(user, "pk", None),
        username=username[:150],
        via=Via.WEB,
        ip=client_ip(request) if request is not None else None,
    )


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.record(_actor(request, user, user.get_username()),
                 audit.Draft(Action.LOGIN, "accounts.user", str(user.pk), user.get_username()))


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit.record(_actor(request, user, user.get_username()),
                 audit.Draft(Action.LOGOUT, "accounts.user", str(user.pk), user.get_username()))


@receiver(user_login_failed)
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                       **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(_actor(request, None, username or "?"),
                 audit.Draft(Action.LOGIN_FAILED, "accounts.user", "", username))
