"""Schemes over the API: design (from scratch or from a built-in template), settings,
components, archive, the group default, unit assignments, and the scheme that applies to a
unit or a person. Mount with prefix "" (paths start /schemes, /units, /people)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.core.errors import Forbidden
from flexperf.goals.schemas.schemes import (
    ComponentsIn,
    FromTemplateIn,
    ResolvedSchemeOut,
    SchemeIn,
    SchemeOut,
    SchemePatch,
    TemplateOut,
    UnitSchemeIn,
)
from flexperf.goals.scheme_templates import TEMPLATES
from flexperf.goals.selectors import schemes as selectors
from flexperf.goals.services import schemes as services
from flexperf.goals.services.schemes import ComponentSpec
from flexperf.org.models import Unit
from flexperf.org.selectors import access_person, access_unit

router = Router(tags=["schemes"])


def _components(payload: ComponentsIn | SchemeIn) -> list[ComponentSpec]:
    return [ComponentSpec(**c.model_dump()) for c in payload.components]


def _settings(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("scale") is not None:
        values["scale"] = [dict(band) for band in values["scale"]]
    return values


@router.get("/schemes", response=list[SchemeOut], summary="Schemes")
def list_schemes(request: HttpRequest, archived: bool = False) -> Any:
    """Every scheme of the group (open to all colleagues); archived ones with
    `archived=true`."""
    schemes = selectors.schemes_visible_to(actor_of(request)).filter(archived=archived)
    return list(schemes.prefetch_related("components").order_by("name", "pk"))


@router.get("/schemes/templates", response=list[TemplateOut],
            summary="The built-in scheme templates")
def list_templates(request: HttpRequest) -> Any:
    """Group strategy, profit centre, innovation unit, support function, mature-business
    sales: copy one with POST /schemes/from-template."""
    if not actor_of(request).is_internal:
        raise Forbidden
    return TEMPLATES


@router.post("/schemes/from-template", response={201: SchemeOut},
             summary="Copy a built-in template into a new scheme (HR)")
def create_from_template(request: HttpRequest, payload: FromTemplateIn) -> Reply[Any]:
    return Reply(201, services.create_scheme_from_template(
        actor=actor_of(request, write=True), template_key=payload.template, code=payload.code,
        name=payload.name, name_en=payload.name_en))


@router.post("/schemes", response={201: SchemeOut}, summary="Create a scheme (HR)")
def create_scheme(request: HttpRequest, payload: SchemeIn) -> Reply[Any]:
    values = _settings(payload.model_dump(exclude={"components"}))
    return Reply(201, services.create_scheme(actor=actor_of(request, write=True),
                                             components=_components(payload), **values))


@router.get("/schemes/{int:scheme_id}", response=SchemeOut, summary="One scheme")
def get_scheme(request: HttpRequest, scheme_id: int) -> Any:
    return selectors.access_scheme(actor_of(request), scheme_id)


@router.patch("/schemes/{int:scheme_id}", response=SchemeOut,
              summary="Change a scheme's settings (HR)")
def update_scheme(request: HttpRequest, scheme_id: int, payload: SchemePatch) -> Any:
    """Name, cadence, review period, rating scale, scoring rules, adjustment policy. HR
    business partners only for schemes touching nothing outside their units."""
    values = _settings(payload.model_dump(exclude_unset=True))
    return services.update_scheme(actor=actor_of(request, write=True), scheme_id=scheme_id,
                                  **values)


@router.put("/schemes/{int:scheme_id}/components", response=SchemeOut,
            summary="Replace a scheme's components (HR)")
def replace_components(request: HttpRequest, scheme_id: int, payload: ComponentsIn) -> Any:
    """All at once: weights add up to 100, keys are unique. A component keeps its goals by
    its key; one with goals cannot be removed or change paradigm."""
    return services.replace_components(actor=actor_of(request, write=True),
                                       scheme_id=scheme_id, components=_components(payload))


@router.post("/schemes/{int:scheme_id}/archive", response=SchemeOut,
             summary="Archive a scheme that is no longer used (HR)")
def archive_scheme(request: HttpRequest, scheme_id: int) -> Any:
    return services.archive_scheme(actor=actor_of(request, write=True), scheme_id=scheme_id)


@router.post("/schemes/{int:scheme_id}/default", response=SchemeOut,
             summary="Make a scheme the group default (HR admin)")
def set_default(request: HttpRequest, scheme_id: int) -> Any:
    return services.set_default_scheme(actor=actor_of(request, write=True), scheme_id=scheme_id)


def _resolved(unit: Unit) -> dict[str, Any]:
    source = selectors.where_scheme_comes_from(unit)
    return {"scheme": selectors.scheme_for_unit(unit),
            "source": "unit" if source is not None else "default", "unit": source}


@router.get("/units/{int:unit_id}/scheme", response=ResolvedSchemeOut,
            summary="The scheme that applies to a unit")
def unit_scheme(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    return _resolved(access_unit(actor_of(request), unit_id))


@router.put("/units/{int:unit_id}/scheme", response=ResolvedSchemeOut,
            summary="Assign a scheme to a unit (HR in scope)")
def assign_scheme(request: HttpRequest, unit_id: int, payload: UnitSchemeIn) -> dict[str, Any]:
    """The units below inherit it unless they have their own."""
    actor = actor_of(request, write=True)
    services.assign_scheme(actor=actor, unit_id=unit_id, scheme_id=payload.scheme_id)
    return _resolved(access_unit(actor, unit_id))


@router.delete("/units/{int:unit_id}/scheme", response={204: None},
               summary="Remove a unit's own scheme (HR in scope)")
def unassign_scheme(request: HttpRequest, unit_id: int) -> Reply[None]:
    """The unit inherits again: from the nearest unit above with a scheme, else the default."""
    services.unassign_scheme(actor=actor_of(request, write=True), unit_id=unit_id)
    return Reply(204, None)


@router.get("/people/{int:person_id}/scheme", response=ResolvedSchemeOut,
            summary="The scheme a person is measured by")
def person_scheme(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """From the person's unit (or the nearest unit above it with a scheme), else the group
    default. 404 outside your scope."""
    person = access_person(actor_of(request), person_id, record_read=False)
    return _resolved(person.unit)
