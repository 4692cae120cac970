"""Reasons in plain language: a stored reason code and its numbers → a sentence in the reader's
language (rendered when read, so a manager reading in English and one reading in Chinese each
see their own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from flexperf.insights.rules import ACTION_LABELS, KIND_LABELS, METRIC_LABELS, Action, Kind

TEMPLATES = {
    "team_lagging_weeks": _("The team has been behind its goals' expected trajectory for "
                            "%(weeks)s weeks in a row, up to the week of %(until)s."),
    "team_lagging_goals": _("%(lagging)s of the team's %(goals)s goals are at risk or off track "
                            "(%(percent)s%%; the threshold is %(threshold)s%%)."),
    "team_trajectory_gap": _("On average the members' goals are %(gap)s points behind their "
                             "expected progress (the threshold is %(threshold)s)."),
    "team_on_time": _("On average only %(percent)s%% of the team's tasks were done on time "
                      "(the threshold is %(threshold)s%%)."),
    "overload_weeks": _("Above the load threshold for %(weeks)s weeks in a row, up to the week "
                        "of %(until)s."),
    "overload_hours": _("%(hours)s hours a week on average (up to %(max)s; the threshold is "
                        "%(threshold)s)."),
    "overload_after_hours": _("%(percent)s%% of the hours after hours (the threshold is "
                              "%(threshold)s%%)."),
    "help_weeks": _("Stood out in helping other units for %(weeks)s weeks in a row, up to the "
                    "week of %(until)s."),
    "help_interactions": _("%(mean)s cross-unit interactions a week on average, against a team "
                           "median of %(median)s (the threshold is %(ratio)s times the median)."),
    "drought_weeks": _("No feedback given or received for %(weeks)s weeks, up to the week of "
                       "%(until)s."),
    "attrition_risk_probability": _("The attrition model puts the probability of leaving at "
                                    "%(percent)s%% (the threshold is %(threshold)s%%)."),
    "attrition_overload": _("Also under sustained overload for %(weeks)s weeks."),
    "project_delay_probability": _("The project-delay model puts the probability of a late "
                                   "finish at %(percent)s%% (the threshold is "
                                   "%(threshold)s%%)."),
    "target_miss_probability": _("The target-miss model puts the probability of missing the "
                                 "target at %(percent)s%% (the threshold is %(threshold)s%%)."),
}


def _param(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=0 if value == int(value) else 1)
    return value


def sentence(code: str, params: Mapping[str, Any]) -> str:
    template = TEMPLATES.get(code)
    if template is None:
        return code
    try:
        return str(template) % {k: _param(v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        return str(template)


def sentences(reasons: Iterable[Mapping[str, Any]]) -> list[str]:
    """Stored reasons (`[{"code", "params"}]`) as sentences."""
    return [sentence(str(r.get("code", "")), r.get("params") or {}) for r in reasons]


def kind_label(kind: str) -> str:
    try:
        return str(KIND_LABELS[Kind(kind)])
    except ValueError:
        return kind


def action_label(action: str) -> str:
    try:
        return str(ACTION_LABELS[Action(action)])
    except ValueError:
        return action


def metric_label(kind: str) -> str:
    try:
        return str(METRIC_LABELS[Kind(kind)])
    except ValueError:
        return ""
