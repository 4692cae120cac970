"""Writes to the organisation. Each call is one transaction, audited, and announces events.

Only HR writes person records: HR admins anywhere, HR business partners inside their units.
Units, companies and positions are configured by HR admins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock, tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.org import events, rules
from flexperf.org.models import (
    Company,
    Gender,
    JobFamily,
    LeaveReason,
    Person,
    Position,
    Segment,
    Status,
    Unit,
)
from flexperf.org.selectors import hr_scope, people_visible_to

PERSON_FIELDS = (
    "employee_number", "name", "name_en", "email", "unit", "position", "manager", "job_family",
    "level", "location", "hire_date", "status", "leave_date", "leave_reason", "gender",
    "birth_date",
)
UNIT_FIELDS = ("code", "name", "name_en", "company", "parent", "segment", "head", "archived")
CHOICES = {
    "job_family": JobFamily.values,
    "status": Status.values,
    "leave_reason": [*LeaveReason.values, ""],
    "gender": [*Gender.values, ""],
    "segment": Segment.values,
}


def _require_hr_for(actor: Actor, unit: Unit | None) -> None:
    if actor.is_hr_admin:
        return
    if not actor.is_hr:
        raise Forbidden
    if unit is not None and not any(tree.is_within(unit.path, p) for p in actor.hrbp_unit_paths):
        raise ServiceError(Problem("unit", _("This unit is outside your HR scope.")))


def _require_hr_admin(actor: Actor) -> None:
    if not actor.is_hr_admin:
        raise Forbidden


def _check_choices(values: Mapping[str, Any]) -> list[Problem]:
    return [
        Problem(name, _("'%(value)s' is not one of: %(allowed)s")
                % {"value": values[name], "allowed": ", ".join(v for v in allowed if v)})
        for name, allowed in CHOICES.items()
        if name in values and values[name] not in allowed
    ]


def _missing(values: Mapping[str, Any], required: tuple[str, ...],
             known: list[Problem]) -> list[Problem]:
    reported = {p.field for p in known}
    return [Problem(name, _("This field is required.")) for name in required
            if not values.get(name) and name not in reported]


def _resolve_person_refs(values: dict[str, Any]) -> list[Problem]:
    """Turn unit/position/manager ids into rows, reporting the ones that do not exist."""
    problems = []
    for name, model in (("unit", Unit), ("position", Position), ("manager", Person)):
        if name in values and values[name] is not None and not isinstance(values[name], model):
            row = model.objects.filter(pk=values[name]).first()
            if row is None:
                problems.append(Problem(name, _("No such record: %(id)s") % {"id": values[name]}))
            values[name] = row
    return problems


def create_person(*, actor: Actor, **values: Any) -> Person:
    values.setdefault("status", Status.ACTIVE)
    for name in ("name_en", "email", "level", "location", "leave_reason", "gender"):
        values.setdefault(name, "")
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise ServiceError([Problem(n, _("Unknown field.")) for n in sorted(unknown)])
    problems = _check_choices(values) + _resolve_person_refs(values)
    problems += _missing(values, ("employee_number", "name", "unit", "job_family"), problems)
    problems += _validate_person_values(values, existing=None)
    if problems:
        raise ServiceError(problems)
    _require_hr_for(actor, values["unit"])
    with transaction.atomic():
        person = Person(**values)
        person.save()
        person.path = tree.child_path(person.manager.path if person.manager else None, person.pk)
        person.save(update_fields=["path"])
        audit.record(actor, audit.draft_for(person, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(person, PERSON_FIELDS))))
        emit(events.PersonHired(person.pk))
    return person


def update_person(*, actor: Actor, person_id: int, **changes: Any) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ServiceError([Problem(n, _("Unknown field.")) for n in sorted(unknown)])
    with transaction.atomic():
        person = people_visible_to(actor).filter(hr_scope(actor), pk=person_id).select_for_update(
            of=("self",)).first()
        if person is None:
            if not actor.is_hr:
                raise Forbidden
            raise NotFound
        problems = _check_choices(changes) + _resolve_person_refs(changes)
        merged = {name: getattr(person, name) for name in PERSON_FIELDS} | changes
        problems += _validate_person_values(merged, existing=person)
        if problems:
            raise ServiceError(problems)
        _require_hr_for(actor, person.unit)
        if "unit" in changes:
            _require_hr_for(actor, changes["unit"])
        before = audit.snapshot(person, PERSON_FIELDS)
        old_manager_id = person.manager_id
        for name, value in changes.items():
            setattr(person, name, value)
        changed = audit.diff(before, audit.snapshot(person, PERSON_FIELDS))
        if not changed:
            return person
        person.save(update_fields=list(changed))
        if "manager" in changed:
            _move_reporting_subtree(person)
        audit.record(actor, audit.draft_for(person, Action.UPDATE, changes=changed))
        emit(events.PersonChanged(person.pk, tuple(changed)))
        if "manager" in changed:
            emit(events.ReportingLineChanged(person.pk, old_manager_id, person.manager_id))
        if changed.get("status", [None, None])[1] == Status.LEFT:
            emit(events.PersonLeft(person.pk, person.leave_reason))
    return person


def _validate_person_values(values: Mapping[str, Any], existing: Person | None) -> list[Problem]:
    problems = rules.person_dates(
        hire_date=values.get("hire_date"),
        status=values.get("status", Status.ACTIVE),
        leave_date=values.get("leave_date"),
        leave_reason=values.get("leave_reason", ""),
        birth_date=values.get("birth_date"),
        today=clock.today(),
    )
    email = values.get("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(Problem("email", _("'%(email)s' is not an e-mail address.")
                                    % {"email": email}))
    number = values.get("employee_number")
    if number:
        clash = Person.objects.filter(employee_number=number)
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            problems.append(Problem("employee_number", _("Employee number %(n)s is already used.")
                                    % {"n": number}))
    manager = values.get("manager")
    if manager is not None and existing is not None:
        if manager.pk == existing.pk:
            problems.append(Problem("manager", _("A person cannot be their own manager.")))
        elif existing.path and tree.is_within(manager.path, existing.path):
            problems.append(Problem("manager", _("%(manager)s reports to %(person)s: this would "
                                                 "make a cycle.")
                                    % {"manager": manager.name, "person": existing.name}))
    position = values.get("position")
    unit = values.get("unit")
    if position is not None and unit is not None and position.unit_id != unit.pk:
        problems.append(Problem("position", _("The position belongs to another unit.")))
    return problems


def _move_reporting_subtree(person: Person) -> None:
    """Rewrite the paths of the person and everyone below them: one UPDATE."""
    old = person.path
    new = tree.child_path(person.manager.path if person.manager else None, person.pk)
    if old == new:
        return
    _rebase(Person, old, new)
    person.path = new


def _rebase(model: type[Person] | type[Unit], old: str, new: str) -> None:
    model.objects.filter(tree.subtree_q("path", old)).update(
        path=Concat(Value(new), Substr(F("path"), len(old) + 1))
    )


# --- companies, units, positions ---------------------------------------------------------


def create_company(*, actor: Actor, code: str, name: str, name_en: str = "", country: str = "CN",
                   currency: str = "CNY") -> Company:
    _require_hr_admin(actor)
    problems = []
    if not code.strip():
        problems.append(Problem("code", _("This field is required.")))
    elif Company.objects.filter(code=code).exists():
        problems.append(Problem("code", _("Code %(code)s is already used.") % {"code": code}))
    if not name.strip():
        problems.append(Problem("name", _("This field is required.")))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        company = Company.objects.create(code=code.strip(), name=name.strip(), name_en=name_en,
                                         country=country, currency=currency)
        audit.record(actor, audit.draft_for(company, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(company, ("code", "name", "name_en", "country", "currency")))))
    return company


def create_unit(*, actor: Actor, **values: Any) -> Unit:
    _require_hr_admin(actor)
    values.setdefault("name_en", "")
    problems = _check_choices(values) + _resolve_unit_refs(values)
    problems += _missing(values, ("code", "name", "company", "segment"), problems)
    if values.get("code") and Unit.objects.filter(code=values["code"]).exists():
        problems.append(Problem("code", _("Code %(code)s is already used.")
                                % {"code": values["code"]}))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        unit = Unit(**values)
        unit.save()
        unit.path = tree.child_path(unit.parent.path if unit.parent else None, unit.pk)
        unit.save(update_fields=["path"])
        audit.record(actor, audit.draft_for(unit, Action.CREATE, changes=audit.diff(
            {}, audit.snapshot(unit, UNIT_FIELDS))))
        emit(events.UnitChanged(unit.pk, tuple(UNIT_FIELDS)))
    return unit


def update_unit(*, actor: Actor, unit_id: int, **changes: Any) -> Unit:
    _require_hr_admin(actor)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().filter(pk=unit_id).first()
        if unit is None:
            raise NotFound
        problems = _check_choices(changes) + _resolve_unit_refs(changes)
        parent = changes.get("parent", unit.parent)
        if parent is not None and tree.is_within(parent.path, unit.path):
            problems.append(Problem("parent", _("A unit cannot move under itself or its own "
                                                "sub-units.")))
        code = changes.get("code")
        if code and Unit.objects.filter(code=code).exclude(pk=unit.pk).exists():
            problems.append(Problem("code", _("Code %(code)s is already used.") % {"code": code}))
        if changes.get("archived") and unit.people.filter(status=Status.ACTIVE).exists():
            problems.append(Problem("archived", _("Move the unit's people before archiving it.")))
        if problems:
            raise ServiceError(problems)
        before = audit.snapshot(unit, UNIT_FIELDS)
        for name, value in changes.items():
            setattr(unit, name, value)
        changed = audit.diff(before, audit.snapshot(unit, UNIT_FIELDS))
        if not changed:
            return unit
        unit.save(update_fields=list(changed))
        if "parent" in changed:
            new_path = tree.child_path(unit.parent.path if unit.parent else None, unit.pk)
            _rebase(Unit, unit.path, new_path)
            unit.path = new_path
        audit.record(actor, audit.draft_for(unit, Action.UPDATE, changes=changed))
        emit(events.UnitChanged(unit.pk, tuple(changed)))
    return unit


def _resolve_unit_refs(values: dict[str, Any]) -> list[Problem]:
    problems = []
    for name, model in (("company", Company), ("parent", Unit), ("head", Person)):
        if name in values and values[name] is not None and not isinstance(values[name], model):
            row = model.objects.filter(pk=values[name]).first()
            if row is None:
                problems.append(Problem(name, _("No such record: %(id)s") % {"id": values[name]}))
            values[name] = row
    return problems


def create_position(*, actor: Actor, code: str, title: str, unit_id: int, job_family: str,
                    title_en: str = "", level: str = "", is_key: bool = False) -> Position:
    _require_hr_admin(actor)
    problems = _check_choices({"job_family": job_family})
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        problems.append(Problem("unit", _("No such record: %(id)s") % {"id": unit_id}))
    if not code.strip():
        problems.append(Problem("code", _("This field is required.")))
    elif Position.objects.filter(code=code).exists():
        problems.append(Problem("code", _("Code %(code)s is already used.") % {"code": code}))
    if not title.strip():
        problems.append(Problem("title", _("This field is required.")))
    if problems or unit is None:
        raise ServiceError(problems)
    with transaction.atomic():
        position = Position.objects.create(code=code.strip(), title=title.strip(),
                                           title_en=title_en, unit=unit, job_family=job_family,
                                           level=level, is_key=is_key)
        audit.record(actor, audit.draft_for(position, Action.CREATE, changes=audit.diff({}, {
            "code": position.code, "title": position.title, "unit": unit_id,
            "job_family": job_family, "level": level, "is_key": is_key})))
    return position
