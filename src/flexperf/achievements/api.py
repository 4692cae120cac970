"""The achievements API router (mounted under /api/v1/ by flexperf/api.py): /achievements/…"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts.api_auth import actor_of
from flexperf.achievements import kinds, schemas
from flexperf.achievements import services as svc
from flexperf.achievements.models import PersonSettings, Redemption, Reward
from flexperf.achievements.periods import PERIODS
from flexperf.achievements.selectors import hall as hall_sel
from flexperf.achievements.selectors import leaderboards as boards
from flexperf.achievements.selectors import quests as quest_sel
from flexperf.achievements.selectors import rewards as reward_sel
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError

router = Router(tags=["achievements"])


# --- quests ------------------------------------------------------------------------------------


def _quest(card: quest_sel.QuestCard) -> dict[str, Any]:
    q = card.quest
    return {
        "id": q.pk, "title": q.title, "description": q.description, "starts_on": q.starts_on,
        "ends_on": q.ends_on, "active": q.active,
        "audience_unit_ids": sorted(q.audience_units.values_list("pk", flat=True)),
        "badge_code": q.badge_code, "badge_each_level": q.badge_each_level,
        "joined": card.joined, "open": card.open, "participants": card.participants,
        "finishers": card.finishers, "reached_level": card.progress.reached,
        "percent": card.progress.percent,
        "levels": [{"number": lv.number, "title": lv.title, "points": lv.points,
                    "reached": lv.reached,
                    "tasks": [{"kind": t.kind, "label": kinds.kind_label(t.kind),
                               "needed": t.needed, "done": t.done} for t in lv.tasks]}
                   for lv in card.progress.levels],
    }


def quest_in(payload: schemas.QuestIn) -> svc.QuestIn:
    return svc.QuestIn(
        title=payload.title, description=payload.description, starts_on=payload.starts_on,
        ends_on=payload.ends_on, active=payload.active,
        audience_unit_ids=payload.audience_unit_ids, badge_code=payload.badge_code,
        badge_each_level=payload.badge_each_level,
        levels=[svc.LevelIn(lv.title, lv.points, [svc.TaskIn(t.kind, t.count) for t in lv.tasks])
                for lv in payload.levels])


@router.get("/achievements/quests", response=list[schemas.QuestOut],
            summary="Quests open to you, with your progress")
def list_quests(request: HttpRequest) -> Any:
    return [_quest(c) for c in quest_sel.quest_cards(actor_of(request))]


@router.get("/achievements/progress", response=list[schemas.QuestOut],
            summary="My progress in the quests I joined")
def my_progress(request: HttpRequest) -> Any:
    return [_quest(c) for c in quest_sel.quest_cards(actor_of(request)) if c.joined]


@router.post("/achievements/quests", response={201: schemas.QuestOut},
             summary="Create a quest (HR)")
def create_quest(request: HttpRequest, payload: schemas.QuestIn) -> Reply[Any]:
    actor = actor_of(request, write=True)
    quest = svc.create_quest(actor=actor, data=quest_in(payload))
    return Reply(201, _quest(quest_sel.quest_card(actor, quest.pk)))


@router.get("/achievements/quests/{int:quest_id}", response=schemas.QuestOut,
            summary="A quest and your progress")
def get_quest(request: HttpRequest, quest_id: int) -> Any:
    return _quest(quest_sel.quest_card(actor_of(request), quest_id))


@router.put("/achievements/quests/{int:quest_id}", response=schemas.QuestOut,
            summary="Change a quest (HR; levels only while nobody reached one)")
def update_quest(request: HttpRequest, quest_id: int, payload: schemas.QuestIn) -> Any:
    actor = actor_of(request, write=True)
    svc.update_quest(actor=actor, quest_id=quest_id, data=quest_in(payload))
    return _quest(quest_sel.quest_card(actor, quest_id))


@router.post("/achievements/quests/{int:quest_id}/join", response=schemas.QuestOut,
             summary="Join a quest")
def join_quest(request: HttpRequest, quest_id: int) -> Any:
    actor = actor_of(request, write=True)
    svc.join_quest(actor=actor, quest_id=quest_id)
    return _quest(quest_sel.quest_card(actor, quest_id))


@router.post("/achievements/quests/recompute", response=schemas.RecomputeOut,
             summary="Count quest activity again from the source records (HR)")
def recompute(request: HttpRequest, quest_id: int | None = None) -> Any:
    found = svc.recompute(actor=actor_of(request, write=True), quest_id=quest_id)
    return {"quests": found.quests, "activities_added": found.activities_added,
            "levels_awarded": found.levels_awarded}


# --- leaderboards --------------------------------------------------------------------------------


def board_out(board: boards.Board) -> dict[str, Any]:
    return {"scope": board.scope, "period": board.span.kind, "period_code": board.span.code,
            "start": board.span.start, "end": board.span.end, "title": board.title,
            "unit_id": board.unit_id, "manager_id": board.manager_id, "ranked": board.ranked,
            "hidden": board.hidden, "include_held": board.include_held,
            "my_rank": board.my_rank, "my_points": board.my_points,
            "rows": [r.__dict__ for r in board.rows]}


@router.get("/achievements/leaderboards", response=schemas.BoardOut,
            summary="A leaderboard: scope team|unit|company, period month|quarter|year")
def leaderboard(request: HttpRequest, scope: str = "company", period: str = "month",
                on: dt.date | None = None, unit_id: int | None = None,
                manager_id: int | None = None, limit: int = boards.DEFAULT_LIMIT,
                include_held: bool = False) -> Any:
    """Ranks are standard competition ranks (equal points share a rank; the next rank skips).
    People who opted out are not listed; `hidden` says how many of the scope did."""
    return board_out(boards.leaderboard(
        actor_of(request), scope=scope, period=period, on=on, unit_id=unit_id,
        manager_id=manager_id, limit=limit, include_held=include_held))


@router.get("/achievements/settings", response=schemas.SettingsOut,
            summary="My achievements settings")
def get_settings(request: HttpRequest) -> Any:
    actor = actor_of(request)
    if actor.person_id is None:
        raise Forbidden
    found = PersonSettings.objects.filter(person_id=actor.person_id).first()
    return {"leaderboard_opt_out": bool(found and found.leaderboard_opt_out)}


@router.put("/achievements/settings", response=schemas.SettingsOut,
            summary="Opt out of (or back into) leaderboards")
def put_settings(request: HttpRequest, payload: schemas.SettingsIn) -> Any:
    found = svc.set_leaderboard_opt_out(actor=actor_of(request, write=True),
                                        opt_out=payload.leaderboard_opt_out)
    return {"leaderboard_opt_out": found.leaderboard_opt_out}


# --- hall --------------------------------------------------------------------------------------


def hall_out(found: hall_sel.Hall) -> dict[str, Any]:
    share = found.share
    return {
        "person_id": found.person.pk, "name": found.person.name,
        "unit": found.person.unit.name, "full": found.full,
        "badges": [{"id": b.id, "code": b.code, "name": b.name,  # type: ignore[attr-defined]
                    "image_url": b.image_url, "issued_on": b.issued_on,  # type: ignore[attr-defined]
                    "revoked": b.revoked} for b in found.badges],  # type: ignore[attr-defined]
        "honours": [h.__dict__ for h in found.honours],
        "endorsements": [e.__dict__ for e in found.endorsements],
        "projects": [p.__dict__ for p in found.projects] if found.full else None,
        "points_history": [{"month": b.label, "points": b.value} for b in found.history]
        if found.full else None,
        "contribution_share": None if share is None else {
            "period": share.span.code, "start": share.span.start, "end": share.span.end,
            "mine": share.mine, "team": share.team, "team_size": share.team_size,
            "share": round(share.donut.share, 4)},
    }


@router.get("/achievements/hall", response=schemas.HallOut, summary="My achievement hall")
def my_hall(request: HttpRequest, period: str = "quarter") -> Any:
    actor = actor_of(request)
    if actor.person_id is None:
        raise Forbidden
    return hall_out(hall_sel.hall(actor, actor.person_id, period=_period(period)))


@router.get("/achievements/hall/{int:person_id}", response=schemas.HallOut,
            summary="A colleague's achievement hall (public parts unless in your scope)")
def person_hall(request: HttpRequest, person_id: int, period: str = "quarter") -> Any:
    return hall_out(hall_sel.hall(actor_of(request), person_id, period=_period(period)))


def _period(period: str) -> str:
    if period not in PERIODS:
        raise ServiceError(Problem("period", _("Choose one of: %(values)s.")
                                   % {"values": ", ".join(PERIODS)}))
    return period


# --- rewards -----------------------------------------------------------------------------------


def reward_out(r: Reward) -> dict[str, Any]:
    return {"id": r.pk, "name": r.name, "description": r.description, "cost": r.cost,
            "stock": r.stock, "active": r.active, "approval_required": r.approval_required}


def redemption_out(r: Redemption) -> dict[str, Any]:
    return {"id": r.pk, "reward_id": r.reward_id, "reward": r.reward.name,
            "person_id": r.person_id, "person": r.person.name, "quantity": r.quantity,
            "points": r.points, "status": r.status, "created_at": r.created_at,
            "decided_at": r.decided_at, "decision_note": r.decision_note}


def reward_in(payload: schemas.RewardIn) -> svc.RewardIn:
    return svc.RewardIn(name=payload.name, description=payload.description, cost=payload.cost,
                        stock=payload.stock, active=payload.active,
                        approval_required=payload.approval_required)


def _balance(actor: Actor) -> int | None:
    from flexperf.recognition import selectors as recognition

    return recognition.available_balance(actor.person_id) if actor.person_id else None


@router.get("/achievements/rewards", response=schemas.StoreOut,
            summary="The rewards store and my available balance (HR: all=true lists inactive)")
def list_rewards(request: HttpRequest, all: bool = False) -> Any:
    actor = actor_of(request)
    rows = reward_sel.catalogue(actor) if all else reward_sel.store(actor)
    return {"balance": _balance(actor), "rewards": [reward_out(r) for r in rows]}


@router.post("/achievements/rewards", response={201: schemas.RewardOut},
             summary="Add a reward to the catalogue (HR)")
def create_reward(request: HttpRequest, payload: schemas.RewardIn) -> Reply[Any]:
    found = svc.create_reward(actor=actor_of(request, write=True), data=reward_in(payload))
    return Reply(201, reward_out(found))


@router.put("/achievements/rewards/{int:reward_id}", response=schemas.RewardOut,
            summary="Change a reward (HR)")
def update_reward(request: HttpRequest, reward_id: int, payload: schemas.RewardIn) -> Any:
    return reward_out(svc.update_reward(actor=actor_of(request, write=True),
                                        reward_id=reward_id, data=reward_in(payload)))


@router.get("/achievements/redemptions", response=list[schemas.RedemptionOut],
            summary="My redemptions; HR: status=pending is the approval queue")
def list_redemptions(request: HttpRequest, status: str | None = None) -> Any:
    actor = actor_of(request)
    if status == "pending" and actor.is_hr:
        rows = reward_sel.approval_queue(actor)
    else:
        rows = reward_sel.my_redemptions(actor)
        if status:
            rows = rows.filter(status=status)
    return [redemption_out(r) for r in rows[:500]]


@router.post("/achievements/redemptions", response={201: schemas.RedemptionOut},
             summary="Redeem points for a reward")
def redeem(request: HttpRequest, payload: schemas.RedeemIn) -> Reply[Any]:
    actor = actor_of(request, write=True)
    found = svc.redeem(actor=actor, reward_id=payload.reward_id, quantity=payload.quantity)
    return Reply(201, redemption_out(reward_sel.access_redemption(actor, found.pk)))


@router.post("/achievements/redemptions/{int:redemption_id}/approve",
             response=schemas.RedemptionOut, summary="Approve a redemption (HR)")
def approve(request: HttpRequest, redemption_id: int, payload: schemas.DecisionIn) -> Any:
    actor = actor_of(request, write=True)
    svc.approve_redemption(actor=actor, redemption_id=redemption_id, note=payload.note)
    return redemption_out(reward_sel.access_redemption(actor, redemption_id))


@router.post("/achievements/redemptions/{int:redemption_id}/reject",
             response=schemas.RedemptionOut,
             summary="Reject a redemption (HR): the points are refunded, the stock restored")
def reject(request: HttpRequest, redemption_id: int, payload: schemas.DecisionIn) -> Any:
    actor = actor_of(request, write=True)
    svc.reject_redemption(actor=actor, redemption_id=redemption_id, note=payload.note)
    return redemption_out(reward_sel.access_redemption(actor, redemption_id))

