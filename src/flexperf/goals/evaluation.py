"""Scores and progress from the database: a handful of bulk queries → the one engine → results.

Public functions (pages, the API, the CLI and review cycles build on them; all scoped to the
caller, all read-only):

* :func:`score_period` — every visible person's scheme score for a period: score, rating,
  component breakdown, flags, and each counted goal's points, progress and status.
* :func:`score_person` — one person's (NotFound outside the caller's scope).
* :func:`score_goal` / :func:`score_goals` — goals of any owner (person, unit, company).
* :func:`goal_progress` — progress, expected progress and status (with the rule) per goal.
* :func:`alignment_progress` — progress rolled up the alignment links of a period's goals.
* :func:`require_period`, :func:`default_as_of`, :func:`to_decimal` — helpers for the edges.

As of a date (default: today, or the period's end once it is over): a metric's actual is its
measurements inside the period up to that date, aggregated by the metric's aggregation (latest
value, sum, mean; surveys and ratings always the mean); a milestone accepted after that date
was not accepted yet. A goal changed after the date is scored with the definition in force on
it (`versioning.definitions_in_force`). Draft and withdrawn goals do not count towards a scheme.

Points are floats straight from the engine (never rounded here); quantise with
:func:`to_decimal` when storing them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import (
    Avg,
    Case,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.goals import progress as progress_rules
from flexperf.goals.explain import Explainer, Labels
from flexperf.goals.models import (
    Aggregation,
    Direction,
    Goal,
    GoalAlignment,
    GoalStatus,
    GoalVersion,
    Measurement,
    Metric,
    MetricKind,
    Milestone,
    OkrType,
    OwnerKind,
    Period,
    Perspective,
    Scheme,
    SchemeComponent,
)
from flexperf.goals.progress import ProgressRules, Timeline, Verdict
from flexperf.goals.rules import RatingScale, ScoringRules
from flexperf.goals.scoring import (
    FULL,
    SCORING_OF_KIND,
    Input,
    InputBuilder,
    Result,
    Scoring,
    rating_label,
    score,
)
from flexperf.goals.selectors import components_of, default_scheme, goals_visible_to
from flexperf.goals.selectors.goals import period_by_code
from flexperf.goals.selectors.schemes import schemes_for_units
from flexperf.goals.versioning import definitions_in_force
from flexperf.org.models import Person
from flexperf.org.selectors import CURRENT_STATUSES, people_visible_to

# Goals that count towards a scheme score (as of the date, in the definition in force).
SCORED_STATUSES = (GoalStatus.ACTIVE, GoalStatus.UNDER_DISCUSSION, GoalStatus.CLOSED)
PERSPECTIVES: tuple[str, ...] = tuple(Perspective.values)  # a measure's group index
RATED_KINDS = (MetricKind.CSAT, MetricKind.BEHAVIOUR)


# --- helpers for the edges -------------------------------------------------------------------


def require_period(code: str) -> Period:
    """The period with this code, or a ServiceError naming `period`."""
    period = period_by_code(code)
    if period is None:
        raise ServiceError(Problem("period", _("There is no period '%(code)s'.")
                                   % {"code": code}))
    return period


def default_as_of(period: Period, today: dt.date | None = None) -> dt.date:
    """Today while the period runs; its last day once it is over."""
    return min(today or timezone.localdate(), period.end)


def to_decimal(value: float | None, places: int = 2) -> Decimal | None:
    """Engine points as a Decimal for storing or paying (rounded half-even to `places`)."""
    if value is None:
        return None
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places))


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalScore:
    """A goal's points and progress as of a date; `explanation` is written on first use."""

    goal_id: int
    title: str
    paradigm: str
    okr_type: str
    owner_kind: str
    person_id: int | None
    component_id: int | None
    status: str        # the goal's status in the definition scored
    version: int       # the definition's version number (0: never versioned)
    points: float | None
    on_target: bool
    progress: Verdict  # progress, expected, status and the rule that decided it
    _explainer: Explainer = field(repr=False, compare=False)
    _index: int = field(repr=False, compare=False)

    @property
    def grade(self) -> float | None:
        """OKRs: the objective grade 0.0–1.0."""
        if self.paradigm != "okr" or self.points is None:
            return None
        return self.points / FULL

    @property
    def explanation_lines(self) -> list[str]:
        return self._explainer.goal_lines(self._index)

    @property
    def explanation(self) -> str:
        return self._explainer.goal(self._index)


