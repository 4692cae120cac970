"""Evidence for reviews (C6): the analyses of a person's missed goals whose period overlaps
the range, as the actor may see them (registered in `GoalsConfig.ready` as "context")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from flexperf.core.actors import Actor
from flexperf.core.evidence import EvidenceItem, EvidenceQuery
from flexperf.goals.models import Judgement, MissAnalysis, OwnerKind
from flexperf.goals.selectors.access import goals_visible_to


def context_evidence(actor: Actor, query: EvidenceQuery) -> list[EvidenceItem]:
    found = (MissAnalysis.objects
             .filter(goal__in=goals_visible_to(actor).filter(
                 owner_kind=OwnerKind.PERSON, person_id=query.person_id,
                 period__start__lte=query.end, period__end__gte=query.start).values("pk"))
             .select_related("goal", "goal__period").order_by("goal__period__start", "goal__title",
                                                               "pk"))
    labels = dict(Judgement.choices)
    items = []
    for analysis in found:
        premature = _("Target premature: %(answer)s") % {"answer": labels[analysis.premature]}
        resources = _("Resources matched: %(answer)s") % {
            "answer": labels[analysis.resources_matched]}
        lines = [premature + (f" — {analysis.premature_note}" if analysis.premature_note else ""),
                 resources + (f" — {analysis.resources_note}" if analysis.resources_note else ""),
                 _("Learned: %(text)s") % {"text": analysis.learned}]
        items.append(EvidenceItem(
            kind="context", title=_("Why %(goal)s fell short") % {"goal": analysis.goal.title},
            when=analysis.goal.period.end, lines=tuple(lines),
            url=reverse("goal_detail", args=[analysis.goal_id])))
    return items
