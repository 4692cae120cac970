"""A goal's page: its definition, progress chart per metric, points with the explanation,
status with its rule, history, alignment and signals, and everything one may do on it —
record a value, rate a behaviour, answer the survey, accept a milestone, align, watch a
signal, propose an adjustment, activate, close, delete a draft.

Each action posts to its own URL and comes back here: on success with a message, on bad input
with this page again and the problem under the field (status 422), nothing written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.views import current_actor, internal, page
from flexperf.goals import evaluation
from flexperf.goals.evaluation import GoalScore
from flexperf.goals.forms.context import ALIASES, CloseForm, MissAnalysisForm
from flexperf.goals.forms.problems import place
from flexperf.goals.forms.progress import (
    AcceptForm,
    AdjustmentForm,
    AlignForm,
    MeasurementForm,
    RatingForm,
    SignalLinkForm,
    SurveyForm,
    today_within,
)
from flexperf.goals.models import (
    Goal,
    GoalStatus,
    Judgement,
    MeasurementSource,
    Metric,
    MetricKind,
    Milestone,
    OwnerKind,
    Perspective,
    SeriesPoint,
    SignalLink,
)
from flexperf.goals.rules import ScoringRules
from flexperf.goals.selectors import access_goal, goals_visible_to, miss_analyses
from flexperf.goals.selectors import dynamic as dynamic_selectors
from flexperf.goals.selectors.goals import GoalDetail, MeasurementView, goal_detail
from flexperf.goals.services import adjustments as adjustment_services
from flexperf.goals.services import alignment as alignment_services
from flexperf.goals.services import context as context_services
from flexperf.goals.services import goals as goal_services
from flexperf.goals.services import measurements as measurement_services
from flexperf.goals.services import series as series_services
from flexperf.goals.services.context import may_analyse
from flexperf.goals.services.measurements import VALUE_KINDS
from flexperf.goals.views import chart as charts
from flexperf.goals.views.common import owner_name

RECENT_POINTS = 6
OPEN = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION)
CLOSED = (GoalStatus.CLOSED, GoalStatus.WITHDRAWN)
MAX_PARENTS = 200


@dataclass
class MetricBlock:
    """A metric with its values, chart and the forms the caller may use on it."""

    metric: Metric
    series: list[MeasurementView]
    chart: charts.Chart | None
    measure: forms.Form | None = None
    rate: forms.Form | None = None
    survey: forms.Form | None = None


@dataclass
class MilestoneBlock:
    milestone: Milestone
    accept: forms.Form | None
    reviewable: bool = False


@dataclass
class SignalBlock:
    link: SignalLink
    points: list[SeriesPoint]


@dataclass
class Bound:
    """The form that was posted (it comes back with its problems), keyed by its slot."""

    posted: dict[str, forms.Form] = field(default_factory=dict)

    def get(self, slot: str, form_class: type[forms.Form], **kwargs: Any) -> forms.Form:
        """The posted form of this slot, else a fresh one."""
        return self.posted.get(slot) or form_class(**kwargs)


def _rules(goal: Goal) -> ScoringRules:
    return (ScoringRules.from_overrides(goal.component.scheme.rules)
            if goal.component is not None else ScoringRules())


def _own_side(actor: Actor, goal: Goal) -> bool:
    """Whether the caller answers for the goal (a survey is for its internal customers)."""
    if goal.owner_kind == OwnerKind.PERSON:
        return goal.person_id == actor.person_id
    return False


def _parent_choices(actor: Actor, goal: Goal) -> list[Goal]:
    """Goals this goal may contribute to: unit and company goals, and the owner's manager's
    goals, of the same or an enclosing period, still open."""
    mine = Q(owner_kind__in=[OwnerKind.UNIT, OwnerKind.COMPANY])
    if goal.person is not None and goal.person.manager_id is not None:
        mine |= Q(owner_kind=OwnerKind.PERSON, person_id=goal.person.manager_id)
    return list(goals_visible_to(actor).filter(
        mine, period__start__lte=goal.period.start, period__end__gte=goal.period.end)
        .exclude(status__in=CLOSED).exclude(pk=goal.pk)
        .select_related("period").order_by("owner_kind", "period__start", "title")
        [:MAX_PARENTS])


def _context(request: HttpRequest, actor: Actor, goal_id: int, bound: Bound
             ) -> dict[str, Any]:
    detail: GoalDetail = goal_detail(actor, goal_id)  # the read is audited there
    goal = detail.goal
    today = clock.today()
    as_of = evaluation.default_as_of(goal.period, today)
    score: GoalScore | None
    try:
        score = evaluation.score_goal(actor, goal)
    except NotFound:
        score = None
    rules = _rules(goal)
    day = today_within(goal.period.start, goal.period.end, today)
    recordable = goal.status in OPEN
    blocks = []
    for metric in detail.metrics:
        series = detail.series[metric.pk]
        block = MetricBlock(metric, series, charts.metric_chart(
            metric, series, start=goal.period.start, end=goal.period.end, as_of=as_of,
            rules=rules) if series or metric.target is not None else None)
        prefix = f"metric-{metric.pk}"
        if detail.can_record and metric.kind in VALUE_KINDS:
            block.measure = bound.get(f"measure-{metric.pk}", MeasurementForm, prefix=prefix,
                                      initial={"on": day})
        if recordable and detail.can_manage and metric.kind == MetricKind.BEHAVIOUR \
                and not detail.is_owner:
            block.rate = bound.get(f"rate-{metric.pk}", RatingForm, prefix=prefix,
                                   initial={"on": day})
        if recordable and metric.kind == MetricKind.CSAT and actor.person_id is not None \
                and not _own_side(actor, goal):
            block.survey = bound.get(f"survey-{metric.pk}", SurveyForm, prefix=prefix)
        blocks.append(block)
    milestones = [MilestoneBlock(m, bound.get(
        f"accept-{m.pk}", AcceptForm, prefix=f"milestone-{m.pk}",
        initial={"accepted_on": m.accepted_on or day})
        if recordable and detail.can_manage else None,
        reviewable=detail.can_manage and (m.accepted_on is not None or m.due < today))
        for m in detail.milestones]
    analysis = miss_analyses([goal.pk]).get(goal.pk)
    may_close = detail.can_manage and goal.status in OPEN
    links = list(dynamic_selectors.signal_links_visible_to(actor, goal_id=goal.pk))
    signals = [SignalBlock(link, list(reversed(dynamic_selectors.points_of(
        actor, link.series_id).order_by("-on")[:RECENT_POINTS]))) for link in links]
    history = dynamic_selectors.goal_history(actor, goal.pk)
    may_align = detail.is_owner or detail.can_manage
    may_propose = dynamic_selectors.can_propose(actor, goal)
    pending = [entry for entry in history.adjustments if entry.adjustment.status == "pending"]
    names = {m.pk: m.name for m in detail.metrics}
    return {
        "goal": goal, "detail": detail, "score": score, "as_of": as_of,
        "perspective_weights": [(Perspective(p).label, w) for p, w in
                                (goal.perspective_weights or {}).items()
                                if p in Perspective.values],
        "strategy": [(names.get(c, c), names.get(e, e)) for c, e in detail.links],
        "source_labels": dict(MeasurementSource.choices),
        "adjustments_by_id": {e.adjustment.pk: e.adjustment for e in history.adjustments},
        "owner": owner_name(goal), "blocks": blocks, "milestones": milestones,
        "signals": signals, "history": history, "pending": pending,
        "decidable": [e for e in pending if dynamic_selectors.can_decide(actor, e.adjustment)],
        "cancellable": [e for e in pending if dynamic_selectors.is_proposer(actor, e.adjustment)],
        "align_form": bound.get("align", AlignForm, prefix="align",
                                parents=_parent_choices(actor, goal),
                                initial={"contribution": "1"})
        if may_align and goal.status not in CLOSED else None,
        "may_align": may_align,
        "signal_form": bound.get("signal", SignalLinkForm, prefix="signal", series=list(
            dynamic_selectors.series_visible_to(actor).order_by("code")))
        if detail.can_manage and goal.status not in CLOSED else None,
        "adjust_form": bound.get("adjust", AdjustmentForm, prefix="adjust", goal=goal,
                                 metrics=detail.metrics, milestones=detail.milestones,
                                 links=[s.link for s in signals if s.link.active])
        if may_propose and not pending else None,
        "may_close": may_close,
        "analysis": analysis,
        "judgements": dict(Judgement.choices),
        "close_form": bound.get("close", CloseForm, prefix="close") if may_close else None,
        "analysis_form": bound.get("analysis", MissAnalysisForm, prefix="analysis")
        if analysis is None and not may_close and goal.status == GoalStatus.CLOSED
        and may_analyse(actor, goal) else None,
        "may_activate": detail.can_manage and goal.status == GoalStatus.DRAFT,
    }


@require_GET
@page(allow=internal)
def goal_detail_page(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = current_actor(request)
    return render(request, "goals/detail.html", _context(request, actor, goal_id, Bound()))


def _again(request: HttpRequest, actor: Actor, goal_id: int, slot: str,
           form: forms.Form) -> HttpResponse:
    """The goal's page with the posted form and its problems (nothing was written)."""
    context = _context(request, actor, goal_id, Bound({slot: form}))
    context["open_slot"] = slot
    return render(request, "goals/detail.html", context, status=422)


