"""Goals: create (person, unit or company goal, with its metrics and milestones in one call),
edit while a draft, activate (version 1), close, delete a draft.

An active goal's definition changes only through an approved adjustment
(:mod:`flexperf.goals.services.adjustments`), never here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, Problem, ServiceError
from flexperf.core.events import emit
from flexperf.core.jsonable import JsonValue, to_jsonable
from flexperf.goals import events, validation, versioning
from flexperf.goals.models import (
    Aggregation,
    Direction,
    Goal,
    GoalStatus,
    Metric,
    MetricKind,
    MetricLink,
    Milestone,
    MissAnalysis,
    OkrType,
    OwnerKind,
    Paradigm,
    Period,
    Perspective,
    Scheme,
    SchemeComponent,
)
from flexperf.goals.selectors.access import (
    access_goal,
    can_edit_goal,
    can_manage_goal,
    is_owner,
)
from flexperf.goals.selectors.schemes import components_of, scheme_for_person
from flexperf.goals.services import Checks
from flexperf.goals.services import context as miss_context
from flexperf.org.models import Company, Person, Status
from flexperf.org.selectors import people_visible_to, units_visible_to

Number = Decimal | int | float | str | None

# What a goal's definition holds, for audit diffs (metrics and milestones as lists).
GOAL_FIELDS = ("period", "paradigm", "owner_kind", "person", "unit", "company", "component",
               "title", "description", "weight", "status", "okr_type", "perspective_weights",
               "due_date")
METRIC_FIELDS = ("kind", "name", "unit_label", "direction", "baseline", "threshold", "target",
                 "stretch", "start", "confidence", "weight", "perspective", "aggregation",
                 "anchors")
MILESTONE_FIELDS = ("name", "due", "weight", "accepted_on")
EDITABLE = ("period", "component", "title", "description", "weight", "okr_type",
            "perspective_weights", "due_date", "metrics", "milestones", "links")
RATED = (MetricKind.CSAT, MetricKind.BEHAVIOUR)
OPEN_STATUSES = (GoalStatus.DRAFT, GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION)


@dataclass(frozen=True)
class MetricSpec:
    """One metric as the caller gives it; numbers may be text (a file) or decimals (the API)."""

    kind: str
    name: str
    unit_label: str = ""
    direction: str = Direction.HIGHER
    baseline: Number = None
    threshold: Number = None
    target: Number = None
    stretch: Number = None
    start: Number = None
    confidence: Number = None
    weight: Number = 1
    perspective: str = ""
    aggregation: str = ""
    anchors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MilestoneSpec:
    name: str
    due: dt.date | None
    weight: Number = 1


@dataclass
class _Checked:
    """A definition after checking: values ready for the model rows."""

    goal: dict[str, Any]
    metrics: list[dict[str, Any]]
    milestones: list[dict[str, Any]]
    links: list[tuple[int, int]]


# --- reading the definition ---------------------------------------------------------------


def _period_of(checks: Checks, value: str | int | Period | None) -> Period | None:
    if isinstance(value, Period):
        return value
    if value is None or value == "":
        checks.add("period", _("This field is required."))
        return None
    from flexperf.goals.selectors.goals import period_by_code

    found = (Period.objects.filter(pk=value).first() if isinstance(value, int)
             else period_by_code(value))
    if found is None:
        checks.add("period", _("No period %(code)s: HR creates periods first.")
                   % {"code": value})
    return found


def _metric_values(checks: Checks, spec: MetricSpec, i: int, paradigm: str) -> dict[str, Any]:
    at = f"metrics.{i}"
    kind = checks.choice(spec.kind, f"{at}.kind", list(MetricKind.values))
    values: dict[str, Any] = {
        "kind": kind,
        "name": checks.text(spec.name, f"{at}.name", max_length=300, required=True),
        "unit_label": checks.text(spec.unit_label, f"{at}.unit_label", max_length=40),
        "direction": checks.choice(spec.direction, f"{at}.direction", list(Direction.values),
                                   default=Direction.HIGHER),
        "weight": checks.number(spec.weight, f"{at}.weight", places=2, max_digits=8,
                                required=True, positive=True),
        "order": i,
    }
    for name in ("baseline", "threshold", "target", "stretch", "start"):
        values[name] = checks.number(getattr(spec, name), f"{at}.{name}")
    if not kind:
        return values
    if kind in validation.KPI_LIKE:
        if not checks.has(f"{at}.threshold") and not checks.has(f"{at}.target") \
                and not checks.has(f"{at}.stretch"):
            checks.extend(validation.kpi_thresholds(
                direction=values["direction"], threshold=values["threshold"],
                target=values["target"], stretch=values["stretch"], field=at, row=checks.row))
        if values["start"] is not None:
            checks.add(f"{at}.start", _("Only key results have a start value."))
    elif kind == MetricKind.KEY_RESULT:
        if not checks.has(f"{at}.start") and not checks.has(f"{at}.target"):
            checks.extend(validation.key_result_range(start=values["start"],
                                                      target=values["target"], field=at,
                                                      row=checks.row))
        for name in ("threshold", "stretch"):
            if values[name] is not None:
                checks.add(f"{at}.{name}", _("A key result has a start and a target only."))
    else:  # rated 1–5: a survey or behaviour ratings
        for name in ("baseline", "threshold", "target", "stretch", "start"):
            if values[name] is not None:
                checks.add(f"{at}.{name}", _("Rated measures (1–5) have no thresholds."))
    values["confidence"] = _confidence(checks, spec.confidence, kind, at)
    values["perspective"] = _perspective(checks, spec.perspective, kind, at)
    values["aggregation"] = _aggregation(checks, spec.aggregation, kind, at)
    values["anchors"] = _anchors(checks, spec.anchors, kind, at)
    return values


def _confidence(checks: Checks, value: Number, kind: str, at: str) -> int | None:
    if value is None or value == "":
        return None
    if kind != MetricKind.KEY_RESULT:
        checks.add(f"{at}.confidence", _("Only key results carry a confidence."))
        return None
    return confidence_of(checks, value, f"{at}.confidence")


def confidence_of(checks: Checks, value: Any, field: str) -> int | None:
    """A confidence: a whole number from 0 to 10."""
    number = checks.number(value, field, places=4)
    if number is None:
        return None
    if number != number.to_integral_value() or not 0 <= number <= 10:
        checks.add(field, _("Confidence is a whole number from 0 to 10."))
        return None
    return int(number)


def _perspective(checks: Checks, value: str, kind: str, at: str) -> str:
    perspective = checks.choice(value, f"{at}.perspective", list(Perspective.values))
    if kind == MetricKind.BSC_MEASURE and not perspective and not checks.has(f"{at}.perspective"):
        checks.add(f"{at}.perspective", _("Choose the measure's perspective."))
    elif kind != MetricKind.BSC_MEASURE and perspective:
        checks.add(f"{at}.perspective", _("Only scorecard measures have a perspective."))
        return ""
    return perspective


def _aggregation(checks: Checks, value: str, kind: str, at: str) -> str:
    if kind in RATED:
        # Surveys and ratings always score their mean; another choice would be misleading.
        if value and value != Aggregation.MEAN:
            checks.add(f"{at}.aggregation", _("Ratings and surveys are averaged (mean)."))
        return Aggregation.MEAN
    return checks.choice(value, f"{at}.aggregation", list(Aggregation.values),
                         default=Aggregation.LAST)


def _anchors(checks: Checks, anchors: Mapping[str, str] | None, kind: str,
             at: str) -> dict[str, str]:
    if not anchors:
        return {}
    if kind != MetricKind.BEHAVIOUR:
        checks.add(f"{at}.anchors", _("Only behavioural indicators have anchors."))
        return {}
    clean: dict[str, str] = {}
    for level, text in anchors.items():
        if str(level) not in {"1", "2", "3", "4", "5"}:
            checks.add(f"{at}.anchors", _("Anchors describe ratings 1 to 5 (found %(level)s).")
                       % {"level": level})
            continue
        clean[str(level)] = checks.text(text, f"{at}.anchors.{level}", max_length=500,
                                        required=True)
    return dict(sorted(clean.items()))


def _check_definition(
    checks: Checks, *, period: Period | None, paradigm: str, title: str, description: str,
    weight: Number, okr_type: str, perspective_weights: Mapping[str, Number] | None,
    due_date: dt.date | None, metrics: Sequence[MetricSpec],
    milestones: Sequence[MilestoneSpec], links: Sequence[tuple[int, int]],
) -> _Checked:
    goal: dict[str, Any] = {
        "title": checks.text(title, "title", max_length=300, required=True),
        "description": checks.text(description, "description", max_length=20_000),
        "weight": checks.number(weight, "weight", places=2, max_digits=8, required=True,
                                positive=True),
        "due_date": due_date,
    }
    if paradigm == Paradigm.OKR:
        goal["okr_type"] = checks.choice(okr_type, "okr_type", list(OkrType.values),
                                         default=OkrType.COMMITTED)
    else:
        goal["okr_type"] = ""
        if okr_type:
            checks.add("okr_type", _("Only objectives (OKR) are committed or aspirational."))
    if period is not None:
        checks.within(due_date, "due_date", period.start, period.end)
    metric_rows = [_metric_values(checks, spec, i, paradigm) for i, spec in enumerate(metrics)]
    kinds = [m["kind"] for m in metric_rows if m["kind"]]
    if len(kinds) == len(metric_rows) and paradigm in Paradigm.values:
        checks.extend(validation.metric_kinds(paradigm, kinds, row=checks.row))
    goal["perspective_weights"] = _perspective_weights(checks, paradigm, perspective_weights,
                                                       metric_rows)
    milestone_rows = _milestones(checks, paradigm, milestones, period)
    link_pairs = _links(checks, paradigm, links, len(metric_rows))
    return _Checked(goal, metric_rows, milestone_rows, link_pairs)


def _perspective_weights(checks: Checks, paradigm: str, weights: Mapping[str, Number] | None,
                         metric_rows: list[dict[str, Any]]) -> dict[str, str]:
    weights = dict(weights or {})
    if paradigm != Paradigm.BSC:
        if weights:
            checks.add("perspective_weights", _("Only a scorecard has perspective weights."))
        return {}
    used = sorted({m["perspective"] for m in metric_rows if m.get("perspective")})
    problems = validation.perspective_weights(weights, used, row=checks.row)
    checks.extend(problems)
    if problems:
        return {}
    clean = {}
    for name, raw in sorted(weights.items()):
        number = checks.number(raw, f"perspective_weights.{name}", places=2, max_digits=8)
        if number is not None:
            clean[name] = f"{number.normalize():f}"
    return clean


def _milestones(checks: Checks, paradigm: str, milestones: Sequence[MilestoneSpec],
                period: Period | None) -> list[dict[str, Any]]:
    if paradigm != Paradigm.PROJECT:
        if milestones:
            checks.add("milestones", _("Only project goals have milestones."))
        return []
    if not milestones:
        checks.add("milestones", _("A project goal needs at least one milestone."))
    rows = []
    for i, spec in enumerate(milestones):
        at = f"milestones.{i}"
        row = {
            "name": checks.text(spec.name, f"{at}.name", max_length=300, required=True),
            "due": spec.due,
            "weight": checks.number(spec.weight, f"{at}.weight", places=2, max_digits=8,
                                    required=True, positive=True),
            "order": i,
        }
        if spec.due is None:
            checks.add(f"{at}.due", _("This field is required."))
        elif period is not None:
            checks.within(spec.due, f"{at}.due", period.start, period.end)
        rows.append(row)
    return rows


def _links(checks: Checks, paradigm: str, links: Sequence[tuple[int, int]],
           n_metrics: int) -> list[tuple[int, int]]:
    if not links:
        return []
    if paradigm != Paradigm.BSC:
        checks.add("links", _("Only a scorecard has cause-and-effect links."))
        return []
    seen: set[tuple[int, int]] = set()
    for i, (cause, effect) in enumerate(links):
        if not (0 <= cause < n_metrics and 0 <= effect < n_metrics):
            checks.add(f"links.{i}", _("Links join measures of this goal by their position "
                                       "(0 to %(last)d).") % {"last": n_metrics - 1})
        elif cause == effect:
            checks.add(f"links.{i}", _("A measure cannot cause itself."))
        elif (cause, effect) in seen:
            checks.add(f"links.{i}", _("This link is already listed."))
        seen.add((cause, effect))
    return sorted(seen) if not checks.has("links") else []


def _component(checks: Checks, *, person: Person, paradigm: str, period: Period | None,
               key: str) -> SchemeComponent | None:
    """The scheme component a person's goal counts towards (see the module docstring)."""
    try:
        scheme = scheme_for_person(person)
    except ServiceError as exc:
        checks.extend(exc.problems)
        return None
    components = components_of(scheme)
    if period is not None and period.kind != scheme.review_period:
        checks.add("period", _("%(scheme)s reviews by %(kind)s: choose a period of that kind, "
                               "not %(code)s.")
                   % {"scheme": scheme.name, "kind": _period_kind_label(scheme.review_period),
                      "code": period.code})
    listed = ", ".join(f"{c.key} ({c.paradigm}, {c.weight.normalize():f})" for c in components)
    if key:
        chosen = next((c for c in components if c.key == key), None)
        if chosen is None:
            checks.add("component", _("%(scheme)s has no component %(key)s; it has: "
                                      "%(components)s.")
                       % {"scheme": scheme.name, "key": key, "components": listed})
        elif chosen.paradigm != paradigm:
            checks.add("component", _("Component %(key)s holds %(their)s goals, not "
                                      "%(paradigm)s.")
                       % {"key": key, "their": chosen.paradigm, "paradigm": paradigm})
            return None
        return chosen
    matching = [c for c in components if c.paradigm == paradigm]
    if len(matching) == 1:
        return matching[0]
    if not matching:
        checks.add("paradigm", _("%(scheme)s has no %(paradigm)s component; it has: "
                                 "%(components)s.")
                   % {"scheme": scheme.name, "paradigm": paradigm, "components": listed})
    else:
        checks.add("component", _("%(scheme)s has several %(paradigm)s components: choose "
                                  "one of %(keys)s.")
                   % {"scheme": scheme.name, "paradigm": paradigm,
                      "keys": ", ".join(c.key for c in matching)})
    return None


