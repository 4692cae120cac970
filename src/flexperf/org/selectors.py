"""Reads of the organisation, always scoped to the caller.

`people_visible_to` is the one place that decides whose person record a caller may read; every
API endpoint and page that shows a person record goes through it (or :func:`access_person`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from flexperf.accounts.models import User
from flexperf.audit import services as audit
from flexperf.audit.models import Action, AuditEntry
from flexperf.core import clock, tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound
from flexperf.org.models import Company, LeaveReason, Person, Position, Segment, Status, Unit

CURRENT_STATUSES = (Status.ACTIVE, Status.ON_LEAVE)


def person_for_user(user: User) -> Person | None:
    reports = Person.objects.filter(manager=OuterRef("pk"), status__in=CURRENT_STATUSES)
    return (
        Person.objects.filter(user=user)
        .annotate(has_reports=Exists(reports))
        .only("id", "path", "name", "unit_id")
        .first()
    )


def _nothing() -> Q:
    return Q(pk__in=[])


def hr_scope(actor: Actor) -> Q:
    """The people whose HR fields (demographics, history) the caller may see."""
    if actor.is_hr_admin:
        return Q()
    scope = _nothing()
    for path in actor.hrbp_unit_paths:
        scope |= tree.subtree_q("unit__path", path)
    return scope


def people_visible_to(actor: Actor) -> QuerySet[Person]:
    """Person records the caller may read: self and reporting subtree for everyone with a
    person record (so a manager sees their reports, all levels down), assigned units for HR
    business partners, everyone for HR admins. Executives, auditors and partners get aggregates
    or nothing beyond their own record."""
    if actor.is_hr_admin:
        return Person.objects.all()
    scope = _nothing()
    if actor.reporting_path:
        scope |= tree.subtree_q("path", actor.reporting_path)
    scope |= hr_scope(actor)
    return Person.objects.filter(scope)


def can_see_hr_fields(actor: Actor, person: Person) -> bool:
    return people_visible_to(actor).filter(hr_scope(actor), pk=person.pk).exists()


def access_person(actor: Actor, person_id: int, *, record_read: bool = True) -> Person:
    """The person record, or NotFound when it does not exist *or* is outside the caller's scope.
    Reading someone else's record is a sensitive read and goes to the audit trail."""
    person = (
        people_visible_to(actor)
        .select_related("unit", "unit__company", "position", "manager", "user")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise NotFound
    if record_read and person.pk != actor.person_id:
        audit.record(actor, audit.draft_for(person, Action.READ))
    return person


def search_people(
    actor: Actor, *, q: str = "", unit_id: int | None = None, status: str | None = None
) -> QuerySet[Person]:
    people = people_visible_to(actor).select_related("unit", "position", "manager")
    return _filtered(people, q=q, unit_id=unit_id, status=status).order_by("name", "pk")


def directory(actor: Actor, *, q: str = "", unit_id: int | None = None) -> QuerySet[Person]:
    """Directory cards of every active colleague, for anyone inside the group."""
    if not actor.is_internal:
        raise Forbidden
    people = Person.objects.filter(status=Status.ACTIVE).select_related("unit", "position")
    return _filtered(people, q=q, unit_id=unit_id, status=None).order_by("name", "pk")


def _filtered(
    people: QuerySet[Person], *, q: str, unit_id: int | None, status: str | None
) -> QuerySet[Person]:
    q = q.strip()
    if q:
        people = people.filter(
            Q(name__icontains=q) | Q(name_en__icontains=q) | Q(employee_number__iexact=q)
            | Q(email__iexact=q)
        )
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id).only("path").first()
        if unit is None:
            return people.none()
        people = people.filter(tree.subtree_q("unit__path", unit.path))
    if status:
        people = people.filter(status=status)
    return people


def direct_reports(actor: Actor, person: Person) -> QuerySet[Person]:
    return people_visible_to(actor).filter(manager=person, status__in=CURRENT_STATUSES)


def person_history(actor: Actor, person: Person) -> list[AuditEntry]:
    """Changes to the record, newest first: for HR, and for the person themselves."""
    if person.pk != actor.person_id and not can_see_hr_fields(actor, person):
        return []
    return list(
        AuditEntry.objects.filter(object_type="org.person", object_id=str(person.pk))
        .exclude(action=Action.READ)
        .order_by("-seq")[:100]
    )


# --- units -------------------------------------------------------------------------------


