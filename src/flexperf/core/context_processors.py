"""What every page's shell needs: the caller, the navigation for their roles, who is signed in.

Built lazily, so a page that never shows the shell (an error page) runs no query for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from flexperf.core.actors import Actor, Role


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    icon: str
    active: bool


@dataclass(frozen=True)
class NavSection:
    title: str | Promise
    items: list[NavItem]


@dataclass(frozen=True)
class Shell:
    sections: list[NavSection]
    display_name: str
    role_labels: list[str]
    show_admin: bool


# (url name, label, icon, which url names light it up)
_EVERYONE: list[tuple[str, Any, str, tuple[str, ...]]] = [
    ("home", _("Home"), "home", ("home",)),
    ("directory", _("Directory"), "people", ("directory",)),
    ("org_chart", _("Org chart"), "tree", ("org_chart",)),
    ("my_profile", _("My profile"), "person", ("my_profile",)),
    ("tokens", _("API tokens"), "key", ("tokens", "token_revoke")),
]
_HR: list[tuple[str, Any, str, tuple[str, ...]]] = [
    ("people_admin", _("People admin"), "list",
     ("people_admin", "person_create", "person_edit")),
    ("units_admin", _("Org units"), "units", ("units_admin", "unit_create", "unit_edit")),
    ("import_export", _("Import/export"), "upload", ("import_export",)),
]
_AUDIT: list[tuple[str, Any, str, tuple[str, ...]]] = [
    ("audit_trail", _("Audit trail"), "shield", ("audit_trail", "audit_verify")),
]


def _items(spec: list[tuple[str, Any, str, tuple[str, ...]]], current: str) -> list[NavItem]:
    return [NavItem(reverse(name), label, icon, current in names)
            for name, label, icon, names in spec]


def build_shell(request: HttpRequest, actor: Actor) -> Shell:
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None and match.url_name else ""
    everyone = [item for item in _EVERYONE
                if (item[0] not in {"directory", "org_chart"} or actor.is_internal)
                and (item[0] != "my_profile" or actor.person_id is not None)]
    sections = [NavSection(_("Workspace"), _items(everyone, current))]
    admin: list[NavItem] = []
    if actor.is_hr:
        # Units and import/export are the HR admin's (the services say so); HRBPs edit people.
        hr = [item for item in _HR
              if item[0] not in {"units_admin", "import_export"} or actor.is_hr_admin]
        admin += _items(hr, current)
    if actor.can_read_audit:
        admin += _items(_AUDIT, current)
    if admin:
        sections.append(NavSection(_("Administration"), admin))

    from flexperf.org.selectors import person_for_user

    user = request.user
    person = person_for_user(user) if actor.person_id is not None else None  # type: ignore[arg-type]
    roles = sorted(actor.roles, key=lambda r: list(Role).index(r))
    return Shell(
        sections=sections,
        display_name=person.name if person is not None else user.get_username(),
        role_labels=[role.label for role in roles],
        show_admin=bool(getattr(user, "is_staff", False)),
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)

    def shell() -> Shell | None:
        return build_shell(request, actor) if isinstance(actor, Actor) else None

    return {"actor": actor, "shell": SimpleLazyObject(shell)}
