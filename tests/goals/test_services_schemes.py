"""Scheme design and assignment (flexperf.goals.services.schemes)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from flexperf.audit.models import AuditEntry
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, NotFound, ServiceError
from flexperf.core.events import Event
from flexperf.goals.events import SchemeAssigned, SchemeChanged
from flexperf.goals.models import Scheme, SchemeAssignment, SchemeComponent
from flexperf.goals.selectors.schemes import (
    default_scheme,
    scheme_for_person,
    where_scheme_comes_from,
)
from flexperf.goals.services import schemes as services
from flexperf.goals.services.schemes import ComponentSpec
from tests.goals import factories as f
from tests.goals.conftest import GoalOrg

SYSTEM = Actor.system()
Capture = Callable[..., Any]


def problems(exc: pytest.ExceptionInfo[ServiceError]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in exc.value.problems]


def components(*parts: tuple[str, str, int]) -> list[ComponentSpec]:
    return [ComponentSpec(key=key, paradigm=paradigm, label=key, weight=weight)
            for key, paradigm, weight in parts]


def test_a_scheme_from_scratch_holds_its_components_in_order(goal_org: GoalOrg) -> None:
    scheme = services.create_scheme(
        actor=goal_org.actor("hr_admin"), code="rnd_2026", name="研发 2026", name_en="R&D 2026",
        checkin_cadence="monthly", review_period="half",
        components=components(("okr", "okr", 60), ("behaviour", "behaviour", 40)),
        scale=[{"rating": "优", "min": 100}, {"rating": "良", "min": 80},
               {"rating": "差", "min": None}],
        rules={"project_late_floor": 40})
    assert [(c.key, c.paradigm, c.weight, c.order) for c in scheme.components.all()] == [
        ("okr", "okr", Decimal("60.00"), 0), ("behaviour", "behaviour", Decimal("40.00"), 1)]
    assert scheme.scale == [{"rating": "优", "min": 100.0}, {"rating": "良", "min": 80.0},
                            {"rating": "差", "min": None}]
    assert (scheme.rules, scheme.is_default, scheme.review_period) == (
        {"project_late_floor": 40.0}, False, "half")
    entry = AuditEntry.objects.get(object_type="goals.scheme", object_id=str(scheme.pk))
    assert entry.changes["code"] == [None, "rnd_2026"]
    assert [c["key"] for c in entry.changes["components"][1]] == ["okr", "behaviour"]


def test_every_problem_of_a_new_scheme_is_named_and_nothing_is_written(
        goal_org: GoalOrg) -> None:
    before = Scheme.objects.count()
    with pytest.raises(ServiceError) as caught:
        services.create_scheme(
            actor=SYSTEM, code="profit_centre", name="", review_period="decade",
            components=components(("kpi", "kpi", 60), ("kpi", "astrology", 30)),
            scale=[{"rating": "A", "min": 50}, {"rating": "B", "min": 90},
                   {"rating": "C", "min": None}],
            rules={"kpi_cap_points": "lots"})
    assert problems(caught) == [
        ("code", "Code profit_centre is already used."),
        ("name", "This field is required."),
        ("review_period", "'decade' is not one of: year, half, quarter, month"),
        ("scale", "Minimums must fall from the highest rating to the lowest."),
        ("rules.kpi_cap_points", "Must be a number."),
        ("components.1.key", "Key kpi is already used by part 1."),
        ("components.1.paradigm",
         "'astrology' is not one of: kpi, okr, bsc, project, service, behaviour"),
        ("components", "Weights add up to 90; they must add up to 100."),
    ]
    assert Scheme.objects.count() == before


def test_a_scheme_copied_from_a_template_is_a_new_scheme_to_adapt(goal_org: GoalOrg) -> None:
    copy = services.create_scheme_from_template(actor=goal_org.actor("hrbp"),
                                                template_key="mature_sales", code="east_sales")
    assert (copy.name_en, copy.template_key, copy.checkin_cadence, copy.is_default) == (
        "Mature-business sales", "mature_sales", "monthly", False)
    assert [(c.key, c.weight) for c in copy.components.all()] == [
        ("result_kpi", Decimal("70.00")), ("process_kpi", Decimal("30.00"))]
    original = f.scheme("mature_sales")
    assert original.components.count() == 2  # the template's own scheme is untouched
    with pytest.raises(ServiceError) as caught:
        services.create_scheme_from_template(actor=SYSTEM, template_key="moonshot", code="x")
    assert caught.value.problems[0].field == "template"


def test_settings_change_with_an_audited_diff(goal_org: GoalOrg,
                                              django_capture_on_commit_callbacks: Capture,
                                              announced: list[Event]) -> None:
    scheme = goal_org.schemes["innovation_unit"]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_scheme(actor=SYSTEM, scheme_id=scheme.pk, checkin_cadence="quarterly",
                               rules={"aspirational_on_target": 0.6},
                               min_days_between_adjustments=14)
    entry = AuditEntry.objects.filter(object_type="goals.scheme",
                                      object_id=str(scheme.pk)).latest("seq")
    assert entry.changes == {
        "checkin_cadence": ["monthly", "quarterly"],
        "min_days_between_adjustments": [30, 14],
        "rules": [{}, {"aspirational_on_target": 0.6}],
    }
    assert announced == [SchemeChanged(scheme.pk)]
    with pytest.raises(ServiceError) as caught:
        services.update_scheme(actor=SYSTEM, scheme_id=scheme.pk, max_adjustments_per_period=-1,
                               rules={"bonus": 2}, scale=[{"rating": "S", "min": 1}])
    assert problems(caught) == [
        ("scale", "A scale needs at least two ratings."),
        ("scale", "The lowest rating takes every score below the others: leave its minimum "
                  "empty."),
        ("rules.bonus", "Unknown scoring rule."),
        ("max_adjustments_per_period", "Must be a whole number from 0 to 3650."),
    ]


def test_components_are_replaced_whole_keeping_the_ones_goals_count_towards(
        goal_org: GoalOrg) -> None:
    scheme = goal_org.schemes["profit_centre"]
    kpi_component = scheme.components.get(key="kpi")
    goal = f.kpi_goal(goal_org.people["rep1"])
    assert goal.component_id == kpi_component.pk
    services.replace_components(actor=SYSTEM, scheme_id=scheme.pk, components=components(
        ("kpi", "kpi", 60), ("behaviour", "behaviour", 25), ("okr", "okr", 15)))
    assert [(c.pk == kpi_component.pk, c.key, c.weight) for c in scheme.components.all()] == [
        (True, "kpi", Decimal("60.00")), (False, "behaviour", Decimal("25.00")),
        (False, "okr", Decimal("15.00"))]
    goal.refresh_from_db()
    assert goal.component_id == kpi_component.pk

    with pytest.raises(ServiceError) as caught:
        services.replace_components(actor=SYSTEM, scheme_id=scheme.pk, components=components(
            ("kpi", "okr", 50), ("okr", "okr", 50)))
    assert problems(caught) == [
        ("components.0.paradigm", "Component kpi has kpi goals; its paradigm cannot change.")]
    with pytest.raises(ServiceError) as removed:
        services.replace_components(actor=SYSTEM, scheme_id=scheme.pk,
                                    components=components(("okr", "okr", 100)))
    assert problems(removed) == [("components", "Component kpi has goals; it cannot be "
                                                "removed.")]
    assert scheme.components.count() == 3


def test_archiving_is_refused_while_the_scheme_is_in_use(goal_org: GoalOrg) -> None:
    innovation = goal_org.schemes["innovation_unit"]
    f.okr_goal(goal_org.people["engineer"], period_code="2026-H1")
    with pytest.raises(ServiceError) as caught:
        services.archive_scheme(actor=SYSTEM, scheme_id=innovation.pk)
    assert problems(caught) == [
        ("assignments", "Assigned to units R: assign them another scheme first."),
        ("components", "1 open goals count towards this scheme."),
    ]
    with pytest.raises(ServiceError) as default:
        services.archive_scheme(actor=SYSTEM, scheme_id=goal_org.schemes["profit_centre"].pk)
    assert default.value.problems[0].field == "is_default"
    unused = f.scheme("group_strategy")
    services.archive_scheme(actor=SYSTEM, scheme_id=unused.pk)
    unused.refresh_from_db()
    assert unused.archived
    with pytest.raises(ServiceError) as archived:
        services.assign_scheme(actor=SYSTEM, unit_id=goal_org.org.units["S"].pk,
                               scheme_id=unused.pk)
    assert problems(archived) == [("scheme_id", "Scheme 集团战略层 is archived.")]


def test_exactly_one_scheme_is_the_group_default(goal_org: GoalOrg) -> None:
    old = default_scheme()
    new = f.scheme("support_function")
    services.set_default_scheme(actor=goal_org.actor("hr_admin"), scheme_id=new.pk)
    assert list(Scheme.objects.filter(is_default=True)) == [new]
    entries = AuditEntry.objects.filter(object_type="goals.scheme").order_by("seq")
    assert [(e.object_id, e.changes) for e in entries][-2:] == [
        (str(old.pk), {"is_default": [True, False]}), (str(new.pk), {"is_default": [False, True]})]
    with pytest.raises(Forbidden):
        services.set_default_scheme(actor=goal_org.actor("hrbp"), scheme_id=old.pk)


def test_a_scheme_is_inherited_down_the_tree_unless_a_lower_unit_has_its_own(
        goal_org: GoalOrg, django_capture_on_commit_callbacks: Capture,
        announced: list[Event]) -> None:
    units, people = goal_org.org.units, goal_org.people
    sales = f.scheme("mature_sales")
    assert scheme_for_person(people["rep1"]).code == "profit_centre"  # the default
    assert where_scheme_comes_from(units["SE"]) is None
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_scheme(actor=goal_org.actor("hrbp"), unit_id=units["S"].pk,
                               scheme_id=sales.pk)
    assert announced == [SchemeAssigned(units["S"].pk, sales.pk)]
    assert scheme_for_person(people["rep1"]) == sales
    assert scheme_for_person(people["sales_head"]) == sales
    assert where_scheme_comes_from(units["SE"]) == units["S"]
    assert scheme_for_person(people["ceo"]).code == "profit_centre"

    services.assign_scheme(actor=SYSTEM, unit_id=units["SE"].pk,
                           scheme_id=f.scheme("profit_centre").pk)
    assert scheme_for_person(people["rep1"]).code == "profit_centre"
    assert scheme_for_person(people["sales_head"]) == sales
    services.unassign_scheme(actor=SYSTEM, unit_id=units["SE"].pk)
    services.unassign_scheme(actor=SYSTEM, unit_id=units["S"].pk)
    assert scheme_for_person(people["rep1"]).code == "profit_centre"
    assert not SchemeAssignment.objects.filter(unit__in=[units["S"], units["SE"]]).exists()
    actions = list(AuditEntry.objects.filter(object_type="goals.schemeassignment")
                   .order_by("seq").values_list("action", flat=True))
    assert actions[-4:] == ["create", "create", "delete", "delete"]
    with pytest.raises(ServiceError) as caught:
        services.unassign_scheme(actor=SYSTEM, unit_id=units["S"].pk)
    assert problems(caught) == [("unit", "This unit has no scheme of its own.")]


def test_an_hrbp_works_inside_their_scope_only(goal_org: GoalOrg) -> None:
    hrbp = goal_org.actor("hrbp")  # HRBP for S (sales)
    units = goal_org.org.units
    own = services.create_scheme(actor=hrbp, code="sales_pilot", name="销售试点",
                                 components=components(("kpi", "kpi", 100)))
    services.assign_scheme(actor=hrbp, unit_id=units["SE"].pk, scheme_id=own.pk)
    services.update_scheme(actor=hrbp, scheme_id=own.pk, name="销售试点 v2")
    with pytest.raises(ServiceError) as outside:
        services.assign_scheme(actor=hrbp, unit_id=units["R"].pk, scheme_id=own.pk)
    assert problems(outside) == [("unit", "This unit is outside your HR scope.")]
    with pytest.raises(ServiceError) as default:
        services.update_scheme(actor=hrbp, scheme_id=default_scheme().pk, name="改")
    assert problems(default) == [("scheme", "Only an HR admin changes the group-default "
                                            "scheme.")]
    with pytest.raises(ServiceError) as elsewhere:
        services.replace_components(actor=hrbp,
                                    scheme_id=goal_org.schemes["innovation_unit"].pk,
                                    components=components(("okr", "okr", 100)))
    assert problems(elsewhere) == [("scheme", "This scheme is used by units outside your HR "
                                              "scope; ask an HR admin.")]
    for role in ("employee", "manager", "executive", "auditor", "partner"):
        with pytest.raises(Forbidden):
            services.create_scheme(actor=goal_org.actor(role), code=f"x_{role}", name="x",
                                   components=components(("kpi", "kpi", 100)))
        with pytest.raises(Forbidden):
            services.assign_scheme(actor=goal_org.actor(role), unit_id=units["S"].pk,
                                   scheme_id=own.pk)
    with pytest.raises(NotFound):
        services.assign_scheme(actor=SYSTEM, unit_id=999_999, scheme_id=own.pk)
    assert SchemeComponent.objects.filter(scheme__code__startswith="x_").count() == 0