@dataclass(frozen=True)
class ComponentScore:
    component_id: int
    key: str
    label: str
    paradigm: str
    weight: Decimal
    pay_linked: bool
    points: float | None
    goals: int          # goals counted towards it
    scored_goals: int   # of which have points
    flagged: bool       # no scored goals: left out of the score, the others re-normalised


@dataclass(frozen=True)
class PersonScore:
    person_id: int
    employee_number: str
    name: str
    scheme_id: int
    scheme_code: str
    scheme_name: str
    score: float | None
    rating: str | None
    components: tuple[ComponentScore, ...]
    goals: tuple[GoalScore, ...]
    # Goals of the period that count towards no component of the person's scheme.
    unassigned: tuple[GoalScore, ...]
    _explainer: Explainer = field(repr=False, compare=False)
    _index: int = field(repr=False, compare=False)

    @property
    def missing(self) -> tuple[str, ...]:
        """Labels of the components left out for lack of scored goals."""
        return tuple(c.label for c in self.components if c.flagged)

    @property
    def flags(self) -> list[str]:
        out = self._explainer.flags(self._index)
        out += [_("Goal '%(title)s' counts towards no component of the scheme '%(scheme)s': "
                  "not in the score.") % {"title": g.title, "scheme": self.scheme_name}
                for g in self.unassigned]
        return out

    @property
    def explanation_lines(self) -> list[str]:
        return self._explainer.subject_lines(self._index)

    @property
    def explanation(self) -> str:
        return " ".join(self.explanation_lines)


@dataclass(frozen=True)
class PeriodScores:
    period: Period
    as_of: dt.date
    people: list[PersonScore]
    goals: dict[int, GoalScore]

    def person(self, person_id: int) -> PersonScore | None:
        return next((p for p in self.people if p.person_id == person_id), None)


@dataclass(frozen=True)
class AlignedProgress:
    """A goal's own progress and the progress rolled up from the goals contributing to it."""

    goal: GoalScore
    progress: float | None
    expected: float | None
    verdict: Verdict
    children: tuple[int, ...]
    parents: tuple[int, ...]


# --- the public functions --------------------------------------------------------------------


def period_scope(actor: Actor, period: Period,
                 people: QuerySet[Person] | Iterable[int] | None = None
                 ) -> tuple[QuerySet[Person], QuerySet[Goal]]:
    """The people a period score covers (visible to the caller, current or with goals in the
    period, optionally narrowed to `people`) and their goals that may count."""
    in_period = Goal.objects.filter(period=period, owner_kind=OwnerKind.PERSON).exclude(
        status=GoalStatus.DRAFT)
    scope = people_visible_to(actor).filter(
        Q(status__in=CURRENT_STATUSES) | Q(pk__in=in_period.values("person_id")))
    if people is not None:
        scope = scope.filter(pk__in=people.values("pk") if isinstance(people, QuerySet)
                             else list(people))
    goals = goals_visible_to(actor).filter(
        period=period, owner_kind=OwnerKind.PERSON, person__in=scope.values("pk")
    ).exclude(status=GoalStatus.DRAFT)
    return scope, goals


def score_period(actor: Actor, period: Period, *, as_of: dt.date | None = None,
                 people: QuerySet[Person] | Iterable[int] | None = None) -> PeriodScores:
    """Scheme scores of every person the caller may see (or of `people` among them), ordered
    by employee number."""
    as_of = as_of or default_as_of(period)
    scope, goals = period_scope(actor, period, people)
    rows = load_rows(period, as_of, goals=goals, people=scope)
    persons, goal_scores = _evaluate(rows)
    return PeriodScores(period=period, as_of=as_of, people=persons, goals=goal_scores)


def score_person(actor: Actor, person: Person, period: Period, *,
                 as_of: dt.date | None = None) -> PersonScore:
    scores = score_period(actor, period, as_of=as_of, people=[person.pk])
    found = scores.person(person.pk)
    if found is None:
        raise NotFound
    return found


