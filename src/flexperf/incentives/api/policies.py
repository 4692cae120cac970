"""Policies, company factors, project pools and compensation over the API (HR)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.incentives.models import IncentivePolicy, PolicyVersion
from flexperf.incentives.schemas import (
    CompanyFactorIn,
    CompanyFactorOut,
    ImportOut,
    PolicyIn,
    PolicyOut,
    PolicyVersionIn,
    PolicyVersionOut,
    PoolIn,
    PoolOut,
    SalaryIn,
    SalaryOut,
)
from flexperf.incentives.selectors import policies as selectors
from flexperf.incentives.services import compensation
from flexperf.incentives.services import policies as services

router = Router(tags=["incentives"])


def _policy(policy: IncentivePolicy) -> dict[str, Any]:
    return {"id": policy.pk, "code": policy.code, "name": policy.name,
            "versions": list(policy.versions.order_by("-number"))}


@router.get("/incentives/policies", response=list[PolicyOut],
            summary="Incentive policies with their versions (HR)")
def list_policies(request: HttpRequest) -> Any:
    return [_policy(p) for p in selectors.policies_visible_to(actor_of(request))]


@router.post("/incentives/policies", response={201: PolicyOut},
             summary="Create a policy with its first version (HR admin)")
def create_policy(request: HttpRequest, payload: PolicyIn) -> Reply[Any]:
    """`rules` holds the coefficient tables, target bonus %, stage bonus, long-term pool,
    micro-reward rate and tiers (see the incentives.rules module); a bad value is named by its
    path, e.g. `rules.coefficients.0.ratings.A`."""
    version = services.create_policy(actor=actor_of(request, write=True), code=payload.code,
                                     name=payload.name, rules=payload.rules, note=payload.note)
    return Reply(201, _policy(version.policy))


@router.get("/incentives/policies/{policy_id}", response=PolicyOut, summary="A policy (HR)")
def get_policy(request: HttpRequest, policy_id: int) -> Any:
    return _policy(selectors.access_policy(actor_of(request), policy_id))


@router.post("/incentives/policies/{policy_id}/versions", response={201: PolicyVersionOut},
             summary="Add a policy version (HR admin); runs keep the version they used")
def add_version(request: HttpRequest, policy_id: int, payload: PolicyVersionIn
                ) -> Reply[PolicyVersion]:
    return Reply(201, services.add_policy_version(actor=actor_of(request, write=True),
                                                  policy_id=policy_id, rules=payload.rules,
                                                  note=payload.note))


@router.put("/incentives/company-factors", response=CompanyFactorOut,
            summary="Set a company's factor for a cycle (HR admin)")
def set_factor(request: HttpRequest, payload: CompanyFactorIn) -> Any:
    return services.set_company_factor(actor=actor_of(request, write=True),
                                       cycle_id=payload.cycle_id, company_id=payload.company_id,
                                       factor=payload.factor)


@router.get("/incentives/pools", response=list[PoolOut], summary="Project pools (HR)")
def list_pools(request: HttpRequest) -> Any:
    return list(selectors.pools_visible_to(actor_of(request)))


@router.post("/incentives/pools", response={201: PoolOut},
             summary="A project pool with its members' contribution weights (HR admin)")
def create_pool(request: HttpRequest, payload: PoolIn) -> Reply[Any]:
    """The contribution weights must add up to 100."""
    return Reply(201, services.create_pool(
        actor=actor_of(request, write=True), cycle_id=payload.cycle_id, goal_id=payload.goal_id,
        name=payload.name, amount=payload.amount, currency=payload.currency,
        contributions=[(c.person_id, c.weight) for c in payload.contributions]))


@router.get("/incentives/salaries/{person_id}", response=list[SalaryOut],
            summary="A person's base salary history (HR; audited)")
def salary_history(request: HttpRequest, person_id: int) -> Any:
    return selectors.salaries_of(actor_of(request), person_id)


@router.post("/incentives/salaries", response={201: SalaryOut},
             summary="Set a base salary from a date (HR admin)")
def set_salary(request: HttpRequest, payload: SalaryIn) -> Reply[Any]:
    return Reply(201, compensation.set_base_salary(
        actor=actor_of(request, write=True), person_id=payload.person_id,
        amount=payload.amount, currency=payload.currency,
        effective_from=payload.effective_from))


@router.post("/incentives/salary-imports", response=ImportOut,
             summary="Import base salaries from a CSV file (HR admin), all or nothing")
def import_salaries(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Columns `employee_number, amount, currency, effective_from`. Every row is checked;
    problems come back as 422 with the row and column of each; nothing is written then."""
    return compensation.import_salaries(actor=actor_of(request, write=True), data=file.read(),
                                        filename=file.name or "salaries.csv")
