"""Writing incentive policies (HR admin): a policy and its versions, company factors per cycle,
project pools with their contribution weights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.core.weights import check_weights
from flexperf.incentives.access import require_hr_admin
from flexperf.incentives.cycles import cycle_info
from flexperf.incentives.models import (
    CompanyFactor,
    IncentivePolicy,
    PolicyVersion,
    ProjectContribution,
    ProjectPool,
)
from flexperf.incentives.rules import parse_rules
from flexperf.org.models import Company, Person


def create_policy(*, actor: Actor, code: str, name: str, rules: Mapping[str, Any],
                  note: str = "") -> PolicyVersion:
    """A new policy with its first version."""
    require_hr_admin(actor)
    code, name = code.strip(), name.strip()
    problems = []
    if not code:
        problems.append(Problem("code", _("Give the policy a code.")))
    elif IncentivePolicy.objects.filter(code=code).exists():
        problems.append(Problem("code", _("A policy with this code exists already.")))
    if not name:
        problems.append(Problem("name", _("Give the policy a name.")))
    try:
        parse_rules(rules)
    except ServiceError as error:
        problems += [Problem(f"rules.{p.field}", p.message) for p in error.problems]
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        policy = IncentivePolicy.objects.create(code=code, name=name)
        audit.record(actor, audit.draft_for(policy, Action.CREATE,
                                            changes={"code": code, "name": name}))
        return _add_version(actor, policy, rules, note)


def add_policy_version(*, actor: Actor, policy_id: int, rules: Mapping[str, Any],
                       note: str = "") -> PolicyVersion:
    """The next version of a policy. Runs computed with earlier versions keep theirs."""
    require_hr_admin(actor)
    try:
        parse_rules(rules)
    except ServiceError as error:
        raise ServiceError([Problem(f"rules.{p.field}", p.message)
                            for p in error.problems]) from None
    with transaction.atomic():
        policy = IncentivePolicy.objects.select_for_update().filter(pk=policy_id).first()
        if policy is None:
            raise NotFound
        return _add_version(actor, policy, rules, note)


def _add_version(actor: Actor, policy: IncentivePolicy, rules: Mapping[str, Any],
                 note: str) -> PolicyVersion:
    last = policy.versions.aggregate(n=Max("number"))["n"] or 0
    version = PolicyVersion.objects.create(policy=policy, number=last + 1, rules=dict(rules),
                                           note=note.strip()[:500],
                                           created_by_username=actor.username)
    audit.record(actor, audit.draft_for(version, Action.CREATE,
                                        changes={"number": version.number, "rules": rules},
                                        context={"policy": policy.code}))
    return version


def _decimal(value: object, field: str, problems: list[Problem], *,
             minimum: Decimal = Decimal(0)) -> Decimal:
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.append(Problem(field, _("Must be a number.")))
        return Decimal(0)
    if number < minimum:
        problems.append(Problem(field, _("Must be at least %(min)s.") % {"min": minimum}))
    return number


def set_company_factor(*, actor: Actor, cycle_id: int, company_id: int,
                       factor: Decimal | str) -> CompanyFactor:
    require_hr_admin(actor)
    cycle_info(cycle_id)
    problems: list[Problem] = []
    value = _decimal(factor, "factor", problems)
    if value > 5:
        problems.append(Problem("factor", _("Must be at most %(max)s.") % {"max": 5}))
    if not Company.objects.filter(pk=company_id).exists():
        problems.append(Problem("company", _("No such company.")))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        row, _created = CompanyFactor.objects.update_or_create(
            cycle_id=cycle_id, company_id=company_id, defaults={"factor": value})
        audit.record(actor, audit.draft_for(row, Action.UPDATE,
                                            changes={"factor": str(value)},
                                            context={"cycle": cycle_id, "company": company_id}))
    return row


def create_pool(*, actor: Actor, cycle_id: int, goal_id: int, name: str,
                amount: Decimal | str, currency: str = "CNY",
                contributions: Sequence[tuple[int, Decimal | str]]) -> ProjectPool:
    """A project pool; the contribution weights must add up to 100 (core.weights)."""
    from flexperf.goals.models import Goal, Paradigm

    require_hr_admin(actor)
    cycle_info(cycle_id)
    problems: list[Problem] = []
    if not Goal.objects.filter(pk=goal_id, paradigm=Paradigm.PROJECT).exists():
        problems.append(Problem("goal", _("Choose a project goal.")))
    if not name.strip():
        problems.append(Problem("name", _("Give the pool a name.")))
    value = _decimal(amount, "amount", problems)
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        problems.append(Problem("currency", _("Give a three-letter currency code (CNY).")))
    weights = [_decimal(w, f"contributions.{i}.weight", problems)
               for i, (_pid, w) in enumerate(contributions)]
    ids = [pid for pid, _w in contributions]
    if len(set(ids)) != len(ids):
        problems.append(Problem("contributions", _("A person is listed twice.")))
    known = set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))
    problems += [Problem(f"contributions.{i}.person", _("No such person."))
                 for i, pid in enumerate(ids) if pid not in known]
    if not problems:
        problems += check_weights(weights, field="contributions")
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        pool = ProjectPool.objects.create(cycle_id=cycle_id, goal_id=goal_id, name=name.strip(),
                                          amount=value, currency=currency)
        ProjectContribution.objects.bulk_create([
            ProjectContribution(pool=pool, person_id=pid, weight=w)
            for pid, w in zip(ids, weights, strict=True)])
        audit.record(actor, audit.draft_for(pool, Action.CREATE, changes={
            "amount": str(value), "currency": currency, "goal": goal_id,
            "contributions": {str(pid): str(w) for pid, w in zip(ids, weights, strict=True)}}))
    return pool