def _period_kind_label(kind: str) -> str:
    from flexperf.goals.models import PeriodKind

    return str(dict(PeriodKind.choices).get(kind, kind)).lower()


# --- owners and rights ----------------------------------------------------------------------


def _owner(checks: Checks, actor: Actor, owner_kind: str, person_id: int | None,
           unit_id: int | None, company_id: int | None) -> Goal | None:
    """An unsaved goal carrying just its owner, or None (with a problem) when the owner is
    unknown or outside the caller's scope (the two read the same)."""
    if owner_kind not in OwnerKind.values:
        checks.add("owner_kind", _("'%(value)s' is not one of: %(allowed)s")
                   % {"value": owner_kind, "allowed": ", ".join(OwnerKind.values)})
        return None
    others = {"person_id": person_id, "unit_id": unit_id, "company_id": company_id}
    own = f"{owner_kind}_id"
    for name, value in others.items():
        if name != own and value is not None:
            checks.add(name, _("A %(owner)s goal has no %(field)s.")
                       % {"owner": owner_kind, "field": name})
    if owner_kind == OwnerKind.PERSON:
        if person_id is None:
            person_id = actor.person_id  # one's own goal
        person = people_visible_to(actor).filter(pk=person_id).select_related("unit").first() \
            if person_id is not None else None
        if person is None:
            checks.add("person_id", _("No such person in your scope."))
            return None
        if person.status == Status.LEFT:
            checks.add("person_id", _("%(name)s has left.") % {"name": person.name})
        return Goal(owner_kind=owner_kind, person=person)
    if owner_kind == OwnerKind.UNIT:
        unit = units_visible_to(actor).filter(pk=unit_id).first() if unit_id else None
        if unit is None:
            checks.add("unit_id", _("No such unit."))
            return None
        if unit.archived:
            checks.add("unit_id", _("Unit %(unit)s is archived.") % {"unit": unit.name})
        return Goal(owner_kind=owner_kind, unit=unit)
    company = Company.objects.filter(pk=company_id).first() \
        if company_id and actor.is_internal else None
    if company is None:
        checks.add("company_id", _("No such company."))
        return None
    return Goal(owner_kind=owner_kind, company=company)


