from __future__ import annotations

import csv
import datetime as dt
import io
import time
import zipfile
from types import SimpleNamespace
from typing import Any

import pytest
from openpyxl import load_workbook

from flexperf.audit.models import Action, AuditEntry
from flexperf.core import tree
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, ServiceError
from flexperf.org import services
from flexperf.org.exporting import COLUMNS, SHEETS, export_org
from flexperf.org.importing import import_org
from flexperf.org.models import Company, Person, Position, Unit
from tests import factories as f
from tests.conftest import SmallOrg

SYSTEM = Actor.system()


@pytest.fixture
def org(small_org: SmallOrg) -> SmallOrg:
    """The small org plus what it lacks for a full round trip: positions, a second company, a
    unit head, an archived unit, e-mails, English names and a formula-like name."""
    units, people = small_org.units, small_org.people
    rep = services.create_position(actor=SYSTEM, code="P-REP", title="销售代表",
                                   title_en="Sales rep", unit_id=units["SE"].pk,
                                   job_family="sales", level="S2")
    services.create_position(actor=SYSTEM, code="P-CTO", title="研发负责人",
                             unit_id=units["R"].pk, job_family="rnd", is_key=True)
    services.update_person(actor=SYSTEM, person_id=people["rep1"].pk, position=rep.pk,
                           email="lin@example.com", level="S2", location="上海")
    services.update_person(actor=SYSTEM, person_id=people["rep2"].pk, name="=HYPERLINK(1)",
                           name_en="-Zhao Lei")
    services.update_unit(actor=SYSTEM, unit_id=units["S"].pk, head=people["sales_head"].pk)
    newco = f.company("NC", "新创科技", name_en="NewCo", country="SG", currency="SGD")
    f.unit("NX", company=newco, segment="growth", name="旧部门")
    services.update_unit(actor=SYSTEM, unit_id=Unit.objects.get(code="NX").pk, archived=True)
    return small_org


