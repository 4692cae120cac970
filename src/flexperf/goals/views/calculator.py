"""The scoring calculator: pick a scheme (or, in the designer, the components being edited),
enter sample goals of any paradigm and see the score, rating, component points and the
explanations — worked out by `goals.evaluation.preview`, the function behind
POST /api/v1/scoring/preview, so the page and the API can never disagree. htmx swaps the
result in place; without script the form posts and the page comes back with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pydantic
from django import forms
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import Problem, ServiceError
from flexperf.core.templatetags.flexperf import local_label
from flexperf.core.views import current_actor, page
from flexperf.goals import evaluation
from flexperf.goals.evaluation import Preview
from flexperf.goals.forms.calculator import (
    GROUPS,
    CalcComponent,
    CalculatorForm,
    sample_formset,
)
from flexperf.goals.forms.problems import carrier, list_error
from flexperf.goals.forms.schemes import component_formset
from flexperf.goals.models import Paradigm, Scheme
from flexperf.goals.schemas.scoring import PreviewIn
from flexperf.goals.selectors import access_scheme, default_scheme, schemes_visible_to
from flexperf.goals.views.common import is_hr


@dataclass
class Calc:
    form: CalculatorForm
    samples: BaseFormSet  # type: ignore[type-arg]
    components: list[CalcComponent]
    problems: forms.Form
    result: Preview | None
    base: Scheme | None  # the scheme being designed (its unsaved components can be used)

    @property
    def groups(self) -> dict[str, tuple[str, ...]]:
        return GROUPS


def scheme_components(scheme: Scheme) -> list[CalcComponent]:
    return [CalcComponent(c.key, c.paradigm, local_label(c), float(c.weight))
            for c in scheme.components.order_by("order", "pk")]


def posted_components(data: QueryDict) -> list[CalcComponent]:
    """The designer's component rows as posted beside the calculator (rows that read)."""
    formset = component_formset(data)
    if not formset.is_valid():
        return []
    out = []
    for row in formset.forms:
        if row.is_blank():
            continue
        spec = row.spec()
        try:
            weight = float(spec.weight)
        except (TypeError, ValueError):
            continue
        out.append(CalcComponent(spec.key or spec.paradigm, spec.paradigm,
                                 local_label(spec) or spec.key, weight))
    return out


def _options(actor: Actor) -> list[tuple[int, str]]:
    return [(s.pk, s.name) for s in
            schemes_visible_to(actor).filter(archived=False).order_by("name", "pk")]


def blank(actor: Actor, scheme: Scheme, *, unsaved: bool = False) -> Calc:
    """An empty calculator: one sample row per component of the scheme."""
    components = scheme_components(scheme)
    form = CalculatorForm(schemes=_options(actor), unsaved=unsaved,
                          initial={"scheme": "" if unsaved else scheme.pk})
    return Calc(form, sample_formset(components=components), components, carrier(), None,
                scheme if unsaved else None)


def _body(components: Sequence[CalcComponent], goals: list[dict[str, Any]],
          rules_from: Scheme | None) -> dict[str, Any]:
    scheme: dict[str, Any] = {"components": [
        {"paradigm": c.paradigm, "weight": c.weight, "key": c.key, "label": c.label}
        for c in components]}
    if rules_from is not None:
        scheme["scale"] = rules_from.scale or None
        scheme["rules"] = rules_from.rules or None
    return {"scheme": scheme, "goals": goals}


def _place(calc: Calc, sent: list[int], problems: Sequence[Problem]) -> None:
    """Each problem under the sample input it names (paths as in the preview body)."""
    for problem in problems:
        parts = problem.field.split(".")
        if parts[0] == "goals" and len(parts) >= 2 and parts[1].isdigit() \
                and int(parts[1]) < len(sent):
            row = calc.samples.forms[sent[int(parts[1])]]
            name = row.field_for(parts[2:])
            if name is not None and problem.message not in (row.errors.get(name) or []):
                row.add_error(name, problem.message)
            elif name is None:
                row.add_error(None, problem.message)
        elif parts[0] == "goals":
            list_error(calc.samples, problem.message)
        else:  # the scheme: its components, scale or rules
            calc.problems.add_error(None, problem.message)


def _validation_problems(exc: pydantic.ValidationError) -> list[Problem]:
    """Problems from the body's shape, in our words (pydantic's are English only)."""
    out = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        if len(loc) >= 3 and loc[0] == "goals" and loc[2] in Paradigm.values:
            del loc[2]  # the paradigm tag of the union
        message = (_("This field is required.") if error["type"] == "missing"
                   else _("This value is not accepted here."))
        out.append(Problem(".".join(loc), message))
    return out


def compute(actor: Actor, data: QueryDict) -> Calc:
    base_id = data.get("base")
    base = access_scheme(actor, int(base_id)) if base_id and base_id.isdigit() else None
    form = CalculatorForm(data, schemes=_options(actor), unsaved=base is not None)
    form.is_valid()
    chosen = form.cleaned_data.get("scheme") if form.is_bound else None
    scheme = access_scheme(actor, chosen) if chosen else None
    if scheme is not None:
        components, rules_from = scheme_components(scheme), scheme
    elif base is not None:
        # The rows being edited (sent along by htmx); without script, the saved ones.
        components = posted_components(data) or scheme_components(base)
        rules_from = base
    else:
        scheme = default_scheme()
        components, rules_from = scheme_components(scheme), scheme
    if data.get("refresh"):  # another scheme was chosen: start its samples afresh
        calc = blank(actor, scheme or base or default_scheme(), unsaved=scheme is None)
        calc.form = form
        if scheme is None:
            calc.components = components
            calc.samples = sample_formset(components=components)
        return calc
    samples = sample_formset(data, components=components)
    calc = Calc(form, samples, components, carrier(), None, base)
    if not samples.is_valid():
        return calc
    sent = [i for i, row in enumerate(samples.forms) if not row.is_blank()]
    goals = [samples.forms[i].goal() for i in sent]
    try:
        payload = PreviewIn.model_validate(_body(components, goals, rules_from))
    except pydantic.ValidationError as exc:
        _place(calc, sent, _validation_problems(exc))
        return calc
    try:
        calc.result = evaluation.preview(payload, today=clock.today())
    except ServiceError as error:
        _place(calc, sent, error.problems)
    return calc


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def calculator_page(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    htmx = bool(getattr(request, "htmx", False))
    if request.method == "POST":
        calc = compute(actor, request.POST)
        problems = bool(calc.problems.errors) or any(
            f.errors for f in calc.samples.forms) or bool(calc.samples.non_form_errors())
        # htmx swaps only successful answers: the fragment with its problems comes as 200.
        status = 422 if problems and not htmx else 200
    else:
        wanted = request.GET.get("scheme", "")
        scheme = (access_scheme(actor, int(wanted)) if wanted.isdigit() else default_scheme())
        calc, status = blank(actor, scheme), 200
    template = "goals/_calculator.html" if htmx else "goals/calculator.html"
    return render(request, template, {"calc": calc}, status=status)
