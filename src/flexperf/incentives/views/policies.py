"""Policies (HR): the list, a new policy, a policy's versions and the coefficient table editor
for the next version. The editor's cells are checked by the same rules as the API
(incentives.rules): a bad cell is shown with its message and nothing is written."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from flexperf.core.errors import ServiceError
from flexperf.core.views import current_actor, page
from flexperf.incentives.access import is_hr
from flexperf.incentives.forms import PolicyForm, VersionForm
from flexperf.incentives.models import PolicyVersion
from flexperf.incentives.rules import EXAMPLE_RULES
from flexperf.incentives.selectors import policies as selectors
from flexperf.incentives.services import policies as services

SCALE = ("S", "A", "B", "C", "D")
BLANK_ROWS = 2


@dataclass
class GridRow:
    population: str
    band: str
    cells: list[tuple[str, str, str]]  # (rating, value, error)
    error: str = ""


@dataclass
class Grid:
    ratings: tuple[str, ...]
    rows: list[GridRow] = field(default_factory=list)
    error: str = ""


def _place(error: ServiceError, form: Any, grid: Grid | None) -> None:
    for problem in error.problems:
        name = problem.field.removeprefix("rules.")
        if grid is not None and name.startswith("coefficients"):
            parts = name.split(".")
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(grid.rows):
                row = grid.rows[int(parts[1])]
                if len(parts) == 4:
                    row.cells = [(r, v, problem.message if r == parts[3] else e)
                                 for r, v, e in row.cells]
                else:
                    row.error = problem.message
            else:
                grid.error = problem.message
        elif problem.field in form.fields:
            form.add_error(problem.field, problem.message)
        else:
            form.add_error("rules" if problem.field.startswith("rules.") else None,
                           f"{name}: {problem.message}" if name != "__all__" else
                           problem.message)


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def policy_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = PolicyForm(request.POST or None, initial={
        "rules": json.dumps(EXAMPLE_RULES, ensure_ascii=False, indent=2)})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.create_policy(actor=actor, **form.cleaned_data)
        except ServiceError as error:
            _place(error, form, None)
        else:
            messages.success(request, _("Policy %(name)s was created.")
                             % {"name": version.policy.name})
            return redirect("incentives_policy", policy_id=version.policy_id)
    policies = [(p, selectors.latest_version(p)) for p in selectors.policies_visible_to(actor)]
    return render(request, "incentives/policies.html",
                  {"policies": policies, "form": form, "can_edit": actor.is_hr_admin},
                  status=422 if form.is_bound and form.errors else 200)


def _grid_from_rules(rules: dict[str, Any]) -> Grid:
    tables = rules.get("coefficients") or []
    ratings = list(SCALE)
    for table in tables:
        for rating in (table.get("ratings") or {}):
            if rating not in ratings:
                ratings.append(rating)
    grid = Grid(tuple(ratings))
    for table in tables:
        values = table.get("ratings") or {}
        grid.rows.append(GridRow(str(table.get("population") or "*"),
                                 str(table.get("band") or "*"),
                                 [(r, str(values.get(r, "")), "") for r in ratings]))
    for _i in range(BLANK_ROWS):
        grid.rows.append(GridRow("", "", [(r, "", "") for r in ratings]))
    return grid


def _grid_from_post(request: HttpRequest, ratings: tuple[str, ...]) -> tuple[Grid, list[Any]]:
    """The posted grid, and the coefficient tables of its filled rows (blank rows dropped)."""
    grid = Grid(ratings)
    tables = []
    index = 0
    while f"c-{index}-population" in request.POST:
        population = request.POST.get(f"c-{index}-population", "").strip()
        band = request.POST.get(f"c-{index}-band", "").strip()
        cells = [(r, request.POST.get(f"c-{index}-{r}", "").strip(), "") for r in ratings]
        index += 1
        if not population and not band and not any(v for _r, v, _e in cells):
            continue
        grid.rows.append(GridRow(population, band, cells))
        tables.append({"population": population or "*", "band": band or "*",
                       "ratings": {r: v for r, v, _e in cells if v != ""}})
    for _i in range(BLANK_ROWS):
        grid.rows.append(GridRow("", "", [(r, "", "") for r in ratings]))
    return grid, tables


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def policy_detail(request: HttpRequest, policy_id: int) -> HttpResponse:
    actor = current_actor(request)
    policy = selectors.access_policy(actor, policy_id)
    versions = list(selectors.versions_of(actor, policy))
    latest: PolicyVersion | None = versions[0] if versions else None
    rules = dict(latest.rules) if latest else dict(EXAMPLE_RULES)
    grid = _grid_from_rules(rules)
    others = {k: v for k, v in rules.items() if k != "coefficients"}
    form = VersionForm(request.POST or None, initial={
        "rules": json.dumps(others, ensure_ascii=False, indent=2)})
    if request.method == "POST":
        grid, tables = _grid_from_post(request, grid.ratings)
        if form.is_valid():
            try:
                version = services.add_policy_version(
                    actor=actor, policy_id=policy.pk,
                    rules={**form.cleaned_data["rules"], "coefficients": tables},
                    note=form.cleaned_data["note"])
            except ServiceError as error:
                _place(error, form, grid)
            else:
                messages.success(request, _("Version %(n)s of the policy was saved.")
                                 % {"n": version.number})
                return redirect("incentives_policy", policy_id=policy.pk)
        failed = True
    else:
        failed = False
    return render(request, "incentives/policy.html", {
        "policy": policy, "versions": versions, "latest": latest, "grid": grid, "form": form,
        "can_edit": actor.is_hr_admin,
        "rules_json": json.dumps(rules, ensure_ascii=False, indent=2)},
        status=422 if failed else 200)
