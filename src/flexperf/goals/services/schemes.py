"""Schemes (G7): what a unit's people are measured on and how much each part counts.

HR admins design schemes anywhere. HR business partners create schemes and assign them to
units in their scope; they may change a scheme only while it touches nothing outside their
scope (not the group default, no unit outside it, no open goal of a person outside it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.core.jsonable import JsonValue
from flexperf.core.weights import check_weights
from flexperf.goals import events
from flexperf.goals.models import (
    Approver,
    Cadence,
    Goal,
    GoalStatus,
    Paradigm,
    PeriodKind,
    Scheme,
    SchemeAssignment,
    SchemeComponent,
)
from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.scheme_templates import TEMPLATES, template
from flexperf.goals.services import Checks
from flexperf.org.models import Unit

SCHEME_FIELDS = ("code", "name", "name_en", "description", "template_key", "is_default",
                 "checkin_cadence", "review_period", "scale", "rules", "adjustment_approver",
                 "min_days_between_adjustments", "max_adjustments_per_period", "archived")
SETTINGS = ("name", "name_en", "description", "checkin_cadence", "review_period", "scale",
            "rules", "adjustment_approver", "min_days_between_adjustments",
            "max_adjustments_per_period")
COMPONENT_FIELDS = ("key", "paradigm", "label", "label_en", "weight", "pay_linked")
OPEN_GOALS = (GoalStatus.DRAFT, GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION)
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_GUARD_DAYS = 3650


@dataclass(frozen=True)
class ComponentSpec:
    key: str
    paradigm: str
    label: str
    weight: Any
    label_en: str = ""
    pay_linked: bool = True


# --- checks ---------------------------------------------------------------------------------


def _require_designer(actor: Actor) -> None:
    if not actor.is_hr:
        raise Forbidden


def _in_hr_scope(actor: Actor, unit: Unit) -> bool:
    return actor.is_hr_admin or any(tree.is_within(unit.path, p) for p in actor.hrbp_unit_paths)


def _require_may_change(actor: Actor, scheme: Scheme) -> None:
    """HR admins always; HR business partners only for schemes that touch nothing outside
    their scope."""
    _require_designer(actor)
    if actor.is_hr_admin:
        return
    if scheme.is_default:
        raise ServiceError(Problem("scheme", _("Only an HR admin changes the group-default "
                                               "scheme.")))
    outside = Q()
    for path in actor.hrbp_unit_paths:
        outside &= ~tree.subtree_q("unit__path", path)
    if scheme.assignments.filter(outside).exists():
        raise ServiceError(Problem("scheme", _("This scheme is used by units outside your HR "
                                               "scope; ask an HR admin.")))
    people_outside = Q()
    for path in actor.hrbp_unit_paths:
        people_outside &= ~tree.subtree_q("person__unit__path", path)
    if Goal.objects.filter(people_outside, component__scheme=scheme, status__in=OPEN_GOALS,
                           person__isnull=False).exists():
        raise ServiceError(Problem("scheme", _("People outside your HR scope have goals under "
                                               "this scheme; ask an HR admin.")))


def _settings(checks: Checks, values: Mapping[str, Any]) -> dict[str, Any]:
    """The scheme's settings among `values`, checked."""
    clean: dict[str, Any] = {}
    if "name" in values:
        clean["name"] = checks.text(values["name"], "name", max_length=200, required=True)
    if "name_en" in values:
        clean["name_en"] = checks.text(values["name_en"], "name_en", max_length=200)
    if "description" in values:
        clean["description"] = checks.text(values["description"], "description",
                                           max_length=5000)
    if "checkin_cadence" in values:
        clean["checkin_cadence"] = checks.choice(values["checkin_cadence"], "checkin_cadence",
                                                 list(Cadence.values), default=Cadence.QUARTERLY)
    if "review_period" in values:
        clean["review_period"] = checks.choice(values["review_period"], "review_period",
                                               list(PeriodKind.values), default=PeriodKind.YEAR)
    if "adjustment_approver" in values:
        clean["adjustment_approver"] = checks.choice(
            values["adjustment_approver"], "adjustment_approver",
            [Approver.MANAGER.value, Approver.HRBP.value], default=Approver.MANAGER)
    if "scale" in values:
        try:
            clean["scale"] = RatingScale.from_json(values["scale"]).to_json()
        except ServiceError as exc:
            checks.extend(exc.problems)
    if "rules" in values:
        try:
            ScoringRules.from_overrides(values["rules"])
            clean["rules"] = {name: float(value) for name, value in
                              sorted((values["rules"] or {}).items())}
        except ServiceError as exc:
            checks.extend(exc.problems)
    for name, low in (("min_days_between_adjustments", 0), ("max_adjustments_per_period", 0)):
        if name in values:
            number = checks.number(values[name], name, places=4, max_digits=10, required=True)
            if number is not None and (number != number.to_integral_value()
                                       or not low <= number <= MAX_GUARD_DAYS):
                checks.add(name, _("Must be a whole number from %(low)d to %(high)d.")
                           % {"low": low, "high": MAX_GUARD_DAYS})
            elif number is not None:
                clean[name] = int(number)
    return clean