def _require_may_set(actor: Actor, owner: Goal) -> None:
    """Own goals, goals of people and units one manages, company goals for HR admins and
    executives (the rule of :func:`can_manage_goal`)."""
    if not actor.is_internal:
        raise Forbidden
    if not (is_owner(actor, owner) or can_manage_goal(actor, owner)):
        raise Forbidden


# --- audit ------------------------------------------------------------------------------


def definition_of(goal: Goal) -> dict[str, JsonValue]:
    """The goal with its metrics, milestones and strategy-map links as plain JSON."""
    values = audit.snapshot(goal, GOAL_FIELDS)
    metrics = list(goal.metrics.order_by("order", "pk"))
    position = {m.pk: i for i, m in enumerate(metrics)}
    values["metrics"] = [audit.snapshot(m, METRIC_FIELDS) for m in metrics]
    values["milestones"] = [audit.snapshot(m, MILESTONE_FIELDS)
                            for m in goal.milestones.order_by("order", "due", "pk")]
    links = MetricLink.objects.filter(cause__goal=goal).values_list("cause_id", "effect_id")
    values["links"] = to_jsonable(sorted([position[c], position[e]] for c, e in links))
    return values


# --- services -------------------------------------------------------------------------------


def create_goal(
    *, actor: Actor, period: str | int | Period | None, paradigm: str, title: str,
    owner_kind: str = OwnerKind.PERSON, person_id: int | None = None,
    unit_id: int | None = None, company_id: int | None = None, component: str = "",
    description: str = "", weight: Number = 1, okr_type: str = "",
    perspective_weights: Mapping[str, Number] | None = None, due_date: dt.date | None = None,
    metrics: Sequence[MetricSpec] = (), milestones: Sequence[MilestoneSpec] = (),
    links: Sequence[tuple[int, int]] = (), row: int | None = None,
    audit_context: Mapping[str, Any] | None = None,
) -> Goal:
    """A draft goal with its metrics and milestones.

    A person's goal counts towards a component of the person's scheme (resolved down the unit
    tree) that holds its paradigm: `component` names it when the scheme has several; the
    period must be of the scheme's review kind. Unit and company goals count towards no scheme.
    `row` numbers the problems (imports); `audit_context` is added to the audit entry.
    """
    checks = Checks(row)
    owner = _owner(checks, actor, owner_kind, person_id, unit_id, company_id)
    if owner is not None:
        _require_may_set(actor, owner)
    elif not actor.is_internal:
        raise Forbidden
    the_period = _period_of(checks, period)
    if paradigm not in Paradigm.values:
        checks.add("paradigm", _("'%(value)s' is not one of: %(allowed)s")
                   % {"value": paradigm, "allowed": ", ".join(Paradigm.values)})
    checked = _check_definition(
        checks, period=the_period, paradigm=paradigm, title=title, description=description,
        weight=weight, okr_type=okr_type, perspective_weights=perspective_weights,
        due_date=due_date, metrics=metrics, milestones=milestones, links=links)
    chosen: SchemeComponent | None = None
    if owner is not None and owner.owner_kind == OwnerKind.PERSON and owner.person is not None \
            and paradigm in Paradigm.values:
        chosen = _component(checks, person=owner.person, paradigm=paradigm, period=the_period,
                            key=component)
    elif component and owner is not None:
        checks.add("component", _("Only a person's goals count towards a scheme component."))
    checks.raise_if_any()
    assert owner is not None
    assert the_period is not None
    with transaction.atomic():
        goal = Goal(period=the_period, paradigm=paradigm, owner_kind=owner.owner_kind,
                    person=owner.person, unit=owner.unit, company=owner.company,
                    component=chosen, status=GoalStatus.DRAFT, created_by_id=actor.user_id,
                    **checked.goal)
        goal.save()
        _write_parts(goal, checked)
        audit.record(actor, audit.draft_for(goal, Action.CREATE, changes=audit.diff(
            {}, definition_of(goal)), context=audit_context))
        emit(events.GoalCreated(goal.pk))
    return goal