def _back(goal_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("goal_detail", args=[goal_id]) + (f"#{anchor}" if anchor else ""))


def _act(request: HttpRequest, goal_id: int, slot: str, form: forms.Form,
         call: Callable[[forms.Form], object], done: str, anchor: str = "",
         aliases: Mapping[str, str] | None = None) -> HttpResponse:
    """Validate the posted form, call the service, come back: the one shape of every action."""
    actor = current_actor(request)
    if form.is_valid():
        try:
            call(form)
        except ServiceError as error:
            place(error, form, aliases=aliases)
        else:
            messages.success(request, done)
            return _back(goal_id, anchor)
    return _again(request, actor, goal_id, slot, form)


# --- progress ------------------------------------------------------------------------------


@require_POST
@page(allow=internal)
def record_measurement(request: HttpRequest, goal_id: int, metric_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = MeasurementForm(request.POST, prefix=f"metric-{metric_id}")
    return _act(request, goal_id, f"measure-{metric_id}", form, lambda f: (
        measurement_services.record_measurement(
            actor=actor, metric_id=metric_id, goal_id=goal_id, on=f.cleaned_data["on"],
            value=f.cleaned_data["value"], note=f.cleaned_data["note"])),
        _("The value was recorded."), f"metric-{metric_id}")


@require_POST
@page(allow=internal)
def rate_behaviour(request: HttpRequest, goal_id: int, metric_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = RatingForm(request.POST, prefix=f"metric-{metric_id}")
    return _act(request, goal_id, f"rate-{metric_id}", form, lambda f: (
        measurement_services.rate_behaviour(
            actor=actor, metric_id=metric_id, goal_id=goal_id, on=f.cleaned_data["on"],
            rating=f.cleaned_data["rating"], note=f.cleaned_data["note"])),
        _("Your rating was recorded."), f"metric-{metric_id}",
        aliases={"rater_id": "__all__"})


@require_POST
@page(allow=internal)
def answer_survey(request: HttpRequest, goal_id: int, metric_id: int) -> HttpResponse:
    actor = current_actor(request)
    access_goal(actor, goal_id)  # answered from the goal's page: by those who can open it
    form = SurveyForm(request.POST, prefix=f"metric-{metric_id}")
    return _act(request, goal_id, f"survey-{metric_id}", form, lambda f: (
        measurement_services.answer_survey(
            actor=actor, metric_id=metric_id, goal_id=goal_id, score=f.cleaned_data["score"],
            note=f.cleaned_data["note"])),
        _("Thank you: your answer was recorded."), f"metric-{metric_id}",
        aliases={"respondent_id": "__all__"})


@require_POST
@page(allow=internal)
def accept_milestone(request: HttpRequest, goal_id: int, milestone_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = AcceptForm(request.POST, prefix=f"milestone-{milestone_id}")
    return _act(request, goal_id, f"accept-{milestone_id}", form, lambda f: (
        measurement_services.accept_milestone(
            actor=actor, milestone_id=milestone_id, goal_id=goal_id,
            accepted_on=f.cleaned_data["accepted_on"])),
        _("The milestone was accepted."), "milestones")


# --- alignment and signals -----------------------------------------------------------------


@require_POST
@page(allow=internal)
def link_parent(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = current_actor(request)
    goal = access_goal(actor, goal_id)
    form = AlignForm(request.POST, prefix="align", parents=_parent_choices(actor, goal))
    return _act(request, goal_id, "align", form, lambda f: alignment_services.link_goal(
        actor=actor, child_id=goal_id, parent_id=f.cleaned_data["parent_id"],
        contribution=f.cleaned_data["contribution"] or "1"),
        _("The goal now contributes to the goal above it."), "alignment")


@require_POST
@page(allow=internal)
def unlink_parent(request: HttpRequest, goal_id: int, parent_id: int) -> HttpResponse:
    actor = current_actor(request)
    try:
        alignment_services.unlink_goal(actor=actor, child_id=goal_id, parent_id=parent_id)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        messages.success(request, _("The goal no longer contributes to that goal."))
    return _back(goal_id, "alignment")


@require_POST
@page(allow=internal)
def watch_signal(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = SignalLinkForm(request.POST, prefix="signal", series=list(
        dynamic_selectors.series_visible_to(actor).order_by("code")))
    return _act(request, goal_id, "signal", form, lambda f: series_services.create_signal_link(
        actor=actor, goal_id=goal_id, series_id=f.cleaned_data["series_id"],
        plan_value=f.cleaned_data["plan_value"], threshold_pct=f.cleaned_data["threshold_pct"],
        consecutive_periods=f.cleaned_data["consecutive_periods"] or "2"),
        _("The goal now watches the series."), "signals")


@require_POST
@page(allow=internal)
def stop_watching(request: HttpRequest, goal_id: int, link_id: int) -> HttpResponse:
    actor = current_actor(request)
    link = dynamic_selectors.access_signal_link(actor, link_id)
    if link.goal_id != goal_id:
        raise NotFound
    series_services.deactivate_signal_link(actor=actor, link_id=link_id)
    messages.success(request, _("The goal no longer watches %(series)s.")
                     % {"series": link.series.name})
    return _back(goal_id, "signals")


# --- adjustments ---------------------------------------------------------------------------


@require_POST
@page(allow=internal)
def propose_adjustment(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = current_actor(request)
    detail = goal_detail(actor, goal_id)
    links = list(dynamic_selectors.signal_links_visible_to(actor, goal_id=goal_id, active=True))
    form = AdjustmentForm(request.POST, prefix="adjust", goal=detail.goal,
                          metrics=detail.metrics, milestones=detail.milestones, links=links)
    return _act(request, goal_id, "adjust", form, lambda f: (
        adjustment_services.propose_adjustment(
            actor=actor, goal_id=goal_id, kind=f.cleaned_data["kind"],
            reason=f.cleaned_data["reason"], evidence=f.cleaned_data["evidence"],
            trigger_id=f.cleaned_data["trigger_id"], changes=f.changes())),  # type: ignore[attr-defined]
        _("Your proposal was sent for approval."), "history",
        aliases={**form.aliases, "changes": "__all__", "status": "__all__",
                 "goal": "__all__"})


# --- the goal's life -----------------------------------------------------------------------


def _simple(request: HttpRequest, goal_id: int, call: Callable[[], object], done: str
            ) -> HttpResponse:
    try:
        call()
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    else:
        messages.success(request, done)
    return _back(goal_id)


@require_POST
@page(allow=internal)
def activate(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = current_actor(request)
    return _simple(request, goal_id, lambda: goal_services.activate_goal(
        actor=actor, goal_id=goal_id), _("The goal is active: its definition is version 1."))


@require_POST
@page(allow=internal)
def close(request: HttpRequest, goal_id: int) -> HttpResponse:
    """Close the goal; one that fell short needs its analysis (given here or recorded
    before)."""
    actor = current_actor(request)
    form = CloseForm(request.POST, prefix="close")

    def call(f: forms.Form) -> object:
        assert isinstance(f, CloseForm)
        missed = bool(f.cleaned_data["missed"])
        return goal_services.close_goal(
            actor=actor, goal_id=goal_id, missed=missed,
            analysis=f.analysis() if missed and f.has_analysis() else None)

    return _act(request, goal_id, "close", form, call, _("The goal was closed."), "close",
                aliases=ALIASES)


@require_POST
@page(allow=internal)
def record_miss_analysis(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = current_actor(request)
    form = MissAnalysisForm(request.POST, prefix="analysis")
    return _act(request, goal_id, "analysis", form, lambda f: (
        context_services.record_miss_analysis(actor=actor, goal_id=goal_id,
                                              **f.analysis())),  # type: ignore[attr-defined]
        _("The analysis was recorded."), "context", aliases={"goal": "__all__"})


@require_POST
@page(allow=internal)
def delete(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = current_actor(request)
    goal = access_goal(actor, goal_id)
    try:
        goal_services.delete_goal(actor=actor, goal_id=goal_id)
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
        return _back(goal_id)
    messages.success(request, _("The draft %(title)s was deleted.") % {"title": goal.title})
    if goal.owner_kind == OwnerKind.PERSON and goal.person_id is not None:
        if goal.person_id == actor.person_id:
            return redirect("my_goals")
        return redirect("person_goals", person_id=goal.person_id)
    return redirect("alignment_tree")