def units_visible_to(actor: Actor) -> QuerySet[Unit]:
    """The org structure is known to everyone inside the group; partners see none of it."""
    if not actor.is_internal:
        return Unit.objects.none()
    return Unit.objects.all()


def access_unit(actor: Actor, unit_id: int) -> Unit:
    unit = units_visible_to(actor).select_related("company", "parent", "head").filter(
        pk=unit_id).first()
    if unit is None:
        raise NotFound
    return unit


@dataclass
class UnitNode:
    unit: Unit
    headcount: int = 0  # active people in the unit and everything below it
    direct_headcount: int = 0
    children: list[UnitNode] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return tree.depth(self.unit.path)


def unit_tree(actor: Actor, *, include_archived: bool = False) -> list[UnitNode]:
    """The unit forest with head-counts rolled up the tree: two queries whatever the size."""
    units = units_visible_to(actor).select_related("company", "head").order_by("path")
    if not include_archived:
        units = units.filter(archived=False)
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    counts = (
        Person.objects.filter(status=Status.ACTIVE, unit_id__in=list(nodes))
        .values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    )
    for unit_id, n in counts:
        node = nodes[unit_id]
        node.direct_headcount = n
        node.headcount += n
        for ancestor in tree.ancestor_pks(node.unit.path):
            if ancestor in nodes:
                nodes[ancestor].headcount += n
    roots: list[UnitNode] = []
    for node in nodes.values():  # ordered by path: parents come before their children
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def flatten(nodes: list[UnitNode]) -> list[UnitNode]:
    """The forest in display order: each unit, then the units below it."""
    flat: list[UnitNode] = []
    for node in nodes:
        flat.append(node)
        flat.extend(flatten(node.children))
    return flat


def companies_visible_to(actor: Actor) -> QuerySet[Company]:
    return Company.objects.all() if actor.is_internal else Company.objects.none()


def positions_visible_to(actor: Actor) -> QuerySet[Position]:
    if not actor.is_internal:
        return Position.objects.none()
    return Position.objects.select_related("unit")


# --- aggregates ----------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """One row of an aggregate: a choice code, its label in the caller's language, a count."""

    code: str
    label: str
    count: int


@dataclass
class HrFigures:
    headcount: int
    leavers: int
    leavers_by_reason: list[Tally]
    year: int


@dataclass
class CompanyFigures:
    company_id: int
    name: str
    headcount: int = 0
    segments: dict[str, int] = field(default_factory=dict)

    @property
    def by_segment(self) -> list[Tally]:
        labels = dict(Segment.choices)
        return [Tally(code, str(labels.get(code, code)), n)
                for code, n in sorted(self.segments.items(), key=lambda kv: (-kv[1], kv[0]))]


def hr_figures(actor: Actor, *, year: int | None = None) -> HrFigures:
    """Active headcount and the year's leavers by reason inside the caller's HR scope."""
    year = year or clock.today().year
    scoped = people_visible_to(actor).filter(hr_scope(actor))
    headcount = scoped.filter(status=Status.ACTIVE).count()
    rows = (
        scoped.filter(status=Status.LEFT, leave_date__year=year)
        .values_list("leave_reason").annotate(n=Count("pk")).order_by("-n", "leave_reason")
    )
    labels = dict(LeaveReason.choices)
    by_reason = [Tally(reason, str(labels.get(reason, reason)), n) for reason, n in rows]
    return HrFigures(headcount=headcount, leavers=sum(t.count for t in by_reason),
                     leavers_by_reason=by_reason, year=year)


def executive_figures(actor: Actor) -> list[CompanyFigures]:
    """Active headcount by company and segment over the executive's units: aggregates only,
    taken from the unit tree's head-counts (no person rows are read)."""
    companies: dict[int, CompanyFigures] = {}

    def walk(nodes: list[UnitNode], inside: bool) -> None:
        for node in nodes:
            unit = node.unit
            covered = inside or any(tree.is_within(unit.path, p)
                                    for p in actor.executive_unit_paths)
            n = node.direct_headcount
            if covered and n:
                figures = companies.setdefault(
                    unit.company_id, CompanyFigures(unit.company_id, unit.company.name))
                figures.headcount += n
                figures.segments[unit.segment] = figures.segments.get(unit.segment, 0) + n
            walk(node.children, covered)

    walk(unit_tree(actor), False)
    return sorted(companies.values(), key=lambda c: c.name)
