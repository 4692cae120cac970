"""The scheme designer (HR admin; HR business partners within their scope): schemes and where
they are assigned, a new scheme from a built-in template or from scratch, settings with the
rating scale and scoring rules, components (the weights-sum problem shown above them), unit
assignment, the group default, archiving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flexperf.core.actors import Actor
from flexperf.core.errors import ServiceError
from flexperf.core.views import current_actor, page
from flexperf.goals.forms.problems import Rows, carrier, place
from flexperf.goals.forms.schemes import (
    AssignForm,
    FromTemplateForm,
    SchemeForm,
    band_formset,
    component_formset,
)
from flexperf.goals.models import Scheme
from flexperf.goals.scheme_templates import TEMPLATES
from flexperf.goals.selectors import access_scheme, schemes_visible_to
from flexperf.goals.services import schemes as services
from flexperf.goals.views import calculator
from flexperf.goals.views.common import is_hr

BAND_FIELDS = ("rating", "min")
COMPONENT_FIELDS = ("key", "paradigm", "label", "label_en", "weight", "pay_linked")
SCHEME_ALIASES = {"scheme": "__all__", "assignments": "__all__", "template": "__all__"}


def _sent(formset: Any) -> list[int]:
    return [i for i, form in enumerate(formset.forms) if not form.is_blank()]


@require_GET
@page(allow=is_hr)
def scheme_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return _list_page(request, actor, FromTemplateForm())


def _list_page(request: HttpRequest, actor: Actor, template_form: FromTemplateForm,
               status: int = 200) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    schemes = (schemes_visible_to(actor).filter(archived=archived)
               .prefetch_related("components", "assignments__unit").order_by("name", "pk"))
    return render(request, "goals/schemes.html", {
        "schemes": schemes, "archived": archived, "template_form": template_form,
        "templates": TEMPLATES,
    }, status=status)


@require_POST
@page(allow=is_hr)
def scheme_from_template(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = FromTemplateForm(request.POST)
    if form.is_valid():
        try:
            scheme = services.create_scheme_from_template(
                actor=actor, template_key=form.cleaned_data["template"],
                code=form.cleaned_data["code"], name=form.cleaned_data["name"])
        except ServiceError as error:
            place(error, form, aliases=SCHEME_ALIASES)
        else:
            messages.success(request, _("Scheme %(name)s was created from the template.")
                             % {"name": scheme.name})
            return redirect("scheme_edit", scheme_id=scheme.pk)
    return _list_page(request, actor, form, status=422)


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def scheme_create(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    data = request.POST or None
    form = SchemeForm(data)
    bands = band_formset(data)
    components = component_formset(data)
    if request.method == "POST" and all([form.is_valid(), bands.is_valid(),
                                         components.is_valid()]):
        band_rows, component_rows = _sent(bands), _sent(components)
        try:
            scheme = services.create_scheme(
                actor=actor, code=form.cleaned_data["code"],
                components=[components.forms[i].spec() for i in component_rows],
                **form.settings([bands.forms[i].band() for i in band_rows]))
        except ServiceError as error:
            place(error, form, {"scale": Rows(bands, band_rows),
                                "components": Rows(components, component_rows)},
                  {**form.aliases, **SCHEME_ALIASES})
        else:
            messages.success(request, _("Scheme %(name)s was created.") % {"name": scheme.name})
            return redirect("scheme_edit", scheme_id=scheme.pk)
    return render(request, "goals/scheme_new.html", {
        "form": form, "bands": bands, "components": components,
        "band_fields": BAND_FIELDS, "component_fields": COMPONENT_FIELDS,
    }, status=422 if request.method == "POST" else 200)


def _edit_page(request: HttpRequest, actor: Actor, scheme: Scheme, *,
               form: SchemeForm | None = None, bands: Any = None, components: Any = None,
               components_problems: forms.Form | None = None,
               assign: AssignForm | None = None, status: int = 200) -> HttpResponse:
    return render(request, "goals/scheme_edit.html", {
        "scheme": scheme,
        "form": form or SchemeForm(scheme=scheme),
        "bands": bands or band_formset(scheme=scheme),
        "components": components or component_formset(scheme=scheme),
        "components_problems": components_problems,
        "assign_form": assign or AssignForm(actor),
        "assignments": list(scheme.assignments.select_related("unit").order_by("unit__path")),
        "calc": calculator.blank(actor, scheme, unsaved=True),
        "band_fields": BAND_FIELDS, "component_fields": COMPONENT_FIELDS,
    }, status=status)


@require_GET
@page(allow=is_hr)
def scheme_edit(request: HttpRequest, scheme_id: int) -> HttpResponse:
    actor = current_actor(request)
    return _edit_page(request, actor, access_scheme(actor, scheme_id))


@require_POST
@page(allow=is_hr)
def scheme_settings(request: HttpRequest, scheme_id: int) -> HttpResponse:
    actor = current_actor(request)
    scheme = access_scheme(actor, scheme_id)
    form = SchemeForm(request.POST, scheme=scheme)
    bands = band_formset(request.POST)
    if form.is_valid() and bands.is_valid():
        rows = _sent(bands)
        try:
            services.update_scheme(actor=actor, scheme_id=scheme.pk,
                                   **form.settings([bands.forms[i].band() for i in rows]))
        except ServiceError as error:
            place(error, form, {"scale": Rows(bands, rows)}, {**form.aliases, **SCHEME_ALIASES})
        else:
            messages.success(request, _("The settings of %(name)s were saved.")
                             % {"name": scheme.name})
            return redirect("scheme_edit", scheme_id=scheme.pk)
    return _edit_page(request, actor, scheme, form=form, bands=bands, status=422)


@require_POST
@page(allow=is_hr)
def scheme_components(request: HttpRequest, scheme_id: int) -> HttpResponse:
    actor = current_actor(request)
    scheme = access_scheme(actor, scheme_id)
    components = component_formset(request.POST)
    problems = carrier()
    if components.is_valid():
        rows = _sent(components)
        try:
            services.replace_components(actor=actor, scheme_id=scheme.pk,
                                        components=[components.forms[i].spec() for i in rows])
        except ServiceError as error:
            place(error, problems, {"components": Rows(components, rows)}, SCHEME_ALIASES)
        else:
            messages.success(request, _("The components of %(name)s were saved.")
                             % {"name": scheme.name})
            return redirect("scheme_edit", scheme_id=scheme.pk)
    return _edit_page(request, actor, scheme, components=components,
                      components_problems=problems, status=422)


@require_POST
@page(allow=is_hr)
def scheme_assign(request: HttpRequest, scheme_id: int) -> HttpResponse:
    actor = current_actor(request)
    scheme = access_scheme(actor, scheme_id)
    form = AssignForm(actor, request.POST)
    if form.is_valid():
        try:
            services.assign_scheme(actor=actor, unit_id=form.cleaned_data["unit"],
                                   scheme_id=scheme.pk)
        except ServiceError as error:
            place(error, form, aliases={"scheme_id": "__all__"})
        else:
            messages.success(request, _("The unit now uses %(name)s.") % {"name": scheme.name})
            return redirect("scheme_edit", scheme_id=scheme.pk)
    return _edit_page(request, actor, scheme, assign=form, status=422)


@require_POST
@page(allow=is_hr)
def scheme_unassign(request: HttpRequest, scheme_id: int, unit_id: int) -> HttpResponse:
    actor = current_actor(request)
    scheme = access_scheme(actor, scheme_id)
    try:
        services.unassign_scheme(actor=actor, unit_id=unit_id)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("The unit inherits its scheme again."))
    return redirect("scheme_edit", scheme_id=scheme.pk)


@require_POST
@page(allow=is_hr)
def scheme_default(request: HttpRequest, scheme_id: int) -> HttpResponse:
    actor = current_actor(request)
    scheme = access_scheme(actor, scheme_id)
    try:
        services.set_default_scheme(actor=actor, scheme_id=scheme.pk)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("%(name)s is now the group default.") % {"name": scheme.name})
    return redirect("scheme_edit", scheme_id=scheme.pk)


@require_POST
@page(allow=is_hr)
def scheme_archive(request: HttpRequest, scheme_id: int) -> HttpResponse:
    actor = current_actor(request)
    scheme = access_scheme(actor, scheme_id)
    try:
        services.archive_scheme(actor=actor, scheme_id=scheme.pk)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
        return redirect("scheme_edit", scheme_id=scheme.pk)
    messages.success(request, _("%(name)s was archived.") % {"name": scheme.name})
    return redirect("scheme_list")