def org_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every field of every org record, with ids replaced by codes (ids differ between
    databases) and materialized paths written as the codes along them."""
    unit_code = dict(Unit.objects.values_list("pk", "code"))
    number = dict(Person.objects.values_list("pk", "employee_number"))

    def path(codes: dict[int, str], value: str) -> tuple[str, ...]:
        return (*(codes[pk] for pk in tree.ancestor_pks(value)), codes[tree.pk_of(value)])

    return {
        "companies": sorted(Company.objects.values_list(
            "code", "name", "name_en", "country", "currency")),
        "units": sorted((*row[:-1], path(unit_code, row[-1])) for row in Unit.objects.values_list(
            "code", "name", "name_en", "company__code", "parent__code", "segment",
            "head__employee_number", "archived", "path")),
        "positions": sorted(Position.objects.values_list(
            "code", "title", "title_en", "unit__code", "job_family", "level", "is_key")),
        "people": sorted((*row[:-1], path(number, row[-1])) for row in Person.objects.values_list(
            "employee_number", "name", "name_en", "email", "unit__code", "position__code",
            "manager__employee_number", "job_family", "level", "location", "hire_date",
            "status", "leave_date", "leave_reason", "gender", "birth_date", "path")),
    }


def clear_org() -> None:
    Person.objects.update(manager=None)
    Unit.objects.update(parent=None, head=None)
    Person.objects.all().delete()
    Position.objects.all().delete()
    Unit.objects.all().delete()
    Company.objects.all().delete()


def test_the_workbook_has_four_sheets_with_the_importers_columns(org: SmallOrg) -> None:
    exported = export_org(SYSTEM, "xlsx")
    assert exported.filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(exported.content))
    assert workbook.sheetnames == list(SHEETS)
    people = list(workbook["people"].iter_rows(values_only=True))
    assert people[0] == COLUMNS["people"]
    assert len(people) == 1 + 11
    by_number = {row[0]: dict(zip(COLUMNS["people"], row, strict=True)) for row in people[1:]}
    rep1 = by_number[org.people["rep1"].employee_number]
    assert rep1["position_code"] == "P-REP"
    assert rep1["manager_employee_number"] == org.people["sales_head"].employee_number
    assert rep1["hire_date"] == dt.datetime(2020, 3, 1)  # a real Excel date
    assert rep1["gender"] == "female"  # demographics are in the HR admin's export
    assert rep1["birth_date"] == dt.datetime(1994, 5, 6)
    # Managers come before their reports (rows in path order).
    assert people[1][0] == org.people["ceo"].employee_number
    # A name that looks like a formula stays text.
    rep2_cell = next(c for c in workbook["people"]["B"] if c.value == "=HYPERLINK(1)")
    assert rep2_cell.data_type == "s"
    units = list(workbook["units"].iter_rows(values_only=True))
    # Parents before children: the rows follow the unit tree.
    assert [row[0] for row in units[1:]] == ["G", "S", "SE", "R", "H", "NX"]


def test_the_csv_zip_holds_four_files_readable_by_excel(org: SmallOrg) -> None:
    exported = export_org(SYSTEM, "csv")
    assert (exported.filename.endswith(".zip"), exported.content_type) == (True,
                                                                          "application/zip")
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        assert archive.namelist() == [f"{sheet}.csv" for sheet in SHEETS]
        raw = archive.read("people.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads the file as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 11
    rep2 = next(r for r in rows if r["employee_number"] == org.people["rep2"].employee_number)
    # Formula-like text is quoted with an apostrophe so a spreadsheet does not evaluate it.
    assert (rep2["name"], rep2["name_en"]) == ("'=HYPERLINK(1)", "'-Zhao Lei")
    leaver = next(r for r in rows if r["status"] == "left")
    assert (leaver["leave_date"], leaver["leave_reason"]) == ("2024-06-30", "compensation")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_two_exports_of_the_same_data_are_the_same_bytes(
    org: SmallOrg, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = export_org(SYSTEM, fmt).content
    # An hour later by the zip module's clock, which dates the entries it is not given a date for.
    later = time.time() + 3600
    monkeypatch.setattr(zipfile, "time", SimpleNamespace(time=lambda: later,
                                                         localtime=time.localtime))
    assert export_org(SYSTEM, fmt).content == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    if fmt == "xlsx":
        properties = load_workbook(io.BytesIO(first)).properties
        assert (properties.created, properties.modified) == (dt.datetime(1980, 1, 1),
                                                             dt.datetime(1980, 1, 1))
    services.update_person(actor=SYSTEM, person_id=org.people["rep1"].pk, level="S3")
    assert export_org(SYSTEM, fmt).content != first


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_database_reproduces_the_org(
    org: SmallOrg, fmt: str
) -> None:
    before = org_state()
    exported = export_org(SYSTEM, fmt)
    clear_org()
    assert Person.objects.count() == 0
    report = import_org(actor=SYSTEM, data=exported.content, filename=exported.filename)
    assert report.ok, report.problems
    assert report.created == {"companies": 2, "units": 6, "positions": 2, "people": 11}
    assert org_state() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_reimporting_an_export_into_the_same_database_changes_nothing(
    org: SmallOrg, fmt: str
) -> None:
    exported = export_org(SYSTEM, fmt)
    entries = AuditEntry.objects.count()
    report = import_org(actor=SYSTEM, data=exported.content, filename=exported.filename)
    assert report.ok, report.problems
    assert report.created == {"companies": 0, "units": 0, "positions": 0, "people": 0}
    assert report.updated == {"companies": 0, "units": 0, "positions": 0, "people": 0}
    assert AuditEntry.objects.count() == entries


def test_only_an_hr_admin_may_export_and_the_export_is_audited(org: SmallOrg) -> None:
    for role in ("hrbp", "manager", "auditor", "executive"):
        with pytest.raises(Forbidden):
            export_org(f.actor(org.users[role]), "xlsx")
    export_org(f.actor(org.users["hr_admin"]), "csv")
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.actor_username, entry.object_type) == ("hr_admin", "org.organisation")
    assert entry.context == {"format": "csv", "rows": {"companies": 2, "units": 6,
                                                      "positions": 2, "people": 11}}


def test_an_unknown_format_is_refused_naming_the_field(org: SmallOrg) -> None:
    with pytest.raises(ServiceError) as caught:
        export_org(SYSTEM, "pdf")
    assert [p.field for p in caught.value.problems] == ["format"]
