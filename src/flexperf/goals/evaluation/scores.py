"""The public reads: a period's, a person's and goals' scores, progress and the alignment
roll-up, each scoped to the caller."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import overload

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from flexperf.core import clock
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, Problem, ServiceError
from flexperf.goals import progress as progress_rules
from flexperf.goals.evaluation.assembly import SCORED_STATUSES, evaluate
from flexperf.goals.evaluation.clocks import Basis
from flexperf.goals.evaluation.reading import Rows, load_rows
from flexperf.goals.evaluation.results import AlignedProgress, GoalScore, PeriodScores, PersonScore
from flexperf.goals.models import Goal, GoalAlignment, GoalStatus, OwnerKind, Period, PeriodKind
from flexperf.goals.progress import Verdict
from flexperf.goals.selectors import goals_visible_to
from flexperf.goals.selectors.goals import period_by_code
from flexperf.org.models import Person
from flexperf.org.selectors import CURRENT_STATUSES, people_visible_to

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
    return min(today or clock.today(), period.end)


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


# Longest first: a scheme reviewed by a later kind is reviewed over shorter periods.
KIND_ORDER: tuple[str, ...] = (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER,
                               PeriodKind.MONTH)


def _shorter(kind: str, than: str) -> bool:
    return kind in KIND_ORDER and than in KIND_ORDER and \
        KIND_ORDER.index(kind) > KIND_ORDER.index(than)


def add_sub_periods(actor: Actor, rows: Rows, scope: QuerySet[Person]) -> None:
    """Sub-period goals in a longer period's score.

    A person whose scheme is reviewed over shorter periods than `rows.period` (by half year or
    quarter inside a year) has goals in those periods, not in the longer one. They are scored
    over their goals of every such period inside it that has started by the as-of date,
    together with any goals of the longer period, through the one engine: a sub-period already
    over on its full period (as of its last day), the running one as of the score's date (paced
    when the basis is). One bulk read per sub-period (a fixed handful: two halves or four
    quarters), whatever the number of people.
    """
    period, as_of = rows.period, rows.as_of
    paths_by_kind: dict[str, list[str]] = {}
    for path in {p.unit_path for p in rows.people}:
        kind = rows.schemes[path].review_period
        if _shorter(kind, period.kind):
            paths_by_kind.setdefault(kind, []).append(path)
    if not paths_by_kind:
        return
    subs = Period.objects.filter(kind__in=list(paths_by_kind), start__gte=period.start,
                                 end__lte=period.end, start__lte=as_of).exclude(pk=period.pk)
    for sub in subs.order_by("start", "pk"):
        people = scope.filter(unit__path__in=paths_by_kind[sub.kind])
        goals = goals_visible_to(actor).filter(
            period=sub, owner_kind=OwnerKind.PERSON, person__in=people.values("pk")
        ).exclude(status=GoalStatus.DRAFT)
        rows.add_sub_period(load_rows(sub, min(as_of, sub.end), goals=goals, people=None))


def score_period(actor: Actor, period: Period, *, as_of: dt.date | None = None,
                 people: QuerySet[Person] | Iterable[int] | None = None,
                 basis: Basis = Basis.FULL, sub_periods: bool = False) -> PeriodScores:
    """Scheme scores of every person the caller may see (or of `people` among them), ordered
    by employee number.

    `basis`: FULL (the default) judges every goal against its full-period targets; PACED,
    while the period runs, against where the expected path stands on the as-of date (see
    `clocks`). `sub_periods`: people reviewed over shorter periods are scored from their
    goals of the sub-periods started by then (see :func:`add_sub_periods`)."""
    as_of = as_of or default_as_of(period)
    scope, goals = period_scope(actor, period, people)
    rows = load_rows(period, as_of, goals=goals, people=scope)
    if sub_periods:
        add_sub_periods(actor, rows, scope)
    persons, goal_scores = evaluate(rows, basis)
    return PeriodScores(period=period, as_of=as_of, people=persons, goals=goal_scores)


class ScoredPeople(Sequence[PersonScore]):
    """The people of a period score, in employee-number order, scored a slice at a time: the
    paginated API counts them with one query and scores only the page it shows."""

    def __init__(self, actor: Actor, period: Period, as_of: dt.date) -> None:
        self.actor, self.period, self.as_of = actor, period, as_of
        self._people = period_scope(actor, period)[0].order_by("employee_number", "pk")

    def __len__(self) -> int:
        return self._people.count()

    @overload
    def __getitem__(self, index: int) -> PersonScore: ...

    @overload
    def __getitem__(self, index: slice) -> list[PersonScore]: ...

    def __getitem__(self, index: int | slice) -> PersonScore | list[PersonScore]:
        if isinstance(index, int):
            return self[index:index + 1][0] if index >= 0 else list(self)[index]
        ids = list(self._people[index].values_list("pk", flat=True))
        return score_period(self.actor, self.period, as_of=self.as_of, people=ids).people


def scored_people(actor: Actor, period: Period, *, as_of: dt.date | None = None
                  ) -> ScoredPeople:
    return ScoredPeople(actor, period, as_of or default_as_of(period))


def score_person(actor: Actor, person: Person, period: Period, *,
                 as_of: dt.date | None = None, basis: Basis = Basis.FULL,
                 sub_periods: bool = False) -> PersonScore:
    scores = score_period(actor, period, as_of=as_of, people=[person.pk], basis=basis,
                          sub_periods=sub_periods)
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
        out.update(evaluate(rows)[1])
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
