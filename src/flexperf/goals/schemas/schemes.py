"""API input and output of schemes: settings, components, templates, unit assignments."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from flexperf.goals.models import Cadence, Paradigm, PeriodKind, Scheme
from flexperf.goals.schemas.goals import Num


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


ComponentWeight = Annotated[Decimal, Field(gt=0, max_digits=6, decimal_places=2)]


class ComponentIn(_In):
    key: str = Field(min_length=1, max_length=40, description="Unique in the scheme, e.g. "
                                                              "result_kpi.")
    paradigm: Paradigm
    label: str = Field(min_length=1, max_length=200)
    label_en: str = Field("", max_length=200)
    weight: ComponentWeight = Field(description="The components' weights add up to 100.")
    pay_linked: bool = True


class ScaleBandIn(_In):
    rating: str = Field(min_length=1, max_length=12)
    min: float | None = Field(description="Lowest score of the band; null for the last band.")


class _Settings(_In):
    name_en: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)
    checkin_cadence: Cadence = Cadence.QUARTERLY
    review_period: PeriodKind = Field(PeriodKind.YEAR, description="The kind of period its "
                                                                   "people's goals use.")
    scale: list[ScaleBandIn] | None = Field(None, description="Highest band first; default "
                                                              "S ≥ 110, A ≥ 100, B ≥ 85, "
                                                              "C ≥ 60, D.")
    rules: dict[str, float] | None = Field(None, description="Overrides of the scoring "
                                                             "numbers, e.g. "
                                                             '{"project_late_floor": 40}.')
    adjustment_approver: Literal["manager", "hrbp"] = "manager"
    min_days_between_adjustments: int = Field(30, ge=0, le=3650)
    max_adjustments_per_period: int = Field(2, ge=0, le=3650)


class SchemeIn(_Settings):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    components: list[ComponentIn]


class SchemePatch(_In):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)
    checkin_cadence: Cadence | None = None
    review_period: PeriodKind | None = None
    scale: list[ScaleBandIn] | None = None
    rules: dict[str, float] | None = None
    adjustment_approver: Literal["manager", "hrbp"] | None = None
    min_days_between_adjustments: int | None = Field(None, ge=0, le=3650)
    max_adjustments_per_period: int | None = Field(None, ge=0, le=3650)


class ComponentsIn(_In):
    components: list[ComponentIn]


class FromTemplateIn(_In):
    template: str = Field(description="A built-in template key (GET /schemes/templates).")
    code: str = Field(min_length=1, max_length=40)
    name: str = Field("", max_length=200, description="Default: the template's name.")
    name_en: str = Field("", max_length=200)


class UnitSchemeIn(_In):
    scheme_id: int


class ComponentOut(Schema):
    id: int
    key: str
    paradigm: Paradigm
    label: str
    label_en: str
    weight: Num
    pay_linked: bool


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class SchemeOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    description: str
    template_key: str
    is_default: bool
    checkin_cadence: Cadence
    review_period: PeriodKind
    scale: list[dict[str, Any]]
    rules: dict[str, Any]
    adjustment_approver: str
    min_days_between_adjustments: int
    max_adjustments_per_period: int
    archived: bool
    components: list[ComponentOut]
    units: list[UnitRefOut] = Field(description="Units the scheme is assigned to (the units "
                                                "below them inherit it).")

    @staticmethod
    def resolve_components(obj: Scheme) -> list[Any]:
        return list(obj.components.order_by("order", "pk"))

    @staticmethod
    def resolve_units(obj: Scheme) -> list[Any]:
        return [a.unit for a in obj.assignments.select_related("unit").order_by("unit__path")]


class TemplateComponentOut(Schema):
    key: str
    paradigm: Paradigm
    label: str
    label_en: str
    weight: int
    pay_linked: bool


class TemplateOut(Schema):
    key: str
    name: str
    name_en: str
    description: str
    checkin_cadence: Cadence
    review_period: PeriodKind
    components: list[TemplateComponentOut]


class ResolvedSchemeOut(Schema):
    scheme: SchemeOut
    source: Literal["unit", "default"] = Field(description="Assigned to a unit (this one or "
                                                           "one above it), or the group "
                                                           "default.")
    unit: UnitRefOut | None = Field(description="The unit whose assignment applies.")
