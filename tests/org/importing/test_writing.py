"""Writing a checked import: creates, updates, paths and audit entries
(flexperf.org.importing.writing)."""

from __future__ import annotations

import datetime as dt

import pytest

from flexperf.audit.models import Action, AuditEntry
from flexperf.core import tree
from flexperf.org.models import Company, Person, Position, Unit
from tests.conftest import SmallOrg
from tests.org.importing.sample import (
    PEOPLE,
    csv_bytes,
    full_workbook,
    people_by_number,
    run,
    with_row,
)


@pytest.mark.django_db
def test_a_workbook_creates_companies_units_positions_and_people_with_their_paths() -> None:
    report = run(full_workbook(), "org.xlsx")

    assert report.problems == []
    assert report.ok
    assert report.created == {"companies": 1, "units": 3, "positions": 2, "people": 4}
    assert report.updated == {"companies": 0, "units": 0, "positions": 0, "people": 0}
    company = Company.objects.get(code="NC")
    assert (company.name_en, company.country) == ("NewCo", "CN")  # country upper-cased
    units = {u.code: u for u in Unit.objects.all()}
    people = people_by_number()
    assert units["N"].path == tree.child_path(None, units["N"].pk)
    assert units["NP"].path == tree.child_path(units["N"].path, units["NP"].pk)
    assert units["NP"].parent_id == units["N"].pk
    assert units["N"].head_id == people["N001"].pk
    assert units["NS"].head_id is None
    assert people["N003"].path == tree.child_path(
        tree.child_path(tree.child_path(None, people["N001"].pk), people["N002"].pk),
        people["N003"].pk)
    assert people["N002"].position == Position.objects.get(code="P-PM")
    assert Position.objects.get(code="P-CEO").is_key is True
    leaver = people["N004"]
    assert (leaver.status, leaver.leave_date, leaver.leave_reason) == (
        "left", dt.date(2023, 12, 31), "career")
    # 10 records created, one audit entry each, plus the import summary.
    assert AuditEntry.objects.filter(action=Action.CREATE).count() == 10
    summary = AuditEntry.objects.get(action=Action.IMPORT)
    assert (summary.object_type, summary.object_repr) == ("org.organisation", "org.xlsx")
    assert summary.context == {"files": ["org.xlsx"], "created": report.created,
                               "updated": report.updated}
    created_n3 = AuditEntry.objects.get(object_type="org.person",
                                        object_id=str(people["N003"].pk))
    assert created_n3.changes["manager"] == [None, people["N002"].pk]


@pytest.mark.django_db
def test_rows_may_refer_to_records_already_in_the_database(small_org: SmallOrg) -> None:
    newcomer = {"employee_number": "X100", "name": "新人", "unit_code": "SE",
                "manager_employee_number": small_org.people["sales_head"].employee_number,
                "job_family": "sales", "hire_date": "2024-02-01"}
    report = run(csv_bytes([newcomer]), "people.csv")
    assert report.ok, report.problems
    person = Person.objects.get(employee_number="X100")
    assert person.unit == small_org.units["SE"]
    assert person.path == tree.child_path(small_org.people["sales_head"].path, person.pk)
    assert person.status == "active"  # the column is absent: the default


@pytest.mark.django_db
def test_a_second_import_updates_changed_rows_creates_new_ones_and_leaves_others_alone() -> None:
    assert run(full_workbook(), "org.xlsx").ok
    people = with_row(PEOPLE, 2, name="方舟舟", level="P5")
    people.append({"employee_number": "N005", "name": "新同事", "unit_code": "NS",
                   "job_family": "sales", "hire_date": "2024-05-06"})
    report = run(csv_bytes(people), "people.csv")
    assert report.created == {"companies": 0, "units": 0, "positions": 0, "people": 1}
    assert report.updated == {"companies": 0, "units": 0, "positions": 0, "people": 1}
    n3 = Person.objects.get(employee_number="N003")
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(n3.pk))
    assert entry.changes == {"name": ["方舟", "方舟舟"], "level": ["", "P5"]}
    # Importing the same file again changes nothing.
    again = run(csv_bytes(people), "people.csv")
    assert again.created == {"companies": 0, "units": 0, "positions": 0, "people": 0}
    assert again.updated == {"companies": 0, "units": 0, "positions": 0, "people": 0}


@pytest.mark.django_db
def test_a_person_absent_from_the_file_is_left_alone(small_org: SmallOrg) -> None:
    engineer = small_org.people["engineer"]
    report = run(full_workbook(), "org.xlsx")
    assert report.ok
    assert Person.objects.get(pk=engineer.pk).name == engineer.name
    assert Person.objects.count() == 11 + 4


@pytest.mark.django_db
def test_moving_people_between_managers_rewrites_the_paths_of_their_whole_subtree(
    small_org: SmallOrg,
) -> None:
    people = small_org.people
    sales_head, rnd_head = people["sales_head"], people["rnd_head"]
    # sales_head now reports to rnd_head; rep2 moves from sales_head to the engineer.
    rows = [
        {"employee_number": sales_head.employee_number, "manager_employee_number":
         rnd_head.employee_number},
        {"employee_number": people["rep2"].employee_number, "manager_employee_number":
         people["engineer"].employee_number},
    ]
    columns = ("employee_number", "name", "unit_code", "manager_employee_number", "job_family",
               "hire_date")
    full = [{"name": p.name, "unit_code": p.unit.code, "job_family": p.job_family,
             "hire_date": p.hire_date.isoformat(), **row}
            for row, p in zip(rows, (sales_head, people["rep2"]), strict=True)]
    report = run(csv_bytes(full, columns=columns), "people.csv")
    assert report.updated["people"] == 2
    fresh = people_by_number()
    ceo, rnd, head = (fresh[people[k].employee_number] for k in ("ceo", "rnd_head", "sales_head"))
    assert head.path == tree.child_path(rnd.path, head.pk)
    # rep1 and the leaver were not in the file, but they moved with their manager.
    for key in ("rep1", "leaver"):
        moved = fresh[people[key].employee_number]
        assert tree.ancestor_pks(moved.path) == [ceo.pk, rnd.pk, head.pk]
    rep2 = fresh[people["rep2"].employee_number]
    engineer = fresh[people["engineer"].employee_number]
    assert rep2.path == tree.child_path(engineer.path, rep2.pk)
    for person in Person.objects.select_related("manager"):
        expected = tree.child_path(person.manager.path if person.manager else None, person.pk)
        assert person.path == expected, person.name


@pytest.mark.django_db
def test_moving_a_unit_moves_the_paths_of_its_sub_units(small_org: SmallOrg) -> None:
    # SE moves from S to R: not in the file beyond its own row.
    row = {"code": "S", "name": "销售事业部", "company_code": "HX", "parent_code": "R",
           "segment": "mature"}
    report = run(csv_bytes([row]), "units.csv")
    assert report.updated["units"] == 1
    units = {u.code: u for u in Unit.objects.all()}
    assert units["S"].path == tree.child_path(units["R"].path, units["S"].pk)
    assert units["SE"].path == tree.child_path(units["S"].path, units["SE"].pk)