def score_goals(actor: Actor, goals: QuerySet[Goal] | Iterable[int], *,
                as_of: dt.date | None = None) -> dict[int, GoalScore]:
    """Points and progress of goals of any owner the caller may see (others are left out), each
    as of `as_of` within its own period (default: today, or the period's end)."""
    ids = goals.values("pk") if isinstance(goals, QuerySet) else list(goals)
    visible = goals_visible_to(actor).filter(pk__in=ids)
    out: dict[int, GoalScore] = {}
    for period in Period.objects.filter(pk__in=visible.values("period_id")):
        when = default_as_of(period) if as_of is None else min(as_of, period.end)
        rows = load_rows(period, when, goals=visible.filter(period=period), people=None)
        out.update(_evaluate(rows)[1])
    return out


def score_goal(actor: Actor, goal: Goal, *, as_of: dt.date | None = None) -> GoalScore:
    found = score_goals(actor, [goal.pk], as_of=as_of).get(goal.pk)
    if found is None:
        raise NotFound
    return found


def goal_progress(actor: Actor, goals: QuerySet[Goal] | Iterable[int],
                  as_of: dt.date | None = None) -> dict[int, Verdict]:
    """Progress, expected progress and status (with its rule) per visible goal."""
    return {pk: s.progress for pk, s in score_goals(actor, goals, as_of=as_of).items()}


def alignment_progress(actor: Actor, period: Period, *, as_of: dt.date | None = None
                       ) -> dict[int, AlignedProgress]:
    """Every visible goal of the period and of the periods inside it (company, unit, person;
    not drafts or withdrawn) with its progress rolled up the alignment links between them. A
    goal of a shorter period is judged as of the same day, or its own period's end."""
    as_of = as_of or default_as_of(period)
    goals = goals_visible_to(actor).filter(
        period__start__gte=period.start, period__end__lte=period.end,
        status__in=SCORED_STATUSES)
    own = score_goals(actor, goals, as_of=as_of)
    links = [progress_rules.Link(child, parent, float(weight)) for child, parent, weight in
             GoalAlignment.objects.filter(child__in=goals, parent__in=goals)
             .values_list("child_id", "parent_id", "contribution")]
    rolled = progress_rules.roll_up(
        {pk: (s.progress.progress, s.progress.expected) for pk, s in own.items()}, links)
    children: dict[int, list[int]] = defaultdict(list)
    parents: dict[int, list[int]] = defaultdict(list)
    for link in links:
        children[link.parent].append(link.child)
        parents[link.child].append(link.parent)
    out = {}
    for pk, goal_score in own.items():
        value, expected = rolled.get(pk, (None, None))
        out[pk] = AlignedProgress(
            goal=goal_score, progress=value, expected=expected,
            verdict=progress_rules.judge_one(value, expected, goal_score.progress.elapsed),
            children=tuple(sorted(children[pk])), parents=tuple(sorted(parents[pk])))
    return out


# --- reading: the bulk queries ---------------------------------------------------------------


@dataclass
class Rows:
    """Everything scoring reads, as plain rows."""

    period: Period
    as_of: dt.date
    people: list[tuple[Any, ...]]      # pk, employee number, name, unit path
    goals: list[tuple[Any, ...]]       # see GOAL_COLUMNS
    metrics: list[tuple[Any, ...]]     # see METRIC_COLUMNS + actual
    milestones: list[tuple[Any, ...]]  # see MILESTONE_COLUMNS
    in_force: dict[int, dict[str, Any]]
    in_force_versions: dict[int, int]
    in_force_actuals: dict[int, tuple[float | None, float | None, float | None]]
    schemes: dict[str, Scheme]         # unit path → scheme
    default: Scheme | None             # for company goals
    components: dict[int, list[SchemeComponent]]  # scheme id → its components


GOAL_COLUMNS = ("id", "title", "paradigm", "owner_kind", "person_id", "component_id", "weight",
                "status", "okr_type", "perspective_weights", "version", "person__unit__path",
                "unit__path")
METRIC_COLUMNS = ("id", "goal_id", "kind", "name", "direction", "baseline", "threshold",
                  "target", "stretch", "start", "weight", "perspective", "aggregation")
MILESTONE_COLUMNS = ("id", "goal_id", "name", "due", "weight", "accepted_on")