def _components(checks: Checks, specs: Sequence[ComponentSpec]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    keys: dict[str, int] = {}
    for i, spec in enumerate(specs):
        at = f"components.{i}"
        key = checks.text(spec.key, f"{at}.key", max_length=40, required=True).lower()
        if key and not _KEY.match(key):
            checks.add(f"{at}.key", _("Use lower-case letters, digits, - and _ (e.g. "
                                      "result_kpi)."))
        elif key in keys:
            checks.add(f"{at}.key", _("Key %(key)s is already used by part %(n)d.")
                       % {"key": key, "n": keys[key] + 1})
        keys.setdefault(key, i)
        paradigm = checks.choice(spec.paradigm, f"{at}.paradigm", list(Paradigm.values))
        if not paradigm and not checks.has(f"{at}.paradigm"):
            checks.add(f"{at}.paradigm", _("This field is required."))
        rows.append({
            "key": key, "paradigm": paradigm,
            "label": checks.text(spec.label, f"{at}.label", max_length=200, required=True),
            "label_en": checks.text(spec.label_en, f"{at}.label_en", max_length=200),
            "weight": checks.number(spec.weight, f"{at}.weight", places=2, max_digits=6,
                                    required=True),
            "pay_linked": bool(spec.pay_linked), "order": i,
        })
    weights = [row["weight"] for row in rows]
    if all(w is not None for w in weights):
        checks.extend(check_weights(weights, field="components"))
    return rows


def _code(checks: Checks, code: str, *, exclude: int | None = None) -> str:
    code = checks.text(code, "code", max_length=40, required=True).lower()
    if code and not _KEY.match(code):
        checks.add("code", _("Use lower-case letters, digits, - and _ (e.g. sales_2026)."))
    elif code and Scheme.objects.filter(code=code).exclude(pk=exclude or 0).exists():
        checks.add("code", _("Code %(code)s is already used.") % {"code": code})
    return code


# --- audit ---------------------------------------------------------------------------------


def _snapshot(scheme: Scheme) -> dict[str, JsonValue]:
    values = audit.snapshot(scheme, SCHEME_FIELDS)
    values["components"] = [audit.snapshot(c, COMPONENT_FIELDS)
                            for c in scheme.components.order_by("order", "pk")]
    return values


# --- services ------------------------------------------------------------------------------


def create_scheme(*, actor: Actor, code: str, name: str, components: Sequence[ComponentSpec],
                  template_key: str = "", **settings: Any) -> Scheme:
    """A new scheme (never the group default: see :func:`set_default_scheme`)."""
    _require_designer(actor)
    unknown = sorted(set(settings) - set(SETTINGS))
    if unknown:
        raise ServiceError([Problem(n, _("Unknown field.")) for n in unknown])
    checks = Checks()
    code = _code(checks, code)
    values = _settings(checks, {"name": name, **settings})
    rows = _components(checks, components)
    checks.raise_if_any()
    with transaction.atomic():
        scheme = Scheme.objects.create(code=code, template_key=template_key, **values)
        SchemeComponent.objects.bulk_create([SchemeComponent(scheme=scheme, **row)
                                             for row in rows])
        audit.record(actor, audit.draft_for(scheme, Action.CREATE, changes=audit.diff(
            {}, _snapshot(scheme))))
        emit(events.SchemeChanged(scheme.pk))
    return scheme


def create_scheme_from_template(*, actor: Actor, template_key: str, code: str,
                                name: str = "", name_en: str = "") -> Scheme:
    """A copy of a built-in template (its components, cadence and review period), to adapt."""
    spec = template(template_key)
    if spec is None:
        raise ServiceError(Problem("template", _("No template %(key)s; there are: "
                                                 "%(keys)s.")
                                   % {"key": template_key,
                                      "keys": ", ".join(t["key"] for t in TEMPLATES)}))
    return create_scheme(
        actor=actor, code=code, name=name or spec["name"], name_en=name_en or spec["name_en"],
        description=spec["description"], checkin_cadence=spec["checkin_cadence"],
        review_period=spec["review_period"], template_key=spec["key"],
        components=[ComponentSpec(key=c["key"], paradigm=c["paradigm"], label=c["label"],
                                  label_en=c["label_en"], weight=c["weight"],
                                  pay_linked=c["pay_linked"]) for c in spec["components"]])


def _locked(actor: Actor, scheme_id: int) -> Scheme:
    scheme = Scheme.objects.select_for_update().filter(pk=scheme_id).first()
    if scheme is None or not actor.is_internal:
        raise NotFound
    return scheme


def update_scheme(*, actor: Actor, scheme_id: int, **changes: Any) -> Scheme:
    """Change settings: name, cadence, review period, scale, scoring rules, adjustment
    policy. Components change through :func:`replace_components`."""
    unknown = sorted(set(changes) - set(SETTINGS))
    if unknown:
        raise ServiceError([Problem(n, _("Unknown field.")) for n in unknown])
    with transaction.atomic():
        scheme = _locked(actor, scheme_id)
        _require_may_change(actor, scheme)
        checks = Checks()
        values = _settings(checks, changes)
        if "review_period" in values and values["review_period"] != scheme.review_period \
                and Goal.objects.filter(component__scheme=scheme,
                                        status__in=OPEN_GOALS).exists():
            checks.add("review_period", _("Goals are open under this scheme's review period; "
                                          "close them before changing it."))
        checks.raise_if_any()
        before = audit.snapshot(scheme, SCHEME_FIELDS)
        for name, value in values.items():
            setattr(scheme, name, value)
        changed = audit.diff(before, audit.snapshot(scheme, SCHEME_FIELDS))
        if changed:
            scheme.save(update_fields=list(changed))
            audit.record(actor, audit.draft_for(scheme, Action.UPDATE, changes=changed))
            emit(events.SchemeChanged(scheme.pk))
    return scheme


def replace_components(*, actor: Actor, scheme_id: int,
                       components: Sequence[ComponentSpec]) -> Scheme:
    """The scheme's components, replaced as a whole in one transaction. A component keeps its
    identity by key, so goals counting towards it stay with it; a component with goals cannot
    be removed or change paradigm."""
    with transaction.atomic():
        scheme = _locked(actor, scheme_id)
        _require_may_change(actor, scheme)
        checks = Checks()
        rows = _components(checks, components)
        current = {c.key: c for c in scheme.components.all()}
        with_goals = set(Goal.objects.filter(component__scheme=scheme)
                         .values_list("component__key", flat=True))
        wanted = {row["key"] for row in rows}
        for key in sorted(set(current) - wanted):
            if key in with_goals:
                checks.add("components", _("Component %(key)s has goals; it cannot be removed.")
                           % {"key": key})
        for i, row in enumerate(rows):
            old = current.get(row["key"])
            if old is not None and old.paradigm != row["paradigm"] and row["key"] in with_goals:
                checks.add(f"components.{i}.paradigm", _("Component %(key)s has %(paradigm)s "
                                                         "goals; its paradigm cannot change.")
                           % {"key": row["key"], "paradigm": old.paradigm})
        checks.raise_if_any()
        before = _snapshot(scheme)
        scheme.components.exclude(key__in=wanted).delete()
        for row in rows:
            old = current.get(row["key"])
            if old is None:
                SchemeComponent.objects.create(scheme=scheme, **row)
                continue
            for name, value in row.items():
                setattr(old, name, value)
            old.save(update_fields=[n for n in row if n != "key"])
        changed = audit.diff(before, _snapshot(scheme))
        if changed:
            audit.record(actor, audit.draft_for(scheme, Action.UPDATE, changes=changed))
            emit(events.SchemeChanged(scheme.pk))
    return scheme


def archive_scheme(*, actor: Actor, scheme_id: int) -> Scheme:
    """Retire a scheme: refused while it is the default, assigned to a unit, or while open
    goals count towards its components."""
    with transaction.atomic():
        scheme = _locked(actor, scheme_id)
        _require_may_change(actor, scheme)
        checks = Checks()
        if scheme.archived:
            checks.add("archived", _("The scheme is already archived."))
        if scheme.is_default:
            checks.add("is_default", _("The group default cannot be archived: mark another "
                                       "scheme as the default first."))
        units = list(scheme.assignments.select_related("unit").order_by("unit__path")
                     .values_list("unit__code", flat=True))
        if units:
            checks.add("assignments", _("Assigned to units %(units)s: assign them another "
                                        "scheme first.") % {"units": ", ".join(units)})
        open_goals = Goal.objects.filter(component__scheme=scheme, status__in=OPEN_GOALS).count()
        if open_goals:
            checks.add("components", _("%(n)d open goals count towards this scheme.")
                       % {"n": open_goals})
        checks.raise_if_any()
        scheme.archived = True
        scheme.save(update_fields=["archived"])
        audit.record(actor, audit.draft_for(scheme, Action.UPDATE,
                                            changes={"archived": [False, True]}))
        emit(events.SchemeChanged(scheme.pk))
    return scheme


def set_default_scheme(*, actor: Actor, scheme_id: int) -> Scheme:
    """Mark the group default (HR admins): exactly one scheme is the default at any time."""
    if not actor.is_hr_admin:
        raise Forbidden
    with transaction.atomic():
        scheme = _locked(actor, scheme_id)
        if scheme.archived:
            raise ServiceError(Problem("scheme", _("An archived scheme cannot be the default.")))
        if scheme.is_default:
            return scheme
        drafts = []
        for old in Scheme.objects.select_for_update().filter(is_default=True):
            old.is_default = False
            old.save(update_fields=["is_default"])  # first, for the one-default constraint
            drafts.append(audit.draft_for(old, Action.UPDATE,
                                          changes={"is_default": [True, False]}))
        scheme.is_default = True
        scheme.save(update_fields=["is_default"])
        drafts.append(audit.draft_for(scheme, Action.UPDATE,
                                      changes={"is_default": [False, True]}))
        audit.record_many(actor, drafts)
        emit(events.SchemeChanged(scheme.pk))
    return scheme


def _unit_in_scope(actor: Actor, unit_id: int) -> Unit:
    _require_designer(actor)
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound
    if not _in_hr_scope(actor, unit):
        raise ServiceError(Problem("unit", _("This unit is outside your HR scope.")))
    return unit


def assign_scheme(*, actor: Actor, unit_id: int, scheme_id: int) -> SchemeAssignment:
    """The unit's scheme, inherited by the units below it that have none of their own."""
    with transaction.atomic():
        unit = _unit_in_scope(actor, unit_id)
        scheme = Scheme.objects.filter(pk=scheme_id).first()
        if scheme is None:
            raise ServiceError(Problem("scheme_id", _("No such scheme.")))
        if scheme.archived:
            raise ServiceError(Problem("scheme_id", _("Scheme %(name)s is archived.")
                                       % {"name": scheme.name}))
        assignment = SchemeAssignment.objects.select_for_update().filter(unit=unit).first()
        if assignment is not None and assignment.scheme_id == scheme.pk:
            return assignment
        before = assignment.scheme_id if assignment is not None else None
        if assignment is None:
            assignment = SchemeAssignment.objects.create(unit=unit, scheme=scheme)
        else:
            assignment.scheme, assignment.assigned_at = scheme, timezone.now()
            assignment.save(update_fields=["scheme", "assigned_at"])
        audit.record(actor, audit.draft_for(
            assignment, Action.CREATE if before is None else Action.UPDATE,
            changes={"unit": [None if before is None else unit.pk, unit.pk],
                     "scheme": [before, scheme.pk]}))
        emit(events.SchemeAssigned(unit.pk, scheme.pk))
    return assignment


def unassign_scheme(*, actor: Actor, unit_id: int) -> None:
    """The unit goes back to inheriting (from above, or the group default)."""
    with transaction.atomic():
        unit = _unit_in_scope(actor, unit_id)
        assignment = SchemeAssignment.objects.select_for_update().filter(unit=unit).first()
        if assignment is None:
            raise ServiceError(Problem("unit", _("This unit has no scheme of its own.")))
        audit.record(actor, audit.draft_for(assignment, Action.DELETE, changes={
            "unit": [unit.pk, None], "scheme": [assignment.scheme_id, None]}))
        assignment.delete()
        emit(events.SchemeAssigned(unit.pk, None))

