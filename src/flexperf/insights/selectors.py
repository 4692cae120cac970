"""Who sees which insight (I6), and the reads of the inbox, the person's own insights and the
outcomes.

* A person sees the insights about their own work load and goals — sustained overload,
  feedback drought, their goals' delay and target-miss risk — and never the attrition risk
  about themselves (not even an HR admin).
* An insight about a person: their manager chain (everyone above them in the reporting
  lines) and HR in scope (HR admin; an HRBP for the person's unit).
* An insight about a team (or a unit's goal): the manager it is addressed to and the chain
  above them, and HR in scope for the unit.
* Executives, auditors and partner users see none beyond what the rules above give their own
  person record.

Every read of a person-level insight by someone other than the person is a sensitive read:
one audit entry per insight shown, in lists as well as one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Value, When

from flexperf.audit import services as audit
from flexperf.audit.models import Action
from flexperf.core import tree
from flexperf.core.actors import Actor, Role
from flexperf.core.errors import Forbidden, NotFound
from flexperf.insights import rules
from flexperf.insights.models import ACTIVE_STATUSES, Insight, InsightSettings, Status
from flexperf.insights.rules import Kind

# The inbox shows the rules' prompts first, the per-goal model warnings after them.
INBOX_ORDER = (Kind.TEAM_LAGGING, Kind.OVERLOAD, Kind.ATTRITION_RISK, Kind.CROSS_TEAM_HELP,
               Kind.PROJECT_DELAY, Kind.TARGET_MISS, Kind.FEEDBACK_DROUGHT)
# What a person may read about themselves.
SELF_VISIBLE = (Kind.OVERLOAD, Kind.FEEDBACK_DROUGHT, Kind.PROJECT_DELAY, Kind.TARGET_MISS)


def _nothing() -> Q:
    return Q(pk__in=[])


def _hr_q(actor: Actor) -> Q:
    scope = _nothing()
    for path in actor.hrbp_unit_paths:
        scope |= (Q(subject_person__isnull=False)
                  & tree.subtree_q("subject_person__unit__path", path))
        scope |= (Q(subject_person__isnull=True)
                  & tree.subtree_q("subject_unit__path", path))
    return scope


def _chain_q(actor: Actor) -> Q:
    """The caller is above the person, or is (or is above) the manager a team insight is
    addressed to."""
    path = actor.reporting_path
    if not path:
        return _nothing()
    return ((Q(subject_person__isnull=False)
             & tree.subtree_q("subject_person__path", path, include_self=False))
            | (Q(subject_person__isnull=True) & tree.subtree_q("audience__path", path)))


def _self_q(actor: Actor) -> Q:
    if actor.person_id is None:
        return _nothing()
    return Q(subject_person_id=actor.person_id, kind__in=[str(k) for k in SELF_VISIBLE])


def insights_visible_to(actor: Actor) -> QuerySet[Insight]:
    if actor.is_hr_admin:
        found = Insight.objects.all()
    else:
        found = Insight.objects.filter(_self_q(actor) | _chain_q(actor) | _hr_q(actor))
    if actor.person_id is not None:
        found = found.exclude(kind=Kind.ATTRITION_RISK, subject_person_id=actor.person_id)
    return found


def may_use_inbox(actor: Actor) -> bool:
    """Managers and HR have an inbox; everyone with a person record has their own insights."""
    return actor.has(Role.MANAGER) or actor.is_hr


def require_internal(actor: Actor) -> None:
    if not actor.is_internal:
        raise Forbidden


def inbox(actor: Actor, *, kind: str = "", status: str = "", person_id: int | None = None,
          unit_id: int | None = None, include_closed: bool = False) -> QuerySet[Insight]:
    """Insights about others the caller may see (open and acknowledged unless asked)."""
    found = insights_visible_to(actor)
    if actor.person_id is not None:
        found = found.exclude(subject_person_id=actor.person_id)
    return _filtered(found, kind=kind, status=status, person_id=person_id, unit_id=unit_id,
                     include_closed=include_closed)


def mine(actor: Actor, *, include_closed: bool = True) -> QuerySet[Insight]:
    if actor.person_id is None:
        return Insight.objects.none()
    found = insights_visible_to(actor).filter(subject_person_id=actor.person_id)
    return _filtered(found, include_closed=include_closed)


def listing(actor: Actor, *, kind: str = "", status: str = "", person_id: int | None = None,
            unit_id: int | None = None) -> QuerySet[Insight]:
    """Everything the caller may see, filtered (the API list)."""
    return _filtered(insights_visible_to(actor), kind=kind, status=status, person_id=person_id,
                     unit_id=unit_id, include_closed=True)


def _filtered(found: QuerySet[Insight], *, kind: str = "", status: str = "",
              person_id: int | None = None, unit_id: int | None = None,
              include_closed: bool = False) -> QuerySet[Insight]:
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    elif not include_closed:
        found = found.filter(status__in=list(ACTIVE_STATUSES))
    if person_id is not None:
        found = found.filter(subject_person_id=person_id)
    if unit_id is not None:
        found = found.filter(Q(subject_unit_id=unit_id) | Q(subject_person__unit_id=unit_id))
    priority = Case(*[When(kind=str(k), then=Value(i)) for i, k in enumerate(INBOX_ORDER)],
                    default=Value(len(INBOX_ORDER)))
    return found.select_related("subject_person", "subject_unit", "subject_goal", "audience",
                                "decided_by").order_by(priority, "-raised_on", "-pk")


def record_views(actor: Actor, insights: Sequence[Insight]) -> None:
    """A sensitive read per person-level insight about someone else shown to the caller."""
    drafts = [audit.draft_for(i, Action.READ, context={
        "kind": i.kind, "person_id": i.subject_person_id})
        for i in insights if i.person_level and i.subject_person_id != actor.person_id]
    audit.record_many(actor, drafts)


def access_insight(actor: Actor, insight_id: int, *, record_read: bool = True) -> Insight:
    found = (insights_visible_to(actor)
             .select_related("subject_person", "subject_person__unit", "subject_unit",
                             "subject_goal", "audience", "decided_by")
             .filter(pk=insight_id).first())
    if found is None:
        raise NotFound
    if record_read:
        record_views(actor, [found])
    return found


def can_decide(actor: Actor, insight: Insight) -> bool:
    """Acknowledge, act, dismiss: the manager chain and HR, never the person it is about."""
    return insight.subject_person_id is None or insight.subject_person_id != actor.person_id


# --- settings -------------------------------------------------------------------------------


def current_settings() -> rules.RuleSettings:
    row = InsightSettings.objects.filter(pk=1).first()
    try:
        return rules.RuleSettings.from_overrides(row.values if row else None)
    except Exception:  # a stored value that no longer validates: the defaults, not a crash
        return rules.RuleSettings()


# --- outcomes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeView:
    outcome: rules.Outcome
    label: str
    metric: str
    lower_is_better: bool
    raised: int  # all insights of the kind the caller may see


def may_read_outcomes(actor: Actor) -> bool:
    return actor.has(Role.MANAGER) or actor.is_hr


def outcome_rows(found: Iterable[Insight]) -> list[rules.OutcomeRow]:
    return [rules.OutcomeRow(i.kind, i.status == Status.ACTED, i.metric_at_raise,
                             i.metric_at_follow_up)
            for i in found
            if i.followed_up and i.metric_at_raise is not None
            and i.metric_at_follow_up is not None]


def outcomes(actor: Actor) -> list[OutcomeView]:
    """Per insight kind, over the insights the caller may see: how many were followed up, acted
    on or not, and the mean change of the risk metric in each group."""
    if not may_read_outcomes(actor):
        raise Forbidden
    from flexperf.insights.explain import kind_label, metric_label

    visible = insights_visible_to(actor)
    if actor.person_id is not None:
        visible = visible.exclude(subject_person_id=actor.person_id)
    rows = list(visible.only("kind", "status", "metric_at_raise", "metric_at_follow_up",
                             "followed_up"))
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.kind] = totals.get(row.kind, 0) + 1
    return [OutcomeView(o, kind_label(o.kind), metric_label(o.kind),
                        Kind(o.kind) in rules.LOWER_IS_BETTER, totals.get(o.kind, 0))
            for o in rules.outcomes(outcome_rows(rows))]
