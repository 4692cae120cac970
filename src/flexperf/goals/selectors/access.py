"""Who may see and change which goals: the one place that decides, used by every API
endpoint, page and command of the goals domain.

* Unit and company goals are known to everyone inside the group (alignment is public).
* A person's goals go with their person record: self, managers up the chain, HR in scope.
* Changing a goal's definition: its owner (while a draft) and those who manage it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from flexperf.core import tree
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import NotFound
from flexperf.goals.models import Goal, GoalStatus, OwnerKind
from flexperf.org.models import Person, Unit
from flexperf.org.selectors import hr_scope, people_visible_to


def goals_visible_to(actor: Actor) -> QuerySet[Goal]:
    if actor.is_hr_admin:
        return Goal.objects.all()
    if not actor.is_internal:
        return Goal.objects.none()
    shared = Q(owner_kind__in=[OwnerKind.UNIT, OwnerKind.COMPANY])
    people = people_visible_to(actor).values("pk")
    return Goal.objects.filter(shared | Q(owner_kind=OwnerKind.PERSON, person__in=people))


def access_goal(actor: Actor, goal_id: int) -> Goal:
    """The goal, or NotFound when it does not exist or the caller may not see it."""
    goal = (
        goals_visible_to(actor)
        .select_related("period", "person", "person__unit", "unit", "company", "component",
                        "component__scheme")
        .filter(pk=goal_id)
        .first()
    )
    if goal is None:
        raise NotFound
    return goal


def _manages_person(actor: Actor, person: Person) -> bool:
    """A manager anywhere above the person, or HR whose scope covers them."""
    if actor.is_hr_admin:
        return True
    if (actor.reporting_path and person.pk != actor.person_id
            and tree.is_within(person.path, actor.reporting_path)):
        return True
    return any(tree.is_within(person.unit.path, p) for p in actor.hrbp_unit_paths)


def _manages_unit(actor: Actor, unit: Unit) -> bool:
    """The head of the unit or of a unit above it, or HR whose scope covers it."""
    if actor.is_hr_admin or any(tree.is_within(unit.path, p) for p in actor.hrbp_unit_paths):
        return True
    if actor.person_id is None:
        return False
    headed = Unit.objects.filter(head_id=actor.person_id).values_list("path", flat=True)
    return any(tree.is_within(unit.path, path) for path in headed)


def can_manage_goal(actor: Actor, goal: Goal) -> bool:
    """Manager-level rights: activate, close, rate behaviour, accept milestones, approve
    adjustments routed to the manager."""
    if goal.owner_kind == OwnerKind.PERSON and goal.person is not None:
        return _manages_person(actor, goal.person)
    if goal.owner_kind == OwnerKind.UNIT and goal.unit is not None:
        return _manages_unit(actor, goal.unit)
    return actor.is_hr_admin or actor.has(Role.EXECUTIVE)


def is_owner(actor: Actor, goal: Goal) -> bool:
    return goal.owner_kind == OwnerKind.PERSON and goal.person_id == actor.person_id


def can_edit_goal(actor: Actor, goal: Goal) -> bool:
    """Change the definition directly: the owner while it is a draft, managers while it is a
    draft or not yet scored. An active goal changes only through an approved adjustment."""
    if goal.status != GoalStatus.DRAFT:
        return False
    return is_owner(actor, goal) or can_manage_goal(actor, goal)


def can_record(actor: Actor, goal: Goal) -> bool:
    """Enter measurements (progress) on an active goal: the owner and those who manage it."""
    if goal.status not in (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION):
        return False
    return is_owner(actor, goal) or can_manage_goal(actor, goal)


def hr_covers(actor: Actor, goal: Goal) -> bool:
    """HR whose scope covers the goal's owner (used for adjustments beyond the guard)."""
    if actor.is_hr_admin:
        return True
    if goal.owner_kind == OwnerKind.PERSON and goal.person is not None:
        return Person.objects.filter(hr_scope(actor), pk=goal.person.pk).exists()
    if goal.owner_kind == OwnerKind.UNIT and goal.unit is not None:
        return any(tree.is_within(goal.unit.path, p) for p in actor.hrbp_unit_paths)
    return False