def _write_parts(goal: Goal, checked: _Checked) -> None:
    metrics = [Metric.objects.create(goal=goal, **values) for values in checked.metrics]
    Milestone.objects.bulk_create([Milestone(goal=goal, **values)
                                   for values in checked.milestones])
    MetricLink.objects.bulk_create([MetricLink(cause=metrics[c], effect=metrics[e])
                                    for c, e in checked.links])


def update_goal(*, actor: Actor, goal_id: int, **changes: Any) -> Goal:
    """Change a draft: any of title, description, weight, due_date, okr_type,
    perspective_weights, period, component, and `metrics`/`milestones`/`links` (each replaced
    whole). The paradigm and the owner stay: create another goal instead."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ServiceError([Problem(name, _("This cannot be changed here.")
                                    if name in GOAL_FIELDS else _("Unknown field."))
                            for name in unknown])
    with transaction.atomic():
        goal = _locked(actor, goal_id)
        if goal.status != GoalStatus.DRAFT:
            raise ServiceError(Problem("status", _("Only a draft changes directly; an active "
                                                   "goal changes through an approved "
                                                   "adjustment.")))
        if not can_edit_goal(actor, goal):
            raise Forbidden
        checks = Checks()
        period = _period_of(checks, changes["period"]) if "period" in changes else goal.period
        metrics = changes.get("metrics")
        if metrics is None:
            metrics = [_spec_of(m) for m in goal.metrics.order_by("order", "pk")]
        milestones = changes.get("milestones")
        if milestones is None:
            milestones = [MilestoneSpec(m.name, m.due, m.weight)
                          for m in goal.milestones.order_by("order", "due", "pk")]
        links = changes.get("links")
        if links is None:
            links = _links_of(goal) if "metrics" not in changes else []
        checked = _check_definition(
            checks, period=period, paradigm=goal.paradigm,
            title=changes.get("title", goal.title),
            description=changes.get("description", goal.description),
            weight=changes.get("weight", goal.weight),
            okr_type=changes.get("okr_type", goal.okr_type),
            perspective_weights=changes.get("perspective_weights", goal.perspective_weights),
            due_date=changes.get("due_date", goal.due_date),
            metrics=metrics, milestones=milestones, links=links)
        component = goal.component
        if goal.owner_kind == OwnerKind.PERSON and goal.person is not None:
            if "component" in changes or "period" in changes:
                kept = goal.component.key if goal.component is not None else ""
                component = _component(checks, person=goal.person, paradigm=goal.paradigm,
                                       period=period, key=changes.get("component") or kept)
        elif changes.get("component"):
            checks.add("component", _("Only a person's goals count towards a scheme "
                                      "component."))
        checks.raise_if_any()
        assert period is not None
        before = definition_of(goal)
        for name, value in checked.goal.items():
            setattr(goal, name, value)
        goal.period, goal.component = period, component
        goal.updated_at = timezone.now()
        goal.save(update_fields=[*checked.goal, "period", "component", "updated_at"])
        if {"metrics", "milestones", "links"} & set(changes):
            # A draft has no measurements or acceptances yet, so its parts are replaced whole.
            goal.metrics.all().delete()
            goal.milestones.all().delete()
            _write_parts(goal, checked)
        changed = audit.diff(before, definition_of(goal))
        if changed:
            audit.record(actor, audit.draft_for(goal, Action.UPDATE, changes=changed))
            emit(events.GoalChanged(goal.pk, tuple(changed)))
    return goal


def _spec_of(metric: Metric) -> MetricSpec:
    return MetricSpec(
        kind=metric.kind, name=metric.name, unit_label=metric.unit_label,
        direction=metric.direction, baseline=metric.baseline, threshold=metric.threshold,
        target=metric.target, stretch=metric.stretch, start=metric.start,
        confidence=metric.confidence, weight=metric.weight, perspective=metric.perspective,
        aggregation=metric.aggregation, anchors=metric.anchors)


def _links_of(goal: Goal) -> list[tuple[int, int]]:
    position = {pk: i for i, pk in enumerate(
        goal.metrics.order_by("order", "pk").values_list("pk", flat=True))}
    return [(position[c], position[e]) for c, e in
            MetricLink.objects.filter(cause__goal=goal).values_list("cause_id", "effect_id")]


def _locked(actor: Actor, goal_id: int) -> Goal:
    """The goal the caller may see, locked for the rest of the transaction."""
    access_goal(actor, goal_id)  # NotFound outside the caller's scope
    goal = (Goal.objects.select_for_update(of=("self",))
            .select_related("period", "person", "person__unit", "unit", "company", "component",
                            "component__scheme")
            .filter(pk=goal_id).first())
    if goal is None:
        raise NotFound
    return goal


def activate_goal(*, actor: Actor, goal_id: int) -> Goal:
    """Manager-level (or HR): the draft becomes active and its definition version 1, in force
    from the period's start (or today, when the period is already under way)."""
    with transaction.atomic():
        goal = _locked(actor, goal_id)
        if not can_manage_goal(actor, goal):
            raise Forbidden
        if goal.status != GoalStatus.DRAFT:
            raise ServiceError(Problem("status", _("Only a draft can be activated (this goal "
                                                   "is %(status)s).")
                                       % {"status": goal.get_status_display()}))
        checks = Checks()
        if goal.owner_kind == OwnerKind.PERSON and goal.person is not None:
            # The person's scheme may have changed since the draft was written.
            current = _component(checks, person=goal.person, paradigm=goal.paradigm,
                                 period=goal.period,
                                 key=goal.component.key if goal.component else "")
            if current is not None and current.pk != goal.component_id:
                checks.add("component", _("The person's scheme has changed: edit the draft to "
                                          "choose a component of %(scheme)s.")
                           % {"scheme": current.scheme.name})
        checks.raise_if_any()
        goal.status = GoalStatus.ACTIVE
        goal.updated_at = timezone.now()
        goal.save(update_fields=["status", "updated_at"])
        effective = max(goal.period.start, clock.today())
        version = versioning.record_version(goal, effective_from=effective,
                                            reason=_("Activated"), created_by=actor.username)
        audit.record(actor, audit.draft_for(goal, Action.UPDATE, changes={
            "status": [GoalStatus.DRAFT, GoalStatus.ACTIVE], "version": [0, version.number]},
            context={"effective_from": effective}))
        emit(events.GoalActivated(goal.pk, version.number))
    return goal


