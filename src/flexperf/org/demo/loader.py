"""Writing the demo group: bulk inserts in one transaction, one audit entry for the whole load.

Rows come from :func:`generator.generate` with primary keys and materialized paths already
assigned (ids start after the current maximum), so 100,000 people need no per-row queries.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from flexperf.accounts.models import RoleAssignment, User
from flexperf.audit import services as audit
from flexperf.audit.models import Action, AuditEntry
from flexperf.core.actors import ASSIGNABLE_ROLES, ROLE_LABELS, Actor, Role
from flexperf.core.errors import Problem, ServiceError
from flexperf.core.events import emit
from flexperf.org import events
from flexperf.org.demo import generator
from flexperf.org.demo.generator import DemoOrg, FirstIds
from flexperf.org.models import Company, Person, Position, Unit

DEMO_PASSWORD = "flexperf-demo"  # noqa: S105  (printed on screen: it is a demo)
DEMO_USERNAMES = ("hr_admin", "hrbp", "executive", "manager", "employee", "auditor", "partner")
BATCH_SIZE = 2000
LOOKUP_CHUNK = 900  # values per IN (...) query, under SQLite's oldest variable limit

M = TypeVar("M", bound=models.Model)
RoleUnits = RoleAssignment.units.through  # the role ↔ unit link table


@dataclass(frozen=True)
class LoadResult:
    counts: dict[str, int]
    seconds: float


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str  # translated label
    person: str  # "name (English name) · unit", or "" for the partner user


def demo_loaded() -> bool:
    return Company.objects.filter(code=generator.DEMO_COMPANY_CODE).exists()


def loaded_demo_info() -> dict[str, Any]:
    """What the last demo load recorded (size, seed, counts), or {} when there is none."""
    entry = (AuditEntry.objects.filter(object_type="org.demo", action=Action.IMPORT)
             .order_by("-seq").first())
    return dict(entry.context) if entry else {}


def load_demo(*, actor: Actor, size: int = generator.DEFAULT_SIZE,
              seed: int = generator.DEFAULT_SEED, reset: bool = False) -> LoadResult:
    """Load the demo group; ServiceError (nothing written) if it is already there or clashes."""
    if not generator.MIN_SIZE <= size <= generator.MAX_SIZE:
        raise ServiceError(Problem("size", _("Size must be between %(min)d and %(max)d.")
                                   % {"min": generator.MIN_SIZE, "max": generator.MAX_SIZE}))
    started = time.perf_counter()
    with transaction.atomic():
        if demo_loaded():
            raise ServiceError(Problem("demo", _("The database already holds the demo group.")))
        org = generator.generate(size=size, seed=seed, first=FirstIds(
            company=next_id(Company), unit=next_id(Unit), position=next_id(Position),
            person=next_id(Person)))
        _check_clashes(org)
        users = _create_users(org)
        _insert(org, users)
        counts = org.counts()
        audit.record(actor, audit.Draft(
            action=Action.IMPORT, object_type="org.demo", object_id=str(seed),
            object_repr=f"华信集团 Huaxin Group demo ({size} people, seed {seed})",
            context={"size": size, "seed": seed, "reset": reset, **counts,
                     "usernames": list(users)},
        ))
        emit(events.OrgImported(created=counts["people"], updated=0))
    return LoadResult(counts=counts, seconds=time.perf_counter() - started)


def wipe_demo_database() -> None:
    """Empty every table (the audit trail too) so the demo can load afresh. Refused unless the
    database holds the demo: this never wipes a real organisation."""
    if not demo_loaded():
        raise ServiceError(Problem("reset", _("The database holds no demo group; nothing was "
                                              "wiped.")))
    call_command("flush", interactive=False, verbosity=0)


def demo_accounts() -> list[DemoAccount]:
    """The demo users present in the database, in the order they are presented."""
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)
             .prefetch_related("role_assignments")}
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())
              .select_related("unit")}
    accounts = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        roles = [Role(a.role) for a in user.role_assignments.all()]
        person = people.get(user.pk)
        role = roles[0] if roles else (Role.MANAGER if username == "manager" else Role.EMPLOYEE)
        where = ""
        if person is not None:
            where = f"{person.display_name} · {person.unit.name}"
        accounts.append(DemoAccount(username, str(ROLE_LABELS[role]), where))
    return accounts


def next_id(model: type[models.Model]) -> int:
    """The id after the table's highest: where a demo's bulk rows (explicit ids) start."""
    current = model._default_manager.aggregate(top=Max("pk"))["top"]
    return int(current or 0) + 1


def _existing(model: type[models.Model], field: str, values: Sequence[str]) -> list[str]:
    found: list[str] = []
    for start in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[start : start + LOOKUP_CHUNK]
        found += model._default_manager.filter(**{f"{field}__in": chunk}).values_list(
            field, flat=True)
    return found


def _check_clashes(org: DemoOrg) -> None:
    """Codes the demo uses must be free: report the first few of each kind that are not."""
    problems = []
    checks: list[tuple[type[models.Model], str, list[str]]] = [
        (Company, "code", [c.code for c in org.companies]),
        (Unit, "code", [u.code for u in org.units]),
        (Position, "code", [p.code for p in org.positions]),
        (Person, "employee_number", [p.employee_number for p in org.people]),
        (User, "username", [login.username for login in org.logins]),
    ]
    for model, field, values in checks:
        taken = _existing(model, field, values)
        if taken:
            problems.append(Problem(field, _("Already used in this database: %(values)s")
                                    % {"values": ", ".join(sorted(taken)[:5])}))
    if problems:
        raise ServiceError(problems)


def _create_users(org: DemoOrg) -> dict[str, User]:
    """One user per demo login, with ids after the current maximum like the org rows (so a
    person's user id is the same in every fresh database). They share one Argon2 hash: the
    password is printed on screen anyway, and hashing once keeps the load quick."""
    people = {p.id: p for p in org.people if p.id in {lg.person_id for lg in org.logins}}
    password = make_password(DEMO_PASSWORD, hasher="argon2")
    first = next_id(User)
    users: dict[str, User] = {}
    for offset, login in enumerate(org.logins):
        person = people.get(login.person_id) if login.person_id else None
        users[login.username] = User(
            id=first + offset,
            username=login.username,
            password=password,
            email=person.email if person else f"{login.username}@partner.example",
        )
    User.objects.bulk_create(users.values())
    return users


def _insert(org: DemoOrg, users: dict[str, User]) -> None:
    user_of_person = {login.person_id: users[login.username].pk
                      for login in org.logins if login.person_id is not None}
    Company.objects.bulk_create(_models(Company, org.companies))
    Unit.objects.bulk_create(_models(Unit, org.units), batch_size=BATCH_SIZE)
    Position.objects.bulk_create(_models(Position, org.positions), batch_size=BATCH_SIZE)
    people = _models(Person, org.people)
    for person in people:
        person.user_id = user_of_person.get(person.pk)
    for start in range(0, len(people), BATCH_SIZE):
        Person.objects.bulk_create(people[start : start + BATCH_SIZE])
    _assign_roles(org, users)
    # The rows carry their own ids, so PostgreSQL's sequences must be moved past them.
    statements = connection.ops.sequence_reset_sql(no_style(), [
        Company, Unit, Position, Person, User, RoleAssignment, RoleUnits])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _assign_roles(org: DemoOrg, users: dict[str, User]) -> None:
    units = {u.code: u.id for u in org.units}
    assignments: list[RoleAssignment] = []
    links: list[Any] = []  # rows of the auto-created through table
    first, first_link = next_id(RoleAssignment), next_id(RoleUnits)
    for login in org.logins:
        if login.role not in ASSIGNABLE_ROLES:
            continue  # employee and manager follow from the org model
        assignment = RoleAssignment(id=first + len(assignments), user=users[login.username],
                                    role=login.role)
        assignments.append(assignment)
        links += [RoleUnits(id=first_link + len(links), roleassignment_id=assignment.pk,
                            unit_id=units[code]) for code in login.unit_codes]
    RoleAssignment.objects.bulk_create(assignments)
    RoleUnits.objects.bulk_create(links)


def _models(model: type[M], rows: Iterable[Any]) -> list[M]:
    return [model(**{name: getattr(row, name) for name in row.__slots__}) for row in rows]
