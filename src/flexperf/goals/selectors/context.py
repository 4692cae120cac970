"""Reads of missed-goal analyses (C6), for the goal page, review cycles and evidence."""

from __future__ import annotations

from collections.abc import Iterable

from flexperf.core.actors import Actor
from flexperf.goals.models import Goal, MissAnalysis, OwnerKind, Period
from flexperf.goals.scoring import FULL
from flexperf.goals.selectors.access import goals_visible_to


def miss_analyses(goal_ids: Iterable[int]) -> dict[int, MissAnalysis]:
    """{goal id: its analysis} for those of the goals that have one. Not scoped: the caller has
    already scoped the goals (e.g. from `goals_visible_to` or a scored person)."""
    ids = list(goal_ids)
    if not ids:
        return {}
    return {a.goal_id: a for a in MissAnalysis.objects.filter(goal_id__in=ids)}


def goals_missing_analysis(actor: Actor, person_id: int, period: Period) -> list[Goal]:
    """The person's scored goals of the period (and of periods inside it) that missed — points
    below 100 by `goals.evaluation` — and have no analysis yet; those the caller may see, in
    the order of their titles."""
    # evaluation reads through these selectors: imported when first used
    from flexperf.goals.evaluation import score_goals
    from flexperf.goals.evaluation.assembly import SCORED_STATUSES

    goals = goals_visible_to(actor).filter(
        owner_kind=OwnerKind.PERSON, person_id=person_id, period__start__gte=period.start,
        period__end__lte=period.end, status__in=SCORED_STATUSES,
        miss_analysis__isnull=True)
    scores = score_goals(actor, goals, as_of=None)
    missed = {pk for pk, s in scores.items() if s.points is not None and s.points < FULL}
    return sorted((g for g in goals.select_related("period") if g.pk in missed),
                  key=lambda g: (g.title, g.pk))
