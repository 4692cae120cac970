"""What every page's shell needs: the caller, the navigation for their roles, who is signed in,
and the unread-notification count of the bell.

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
    count: int | None = None  # shown beside the label when there is something waiting


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
    unread: int  # the caller's unread notifications (the bell)


Spec = tuple[str, Any, str, tuple[str, ...]]

# (url name, label, icon, which url names light it up)
_EVERYONE: list[Spec] = [
    ("home", _("Home"), "home", ("home",)),
    ("directory", _("Directory"), "people", ("directory",)),
    ("org_chart", _("Org chart"), "tree", ("org_chart",)),
    ("my_profile", _("My profile"), "person", ("my_profile",)),
    ("tokens", _("API tokens"), "key", ("tokens", "token_revoke")),
]
_GOALS: list[Spec] = [
    ("my_goals", _("My goals"), "target",
     ("my_goals", "goal_create", "goal_edit", "goal_detail")),
    ("team_goals", _("Team goals"), "team", ("team_goals", "person_goals")),
    ("alignment_tree", _("Alignment"), "tree", ("alignment_tree",)),
    ("adjustment_queue", _("Adjustments"), "scales", ("adjustment_queue", "adjustment_report")),
]
_HR: list[Spec] = [
    ("people_admin", _("People admin"), "list",
     ("people_admin", "person_create", "person_edit")),
    ("units_admin", _("Org units"), "units", ("units_admin", "unit_create", "unit_edit")),
    ("import_export", _("Import/export"), "upload", ("import_export",)),
    ("scheme_list", _("Schemes"), "layers",
     ("scheme_list", "scheme_create", "scheme_edit", "calculator")),
    ("series_list", _("Series"), "chart", ("series_list", "series_detail")),
]
_AUDIT: list[Spec] = [
    ("audit_trail", _("Audit trail"), "shield", ("audit_trail", "audit_verify")),
]


def _items(spec: list[Spec], current: str, counts: dict[str, int] | None = None
           ) -> list[NavItem]:
    counts = counts or {}
    return [NavItem(reverse(name), label, icon, current in names, counts.get(name))
            for name, label, icon, names in spec]


def may_approve(actor: Actor) -> bool:
    """Roles that may be asked to decide goal adjustments (and read the period report)."""
    return actor.has(Role.MANAGER) or actor.is_hr or actor.has(Role.EXECUTIVE)


def _goal_items(actor: Actor, current: str) -> list[NavItem]:
    if not actor.is_internal:
        return []
    wanted = {"alignment_tree"}
    if actor.person_id is not None:
        wanted.add("my_goals")
    if actor.has(Role.MANAGER) or actor.is_hr:
        wanted.add("team_goals")
    counts: dict[str, int] = {}
    if may_approve(actor):
        wanted.add("adjustment_queue")
        from flexperf.goals.selectors.dynamic import adjustment_queue

        counts["adjustment_queue"] = len(adjustment_queue(actor))
    return _items([item for item in _GOALS if item[0] in wanted], current, counts)


def build_shell(request: HttpRequest, actor: Actor) -> Shell:
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None and match.url_name else ""
    everyone = [item for item in _EVERYONE
                if (item[0] not in {"directory", "org_chart"} or actor.is_internal)
                and (item[0] != "my_profile" or actor.person_id is not None)]
    sections = [NavSection(_("Workspace"), _items(everyone, current))]
    goals = _goal_items(actor, current)
    if goals:
        sections.append(NavSection(_("Goals"), goals))
    admin: list[NavItem] = []
    if actor.is_hr:
        # Units, import/export and series are the HR admin's (the services say so); HRBPs
        # edit people and design schemes for their units.
        hr = [item for item in _HR
              if item[0] not in {"units_admin", "import_export", "series_list"}
              or actor.is_hr_admin]
        admin += _items(hr, current)
    if actor.can_read_audit:
        admin += _items(_AUDIT, current)
    if admin:
        sections.append(NavSection(_("Administration"), admin))

    from flexperf.notifications.selectors import unread_count
    from flexperf.org.selectors import person_for_user

    user = request.user
    person = person_for_user(user) if actor.person_id is not None else None  # type: ignore[arg-type]
    roles = sorted(actor.roles, key=lambda r: list(Role).index(r))
    return Shell(
        sections=sections,
        display_name=person.name if person is not None else user.get_username(),
        role_labels=[role.label for role in roles],
        show_admin=bool(getattr(user, "is_staff", False)),
        unread=unread_count(actor),
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)

    def shell() -> Shell | None:
        return build_shell(request, actor) if isinstance(actor, Actor) else None

    return {"actor": actor, "shell": SimpleLazyObject(shell)}
