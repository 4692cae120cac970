"""An insight as pages and the API show it: its reasons in the reader's language, the model's
reasons, the recommended actions and what was done. One place, so a person reading their own
insight and a manager reading it see the same words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

from flexperf.insights import explain, rules
from flexperf.insights.models import Insight
from flexperf.insights.rules import Kind


@dataclass(frozen=True)
class ActionView:
    code: str
    label: str


@dataclass(frozen=True)
class ModelReasonView:
    feature: str
    label: str
    contribution: float
    value: float | None


@dataclass
class InsightView:
    insight: Insight
    kind_label: str
    subject_label: str
    reasons: list[str]
    model_reasons: list[ModelReasonView]
    actions: list[ActionView]
    action_label: str
    recognition_url: str = ""
    metric_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def subject_label(insight: Insight) -> str:
    if insight.subject_goal_id and insight.subject_goal is not None:
        owner = insight.subject_person.name if insight.subject_person else (
            insight.subject_unit.name if insight.subject_unit else "")
        return f"{insight.subject_goal.title} · {owner}" if owner else insight.subject_goal.title
    if insight.subject_person is not None:
        return insight.subject_person.name
    if insight.subject_unit is not None:
        return insight.subject_unit.name
    return ""


def recognition_url(insight: Insight) -> str:
    """The recognition give page for the person, when the recognition app offers one."""
    if insight.kind != Kind.CROSS_TEAM_HELP or insight.subject_person_id is None:
        return ""
    try:
        return f"{reverse('recognition_give')}?to={insight.subject_person_id}"
    except NoReverseMatch:
        return ""


def recommended(kind: str) -> list[ActionView]:
    try:
        actions = rules.RECOMMENDED[Kind(kind)]
    except ValueError:
        return []
    return [ActionView(str(a), str(rules.ACTION_LABELS[a])) for a in actions]


def view(insight: Insight) -> InsightView:
    return InsightView(
        insight=insight,
        kind_label=explain.kind_label(insight.kind),
        subject_label=subject_label(insight),
        reasons=explain.sentences(insight.reasons or []),
        model_reasons=[ModelReasonView(str(r.get("feature", "")), str(r.get("label", "")),
                                       float(r.get("contribution") or 0.0),
                                       None if r.get("value") is None else float(r["value"]))
                       for r in (insight.model_reasons or [])],
        actions=recommended(insight.kind),
        action_label=explain.action_label(insight.action) if insight.action else "",
        recognition_url=recognition_url(insight),
        metric_label=explain.metric_label(insight.kind),
    )


def as_json(item: InsightView) -> dict[str, Any]:
    i = item.insight
    return {
        "id": i.pk, "kind": i.kind, "kind_label": item.kind_label,
        "subject": {
            "person": ({"id": i.subject_person_id, "name": i.subject_person.name}
                       if i.subject_person is not None else None),
            "unit": ({"id": i.subject_unit_id, "name": i.subject_unit.name}
                     if i.subject_unit is not None else None),
            "goal": ({"id": i.subject_goal_id, "title": i.subject_goal.title}
                     if i.subject_goal is not None else None),
            "label": item.subject_label,
        },
        "audience": ({"id": i.audience_id, "name": i.audience.name}
                     if i.audience is not None else None),
        "severity": i.severity, "status": i.status,
        "probability": i.probability, "band": i.band or None,
        "model_version": i.model_version or None,
        "reasons": [{"code": r.get("code"), "params": r.get("params") or {}, "text": text}
                    for r, text in zip(i.reasons or [], item.reasons, strict=False)],
        "model_reasons": [{"feature": r.feature, "label": r.label,
                           "contribution": r.contribution, "value": r.value}
                          for r in item.model_reasons],
        "recommended_actions": [{"code": a.code, "label": a.label} for a in item.actions],
        "action": i.action or None, "note": i.note, "dismiss_reason": i.dismiss_reason,
        "raised_on": i.raised_on, "last_seen_on": i.last_seen_on,
        "follow_up_on": i.follow_up_on,
        "metric": {"label": explain.metric_label(i.kind), "at_raise": i.metric_at_raise,
                   "at_follow_up": i.metric_at_follow_up},
        "recognition_url": item.recognition_url or None,
        "created_at": i.created_at, "updated_at": i.updated_at,
    }
