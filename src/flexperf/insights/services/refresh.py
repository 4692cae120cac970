"""The refresh: features of the weeks the rules read → rules and models → one open insight per
kind and subject (created, or updated in place) → the manager told once; and the follow-up
that measures each insight's risk again some weeks after it was raised (outcome tracking)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, cast

import polars as pl
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.events import emit
from flexperf.goals.evaluation import goal_progress
from flexperf.goals.models import GoalStatus, OwnerKind
from flexperf.goals.progress import Reason as ProgressReason
from flexperf.goals.progress import Status as ProgressStatus
from flexperf.goals.selectors import goals_visible_to
from flexperf.insights import rules
from flexperf.insights.events import InsightRaised
from flexperf.insights.models import ACTIVE_STATUSES, Insight, Status
from flexperf.insights.rules import Finding, Kind, RuleSettings, Scored
from flexperf.insights.selectors import current_settings
from flexperf.insights.types import RefreshReport
from flexperf.notifications.services import message, notify
from flexperf.org.models import Person, Unit
from flexperf.org.selectors import CURRENT_STATUSES
from flexperf.signals.selectors import person_week_frame
from flexperf.signals.services import refresh_features

SYSTEM = Actor.system()
OPEN_GOAL_STATUSES = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION)
MODEL_KINDS = (Kind.ATTRITION_RISK, Kind.PROJECT_DELAY, Kind.TARGET_MISS)
FRAME_KINDS = (Kind.OVERLOAD, Kind.CROSS_TEAM_HELP, Kind.FEEDBACK_DROUGHT)
TELL_THE_PERSON = (Kind.FEEDBACK_DROUGHT,)  # a nudge is for the person as well


class _Reason(Protocol):
    feature: str
    label: str
    contribution: float
    value: float | None


class _Prediction(Protocol):
    probability: float
    band: str
    reasons: Sequence[_Reason]
    model_version: str


# --- reading what the rules need --------------------------------------------------------------


def _frame(person_ids: Sequence[int] | None, first: dt.date, last_week: dt.date
           ) -> pl.DataFrame:
    frame = person_week_frame(person_ids, first, last_week + dt.timedelta(days=6))
    return frame.filter(pl.col("week_start") <= last_week)


def _current_people() -> dict[int, int]:
    return dict(Person.objects.filter(status__in=CURRENT_STATUSES)
                .values_list("pk", "unit_id"))


def _open_goals(on: dt.date) -> list[tuple[int, str, int | None, int | None]]:
    """(goal id, paradigm, owning person id, unit id) of person and unit goals whose period
    contains `on` and that are active or under discussion."""
    rows = (goals_visible_to(SYSTEM)
            .filter(status__in=OPEN_GOAL_STATUSES, owner_kind__in=[OwnerKind.PERSON,
                                                                   OwnerKind.UNIT],
                    period__start__lte=on, period__end__gte=on)
            .values_list("pk", "paradigm", "person_id", "unit_id", "person__unit_id"))
    return [(pk, paradigm, person, unit if unit is not None else person_unit)
            for pk, paradigm, person, unit, person_unit in rows]


def goal_counts(on: dt.date, unit_ids: Iterable[int] | None = None
                ) -> dict[int, tuple[int, int]]:
    """Per unit: its goals (the unit's and its current members' personal goals) judged on
    `on`, and how many of them are at risk or off track by their progress ratio (a goal with
    nothing recorded yet is not counted as lagging)."""
    wanted = set(unit_ids) if unit_ids is not None else None
    goals = [g for g in _open_goals(on) if g[3] is not None
             and (wanted is None or g[3] in wanted)]
    if not goals:
        return {}
    verdicts = goal_progress(SYSTEM, [g[0] for g in goals], as_of=on)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for goal_id, _paradigm, _person, unit in goals:
        verdict = verdicts.get(goal_id)
        if verdict is None or unit is None:
            continue
        counts[unit][0] += 1
        if verdict.reason == ProgressReason.RATIO and verdict.status in (
                ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK):
            counts[unit][1] += 1
    return {unit: (n, lagging) for unit, (n, lagging) in counts.items()}


def _lags(share: float | None, gap: float | None, on_time: float | None,
          s: RuleSettings) -> bool:
    """The week test of `rules.team_lagging`, for narrowing the weeks before it."""
    return ((share is not None and share >= s.lag_share)
            or (gap is not None and gap == gap and gap >= s.lag_gap)
            or (on_time is not None and on_time == on_time and on_time <= s.lag_on_time))


def _teams(frame: pl.DataFrame, last_week: dt.date, s: RuleSettings) -> pl.DataFrame:
    """Per unit and week of the lag window: goals judged, lagging, gap, on-time. Goals are
    judged for every unit in the last week only; a week before it only for the units that
    lagged in every later week (the others cannot lag lag_weeks in a row), so a quiet
    organisation costs one goal-progress pass, not lag_weeks."""
    weeks = rules.weeks_ending(last_week, s.lag_weeks)
    gaps = rules.team_weeks(frame).filter(pl.col("week_start").is_in(weeks)).select(
        pl.col("unit_id").cast(pl.Int64), "week_start", pl.col("gap").cast(pl.Float64),
        pl.col("on_time").cast(pl.Float64))
    signals = {(u, w): (g, o) for u, w, g, o in gaps.iter_rows()}
    rows = []
    candidates: set[int] | None = None  # None: every unit
    for week in sorted(weeks, reverse=True):
        if candidates is not None and not candidates:
            break
        counts = goal_counts(week + dt.timedelta(days=6), candidates)
        units = set(counts) | {u for u, w in signals if w == week}
        if candidates is not None:
            units &= candidates
        still = set()
        for unit in units:
            n, lagging = counts.get(unit, (0, 0))
            rows.append({"unit_id": unit, "week_start": week, "goals": n, "lagging": lagging})
            gap, on_time = signals.get((unit, week), (None, None))
            if _lags(rules.lagging_share(n, lagging), gap, on_time, s):
                still.add(unit)
        candidates = still
    goals = pl.DataFrame(rows, schema={"unit_id": pl.Int64, "week_start": pl.Date,
                                       "goals": pl.Int64, "lagging": pl.Int64})
    teams = goals.join(gaps, on=["unit_id", "week_start"], how="left")
    return teams.with_columns(pl.col("goals").fill_null(0), pl.col("lagging").fill_null(0))


class _Predictions(Protocol):
    def score_attrition(self, person_ids: Sequence[int], as_of: dt.date
                        ) -> Mapping[int, _Prediction]: ...

    def score_project_delay(self, goal_ids: Sequence[int], as_of: dt.date
                            ) -> Mapping[int, _Prediction]: ...

    def score_target_miss(self, goal_ids: Sequence[int], as_of: dt.date
                          ) -> Mapping[int, _Prediction]: ...


def predictions_service() -> _Predictions:
    """The predictions domain's scoring functions (imported when first needed: predictions
    imports nothing of insights, but loads its models lazily)."""
    return cast(_Predictions, importlib.import_module("flexperf.predictions.services"))


def _scored(prediction: _Prediction) -> Scored:
    return Scored(
        probability=float(prediction.probability), band=str(prediction.band),
        reasons=tuple(rules.ModelReason(str(r.feature), str(r.label), float(r.contribution),
                                        None if r.value is None else float(r.value))
                      for r in prediction.reasons),
        model_version=str(prediction.model_version))


def _not_on_track(goal_ids: Sequence[int], as_of: dt.date) -> list[int]:
    """Of `goal_ids`, those the goals domain itself judges at risk or off track on `as_of`
    (by their progress ratio). A target-miss warning is raised only for these: a goal on
    track by its own status but projected to land a little under its target is not news for
    the manager's inbox (the probability is on the goal's page all the same)."""
    if not goal_ids:
        return []
    verdicts = goal_progress(SYSTEM, list(goal_ids), as_of=as_of)
    return sorted(pk for pk, v in verdicts.items() if v.reason == ProgressReason.RATIO
                  and v.status in (ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK))


def _model_findings(people: Mapping[int, int], overloaded: Mapping[int, int | None],
                    as_of: dt.date, s: RuleSettings, *, goal_models: bool = True
                    ) -> list[Finding]:
    predictions = predictions_service()
    out: list[Finding] = []
    attrition = predictions.score_attrition(sorted(people), as_of)
    out += rules.attrition_risk({pk: _scored(p) for pk, p in attrition.items()}, overloaded,
                                dict(people), s)
    goals = _open_goals(as_of) if goal_models else []
    owners = {g[0]: g[2] for g in goals}
    projects = [g[0] for g in goals if g[1] == "project"]
    if projects:
        delay = predictions.score_project_delay(projects, as_of)
        out += rules.goal_risk(Kind.PROJECT_DELAY, {k: _scored(v) for k, v in delay.items()},
                               owners, s.delay_probability)
    behind = _not_on_track([g[0] for g in goals if g[1] == "kpi"], as_of)
    if behind:
        miss = predictions.score_target_miss(behind, as_of)
        found = rules.goal_risk(Kind.TARGET_MISS, {k: _scored(v) for k, v in miss.items()},
                                owners, s.target_miss_probability)
        managers = dict(Person.objects.filter(pk__in={f.person_id for f in found})
                        .values_list("pk", "manager_id"))
        out += rules.top_per_audience(found, managers)
    return out


def evaluate(as_of: dt.date, s: RuleSettings, *, goal_models: bool = True) -> list[Finding]:
    """Every rule and model over the current people and goals, as of `as_of` (features of the
    last complete week and before); without `goal_models`, no delay or target-miss scoring."""
    last_week = rules.last_complete_week(as_of)
    first = last_week - rules.WEEK * (s.lookback_weeks - 1)
    people = _current_people()
    frame = _frame(None, first, last_week).filter(pl.col("person_id").is_in(list(people)))
    findings = rules.person_rules(frame, last_week, s)
    findings += rules.team_lagging(_teams(frame, last_week, s), last_week, s)
    overloaded = {f.person_id: f.unit_id for f in findings
                  if f.kind == Kind.OVERLOAD and f.person_id is not None}
    findings += _model_findings(people, overloaded, as_of, s, goal_models=goal_models)
    return findings


# --- writing insights ---------------------------------------------------------------------


def _audiences(findings: Sequence[Finding]) -> tuple[dict[int, Person], dict[int, int | None]]:
    """People involved, and the manager of each unit (its head, else the manager most of its
    current members report to)."""
    person_ids = {f.person_id for f in findings if f.person_id is not None}
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids)
              .select_related("manager", "manager__user", "user")}
    unit_ids = {f.unit_id for f in findings if f.unit_id is not None}
    managers: dict[int, int | None] = {}
    for unit in Unit.objects.filter(pk__in=unit_ids).only("pk", "head_id"):
        managers[unit.pk] = unit.head_id
    missing = [u for u, head in managers.items() if head is None]
    if missing:
        tally: dict[int, Counter[int]] = defaultdict(Counter)
        for unit_id, manager_id in (Person.objects.filter(
                unit_id__in=missing, status__in=CURRENT_STATUSES, manager__isnull=False)
                .values_list("unit_id", "manager_id")):
            tally[unit_id][manager_id] += 1
        for unit_id in missing:
            ranked = sorted(tally[unit_id].items(), key=lambda kv: (-kv[1], kv[0]))
            managers[unit_id] = ranked[0][0] if ranked else None
    return people, managers


def _audience_of(finding: Finding, people: Mapping[int, Person],
                 managers: Mapping[int, int | None]) -> int | None:
    if finding.kind == Kind.TEAM_LAGGING or (finding.goal_id is not None
                                             and finding.person_id is None):
        return managers.get(finding.unit_id) if finding.unit_id is not None else None
    person = people.get(finding.person_id) if finding.person_id is not None else None
    return person.manager_id if person is not None else None


def _values(finding: Finding) -> dict[str, Any]:
    return {
        "severity": str(finding.severity),
        "reasons": [r.as_json() for r in finding.reasons],
        "probability": finding.probability, "band": finding.band,
        "model_reasons": [r.as_json() for r in finding.model_reasons],
        "model_version": finding.model_version,
    }


def upsert(*, actor: Actor, findings: Sequence[Finding], as_of: dt.date, s: RuleSettings
           ) -> tuple[int, int]:
    """Create an insight per new finding, update the open one of the same kind and subject;
    a (kind, subject) acted on or dismissed within follow_up_weeks of being raised is not
    raised again. Returns (created, updated)."""
    if not findings:
        return 0, 0
    by_key: dict[str, Finding] = {}
    for finding in findings:
        by_key.setdefault(finding.key, finding)
    keys = list(by_key)
    snooze_from = as_of - rules.WEEK * s.follow_up_weeks
    with transaction.atomic():
        active = {i.key: i for i in Insight.objects.select_for_update()
                  .filter(key__in=keys, status__in=list(ACTIVE_STATUSES))}
        snoozed = set(Insight.objects.filter(
            key__in=keys, status__in=[Status.ACTED, Status.DISMISSED],
            raised_on__gt=snooze_from).values_list("key", flat=True))
        people, managers = _audiences(list(by_key.values()))
        updated: list[Insight] = []
        drafts = []
        for key, finding in by_key.items():
            existing = active.get(key)
            if existing is None:
                continue
            for name, value in _values(finding).items():
                setattr(existing, name, value)
            existing.last_seen_on = max(existing.last_seen_on, as_of)
            updated.append(existing)
            drafts.append(audit.draft_for(existing, Action.UPDATE, context={
                "kind": existing.kind, "person_id": existing.subject_person_id,
                "refresh": as_of.isoformat()}))
        if updated:
            Insight.objects.bulk_update(updated, [
                "severity", "reasons", "probability", "band", "model_reasons",
                "model_version", "last_seen_on"])
        created = []
        for key, finding in by_key.items():
            if key in active or key in snoozed:
                continue
            unit_id = finding.unit_id
            person = people.get(finding.person_id) if finding.person_id is not None else None
            if unit_id is None and person is not None:
                unit_id = person.unit_id
            created.append(Insight(
                kind=str(finding.kind), key=key, subject_person=person, subject_unit_id=unit_id,
                subject_goal_id=finding.goal_id,
                audience_id=_audience_of(finding, people, managers),
                raised_on=as_of, last_seen_on=as_of, metric_at_raise=finding.metric,
                follow_up_on=as_of + rules.WEEK * s.follow_up_weeks, **_values(finding)))
        Insight.objects.bulk_create(created, batch_size=500)  # primary keys come back
        for insight in created:
            drafts.append(audit.draft_for(insight, Action.CREATE, context={
                "kind": insight.kind, "person_id": insight.subject_person_id,
                "unit_id": insight.subject_unit_id, "goal_id": insight.subject_goal_id}))
            emit(InsightRaised(insight.pk, insight.kind, insight.subject_person_id,
                               insight.subject_unit_id))
        audit.record_many(actor, drafts)
        _tell(created, people)
    return len(created), len(updated)


def _tell(created: Sequence[Insight], people: Mapping[int, Person]) -> None:
    if not created:
        return
    audience_ids = {i.audience_id for i in created if i.audience_id is not None}
    audiences = {p.pk: p for p in Person.objects.filter(pk__in=audience_ids)
                 .select_related("user")}
    units = {u.pk: u.name for u in Unit.objects.filter(
        pk__in={i.subject_unit_id for i in created if i.subject_unit_id})}
    for insight in created:
        person = people.get(insight.subject_person_id) if insight.subject_person_id else None
        about = person.name if person is not None else units.get(insight.subject_unit_id or 0,
                                                                 "")
        url = reverse("insight_detail", args=[insight.pk])
        audience = audiences.get(insight.audience_id) if insight.audience_id else None
        if audience is not None:
            notify(recipients=[audience.user], kind=f"insights.{insight.kind}",
                   title=message(_("%(kind)s: %(about)s"), kind=kind_label_lazy(insight.kind),
                                 about=about),
                   url=url, email=False)
        if person is not None and Kind(insight.kind) in TELL_THE_PERSON:
            notify(recipients=[person.user], kind=f"insights.{insight.kind}",
                   title=message(_("A nudge: no feedback given or received for a while")),
                   url=reverse("insights_mine"), email=False)


def kind_label_lazy(kind: str) -> Any:
    return rules.KIND_LABELS.get(Kind(kind), kind)


# --- the refresh and the follow-up ----------------------------------------------------------


def refresh_insights(*, actor: Actor, as_of: dt.date) -> RefreshReport:
    """Refresh the features of the weeks the rules read, run the rules and models as of
    `as_of`, create or update insights, and measure the insights due for follow-up."""
    s = current_settings()
    last_week = rules.last_complete_week(as_of)
    weeks = rules.weeks_ending(last_week, s.lookback_weeks)
    summary = refresh_features(weeks=weeks)
    findings = evaluate(as_of, s)
    created, updated = upsert(actor=actor, findings=findings, as_of=as_of, s=s)
    followed = follow_up_due(actor=actor, as_of=as_of)
    by_type = Counter(str(f.kind) for f in findings)
    return RefreshReport(weeks_refreshed=len(summary.weeks), insights_created=created,
                         insights_updated=updated,
                         by_type={str(k): by_type.get(str(k), 0) for k in Kind},
                         followed_up=followed)


def _metrics_on(insights: Sequence[Insight], on: dt.date, s: RuleSettings
                ) -> dict[int, float | None]:
    """The risk metric of each insight as of `on`."""
    out: dict[int, float | None] = {i.pk: None for i in insights}
    last_week = rules.last_complete_week(on)
    framed = [i for i in insights if Kind(i.kind) in FRAME_KINDS and i.subject_person_id]
    if framed:
        first = last_week - rules.WEEK * (s.lookback_weeks - 1)
        frame = _frame(sorted({i.subject_person_id for i in framed if i.subject_person_id}),
                       first, last_week)
        for i in framed:
            out[i.pk] = rules.metric_now(Kind(i.kind), frame, last_week, s,
                                         int(i.subject_person_id or 0))
    teams = [i for i in insights if i.kind == Kind.TEAM_LAGGING and i.subject_unit_id]
    if teams:
        counts = goal_counts(on, {int(i.subject_unit_id or 0) for i in teams})
        for i in teams:
            n, lagging = counts.get(int(i.subject_unit_id or 0), (0, 0))
            out[i.pk] = rules.lagging_share(n, lagging)
    modelled = [i for i in insights if Kind(i.kind) in MODEL_KINDS]
    if modelled:
        predictions = predictions_service()
        people = sorted({i.subject_person_id for i in modelled
                         if i.kind == Kind.ATTRITION_RISK and i.subject_person_id})
        attrition = predictions.score_attrition(people, on) if people else {}
        goal_ids = {k: sorted({i.subject_goal_id for i in modelled
                               if i.kind == k and i.subject_goal_id})
                    for k in (Kind.PROJECT_DELAY, Kind.TARGET_MISS)}
        delay = (predictions.score_project_delay(goal_ids[Kind.PROJECT_DELAY], on)
                 if goal_ids[Kind.PROJECT_DELAY] else {})
        miss = (predictions.score_target_miss(goal_ids[Kind.TARGET_MISS], on)
                if goal_ids[Kind.TARGET_MISS] else {})
        for i in modelled:
            found: Any = None
            if i.kind == Kind.ATTRITION_RISK:
                found = attrition.get(int(i.subject_person_id or 0))
            elif i.kind == Kind.PROJECT_DELAY:
                found = delay.get(int(i.subject_goal_id or 0))
            else:
                found = miss.get(int(i.subject_goal_id or 0))
            out[i.pk] = None if found is None else float(found.probability)
    return out


def follow_up_due(*, actor: Actor, as_of: dt.date) -> int:
    """Measure again the risk of every insight whose follow-up day has come (as of that day,
    not later): the outcome compared acted vs not acted. Returns how many were measured."""
    s = current_settings()
    due = list(Insight.objects.filter(followed_up=False, follow_up_on__lte=as_of,
                                      metric_at_raise__isnull=False).order_by("follow_up_on"))
    if not due:
        return 0
    by_day: dict[dt.date, list[Insight]] = defaultdict(list)
    for insight in due:
        by_day[insight.follow_up_on or as_of].append(insight)
    measured: dict[int, float | None] = {}
    for day, insights in by_day.items():
        measured.update(_metrics_on(insights, day, s))
    with transaction.atomic():
        for insight in due:
            insight.metric_at_follow_up = measured.get(insight.pk)
            insight.followed_up = True
        Insight.objects.bulk_update(due, ["metric_at_follow_up", "followed_up"])
        audit.record_many(actor, [audit.draft_for(i, Action.UPDATE, context={
            "kind": i.kind, "follow_up": (i.follow_up_on or as_of).isoformat()}) for i in due])
    return len(due)