def _window(period: Period, as_of: dt.date) -> QuerySet[Measurement]:
    return Measurement.objects.filter(metric=OuterRef("pk"), on__gte=period.start,
                                      on__lte=as_of).order_by()


def _aggregates(period: Period, as_of: dt.date) -> tuple[Subquery, Subquery, Subquery]:
    window = _window(period, as_of)
    last = Subquery(window.order_by("-on", "-pk").values("value")[:1])
    total = Subquery(window.values("metric").annotate(v=Sum("value")).values("v"))
    mean = Subquery(window.values("metric").annotate(v=Avg("value")).values("v"))
    return last, total, mean


def load_rows(period: Period, as_of: dt.date, *, goals: QuerySet[Goal],
              people: QuerySet[Person] | None) -> Rows:
    """The queries behind a score (the benchmark times them alone): people with their units,
    goals, metrics with their actuals aggregated in the database, milestones, definitions in
    force, schemes and their components."""
    last, total, mean = _aggregates(period, as_of)
    actual = Case(
        When(kind__in=RATED_KINDS, then=mean),
        When(aggregation=Aggregation.SUM, then=total),
        When(aggregation=Aggregation.MEAN, then=mean),
        default=last,
    )
    goal_rows = list(goals.order_by("pk").values_list(*GOAL_COLUMNS))
    metric_rows = list(
        Metric.objects.filter(goal__in=goals).order_by("goal_id", "order", "pk")
        .annotate(actual=Cast(actual, FloatField())).values_list(*METRIC_COLUMNS, "actual"))
    milestone_rows = list(Milestone.objects.filter(goal__in=goals)
                          .order_by("goal_id", "due", "order", "pk")
                          .values_list(*MILESTONE_COLUMNS))
    changed = set(GoalVersion.objects.filter(goal__in=goals, effective_from__gt=as_of)
                  .values_list("goal_id", flat=True).distinct())
    in_force = definitions_in_force(changed, as_of) if changed else {}
    versions: dict[int, int] = {}
    actuals: dict[int, tuple[float | None, float | None, float | None]] = {}
    if in_force:
        versions = dict(GoalVersion.objects.filter(goal_id__in=in_force, effective_from__lte=as_of)
                        .values("goal_id").annotate(n=Max("number")).values_list("goal_id", "n"))
        ids = {int(m["id"]) for d in in_force.values() for m in d.get("metrics", ())}
        actuals = {
            pk: (a, b, c) for pk, a, b, c in Metric.objects.filter(pk__in=ids).annotate(
                a=Cast(last, FloatField()), b=Cast(total, FloatField()),
                c=Cast(mean, FloatField())).values_list("pk", "a", "b", "c")}
    person_rows: list[tuple[Any, ...]] = []
    if people is not None:
        person_rows = list(people.order_by("employee_number", "pk").values_list(
            "pk", "employee_number", "name", "unit__path"))
    paths = {row[3] for row in person_rows}
    paths |= {row[11] or row[12] for row in goal_rows if row[11] or row[12]}
    schemes = schemes_for_units(paths)
    default = None
    if any(row[3] == OwnerKind.COMPANY for row in goal_rows):
        default = default_scheme()
    involved = {s.pk: s for s in [*schemes.values(), *([default] if default else [])]}
    components = {pk: components_of(s) for pk, s in involved.items()}
    return Rows(period=period, as_of=as_of, people=person_rows, goals=goal_rows,
                metrics=metric_rows, milestones=milestone_rows, in_force=in_force,
                in_force_versions=versions, in_force_actuals=actuals, schemes=schemes,
                default=default, components=components)


# --- from rows to the engine -----------------------------------------------------------------


@dataclass(slots=True)
class _Metric:
    kind: str
    name: str
    higher: bool
    baseline: float | None
    threshold: float | None
    target: float | None
    stretch: float | None
    start: float | None
    weight: float
    perspective: str
    aggregation: str
    actual: float | None


@dataclass(slots=True)
class _Milestone:
    name: str
    due: dt.date
    weight: float
    accepted_on: dt.date | None


@dataclass(slots=True)
class _Goal:
    id: int
    title: str
    paradigm: str
    owner_kind: str
    person_id: int | None
    unit_path: str | None
    component_id: int | None
    weight: float
    status: str
    okr_type: str
    perspective_weights: dict[str, Any]
    version: int
    metrics: list[_Metric] = field(default_factory=list)
    milestones: list[_Milestone] = field(default_factory=list)


