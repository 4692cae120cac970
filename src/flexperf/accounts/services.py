"""Writes about accounts: API tokens, role assignments."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.accounts.models import ApiToken, RoleAssignment, User
from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import ASSIGNABLE_ROLES, UNIT_SCOPED_ROLES, Actor, Role
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.org.models import Unit

TOKEN_PREFIX = "fpt"  # noqa: S105  (a marker, not a secret)
TOKEN_SCOPES = ("read", "write")
MAX_TOKEN_DAYS = 3650
# Don't write last_used_at on every request: once a minute is enough to see a token is alive.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def hash_token(raw: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough (no dictionary to guess from).
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    *,
    actor: Actor,
    user: User,
    name: str,
    expires_days: int | None = None,
    scopes: list[str] | None = None,
) -> IssuedToken:
    problems = []
    name = (name or "").strip()
    if not name:
        problems.append(Problem("name", _("Give the token a name.")))
    days = settings.FLEXPERF_TOKEN_DEFAULT_DAYS if expires_days is None else expires_days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        problems.append(Problem("expires", _("Expiry must be between 1 and %(max)d days.")
                                % {"max": MAX_TOKEN_DAYS}))
    chosen = list(TOKEN_SCOPES) if scopes is None else sorted(set(scopes))
    unknown = [s for s in chosen if s not in TOKEN_SCOPES]
    if unknown or not chosen:
        problems.append(Problem("scopes", _("Scopes must be read and/or write.")))
    if not user.is_active:
        problems.append(Problem("username", _("This user is inactive.")))
    if problems:
        raise ServiceError(problems)
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=prefix,
            key_hash=hash_token(secret),
            scopes=chosen,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        audit.record(actor, audit.draft_for(token, Action.CREATE, changes={
            "user": [None, user.get_username()],
            "scopes": [None, chosen],
            "expires_at": [None, token.expires_at],
        }))
    return IssuedToken(token=token, secret=secret)


def revoke_token(*, actor: Actor, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None or (token.user_id != actor.user_id and not actor.is_hr_admin):
            raise NotFound
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor, audit.draft_for(token, Action.UPDATE, changes={
                "revoked_at": [None, token.revoked_at],
            }))
    return token


def authenticate_token(raw: str) -> ApiToken | None:
    """The active token for `raw`, or None (unknown, expired, revoked, or user inactive)."""
    if not raw.startswith(TOKEN_PREFIX + "_"):
        return None
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    )
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def assign_role(*, actor: Actor, user: User, role: Role, unit_codes: list[str] | None = None
                ) -> RoleAssignment:
    if role not in ASSIGNABLE_ROLES:
        raise ServiceError(Problem("role", _("This role cannot be assigned.")))
    codes = unit_codes or []
    units = list(Unit.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing:
        raise ServiceError(Problem("units", _("Unknown unit codes: %(codes)s")
                                   % {"codes": ", ".join(missing)}))
    if role in UNIT_SCOPED_ROLES and not units:
        raise ServiceError(Problem("units", _("This role needs at least one unit.")))
    with transaction.atomic():
        assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role.value)
        assignment.units.set(units)
        audit.record(actor, audit.draft_for(assignment, Action.UPDATE, changes={
            "role": [None, role.value], "units": [None, sorted(codes)],
        }))
    return assignment
