"""Build org data through the real services, so paths, audit entries and events are real."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from flexperf.accounts.models import RoleAssignment, User
from flexperf.accounts.selectors import actor_for_user
from flexperf.core.actors import Actor, Role
from flexperf.org import services
from flexperf.org.models import Company, Person, Unit

SYSTEM = Actor.system()
_numbers = itertools.count(1)


def company(code: str = "HX", name: str = "华信集团", **kw: Any) -> Company:
    return services.create_company(actor=SYSTEM, code=code, name=name, **kw)


def unit(code: str, parent: Unit | None = None, *, company: Company, segment: str = "mature",
         name: str | None = None) -> Unit:
    return services.create_unit(actor=SYSTEM, code=code, name=name or code, company=company.pk,
                                parent=parent.pk if parent else None, segment=segment)


def person(name: str, unit: Unit, manager: Person | None = None, **kw: Any) -> Person:
    values: dict[str, Any] = {
        "employee_number": kw.pop("employee_number", f"E{next(_numbers):05d}"),
        "name": name,
        "unit": unit.pk,
        "manager": manager.pk if manager else None,
        "job_family": kw.pop("job_family", "sales"),
        "hire_date": kw.pop("hire_date", dt.date(2020, 3, 1)),
    }
    values.update(kw)
    return services.create_person(actor=SYSTEM, **values)


def user(
    username: str,
    person: Person | None = None,
    *,
    roles: dict[Role, list[Unit]] | None = None,
    password: str | None = None,
) -> User:
    account = User.objects.create_user(username=username, password=password)
    if person is not None:
        person.user = account
        person.save(update_fields=["user"])
    for role, units in (roles or {}).items():
        assignment = RoleAssignment.objects.create(user=account, role=role.value)
        assignment.units.set(units)
    return account


def actor(account: User) -> Actor:
    return actor_for_user(account)
