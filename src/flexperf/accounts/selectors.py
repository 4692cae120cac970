"""Reads about accounts: who a signed-in user is, as an :class:`Actor`; API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from flexperf.accounts.models import ApiToken, RoleAssignment, User
from flexperf.core.actors import Actor, Role, Via
from flexperf.org.selectors import person_for_user


def actor_for_user(
    user: User,
    *,
    via: Via = Via.WEB,
    ip: str | None = None,
    token_scopes: frozenset[str] | None = None,
) -> Actor:
    """Roles and data scope of `user`, read once per request."""
    roles: set[Role] = set()
    person = person_for_user(user)
    if person is not None:
        roles.add(Role.EMPLOYEE)
        if getattr(person, "has_reports", False):
            roles.add(Role.MANAGER)
    if user.is_superuser:
        roles.add(Role.HR_ADMIN)
    unit_paths: dict[Role, list[str]] = {Role.HRBP: [], Role.EXECUTIVE: []}
    for assignment in RoleAssignment.objects.filter(user=user).prefetch_related("units"):
        role = Role(assignment.role)
        roles.add(role)
        if role in unit_paths:
            unit_paths[role].extend(unit.path for unit in assignment.units.all())
    return Actor(
        user_id=user.pk,
        username=user.get_username(),
        person_id=person.id if person else None,
        reporting_path=person.path if person else None,
        roles=frozenset(roles),
        hrbp_unit_paths=_outermost(unit_paths[Role.HRBP]),
        executive_unit_paths=_outermost(unit_paths[Role.EXECUTIVE]),
        token_scopes=token_scopes,
        via=via,
        ip=ip,
    )


def _outermost(paths: list[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor in the list (fewer OR terms per query)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return tuple(sorted(kept))


def tokens_of(actor: Actor) -> QuerySet[ApiToken]:
    if actor.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.user_id)


def list_tokens(actor: Actor, *, user: User | None = None) -> QuerySet[ApiToken]:
    """Tokens with their users, by username then id: every token for an HR admin (the operator
    at the command line is one), else only the caller's own; `user` narrows to one user's.

    Only hashes are stored, so a listed token can never be shown again.
    """
    tokens = ApiToken.objects.select_related("user").order_by("user__username", "pk")
    if not actor.is_hr_admin:
        tokens = tokens.filter(user_id=actor.user_id) if actor.user_id else tokens.none()
    if user is not None:
        tokens = tokens.filter(user=user)
    return tokens
