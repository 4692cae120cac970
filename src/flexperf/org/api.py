
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status as Reply
from pydantic import Field

from flexperf.accounts.api_auth import actor_of
from flexperf.core.actors import Role
from flexperf.core.errors import Forbidden
from flexperf.org import exporting, importing, selectors, services
from flexperf.org.models import Person, Status
from flexperf.org.schemas import (
    CompanyIn,
    CompanyOut,
    DirectoryCard,
    ImportReportOut,
    OrgSummaryOut,
    PersonDetailOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    PositionIn,
    PositionOut,
    UnitIn,
    UnitOut,
    UnitPatch,
)

router = Router(tags=["organisation"])


class PeopleFilter(Schema):
    q: str = Field("", max_length=100, description="Name, English name, employee number, e-mail.")
    unit: int | None = Field(None, description="Only this unit and the units below it.")
    status: Status | None = None


class DirectoryFilter(Schema):
    q: str = Field("", max_length=100, description="Name, English name, employee number, e-mail.")
    unit: int | None = Field(None, description="Only this unit and the units below it.")


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk, "employee_number": person.employee_number, "name": person.name,
        "name_en": person.name_en, "email": person.email, "unit": person.unit,
        "position": person.position,
        "manager": {"id": person.manager.pk, "name": person.manager.name}
        if person.manager else None,
        "job_family": person.job_family, "level": person.level, "location": person.location,
        "hire_date": person.hire_date, "status": person.status, "leave_date": person.leave_date,
        "leave_reason": person.leave_reason or None,
    }


@router.get("/directory", response=list[DirectoryCard], summary="Search the colleague directory")
@paginate(PageNumberPagination)
def directory(request: HttpRequest, filters: Query[DirectoryFilter]) -> Any:
    """Directory cards (name, unit, position, photo) of every active colleague. Open to every
    signed-in member of the group; partner users get 403."""
    return selectors.directory(actor_of(request), q=filters.q, unit_id=filters.unit)


@router.get("/people", response=list[PersonOut], summary="List person records in your scope")
@paginate(PageNumberPagination)
def list_people(request: HttpRequest, filters: Query[PeopleFilter]) -> Any:
    return selectors.search_people(actor_of(request), q=filters.q, unit_id=filters.unit,
                                   status=filters.status)


@router.get("/people/{person_id}", response=PersonDetailOut, summary="One person record")
def get_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """404 when the person does not exist or is outside your scope. Reading someone else's
    record is written to the audit trail."""
    actor = actor_of(request)
    person = selectors.access_person(actor, person_id)
    return _detail(actor, person)


def _detail(actor: Any, person: Person) -> dict[str, Any]:
    hr = selectors.can_see_hr_fields(actor, person)
    return _person(person) | {
        "company": {"id": person.unit.company.pk, "name": person.unit.company.name},
        "direct_reports": [{"id": p.pk, "name": p.name}
                           for p in selectors.direct_reports(actor, person)],
        "hr_fields_visible": hr,
        "gender": (person.gender or None) if hr else None,
        "birth_date": person.birth_date if hr else None,
    }


def _person_values(payload: Schema, *, exclude_unset: bool) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=exclude_unset)
    for ref in ("unit", "position", "manager"):
        if f"{ref}_id" in values:
            values[ref] = values.pop(f"{ref}_id")
    for text in ("email", "leave_reason", "gender"):
        if text in values and values[text] is None:
            values[text] = ""
    return values


@router.post("/people", response={201: PersonDetailOut}, summary="Create a person record (HR)")
def create_person(request: HttpRequest, payload: PersonIn) -> Reply[Any]:
    actor = actor_of(request, write=True)
    person = services.create_person(actor=actor, **_person_values(payload, exclude_unset=False))
    return Reply(201, _detail(actor, selectors.access_person(actor, person.pk, record_read=False)))


@router.patch("/people/{person_id}", response=PersonDetailOut,
              summary="Change a person record (HR)")
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    services.update_person(actor=actor, person_id=person_id,
                           **_person_values(payload, exclude_unset=True))
    return _detail(actor, selectors.access_person(actor, person_id, record_read=False))


# --- structure ---------------------------------------------------------------------------


def _unit_rows(actor: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": node.unit.pk, "code": node.unit.code, "name": node.unit.name,
            "name_en": node.unit.name_en, "company_id": node.unit.company_id,
            "parent_id": node.unit.parent_id, "segment": node.unit.segment, "depth": node.depth,
            "head": {"id": node.unit.head.pk, "name": node.unit.head.name}
            if node.unit.head else None,
            "headcount": node.headcount, "direct_headcount": node.direct_headcount,
            "archived": node.unit.archived,
        }
        for node in selectors.flatten(selectors.unit_tree(actor, include_archived=True))
    ]


