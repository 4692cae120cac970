"""Reads of policies, compensation and runs: HR only (403 for every other role); a record of a
person outside an HR business partner's units does not exist for them (404)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound
from flexperf.incentives.access import require_hr
from flexperf.incentives.models import (
    BaseSalary,
    IncentivePolicy,
    PayoutLine,
    PayoutRun,
    PolicyVersion,
    ProjectPool,
)
from flexperf.org.selectors import hr_scope, people_visible_to


def policies_visible_to(actor: Actor) -> QuerySet[IncentivePolicy]:
    require_hr(actor)
    return IncentivePolicy.objects.order_by("code")


def access_policy(actor: Actor, policy_id: int) -> IncentivePolicy:
    policy = policies_visible_to(actor).filter(pk=policy_id).first()
    if policy is None:
        raise NotFound
    return policy


def versions_of(actor: Actor, policy: IncentivePolicy) -> QuerySet[PolicyVersion]:
    require_hr(actor)
    return policy.versions.order_by("-number")


def latest_version(policy: IncentivePolicy) -> PolicyVersion | None:
    return policy.versions.order_by("-number").first()


def hr_people_q(actor: Actor, prefix: str = "person__") -> Q:
    """People whose pay the caller (HR) may see: everyone for an HR admin, an HR business
    partner's units for them."""
    require_hr(actor)
    if actor.is_hr_admin:
        return Q()
    ids = people_visible_to(actor).filter(hr_scope(actor)).values("pk")
    return Q(**{f"{prefix}pk__in": ids})


def salaries_visible_to(actor: Actor) -> QuerySet[BaseSalary]:
    return BaseSalary.objects.filter(hr_people_q(actor)).select_related("person")


def salary_page(actor: Actor, page_number: str | None, per_page: int = 100) -> Page[BaseSalary]:
    """One page of the salaries in the caller's scope, by employee number: a sensitive read of
    each person on it (one audit entry naming them)."""
    page = Paginator(salaries_visible_to(actor).order_by("person__employee_number",
                                                         "-effective_from"),
                     per_page).get_page(page_number)
    shown = sorted({s.person_id for s in page})
    if shown:
        audit.record(actor, audit.Draft(action=Action.READ, object_type="incentives.basesalary",
                                        object_repr=f"salary list page {page.number}",
                                        context={"people": shown}))
    return page


def salaries_of(actor: Actor, person_id: int) -> list[BaseSalary]:
    """A person's salary history, newest first: a sensitive read (audited)."""
    rows = list(salaries_visible_to(actor).filter(person_id=person_id)
                .order_by("-effective_from"))
    if not rows and not people_visible_to(actor).filter(hr_scope(actor), pk=person_id).exists():
        raise NotFound
    audit.record(actor, audit.Draft(action=Action.READ, object_type="incentives.basesalary",
                                    object_id=str(person_id), object_repr=f"person {person_id}"))
    return rows


def runs_visible_to(actor: Actor) -> QuerySet[PayoutRun]:
    require_hr(actor)
    return PayoutRun.objects.select_related("policy_version__policy", "cycle")


def access_run(actor: Actor, run_id: int) -> PayoutRun:
    run = runs_visible_to(actor).filter(pk=run_id).first()
    if run is None:
        raise NotFound
    return run


def lines_of(actor: Actor, run: PayoutRun) -> QuerySet[PayoutLine]:
    """The run's lines for the people in the caller's HR scope."""
    return (run.lines.filter(hr_people_q(actor))
            .select_related("person").order_by("person__employee_number", "order"))


def record_lines_read(actor: Actor, run: PayoutRun, lines: list[PayoutLine]) -> None:
    """Payout lines show salaries in their statements: reading others' is a sensitive read."""
    shown = sorted({line.person_id for line in lines} - {actor.person_id})
    if shown:
        audit.record(actor, audit.draft_for(run, Action.READ, context={"people": shown}))


def pools_visible_to(actor: Actor) -> QuerySet[ProjectPool]:
    require_hr(actor)
    return ProjectPool.objects.select_related("goal", "cycle").prefetch_related(
        "contributions__person")
