"""Which scheme applies to whom: a unit's own assignment, else the nearest unit above it that
has one, else the group default. Always resolvable once the built-in templates are installed."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.goals.models import Scheme, SchemeAssignment, SchemeComponent
from flexperf.org.models import Person, Unit


def schemes_visible_to(actor: Actor) -> QuerySet[Scheme]:
    """Schemes are how the group measures people: open to everyone inside it."""
    if not actor.is_internal:
        return Scheme.objects.none()
    return Scheme.objects.all()


def access_scheme(actor: Actor, scheme_id: int) -> Scheme:
    scheme = schemes_visible_to(actor).prefetch_related("components").filter(
        pk=scheme_id).first()
    if scheme is None:
        raise NotFound
    return scheme


def default_scheme() -> Scheme:
    scheme = Scheme.objects.filter(is_default=True).first()
    if scheme is None:
        raise ServiceError(_("No group-default scheme is configured; HR must mark one."),
                           field="scheme")
    return scheme


def schemes_for_units(unit_paths: Iterable[str]) -> dict[str, Scheme]:
    """Resolve many units at once: {unit path: scheme}, one query for all assignments."""
    paths = set(unit_paths)
    assigned = {
        a.unit.path: a.scheme
        for a in SchemeAssignment.objects.select_related("unit", "scheme")
    }
    fallback: Scheme | None = None
    resolved: dict[str, Scheme] = {}
    for path in paths:
        # Nearest first: the unit itself, then each ancestor upwards.
        chain = [path[: i + tree.STEP] for i in range(len(path) - tree.STEP, -1, -tree.STEP)]
        found = next((assigned[p] for p in chain if p in assigned), None)
        if found is None:
            fallback = fallback or default_scheme()
            found = fallback
        resolved[path] = found
    return resolved


def scheme_for_unit(unit: Unit) -> Scheme:
    return schemes_for_units([unit.path])[unit.path]


def scheme_for_person(person: Person) -> Scheme:
    return scheme_for_unit(person.unit)


def where_scheme_comes_from(unit: Unit) -> Unit | None:
    """The unit whose assignment applies (the unit itself or an ancestor); None = default."""
    paths = [unit.path[: i + tree.STEP] for i in range(len(unit.path) - tree.STEP, -1, -tree.STEP)]
    assignments = {a.unit.path: a.unit for a in
                   SchemeAssignment.objects.select_related("unit").filter(unit__path__in=paths)}
    return next((assignments[p] for p in paths if p in assignments), None)


def components_of(scheme: Scheme) -> list[SchemeComponent]:
    return list(scheme.components.order_by("order", "pk"))