@router.get("/units", response=list[UnitOut], summary="The org-unit tree with head-counts")
def list_units(request: HttpRequest) -> list[dict[str, Any]]:
    """All units in tree order (parents before children), with active head-counts rolled up."""
    return _unit_rows(actor_of(request))


@router.get("/units/{unit_id}", response=UnitOut, summary="One org unit")
def get_unit(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    actor = actor_of(request)
    selectors.access_unit(actor, unit_id)
    return next(row for row in _unit_rows(actor) if row["id"] == unit_id)


def _unit_values(payload: Schema, *, exclude_unset: bool) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=exclude_unset)
    for ref in ("company", "parent", "head"):
        if f"{ref}_id" in values:
            values[ref] = values.pop(f"{ref}_id")
    return values


@router.post("/units", response={201: UnitOut}, summary="Create an org unit (HR admin)")
def create_unit(request: HttpRequest, payload: UnitIn) -> Reply[Any]:
    actor = actor_of(request, write=True)
    unit = services.create_unit(actor=actor, **_unit_values(payload, exclude_unset=False))
    return Reply(201, get_unit(request, unit.pk))


@router.patch("/units/{unit_id}", response=UnitOut,
              summary="Rename, move or archive an org unit (HR admin)")
def update_unit(request: HttpRequest, unit_id: int, payload: UnitPatch) -> dict[str, Any]:
    actor = actor_of(request, write=True)
    services.update_unit(actor=actor, unit_id=unit_id,
                         **_unit_values(payload, exclude_unset=True))
    return get_unit(request, unit_id)


@router.get("/org/summary", response=OrgSummaryOut,
            summary="Headcount and leaver aggregates (HR, executives)")
def org_summary(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    """Aggregates only, never person rows: HR sees headcount and the year's leavers by reason
    within their HR scope; executives see active headcount by company and segment over their
    assigned units. Other roles get 403."""
    actor = actor_of(request)
    if not (actor.is_hr or actor.has(Role.EXECUTIVE)):
        raise Forbidden
    return {
        "hr": selectors.hr_figures(actor, year=year) if actor.is_hr else None,
        "companies": selectors.executive_figures(actor) if actor.has(Role.EXECUTIVE) else None,
    }


@router.get("/companies", response=list[CompanyOut], summary="Legal entities of the group")
def list_companies(request: HttpRequest) -> Any:
    return selectors.companies_visible_to(actor_of(request))


@router.post("/companies", response={201: CompanyOut}, summary="Add a legal entity (HR admin)")
def create_company(request: HttpRequest, payload: CompanyIn) -> Reply[Any]:
    return Reply(201, services.create_company(actor=actor_of(request, write=True),
                                              **payload.model_dump()))


@router.get("/positions", response=list[PositionOut], summary="Positions")
@paginate(PageNumberPagination)
def list_positions(request: HttpRequest, unit: int | None = None, key_only: bool = False) -> Any:
    positions = selectors.positions_visible_to(actor_of(request))
    if unit is not None:
        positions = positions.filter(unit_id=unit)
    if key_only:
        positions = positions.filter(is_key=True)
    return positions


@router.post("/positions", response={201: PositionOut}, summary="Add a position (HR admin)")
def create_position(request: HttpRequest, payload: PositionIn) -> Reply[Any]:
    return Reply(201, services.create_position(actor=actor_of(request, write=True),
                                               **payload.model_dump()))


@router.post("/org/import", response={200: ImportReportOut, 422: ImportReportOut},
             summary="Import companies, units, positions and people (HR admin)")
def import_org(request: HttpRequest, file: File[UploadedFile],
               dry_run: Form[bool] = False) -> Reply[Any]:
    """An XLSX workbook (sheets companies, units, positions, people) or a CSV of one of them.
    Every row is checked first; if any row is bad, nothing is written and the report names
    the sheet, row and column of each problem."""
    actor = actor_of(request, write=True)
    report = importing.import_org(actor=actor, data=file.read(), filename=file.name or "",
                                  dry_run=dry_run)
    return Reply(200 if report.ok else 422, report)


@router.get("/org/export", summary="Export the organisation as XLSX or zipped CSV (HR admin)",
            response={200: None})
def export_org(request: HttpRequest, format: str = "xlsx") -> HttpResponse:
    exported = exporting.export_org(actor_of(request), format)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
