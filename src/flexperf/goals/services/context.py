"""Context of a missed goal (C6): the short structured analysis — was the target premature,
were resources matched, what was learned — kept with the goal. Closing a goal as missed needs
one (given with the close, or recorded before)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core.actors import Actor
from flexperf.core.errors import Forbidden, Problem, ServiceError
from flexperf.goals.models import Goal, GoalStatus, Judgement, MissAnalysis
from flexperf.goals.selectors.access import access_goal, can_manage_goal, is_owner
from flexperf.goals.services import Checks

ANALYSIS_FIELDS = ("premature", "premature_note", "resources_matched", "resources_note",
                   "learned")
NOTE_MAX = 1000
LEARNED_MAX = 5000


@dataclass(frozen=True)
class AnalysisIn:
    premature: str
    premature_note: str
    resources_matched: str
    resources_note: str
    learned: str


def check_analysis(data: Mapping[str, Any], *, prefix: str = "") -> AnalysisIn:
    """The analysis from loose values; ServiceError naming each bad field (with `prefix`)."""
    checks = Checks()
    allowed = list(Judgement.values)
    values: dict[str, str] = {}
    for name in ("premature", "resources_matched"):
        raw = data.get(name)
        if raw is None or not str(raw).strip():
            checks.add(f"{prefix}{name}", _("Answer yes, no or partly."))
            values[name] = ""
        else:
            values[name] = checks.choice(raw, f"{prefix}{name}", allowed)
    for name in ("premature_note", "resources_note"):
        values[name] = checks.text(data.get(name), f"{prefix}{name}", max_length=NOTE_MAX)
    values["learned"] = checks.text(data.get("learned"), f"{prefix}learned",
                                    max_length=LEARNED_MAX, required=True)
    checks.raise_if_any()
    return AnalysisIn(**values)


def may_analyse(actor: Actor, goal: Goal) -> bool:
    """The goal's owner and those who manage it, once the goal is past its draft."""
    if goal.status in (GoalStatus.DRAFT, GoalStatus.WITHDRAWN):
        return False
    return is_owner(actor, goal) or can_manage_goal(actor, goal)


def write_analysis(actor: Actor, goal: Goal, analysis: AnalysisIn) -> MissAnalysis:
    """Create or replace the goal's analysis, with its audit entry (inside the caller's
    transaction)."""
    existing = MissAnalysis.objects.select_for_update().filter(goal=goal).first()
    before = audit.snapshot(existing, ANALYSIS_FIELDS) if existing else {}
    row = existing or MissAnalysis(goal=goal)
    for name in ANALYSIS_FIELDS:
        setattr(row, name, getattr(analysis, name))
    row.recorded_by_id = actor.user_id
    row.recorded_by_username = actor.username[:150]
    row.updated_at = timezone.now()
    if existing is None:
        row.save()
    else:
        row.save(update_fields=[*ANALYSIS_FIELDS, "recorded_by", "recorded_by_username",
                                "updated_at"])
    audit.record(actor, audit.draft_for(
        row, Action.UPDATE if existing else Action.CREATE,
        changes=audit.diff(before, audit.snapshot(row, ANALYSIS_FIELDS)),
        context={"goal": goal.pk}))
    return row


def record_miss_analysis(*, actor: Actor, goal_id: int, premature: str | None,
                         resources_matched: str | None, learned: str | None,
                         premature_note: str = "", resources_note: str = "") -> MissAnalysis:
    """Record (or revise) why a goal fell short: its owner or those who manage it."""
    goal = access_goal(actor, goal_id)
    if not may_analyse(actor, goal):
        if goal.status in (GoalStatus.DRAFT, GoalStatus.WITHDRAWN):
            raise ServiceError(Problem("goal", _("A draft or withdrawn goal has no analysis "
                                                 "of a miss.")))
        raise Forbidden
    analysis = check_analysis({
        "premature": premature, "premature_note": premature_note,
        "resources_matched": resources_matched, "resources_note": resources_note,
        "learned": learned})
    with transaction.atomic():
        return write_analysis(actor, goal, analysis)
