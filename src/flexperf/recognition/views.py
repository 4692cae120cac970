"""Pages: give recognition (reachable from anywhere with ?to=<person id>), the wall, my points,
log a contribution, and HR's budgets & policy, rules and flags."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, internal, page
from flexperf.recognition import periods
from flexperf.recognition.forms import (
    AllocateForm,
    ContributionForm,
    DecideForm,
    GiveForm,
    PolicyForm,
    RuleForm,
)
from flexperf.recognition.models import FlagStatus, HoldState, Rule
from flexperf.recognition.rules import rule_label
from flexperf.recognition.selectors import awards as reads
from flexperf.recognition.selectors import ledger
from flexperf.recognition.services import awards, budgets, contributions, flags, rules
from flexperf.recognition.services.common import policy


def has_person(actor: Actor) -> bool:
    return actor.person_id is not None


def hr_admin(actor: Actor) -> bool:
    return actor.is_hr_admin


@require_http_methods(["GET", "POST"])
@page(allow=has_person)
def give(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = GiveForm(request.POST or None, initial={"recipient": request.GET.get("to")})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                awards.give_recognition(actor=actor, data=awards.AwardIn(
                    recipient_id=data["recipient"].pk, points=data["points"],
                    message=data["message"], tag=data["tag"], goal_id=data["goal_id"],
                    visibility=data["visibility"]))
            except ServiceError as error:
                add_problems(form, error, {"recipient_id": "recipient"})
            else:
                messages.success(request, _("Your recognition was sent."))
                return redirect("recognition_wall")
        return render(request, "recognition/give.html", _give_context(actor, form), status=422)
    return render(request, "recognition/give.html", _give_context(actor, form))


def _give_context(actor: Actor, form: GiveForm) -> dict[str, object]:
    period = periods.period_of(clock.today())
    assert actor.person_id is not None
    left = ledger.budget_left(actor.person_id, period)
    return {"form": form, "period": period,
            "budget_left": policy().budget_per_period if left is None else left}


@page(allow=internal)
def wall(request: HttpRequest) -> HttpResponse:
    rows = [reads.view_of(a) for a in reads.wall(current_actor(request))[:100]]
    return render(request, "recognition/wall.html", {"rows": rows})


@page(allow=has_person)
def mine(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    assert actor.person_id is not None
    period = periods.period_of(clock.today())
    start, end = periods.bounds(period)
    pid = actor.person_id
    return render(request, "recognition/mine.html", {
        "available": ledger.available_balance(pid), "held": ledger.held_balance(pid),
        "budget_left": ledger.budget_left(pid, period), "period": period,
        "earned": ledger.points_by_person([pid], start, end).get(pid, 0),
        "history": ledger.history(pid, limit=100),
        "received": reads.recognitions_received(actor, pid, limit=20)})


@require_http_methods(["GET", "POST"])
@page(allow=has_person)
def contribute(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = ContributionForm(request.POST or None)
    assert actor.person_id is not None
    rows = reads.contributions_readable_by(actor).filter(person_id=actor.person_id)[:50]
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            other = data["other_person"]
            try:
                contributions.log_contribution(actor=actor, data=contributions.ContributionIn(
                    kind=data["kind"], title=data["title"], link=data["link"] or "",
                    other_person_id=other.pk if other else None, note=data["note"] or "",
                    on=data["on"]))
            except ServiceError as error:
                add_problems(form, error, {"other_person_id": "other_person"})
            else:
                messages.success(request, _("Your contribution was logged."))
                return redirect("recognition_contribute")
        return render(request, "recognition/contribute.html", {"form": form, "rows": rows},
                      status=422)
    return render(request, "recognition/contribute.html", {"form": form, "rows": rows})


@require_http_methods(["GET", "POST"])
@page(allow=hr_admin)
def hr_budgets(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    current = policy()
    initial = {name: getattr(current, name) for name in budgets.POLICY_FIELDS}
    form = PolicyForm(request.POST if "save_policy" in request.POST else None, initial=initial)
    allocate = AllocateForm(request.POST if "allocate" in request.POST else None,
                            initial={"period": periods.period_of(clock.today())})
    status = 200
    if request.method == "POST":
        status = 422
        try:
            if "allocate" in request.POST and allocate.is_valid():
                report = budgets.allocate_budgets(actor=actor,
                                                  period=allocate.cleaned_data["period"])
                messages.success(request, _(
                    "%(period)s: %(allocated)d budgets allocated, %(expired)d expired.")
                    % report.__dict__)
                return redirect("recognition_hr_budgets")
            if "save_policy" in request.POST and form.is_valid():
                budgets.update_policy(actor=actor, **form.cleaned_data)
                messages.success(request, _("The policy was saved."))
                return redirect("recognition_hr_budgets")
        except ServiceError as error:
            add_problems(allocate if "allocate" in request.POST else form, error)
    return render(request, "recognition/hr_budgets.html",
                  {"form": form, "allocate": allocate}, status=status)


@require_http_methods(["GET", "POST"])
@page(allow=hr_admin)
def hr_rules(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    error_code, bound = "", None
    if request.method == "POST":
        code = request.POST.get("code", "")
        bound = RuleForm(request.POST)
        if bound.is_valid():
            try:
                rules.update_rule(actor=actor, code=code, **bound.cleaned_data)
            except ServiceError as error:
                add_problems(bound, error)
            else:
                messages.success(request, _("The rule was saved."))
                return redirect("recognition_hr_rules")
        error_code = code
    rows = []
    for rule in Rule.objects.order_by("pk"):
        form = bound if (bound is not None and rule.code == error_code) else RuleForm(
            initial={"points": rule.points, "cap_per_period": rule.cap_per_period,
                     "active": rule.active}, auto_id=f"id_{rule.code}_%s")
        rows.append({"rule": rule, "label": rule_label(rule.code), "form": form})
    return render(request, "recognition/hr_rules.html", {"rows": rows},
                  status=422 if error_code else 200)


@page(allow=hr_admin)
def hr_flags(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    status = request.GET.get("status", FlagStatus.OPEN)
    rows = [{"flag": f, "held": sum(h.points for h in f.holds.all()
                                    if h.state == HoldState.HELD)}
            for f in reads.flags(actor, status=None if status == "all" else status)[:200]]
    return render(request, "recognition/hr_flags.html",
                  {"rows": rows, "status": status, "form": DecideForm()})


@require_POST
@page(allow=hr_admin)
def hr_flag_decide(request: HttpRequest, flag_id: int) -> HttpResponse:
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose release or reverse."))
        return redirect("recognition_hr_flags")
    try:
        flags.decide_flag(actor=current_actor(request), flag_id=flag_id,
                          decision=form.cleaned_data["decision"],
                          note=form.cleaned_data["note"] or "")
    except ServiceError as error:
        messages.error(request, "; ".join(p.message for p in error.problems))
    except NotFound:
        raise
    else:
        messages.success(request, _("The flag was decided."))
    return redirect("recognition_hr_flags")
