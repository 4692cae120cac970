"""Who is calling: the one object every selector and service receives to scope its work."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    HRBP = "hrbp"
    HR_ADMIN = "hr_admin"
    EXECUTIVE = "executive"
    AUDITOR = "auditor"
    PARTNER = "partner"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.EMPLOYEE: _("Employee"),
    Role.MANAGER: _("Manager"),
    Role.HRBP: _("HR business partner"),
    Role.HR_ADMIN: _("HR admin"),
    Role.EXECUTIVE: _("Executive"),
    Role.AUDITOR: _("Auditor"),
    Role.PARTNER: _("Partner user"),
}

# Roles granted explicitly (RoleAssignment); employee and manager follow from the org model.
ASSIGNABLE_ROLES = (Role.HRBP, Role.HR_ADMIN, Role.EXECUTIVE, Role.AUDITOR, Role.PARTNER)
# Roles whose assignment names the units it covers.
UNIT_SCOPED_ROLES = (Role.HRBP, Role.EXECUTIVE)


class Via(StrEnum):
    WEB = "web"
    API = "api"
    CLI = "cli"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    person_id: int | None = None
    reporting_path: str | None = None
    roles: frozenset[Role] = frozenset()
    hrbp_unit_paths: tuple[str, ...] = ()
    executive_unit_paths: tuple[str, ...] = ()
    # None: a session or the CLI, unrestricted by token scopes.
    token_scopes: frozenset[str] | None = None
    via: Via = Via.WEB
    ip: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_hr_admin(self) -> bool:
        return Role.HR_ADMIN in self.roles

    @property
    def is_hr(self) -> bool:
        return bool(self.roles & {Role.HR_ADMIN, Role.HRBP})

    @property
    def is_internal(self) -> bool:
        """A member of the group (not a partner user): may use the colleague directory."""
        return self.person_id is not None or bool(self.roles - {Role.PARTNER})

    @property
    def can_read_audit(self) -> bool:
        return bool(self.roles & {Role.AUDITOR, Role.HR_ADMIN})

    def allows(self, scope: str) -> bool:
        """Whether the API token (if any) grants `scope` ("read" or "write")."""
        return self.token_scopes is None or scope in self.token_scopes

    @classmethod
    def system(cls, via: Via = Via.CLI, username: str = "system") -> Actor:
        """The operator at the command line or a background job: full rights, still audited."""
        return cls(user_id=None, username=username, roles=frozenset({Role.HR_ADMIN}), via=via)
