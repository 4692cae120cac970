"""The recognition API router (mounted under /api/v1/ by flexperf/api.py with prefix "")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.core import clock
from flexperf.recognition import periods, schemas
from flexperf.recognition.models import Award, Contribution, Flag, HoldState, Rule
from flexperf.recognition.rules import rule_label
from flexperf.recognition.selectors import awards as award_reads
from flexperf.recognition.selectors import ledger as ledger_reads
from flexperf.recognition.services import awards, budgets, contributions, flags, rules
from flexperf.recognition.services.common import policy, require_hr_admin
from flexperf.recognition.tags import TAGS

router = Router(tags=["recognition"])


def _person(p: Any) -> dict[str, Any]:
    return {"id": p.pk, "name": p.name}


def award_out(row: Award) -> dict[str, Any]:
    view = award_reads.view_of(row)
    return {"id": row.pk, "giver": _person(row.giver), "recipient": _person(row.recipient),
            "points": row.points, "asked_points": row.asked_points, "tag": row.tag,
            "tag_label": view.tag_label, "message": row.message, "goal_id": row.goal_id,
            "visibility": row.visibility, "cross_unit": row.cross_unit, "on": row.on,
            "held": view.held}


def contribution_out(row: Contribution) -> dict[str, Any]:
    return {"id": row.pk, "person": _person(row.person), "kind": row.kind, "title": row.title,
            "link": row.link, "on": row.on,
            "other_person": _person(row.other_person) if row.other_person else None}


def rule_out(row: Rule) -> dict[str, Any]:
    return {"code": row.code, "label": rule_label(row.code), "points": row.points,
            "cap_per_period": row.cap_per_period, "active": row.active}


def flag_out(row: Flag) -> dict[str, Any]:
    held = sum(h.points for h in row.holds.all() if h.state == HoldState.HELD)
    return {"id": row.pk, "person_a": _person(row.person_a), "person_b": _person(row.person_b),
            "status": row.status, "opened_on": row.opened_on, "a_to_b": row.a_to_b,
            "b_to_a": row.b_to_a, "held_points": held, "decided_by": row.decided_by,
            "note": row.note}


def _page(limit: int, offset: int) -> slice:
    limit, offset = max(1, min(limit, 500)), max(offset, 0)
    return slice(offset, offset + limit)


@router.get("/recognition/tags", response=list[schemas.TagOut],
            summary="The behaviours and values an award can name")
def list_tags(request: HttpRequest) -> list[dict[str, str]]:
    actor_of(request)
    return [{"code": code, "label": str(label)} for code, label in TAGS.items()]


@router.get("/recognition/awards", response=list[schemas.AwardOut],
            summary="Peer awards you may read, newest first")
def list_awards(request: HttpRequest, recipient_id: int | None = None,
                giver_id: int | None = None, tag: str | None = None, limit: int = 100,
                offset: int = 0) -> list[dict[str, Any]]:
    """Private awards appear only to the giver, the recipient and their managers; the filters
    narrow what you may read and never widen it."""
    rows = award_reads.list_awards(actor_of(request), recipient_id=recipient_id,
                                   giver_id=giver_id, tag=tag)
    return [award_out(r) for r in rows[_page(limit, offset)]]


@router.post("/recognition/awards", response={201: schemas.AwardOut},
             summary="Recognise a colleague with points from your monthly budget")
def create_award(request: HttpRequest, payload: schemas.AwardIn) -> Reply[Any]:
    award = awards.give_recognition(actor=actor_of(request, write=True), data=awards.AwardIn(
        recipient_id=payload.recipient_id, points=payload.points, message=payload.message,
        tag=payload.tag, goal_id=payload.goal_id, visibility=payload.visibility))
    return Reply(201, award_out(award))


@router.get("/recognition/awards/{int:award_id}", response=schemas.AwardOut,
            summary="One peer award")
def get_award(request: HttpRequest, award_id: int) -> dict[str, Any]:
    return award_out(award_reads.access_award(actor_of(request), award_id))


@router.get("/recognition/wall", response=list[schemas.AwardOut],
            summary="The recognition wall: public awards and the private ones you may read")
def get_wall(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    return [award_out(r) for r in award_reads.wall(actor_of(request))[_page(limit, offset)]]


def _balance(person_id: int) -> dict[str, Any]:
    period = periods.period_of(clock.today())
    start, end = periods.bounds(period)
    return {"person_id": person_id, "available": ledger_reads.available_balance(person_id),
            "held": ledger_reads.held_balance(person_id), "period": period,
            "budget_left": ledger_reads.budget_left(person_id, period),
            "earned_this_period": ledger_reads.points_by_person([person_id], start, end)
            .get(person_id, 0)}


def _history(person_id: int, limit: int) -> list[dict[str, Any]]:
    return [{"txn_id": h.txn_id, "on": h.on, "kind": h.kind, "kind_label": h.kind_label,
             "account": h.account, "amount": h.amount, "reason": h.reason}
            for h in ledger_reads.history(person_id, limit=max(1, min(limit, 500)))]


def _me(request: HttpRequest) -> int:
    actor = actor_of(request)
    if actor.person_id is None:
        from flexperf.core.errors import NotFound

        raise NotFound
    return actor.person_id


@router.get("/recognition/me", response=schemas.BalanceOut, summary="My points and budget")
def my_balance(request: HttpRequest) -> dict[str, Any]:
    return _balance(_me(request))


@router.get("/recognition/me/history", response=list[schemas.HistoryOut],
            summary="My points history, newest first")
def my_history(request: HttpRequest, limit: int = 200) -> list[dict[str, Any]]:
    return _history(_me(request), limit)


@router.get("/recognition/people/{int:person_id}/balance", response=schemas.BalanceOut,
            summary="A person's points (self, their managers, HR in scope)")
def person_balance(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person = award_reads.access_points_of(actor_of(request), person_id)
    return _balance(person.pk)


@router.get("/recognition/people/{int:person_id}/history", response=list[schemas.HistoryOut],
            summary="A person's points history (self, their managers, HR in scope)")
def person_history(request: HttpRequest, person_id: int, limit: int = 200
                   ) -> list[dict[str, Any]]:
    person = award_reads.access_points_of(actor_of(request), person_id)
    return _history(person.pk, limit)


@router.get("/recognition/contributions", response=list[schemas.ContributionOut],
            summary="Contributions you may read (yours, your reports', HR in scope)")
def list_contributions(request: HttpRequest, person_id: int | None = None, limit: int = 100,
                       offset: int = 0) -> list[dict[str, Any]]:
    rows = award_reads.contributions_readable_by(actor_of(request))
    if person_id is not None:
        rows = rows.filter(person_id=person_id)
    return [contribution_out(r) for r in rows.order_by("-on", "-pk")[_page(limit, offset)]]


@router.post("/recognition/contributions", response={201: schemas.ContributionOut},
             summary="Log knowledge shared, a mentoring session or cross-team help")
def create_contribution(request: HttpRequest, payload: schemas.ContributionIn) -> Reply[Any]:
    found = contributions.log_contribution(
        actor=actor_of(request, write=True), data=contributions.ContributionIn(
            kind=payload.kind, title=payload.title, link=payload.link,
            other_person_id=payload.other_person_id, note=payload.note, on=payload.on))
    return Reply(201, contribution_out(found))


@router.post("/recognition/budgets/allocate", response=schemas.AllocationOut,
             summary="Allocate a month's giving budgets (HR admin; idempotent)")
def allocate(request: HttpRequest, payload: schemas.AllocateIn) -> dict[str, Any]:
    report = budgets.allocate_budgets(actor=actor_of(request, write=True),
                                      period=payload.period)
    return report.__dict__


def _policy_out() -> dict[str, Any]:
    found = policy()
    return {name: getattr(found, name) for name in budgets.POLICY_FIELDS}


@router.get("/recognition/policy", response=schemas.PolicyOut,
            summary="The giving policy: budget, caps, diminishing returns, ping-pong (HR admin)")
def get_policy(request: HttpRequest) -> dict[str, Any]:
    require_hr_admin(actor_of(request))
    return _policy_out()


@router.patch("/recognition/policy", response=schemas.PolicyOut,
              summary="Change the giving policy (HR admin)")
def patch_policy(request: HttpRequest, payload: schemas.PolicyIn) -> dict[str, Any]:
    values = {k: v for k, v in payload.dict().items() if v is not None}
    budgets.update_policy(actor=actor_of(request, write=True), **values)
    return _policy_out()


@router.get("/recognition/rules", response=list[schemas.RuleOut],
            summary="Points rules (HR admin)")
def list_rules(request: HttpRequest) -> list[dict[str, Any]]:
    require_hr_admin(actor_of(request))
    return [rule_out(r) for r in Rule.objects.order_by("pk")]


@router.patch("/recognition/rules/{code}", response=schemas.RuleOut,
              summary="Change a rule's points, monthly cap or active switch (HR admin)")
def patch_rule(request: HttpRequest, code: str, payload: schemas.RuleIn) -> dict[str, Any]:
    return rule_out(rules.update_rule(actor=actor_of(request, write=True), code=code,
                                      points=payload.points,
                                      cap_per_period=payload.cap_per_period,
                                      active=payload.active))


@router.get("/recognition/flags", response=list[schemas.FlagOut],
            summary="Reciprocal-pair flags (HR admin); status open, released, reversed or all")
def list_flags(request: HttpRequest, status: str = "open") -> list[dict[str, Any]]:
    rows = award_reads.flags(actor_of(request), status=None if status == "all" else status)
    return [flag_out(r) for r in rows[:500]]


@router.post("/recognition/flags/{int:flag_id}/decide", response=schemas.FlagOut,
             summary="Release or reverse a flag's held points (HR admin)")
def decide(request: HttpRequest, flag_id: int, payload: schemas.DecideIn) -> dict[str, Any]:
    found = flags.decide_flag(actor=actor_of(request, write=True), flag_id=flag_id,
                              decision=payload.decision, note=payload.note)
    return flag_out(Flag.objects.select_related("person_a", "person_b")
                    .prefetch_related("holds").get(pk=found.pk))