def _f(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def _goals(rows: Rows) -> list[_Goal]:
    """Goals with their metrics and milestones, in the definition in force at the as-of date."""
    goals: dict[int, _Goal] = {}
    for (pk, title, paradigm, owner_kind, person_id, component_id, weight, status, okr_type,
         perspective_weights, version, person_path, unit_path) in rows.goals:
        goals[pk] = _Goal(pk, title, paradigm, owner_kind, person_id, person_path or unit_path,
                          component_id, float(weight), status, okr_type,
                          perspective_weights or {}, version)
    accepted: dict[int, dt.date | None] = {}
    for pk, goal_id, name, due, weight, accepted_on in rows.milestones:
        accepted[pk] = accepted_on
        goal = goals[goal_id]
        if goal_id not in rows.in_force:
            goal.milestones.append(_Milestone(name, due, float(weight), accepted_on))
    for (_pk, goal_id, kind, name, direction, baseline, threshold, target, stretch, start,
         weight, perspective, aggregation, actual) in rows.metrics:
        if goal_id in rows.in_force:
            continue
        goals[goal_id].metrics.append(_Metric(
            kind, name, direction != Direction.LOWER, _f(baseline), _f(threshold), _f(target),
            _f(stretch), _f(start), float(weight), perspective, aggregation, actual))
    for goal_id, definition in rows.in_force.items():
        _apply_definition(goals[goal_id], definition, rows, accepted)
    return list(goals.values())


def _apply_definition(goal: _Goal, definition: Mapping[str, Any], rows: Rows,
                      accepted: Mapping[int, dt.date | None]) -> None:
    goal.title = definition.get("title", goal.title)
    goal.weight = _f(definition.get("weight")) or goal.weight
    goal.status = definition.get("status", goal.status)
    goal.okr_type = definition.get("okr_type", goal.okr_type) or ""
    goal.perspective_weights = definition.get("perspective_weights") or {}
    goal.component_id = definition.get("component_id", goal.component_id)
    goal.version = rows.in_force_versions.get(goal.id, goal.version)
    for m in definition.get("metrics", ()):
        last, total, mean = rows.in_force_actuals.get(int(m["id"]), (None, None, None))
        kind, aggregation = m.get("kind", ""), m.get("aggregation", Aggregation.LAST)
        value = (mean if kind in RATED_KINDS or aggregation == Aggregation.MEAN
                 else total if aggregation == Aggregation.SUM else last)
        goal.metrics.append(_Metric(
            kind, m.get("name", ""), m.get("direction") != Direction.LOWER, _f(m.get("baseline")),
            _f(m.get("threshold")), _f(m.get("target")), _f(m.get("stretch")),
            _f(m.get("start")), _f(m.get("weight")) or 1.0, m.get("perspective") or "",
            aggregation, value))
    for s in definition.get("milestones", ()):
        goal.milestones.append(_Milestone(s.get("name", ""), dt.date.fromisoformat(s["due"]),
                                          _f(s.get("weight")) or 1.0,
                                          accepted.get(int(s["id"]))))


class _Batch:
    """People and goals scored under one set of rules and one scale."""

    def __init__(self, rules: ScoringRules, scale: RatingScale) -> None:
        self.rules, self.scale = rules, scale
        self.builder = InputBuilder(groups=len(PERSPECTIVES))
        self.goals: list[_Goal] = []
        self.titles: list[str] = []
        self.paradigms: list[str] = []
        self.okr_types: list[str] = []
        self.metric_names: list[str] = []
        self.metric_kinds: list[str] = []
        self.milestone_names: list[str] = []
        self.component_labels: list[str] = []
        self.baselines: list[float] = []
        self.summed: list[bool] = []
        # (subject index, person row, scheme, [(component, engine index)], [goal index]...)
        self.subjects: list[_Subject] = []

    def add_goal(self, goal: _Goal, component: int) -> int:
        b = self.builder
        weights = None
        if goal.paradigm == "bsc" and goal.perspective_weights:
            weights = [_f(goal.perspective_weights.get(p)) or 0.0 for p in PERSPECTIVES]
        g = b.add_goal(component, goal.weight, group_weights=weights,
                       aspirational=goal.okr_type == OkrType.ASPIRATIONAL)
        self.goals.append(goal)
        self.titles.append(goal.title)
        self.paradigms.append(goal.paradigm)
        self.okr_types.append(goal.okr_type)
        for m in goal.metrics:
            scoring = SCORING_OF_KIND.get(m.kind)
            if scoring is None:
                continue
            if scoring == Scoring.CURVE:
                group = PERSPECTIVES.index(m.perspective) if m.perspective in PERSPECTIVES else 0
                b.add_curve(g, higher=m.higher, threshold=m.threshold, target=m.target,
                            stretch=m.stretch, actual=m.actual, weight=m.weight,
                            group=group if goal.paradigm == "bsc" else 0)
            elif scoring == Scoring.KEY_RESULT:
                b.add_key_result(g, start=m.start, target=m.target, current=m.actual,
                                 weight=m.weight)
            else:
                b.add_rating(g, value=m.actual, weight=m.weight, target=m.target)
            self.metric_names.append(m.name)
            self.metric_kinds.append(m.kind)
            self.baselines.append(np.nan if m.baseline is None else m.baseline)
            self.summed.append(m.aggregation == Aggregation.SUM)
        for s in goal.milestones:
            b.add_milestone(g, due=s.due.toordinal(),
                            accepted=s.accepted_on.toordinal() if s.accepted_on else None,
                            weight=s.weight)
            self.milestone_names.append(s.name)
        return g

    def run(self, timeline: Timeline) -> tuple[Input, Result, progress_rules.Progress, Explainer]:
        # On the period's last day the period is over: a milestone due that day and not
        # accepted is past due (else a final score would never count it).
        over = timeline.as_of >= timeline.end
        inp = self.builder.build(as_of=int(timeline.as_of) + (1 if over else 0))
        result = score(inp, self.rules, self.scale)
        origin = progress_rules.origins(np.asarray(self.baselines, dtype=np.float64),
                                        inp.metrics.start, inp.metrics.threshold,
                                        np.asarray(self.summed, dtype=np.bool_))
        progress = progress_rules.goal_progress(inp, origin, timeline, self.rules)
        labels = Labels(goals=self.titles, paradigms=self.paradigms, metrics=self.metric_names,
                        milestones=self.milestone_names, components=self.component_labels,
                        metric_kinds=self.metric_kinds, groups=_perspective_labels(),
                        okr_types=self.okr_types)
        return inp, result, progress, Explainer(inp, result, labels, self.rules, self.scale)


@dataclass
class _Subject:
    row: tuple[Any, ...]
    scheme: Scheme
    components: list[tuple[SchemeComponent, int]]
    goals: list[int] = field(default_factory=list)       # engine goal indexes
    unassigned: list[int] = field(default_factory=list)  # engine goal indexes


def _perspective_labels() -> list[str]:
    return [str(label) for label in Perspective.labels]


def _rules_of(scheme: Scheme) -> tuple[ScoringRules, RatingScale]:
    return (ScoringRules.from_overrides(scheme.rules, field="scheme.rules"),
            RatingScale.from_json(scheme.scale, field="scheme.scale"))


def _label(component: SchemeComponent) -> str:
    english = (get_language() or "").startswith("en")
    return component.label_en if english and component.label_en else component.label


def _scheme_name(scheme: Scheme) -> str:
    english = (get_language() or "").startswith("en")
    return scheme.name_en if english and scheme.name_en else scheme.name


def _timeline(period: Period, as_of: dt.date) -> Timeline:
    return Timeline(start=period.start.toordinal(), end=period.end.toordinal(),
                    as_of=as_of.toordinal())


def _evaluate(rows: Rows) -> tuple[list[PersonScore], dict[int, GoalScore]]:
    goals = _goals(rows)
    batches: dict[tuple[ScoringRules, RatingScale], _Batch] = {}
    rules_cache: dict[int, tuple[ScoringRules, RatingScale]] = {}

    def batch_for(scheme: Scheme) -> _Batch:
        if scheme.pk not in rules_cache:
            rules_cache[scheme.pk] = _rules_of(scheme)
        key = rules_cache[scheme.pk]
        if key not in batches:
            batches[key] = _Batch(*key)
        return batches[key]

    # People first: each one a subject with their scheme's components.
    subjects: dict[int, tuple[_Batch, _Subject]] = {}
    for row in rows.people:
        scheme = rows.schemes[row[3]]
        batch = batch_for(scheme)
        index = batch.builder.add_subject()
        parts = []
        for component in rows.components[scheme.pk]:
            parts.append((component, batch.builder.add_component(index, float(component.weight))))
            batch.component_labels.append(_label(component))
        subject = _Subject(row, scheme, parts)
        batch.subjects.append(subject)
        subjects[row[0]] = (batch, subject)

    for goal in goals:
        if goal.person_id in subjects:
            if goal.status not in SCORED_STATUSES:
                continue
            batch, subject = subjects[goal.person_id]
            engine_component = next((i for c, i in subject.components
                                     if c.pk == goal.component_id), -1)
            g = batch.add_goal(goal, engine_component)
            (subject.goals if engine_component >= 0 else subject.unassigned).append(g)
        else:
            owner_scheme = (rows.schemes[goal.unit_path] if goal.unit_path
                            else rows.default or default_scheme())
            batch = batch_for(owner_scheme)
            batch.add_goal(goal, -1)

    timeline = _timeline(rows.period, rows.as_of)
    goal_scores: dict[int, GoalScore] = {}
    persons: list[tuple[str, int, PersonScore]] = []
    for batch in batches.values():
        inp, result, progress, explainer = batch.run(timeline)
        batch_goals = [_goal_score(batch, i, result, progress, explainer)
                       for i in range(len(batch.goals))]
        for goal_score in batch_goals:
            goal_scores[goal_score.goal_id] = goal_score
        scored_goals = np.bincount(inp.goals.component[inp.goals.component >= 0][
            ~np.isnan(result.goal_points[inp.goals.component >= 0])],
            minlength=len(inp.components))
        counted = np.bincount(inp.goals.component[inp.goals.component >= 0],
                              minlength=len(inp.components))
        for s, subject in enumerate(batch.subjects):
            persons.append((subject.row[1], subject.row[0], _person_score(
                subject, s, result, batch, batch_goals, scored_goals, counted, explainer)))
    persons.sort(key=lambda item: (item[0], item[1]))
    return [p for _n, _pk, p in persons], goal_scores


def _goal_score(batch: _Batch, i: int, result: Result, progress: progress_rules.Progress,
                explainer: Explainer) -> GoalScore:
    goal = batch.goals[i]
    points = float(result.goal_points[i])
    return GoalScore(
        goal_id=goal.id, title=goal.title, paradigm=goal.paradigm, okr_type=goal.okr_type,
        owner_kind=goal.owner_kind, person_id=goal.person_id, component_id=goal.component_id,
        status=goal.status, version=goal.version,
        points=None if np.isnan(points) else points, on_target=bool(result.goal_on_target[i]),
        progress=progress_rules.verdict(progress, i, ProgressRules()),
        _explainer=explainer, _index=i)


def _person_score(subject: _Subject, s: int, result: Result, batch: _Batch,
                  batch_goals: list[GoalScore], scored_goals: Any, counted: Any,
                  explainer: Explainer) -> PersonScore:
    components = []
    for component, c in subject.components:
        value = float(result.component_points[c])
        components.append(ComponentScore(
            component_id=component.pk, key=component.key, label=_label(component),
            paradigm=component.paradigm, weight=component.weight,
            pay_linked=component.pay_linked, points=None if np.isnan(value) else value,
            goals=int(counted[c]), scored_goals=int(scored_goals[c]),
            flagged=bool(result.component_flag[c])))
    total = float(result.subject_score[s])
    pk, number, name, _path = subject.row
    return PersonScore(
        person_id=pk, employee_number=number, name=name, scheme_id=subject.scheme.pk,
        scheme_code=subject.scheme.code, scheme_name=_scheme_name(subject.scheme),
        score=None if np.isnan(total) else total,
        rating=rating_label(int(result.subject_rating[s]), batch.scale),
        components=tuple(components), goals=tuple(batch_goals[g] for g in subject.goals),
        unassigned=tuple(batch_goals[g] for g in subject.unassigned),
        _explainer=explainer, _index=s)

