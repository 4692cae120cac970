"""Pages: quests, leaderboards, the achievement hall, the rewards store, HR editors."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from flexperf.achievements import services as svc
from flexperf.achievements.access import internal, is_hr
from flexperf.achievements.forms import DecisionForm, QuestForm, RedeemForm, RewardForm
from flexperf.achievements.models import Quest, Reward
from flexperf.achievements.periods import PERIODS
from flexperf.achievements.selectors import hall as hall_sel
from flexperf.achievements.selectors import leaderboards as boards
from flexperf.achievements.selectors import quests as quest_sel
from flexperf.achievements.selectors import rewards as reward_sel
from flexperf.core.actors import Role
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.views import current_actor, page, visible_ids
from flexperf.org.models import Unit


def _messages(error: ServiceError) -> str:
    return "; ".join(p.message for p in error.problems)


# --- quests ------------------------------------------------------------------------------------


@page(allow=internal)
def quest_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(request, "achievements/quests.html", {
        "cards": quest_sel.quest_cards(actor), "can_edit": actor.is_hr})


@page(allow=internal)
def quest_detail(request: HttpRequest, quest_id: int) -> HttpResponse:
    actor = current_actor(request)
    card = quest_sel.quest_card(actor, quest_id)
    return render(request, "achievements/quest.html", {
        "card": card, "quest": card.quest, "audience": quest_sel.audience_names(card.quest),
        "can_edit": actor.is_hr,
        "can_join": actor.person_id is not None and not card.joined and card.open})


@require_POST
@page(allow=internal)
def quest_join(request: HttpRequest, quest_id: int) -> HttpResponse:
    try:
        svc.join_quest(actor=current_actor(request), quest_id=quest_id)
    except ServiceError as error:
        messages.error(request, _messages(error))
    else:
        messages.success(request, _("You joined the quest. Good luck!"))
    return redirect("achievements_quest", quest_id=quest_id)


def _place(error: ServiceError, form: QuestForm | RewardForm) -> None:
    for problem in error.problems:
        name = form.field_for(problem.field) if isinstance(form, QuestForm) else problem.field
        form.add_error(name if name in form.fields else None, problem.message)


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def quest_edit(request: HttpRequest, quest_id: int | None = None) -> HttpResponse:
    actor = current_actor(request)
    quest: Quest | None = None
    if quest_id is not None:
        quest = Quest.objects.filter(pk=quest_id).first()
        if quest is None:
            raise NotFound
    initial = QuestForm.initial_for(quest) if quest else {}
    form = QuestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.to_input()
            if quest is None:
                quest = svc.create_quest(actor=actor, data=data)
            else:
                svc.update_quest(actor=actor, quest_id=quest.pk, data=data)
        except ServiceError as error:
            _place(error, form)
        else:
            messages.success(request, _("The quest was saved."))
            return redirect("achievements_quest", quest_id=quest.pk)
    return render(request, "achievements/quest_edit.html", {"form": form, "quest": quest},
                  status=422 if form.is_bound and form.errors else 200)


@require_POST
@page(allow=is_hr)
def quest_recompute(request: HttpRequest) -> HttpResponse:
    summary = svc.recompute(actor=current_actor(request))
    messages.success(request, _("Counted %(added)d new activities; %(levels)d levels reached.")
                     % {"added": summary.activities_added, "levels": summary.levels_awarded})
    return redirect("achievements_quests")


# --- leaderboards --------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@page(allow=internal)
def leaderboard_page(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    scope = request.GET.get("scope") or ("team" if actor.has(Role.MANAGER) else "company")
    period = request.GET.get("period") or "month"
    board: boards.Board | None = None
    error = ""
    try:
        board = boards.leaderboard(actor, scope=scope, period=period,
                                   on=_date(request.GET.get("on")),
                                   unit_id=_int(request.GET.get("unit")),
                                   manager_id=_int(request.GET.get("manager")))
    except ServiceError as problem:
        error = _messages(problem)
    links = visible_ids(actor, [r.person_id for r in board.rows]) if board else set()
    return render(request, "achievements/leaderboard.html", {
        "board": board, "error": error, "scope": scope, "period": period,
        "scopes": [("team", _("My team")), ("unit", _("Unit")), ("company", _("Whole group"))],
        "periods": [(p, label) for p, label in zip(PERIODS, (_("Month"), _("Quarter"),
                                                             _("Year")), strict=True)],
        "units": Unit.objects.filter(archived=False).order_by("path"),
        "links": links, "opted_out": bool(actor.person_id and boards.opted_out(
            actor.person_id))}, status=422 if error else 200)


@require_POST
@page(allow=internal)
def opt_out(request: HttpRequest) -> HttpResponse:
    hide = request.POST.get("leaderboard_opt_out") == "1"
    svc.set_leaderboard_opt_out(actor=current_actor(request), opt_out=hide)
    messages.success(request, _("You are hidden from leaderboards.") if hide
                     else _("You are shown on leaderboards again."))
    target = request.POST.get("next") or ""
    return redirect(target if target.startswith("/") and not target.startswith("//")
                    else "achievement_hall")


# --- the hall ----------------------------------------------------------------------------------


def _hall(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = current_actor(request)
    period = request.GET.get("period") or "quarter"
    if period not in PERIODS:
        period = "quarter"
    found = hall_sel.hall(actor, person_id, period=period)
    return render(request, "achievements/hall.html", {
        "hall": found, "person": found.person, "mine": person_id == actor.person_id,
        "period": period, "opted_out": boards.opted_out(person_id)
        if person_id == actor.person_id else False,
        "person_link": bool(visible_ids(actor, [person_id]))})


@page(allow=internal)
def my_hall(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if actor.person_id is None:
        raise NotFound
    return _hall(request, actor.person_id)


@page(allow=internal)
def person_hall(request: HttpRequest, person_id: int) -> HttpResponse:
    return _hall(request, person_id)


# --- rewards -----------------------------------------------------------------------------------


@page(allow=internal)
def store_page(request: HttpRequest) -> HttpResponse:
    from flexperf.recognition import selectors as recognition

    actor = current_actor(request)
    balance = recognition.available_balance(actor.person_id) if actor.person_id else None
    return render(request, "achievements/store.html", {
        "rewards": reward_sel.store(actor), "balance": balance, "form": RedeemForm(),
        "can_edit": actor.is_hr})


@require_POST
@page(allow=internal)
def redeem(request: HttpRequest, reward_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = RedeemForm(request.POST)
    quantity = form.cleaned_data["quantity"] if form.is_valid() else 0
    try:
        found = svc.redeem(actor=actor, reward_id=reward_id, quantity=quantity)
    except ServiceError as error:
        messages.error(request, _messages(error))
        return redirect("achievements_store")
    if found.status == "pending":
        messages.success(request, _("Redeemed. HR will approve it soon; the points are set "
                                    "aside until then."))
    else:
        messages.success(request, _("Redeemed. Enjoy!"))
    return redirect("achievements_my_redemptions")


@page(allow=internal)
def my_redemptions(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(request, "achievements/redemptions.html", {
        "redemptions": reward_sel.my_redemptions(actor)[:200]})


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def catalogue(request: HttpRequest, reward_id: int | None = None) -> HttpResponse:
    actor = current_actor(request)
    reward: Reward | None = None
    if reward_id is not None:
        reward = reward_sel.access_reward(actor, reward_id)
    form = RewardForm(request.POST or None,
                      initial=RewardForm.initial_for(reward) if reward else None)
    if request.method == "POST" and form.is_valid():
        try:
            if reward is None:
                svc.create_reward(actor=actor, data=form.to_input())
            else:
                svc.update_reward(actor=actor, reward_id=reward.pk, data=form.to_input())
        except ServiceError as error:
            _place(error, form)
        else:
            messages.success(request, _("The reward was saved."))
            return redirect("achievements_catalogue")
    return render(request, "achievements/catalogue.html", {
        "rewards": reward_sel.catalogue(actor), "form": form, "reward": reward},
        status=422 if form.is_bound and form.errors else 200)


@page(allow=is_hr)
def redemption_queue(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    return render(request, "achievements/queue.html", {
        "queue": reward_sel.approval_queue(actor), "form": DecisionForm()})


@require_POST
@page(allow=is_hr)
def decide(request: HttpRequest, redemption_id: int, decision: str) -> HttpResponse:
    actor = current_actor(request)
    if decision not in ("approve", "reject"):
        raise NotFound
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if decision == "approve":
            svc.approve_redemption(actor=actor, redemption_id=redemption_id, note=note)
            messages.success(request, _("The redemption was approved."))
        else:
            svc.reject_redemption(actor=actor, redemption_id=redemption_id, note=note)
            messages.success(request, _("The redemption was rejected and the points refunded."))
    except ServiceError as error:
        messages.error(request, _messages(error))
    return redirect("achievements_redemption_queue")