def close_goal(*, actor: Actor, goal_id: int, missed: bool = False,
               analysis: Mapping[str, Any] | None = None) -> Goal:
    """Manager-level: the goal's period of work is over. `missed` says it fell short (the
    closing manager's call, or worked out by the caller from `goals.evaluation`); a missed goal
    needs its analysis (C6) — given here as `analysis` (premature, premature_note,
    resources_matched, resources_note, learned), or recorded before."""
    with transaction.atomic():
        goal = _locked(actor, goal_id)
        if not can_manage_goal(actor, goal):
            raise Forbidden
        if goal.status not in (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION):
            raise ServiceError(Problem("status", _("Only an active goal can be closed (this "
                                                   "goal is %(status)s).")
                                       % {"status": goal.get_status_display()}))
        checked = (miss_context.check_analysis(analysis, prefix="analysis.")
                   if missed and analysis is not None else None)
        if missed and checked is None and not MissAnalysis.objects.filter(goal=goal).exists():
            raise ServiceError(Problem("analysis", _(
                "A goal that fell short needs a short analysis: was the target premature, "
                "were resources matched, what was learned.")))
        before = goal.status
        goal.status = GoalStatus.CLOSED
        goal.updated_at = timezone.now()
        goal.save(update_fields=["status", "updated_at"])
        audit.record(actor, audit.draft_for(goal, Action.UPDATE, changes={
            "status": [before, GoalStatus.CLOSED]}, context={"missed": missed}))
        if checked is not None:
            miss_context.write_analysis(actor, goal, checked)
        emit(events.GoalClosed(goal.pk, missed))
    return goal


def delete_goal(*, actor: Actor, goal_id: int) -> None:
    """A draft may be deleted by whoever may edit it; anything later stays on record."""
    with transaction.atomic():
        goal = _locked(actor, goal_id)
        if goal.status != GoalStatus.DRAFT:
            raise ServiceError(Problem("status", _("Only a draft can be deleted; close or "
                                                   "withdraw an active goal instead.")))
        if not can_edit_goal(actor, goal):
            raise Forbidden
        audit.record(actor, audit.draft_for(goal, Action.DELETE, changes=audit.diff(
            definition_of(goal), {}), context={"aligned": _alignment_ids(goal)}))
        goal.delete()


def _alignment_ids(goal: Goal) -> dict[str, list[int]]:
    return {
        "parents": sorted(goal.contributes_to.values_list("parent_id", flat=True)),
        "children": sorted(goal.contributions.values_list("child_id", flat=True)),
    }


def scheme_of(goal: Goal) -> Scheme | None:
    """The scheme whose component the goal counts towards (None for unit and company goals)."""
    return goal.component.scheme if goal.component is not None else None

