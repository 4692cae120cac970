from __future__ import annotations

import datetime as dt

import pytest

from flexperf.audit.models import Action, AuditEntry
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.core.events import subscribe, unsubscribe_all
from flexperf.org import events, services
from flexperf.org.models import Person, Unit
from tests import factories as f
from tests.conftest import SmallOrg

SYSTEM = Actor.system()


def _paths_consistent() -> bool:
    for person in Person.objects.select_related("manager"):
        parent = person.manager.path if person.manager else None
        if person.path != tree.child_path(parent, person.pk):
            return False
    for unit in Unit.objects.select_related("parent"):
        parent = unit.parent.path if unit.parent else None
        if unit.path != tree.child_path(parent, unit.pk):
            return False
    return True


def test_changing_a_manager_moves_the_whole_reporting_subtree(small_org: SmallOrg) -> None:
    sales_head, rnd_head = small_org.people["sales_head"], small_org.people["rnd_head"]
    services.update_person(actor=SYSTEM, person_id=sales_head.pk, manager=rnd_head.pk)
    rep1 = Person.objects.get(pk=small_org.people["rep1"].pk)
    assert rep1.path.startswith(Person.objects.get(pk=rnd_head.pk).path)
    assert tree.ancestor_pks(rep1.path) == [small_org.people["ceo"].pk, rnd_head.pk,
                                            sales_head.pk]
    assert _paths_consistent()


def test_a_manager_change_that_would_make_a_cycle_is_refused(small_org: SmallOrg) -> None:
    with pytest.raises(ServiceError) as caught:
        services.update_person(actor=SYSTEM, person_id=small_org.people["sales_head"].pk,
                               manager=small_org.people["rep1"].pk)
    assert [p.field for p in caught.value.problems] == ["manager"]
    assert Person.objects.get(pk=small_org.people["sales_head"].pk).manager_id == \
        small_org.people["ceo"].pk


def test_being_your_own_manager_is_refused(small_org: SmallOrg) -> None:
    rep1 = small_org.people["rep1"]
    with pytest.raises(ServiceError, match="own manager"):
        services.update_person(actor=SYSTEM, person_id=rep1.pk, manager=rep1.pk)


def test_moving_a_unit_moves_its_subtree_and_refuses_moving_under_itself(
    small_org: SmallOrg,
) -> None:
    units = small_org.units
    services.update_unit(actor=SYSTEM, unit_id=units["S"].pk, parent=units["R"].pk)
    se = Unit.objects.get(pk=units["SE"].pk)
    assert tree.ancestor_pks(se.path) == [units["G"].pk, units["R"].pk, units["S"].pk]
    with pytest.raises(ServiceError) as caught:
        services.update_unit(actor=SYSTEM, unit_id=units["R"].pk, parent=units["SE"].pk)
    assert [p.field for p in caught.value.problems] == ["parent"]
    assert _paths_consistent()


def test_an_update_records_before_and_after_of_the_changed_fields_only(
    small_org: SmallOrg,
) -> None:
    rep1 = small_org.people["rep1"]
    services.update_person(actor=SYSTEM, person_id=rep1.pk, level="P5", name="林小雨")
    entry = AuditEntry.objects.filter(object_type="org.person", object_id=str(rep1.pk),
                                      action=Action.UPDATE).get()
    assert entry.changes == {"level": ["", "P5"]}
    assert entry.actor_username == "system"


def test_an_update_that_changes_nothing_writes_nothing(small_org: SmallOrg) -> None:
    before = AuditEntry.objects.count()
    services.update_person(actor=SYSTEM, person_id=small_org.people["rep1"].pk, name="林小雨")
    assert AuditEntry.objects.count() == before


def test_bad_values_are_all_reported_together_and_nothing_is_written(small_org: SmallOrg) -> None:
    before = (Person.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ServiceError) as caught:
        services.create_person(
            actor=SYSTEM, employee_number=small_org.people["rep1"].employee_number, name="新人",
            unit=999999, job_family="astronaut", hire_date=dt.date(2020, 1, 1),
            email="not-an-address",
        )
    assert sorted(p.field for p in caught.value.problems) == [
        "email", "employee_number", "job_family", "unit"]
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_marking_a_leaver_announces_it_after_commit(
    small_org: SmallOrg, django_capture_on_commit_callbacks: object
) -> None:
    seen: list[events.PersonLeft] = []
    subscribe(events.PersonLeft)(seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            services.update_person(actor=SYSTEM, person_id=small_org.people["rep2"].pk,
                                   status="left", leave_date=dt.date(2026, 1, 31),
                                   leave_reason="relocation")
    finally:
        unsubscribe_all(events.PersonLeft)
    assert seen == [events.PersonLeft(small_org.people["rep2"].pk, "relocation")]


def test_an_hrbp_cannot_move_someone_into_a_unit_outside_their_scope(
    small_org: SmallOrg,
) -> None:
    hrbp = f.actor(small_org.users["hrbp"])
    with pytest.raises(ServiceError) as caught:
        services.update_person(actor=hrbp, person_id=small_org.people["rep1"].pk,
                               unit=small_org.units["R"].pk)
    assert [p.field for p in caught.value.problems] == ["unit"]


def test_only_hr_admins_configure_units(small_org: SmallOrg) -> None:
    with pytest.raises(Forbidden):
        services.create_unit(actor=f.actor(small_org.users["hrbp"]), code="X", name="X",
                             company=small_org.company.pk, segment="growth")


def test_archiving_a_unit_with_people_is_refused(small_org: SmallOrg) -> None:
    with pytest.raises(ServiceError, match="archiving"):
        services.update_unit(actor=SYSTEM, unit_id=small_org.units["SE"].pk, archived=True)
