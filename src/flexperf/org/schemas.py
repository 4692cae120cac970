from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from flexperf.org.models import Gender, JobFamily, LeaveReason, Person, Segment, Status


class Ref(Schema):
    id: int
    name: str


class UnitRef(Schema):
    id: int
    code: str
    name: str


class PositionRef(Schema):
    id: int
    code: str
    title: str
    is_key: bool


class DirectoryCard(Schema):
    """What every colleague may see: enough to find someone to recognise or ask for feedback."""

    id: int
    name: str
    name_en: str
    unit: UnitRef
    position: PositionRef | None
    photo_url: str | None

    @staticmethod
    def resolve_photo_url(obj: Person) -> str | None:
        return obj.photo.url if obj.photo else None


class PersonOut(Schema):
    id: int
    employee_number: str
    name: str
    name_en: str
    email: str
    unit: UnitRef
    position: PositionRef | None
    manager: Ref | None
    job_family: JobFamily
    level: str
    location: str
    hire_date: dt.date
    status: Status
    leave_date: dt.date | None
    leave_reason: LeaveReason | None

    @staticmethod
    def resolve_leave_reason(obj: Person | dict[str, object]) -> object:
        if isinstance(obj, dict):
            return obj.get("leave_reason") or None
        return obj.leave_reason or None


class PersonDetailOut(PersonOut):
    company: Ref
    direct_reports: list[Ref]
    hr_fields_visible: bool = Field(description="Whether the caller may see demographics.")
    gender: Gender | None = Field(None, description="HR only.")
    birth_date: dt.date | None = Field(None, description="HR only.")


class PersonIn(Schema):
    employee_number: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    email: str | None = Field(None, max_length=254)
    unit_id: int
    position_id: int | None = None
    manager_id: int | None = None
    job_family: JobFamily
    level: str = Field("", max_length=16)
    location: str = Field("", max_length=100)
    hire_date: dt.date
    status: Status = Status.ACTIVE
    leave_date: dt.date | None = None
    leave_reason: LeaveReason | None = None
    gender: Gender | None = None
    birth_date: dt.date | None = None


class PersonPatch(Schema):
    employee_number: str | None = Field(None, min_length=1, max_length=32)
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    unit_id: int | None = None
    position_id: int | None = None
    manager_id: int | None = None
    job_family: JobFamily | None = None
    level: str | None = Field(None, max_length=16)
    location: str | None = Field(None, max_length=100)
    hire_date: dt.date | None = None
    status: Status | None = None
    leave_date: dt.date | None = None
    leave_reason: LeaveReason | None = None
    gender: Gender | None = None
    birth_date: dt.date | None = None


class CompanyOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    country: str
    currency: str


class CompanyIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    country: str = Field("CN", min_length=2, max_length=2)
    currency: str = Field("CNY", min_length=3, max_length=3)


class UnitOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    company_id: int
    parent_id: int | None
    segment: Segment
    head: Ref | None
    depth: int
    headcount: int = Field(description="Active people in this unit and all units below it.")
    direct_headcount: int = Field(description="Active people directly in this unit.")
    archived: bool


class UnitIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    company_id: int
    parent_id: int | None = None
    segment: Segment
    head_id: int | None = None


class UnitPatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=32)
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    company_id: int | None = None
    parent_id: int | None = None
    segment: Segment | None = None
    head_id: int | None = None
    archived: bool | None = None


class PositionOut(Schema):
    id: int
    code: str
    title: str
    title_en: str
    unit_id: int
    job_family: JobFamily
    level: str
    is_key: bool


class PositionIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    title: str = Field(min_length=1, max_length=200)
    title_en: str = Field("", max_length=200)
    unit_id: int
    job_family: JobFamily
    level: str = Field("", max_length=16)
    is_key: bool = False


class ImportProblemOut(Schema):
    sheet: str
    row: int | None
    column: str
    message: str


class ImportReportOut(Schema):
    ok: bool
    dry_run: bool
    created: dict[str, int]
    updated: dict[str, int]
    problems: list[ImportProblemOut]


class TallyOut(Schema):
    code: str
    label: str
    count: int


class HrSummaryOut(Schema):
    year: int
    headcount: int = Field(description="Active people in your HR scope.")
    leavers: int = Field(description="People in your HR scope who left in `year`.")
    leavers_by_reason: list[TallyOut]


class CompanySummaryOut(Schema):
    company_id: int
    name: str
    headcount: int
    by_segment: list[TallyOut]


class OrgSummaryOut(Schema):
    hr: HrSummaryOut | None = Field(description="For HR admins and HR business partners.")
    companies: list[CompanySummaryOut] | None = Field(
        description="For executives: active headcount by company and segment in their units.")
