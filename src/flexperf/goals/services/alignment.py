"""Alignment (G8): a goal contributes to one or more parent goals with a contribution weight,
so progress rolls up company → unit → team → person.

The caller must see both goals and manage the child (its owner, or manager-level). The parent
is in the same period or one enclosing it, and links never form a cycle.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.goals import events, periods
from flexperf.goals.models import Goal, GoalAlignment, GoalStatus
from flexperf.goals.selectors.access import access_goal, can_manage_goal, is_owner
from flexperf.goals.services import Checks

Number = Decimal | int | float | str | None
CLOSED = (GoalStatus.CLOSED, GoalStatus.WITHDRAWN)


def _child(actor: Actor, child_id: int) -> Goal:
    child = access_goal(actor, child_id)
    if not (is_owner(actor, child) or can_manage_goal(actor, child)):
        raise Forbidden
    return child


def link_goal(*, actor: Actor, child_id: int, parent_id: int, contribution: Number = 1
              ) -> GoalAlignment:
    """The child contributes to the parent with `contribution` (a positive weight among the
    parent's contributors). Linking an already linked pair changes its weight."""
    child = _child(actor, child_id)
    parent = access_goal(actor, parent_id)
    checks = Checks()
    weight = checks.number(contribution, "contribution", places=2, max_digits=8, required=True,
                           positive=True)
    if parent.pk == child.pk:
        checks.add("parent_id", _("A goal cannot contribute to itself."))
    elif not periods.encloses(parent.period.start, parent.period.end, child.period.start,
                              child.period.end):
        checks.add("parent_id", _("The parent's period (%(parent)s) must be the child's "
                                  "(%(child)s) or enclose it.")
                   % {"parent": parent.period.code, "child": child.period.code})
    elif _reaches(parent.pk, child.pk):
        checks.add("parent_id", _("%(parent)s already contributes to %(child)s: the link would "
                                  "make a cycle.")
                   % {"parent": parent.title, "child": child.title})
    for goal, name in ((child, "child_id"), (parent, "parent_id")):
        if goal.status in CLOSED:
            checks.add(name, _("%(title)s is %(status)s.")
                       % {"title": goal.title, "status": goal.get_status_display()})
    checks.raise_if_any()
    assert weight is not None
    with transaction.atomic():
        link = GoalAlignment.objects.select_for_update().filter(child=child,
                                                                parent=parent).first()
        if link is not None:
            if link.contribution == weight:
                return link
            before = link.contribution
            link.contribution = weight
            link.save(update_fields=["contribution"])
            audit.record(actor, audit.draft_for(link, Action.UPDATE, changes={
                "contribution": [str(before), str(weight)]}))
        else:
            link = GoalAlignment.objects.create(child=child, parent=parent, contribution=weight)
            audit.record(actor, audit.draft_for(link, Action.CREATE, changes={
                "child": [None, child.pk], "parent": [None, parent.pk],
                "contribution": [None, str(weight)]}))
        emit(events.GoalChanged(child.pk, ("alignment",)))
    return link


def unlink_goal(*, actor: Actor, child_id: int, parent_id: int) -> None:
    child = _child(actor, child_id)
    with transaction.atomic():
        link = GoalAlignment.objects.select_for_update().filter(child=child,
                                                                parent_id=parent_id).first()
        if link is None:
            raise ServiceError(Problem("parent_id", _("The goal does not contribute to that "
                                                      "goal.")))
        audit.record(actor, audit.draft_for(link, Action.DELETE, changes={
            "child": [child.pk, None], "parent": [parent_id, None],
            "contribution": [str(link.contribution), None]}))
        link.delete()
        emit(events.GoalChanged(child.pk, ("alignment",)))


def _reaches(start: int, target: int) -> bool:
    """Whether `target` is `start` or above it (following contributes-to links upwards)."""
    seen = {start}
    frontier = {start}
    while frontier:
        if target in frontier:
            return True
        above = set(GoalAlignment.objects.filter(child_id__in=frontier)
                    .values_list("parent_id", flat=True))
        frontier = above - seen
        seen |= above
    return False
