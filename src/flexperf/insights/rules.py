"""The insight rules: pure functions over a person-week frame (I3).

Input is the frame `signals.selectors.person_week_frame` returns (person_id, week_start,
unit_id and the feature columns), a team-week frame of goal trajectories, and model
predictions; output is a list of :class:`Finding` — who or what it is about, how severe, and
the numbers that triggered it as :class:`Reason` codes with parameters (rendered in the
reader's language by :mod:`flexperf.insights.explain`). No ORM, no clock: "the last week
judged" is an argument.

Every threshold is a :class:`RuleSettings` field; an HR admin changes them (stored in the
database, defaults here).

A streak of N weeks means N rows of the person (or team) in the N weeks ending with the last
week judged, each meeting the condition: a week without a row is a week without evidence and
breaks the streak.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flexperf.core.errors import Problem, ServiceError

WEEK = dt.timedelta(days=7)


class Kind(StrEnum):
    TEAM_LAGGING = "team_lagging"
    OVERLOAD = "overload"
    ATTRITION_RISK = "attrition_risk"
    CROSS_TEAM_HELP = "cross_team_help"
    FEEDBACK_DROUGHT = "feedback_drought"
    PROJECT_DELAY = "project_delay"
    TARGET_MISS = "target_miss"


KIND_LABELS = {
    Kind.TEAM_LAGGING: gettext_lazy("Team behind its goals"),
    Kind.OVERLOAD: gettext_lazy("Sustained overload"),
    Kind.ATTRITION_RISK: gettext_lazy("Attrition risk"),
    Kind.CROSS_TEAM_HELP: gettext_lazy("Standout cross-team help"),
    Kind.FEEDBACK_DROUGHT: gettext_lazy("Feedback drought"),
    Kind.PROJECT_DELAY: gettext_lazy("Project-delay risk"),
    Kind.TARGET_MISS: gettext_lazy("Target-miss risk"),
}


class Action(StrEnum):
    CHECK_IN = "check_in"
    REBALANCE = "rebalance"
    DIVISION_OF_WORK = "division_of_work"
    SUPPORT = "support"
    RECOGNITION = "recognition"


ACTION_LABELS = {
    Action.CHECK_IN: gettext_lazy("Hold a check-in"),
    Action.REBALANCE: gettext_lazy("Rebalance workload"),
    Action.DIVISION_OF_WORK: gettext_lazy("Change the division of work"),
    Action.SUPPORT: gettext_lazy("Add support or resources"),
    Action.RECOGNITION: gettext_lazy("Give recognition"),
}

# Recommended actions per kind, the first being the main one.
RECOMMENDED: dict[Kind, tuple[Action, ...]] = {
    Kind.TEAM_LAGGING: (Action.CHECK_IN, Action.DIVISION_OF_WORK, Action.SUPPORT),
    Kind.OVERLOAD: (Action.REBALANCE, Action.CHECK_IN, Action.SUPPORT),
    Kind.ATTRITION_RISK: (Action.CHECK_IN, Action.REBALANCE, Action.RECOGNITION),
    Kind.CROSS_TEAM_HELP: (Action.RECOGNITION,),
    Kind.FEEDBACK_DROUGHT: (Action.CHECK_IN, Action.RECOGNITION),
    Kind.PROJECT_DELAY: (Action.SUPPORT, Action.DIVISION_OF_WORK, Action.CHECK_IN),
    Kind.TARGET_MISS: (Action.SUPPORT, Action.CHECK_IN, Action.REBALANCE),
}

# What "the risk" of each kind is, for outcome tracking (the value at raise and N weeks later).
METRIC_LABELS = {
    Kind.TEAM_LAGGING: gettext_lazy("share of the team's goals at risk or off track"),
    Kind.OVERLOAD: gettext_lazy("mean weekly hours"),
    Kind.ATTRITION_RISK: gettext_lazy("attrition probability"),
    Kind.CROSS_TEAM_HELP: gettext_lazy("cross-unit interactions per week"),
    Kind.FEEDBACK_DROUGHT: gettext_lazy("feedback items given and received per week"),
    Kind.PROJECT_DELAY: gettext_lazy("delay probability"),
    Kind.TARGET_MISS: gettext_lazy("target-miss probability"),
}

# Lower is better for these metrics (a fall is an improvement); higher is better for the rest.
LOWER_IS_BETTER = frozenset({Kind.TEAM_LAGGING, Kind.OVERLOAD, Kind.ATTRITION_RISK,
                             Kind.PROJECT_DELAY, Kind.TARGET_MISS})


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


SEVERITY_LABELS = {
    Severity.INFO: gettext_lazy("For information"),
    Severity.WARNING: gettext_lazy("Warning"),
    Severity.CRITICAL: gettext_lazy("Critical"),
}


@dataclass(frozen=True)
class RuleSettings:
    """Every threshold of the rules; an HR admin overrides them (InsightSettings row)."""

    # (a) team lagging its goals' expected trajectory
    lag_share: float = 0.5          # share of the team's goals at risk or off track, at least
    lag_gap: float = 0.15           # or the team's mean goal-trajectory gap, at least
    lag_on_time: float = 0.65       # or the team's mean on-time rate, at most
    lag_weeks: int = 3
    # (b) sustained overload
    overload_hours: float = 50.0    # weekly hours at least …
    overload_after_hours: float = 0.3  # … or after-hours share at least
    overload_weeks: int = 4
    # (c) standout cross-team help
    help_ratio: float = 3.0         # cross-unit interactions ≥ ratio × the team's median …
    help_min: float = 5.0           # … and at least this many a week
    help_weeks: int = 3
    # (d) feedback drought: no feedback given or received for this many weeks in a row (8:
    # six weeks without feedback is common in a large group — a nudge to ~1 person in 5 of
    # the demo — eight is the two-month gap worth a nudge)
    drought_weeks: int = 8
    # (e) model-based warnings: probability at least
    attrition_probability: float = 0.5
    delay_probability: float = 0.6
    target_miss_probability: float = 0.6
    # interventions: the risk is measured again this many weeks after an insight is raised,
    # and an insight acted on or dismissed is not raised again for as long
    follow_up_weeks: int = 4

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None) -> RuleSettings:
        """Defaults with `overrides` applied; unknown names or impossible values are refused
        with a problem naming the setting."""
        if not overrides:
            return cls()
        kinds = {f.name: f.type for f in fields(cls)}
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        for name, raw in overrides.items():
            if name not in kinds:
                problems.append(Problem(name, _("Unknown setting.")))
                continue
            try:
                number = float(raw)
            except (TypeError, ValueError):
                problems.append(Problem(name, _("Must be a number.")))
                continue
            if not math.isfinite(number):
                problems.append(Problem(name, _("Must be a finite number.")))
                continue
            if kinds[name] in (int, "int"):
                if number != int(number) or isinstance(raw, bool):
                    problems.append(Problem(name, _("Must be a whole number.")))
                    continue
                values[name] = int(number)
            else:
                values[name] = number
        if problems:
            raise ServiceError(problems)
        settings = replace(cls(), **values)
        problems = settings.problems()
        if problems:
            raise ServiceError(problems)
        return settings

    def problems(self) -> list[Problem]:
        out = []
        for name in ("lag_weeks", "overload_weeks", "help_weeks", "drought_weeks",
                     "follow_up_weeks"):
            if not 1 <= getattr(self, name) <= 52:
                out.append(Problem(name, _("Must be between 1 and 52 weeks.")))
        for name in ("lag_share", "lag_on_time", "overload_after_hours", "attrition_probability",
                     "delay_probability", "target_miss_probability"):
            if not 0 < getattr(self, name) <= 1:
                out.append(Problem(name, _("Must be above 0 and at most 1.")))
        if not 0 < self.lag_gap <= 1:
            out.append(Problem("lag_gap", _("Must be above 0 and at most 1.")))
        if not 0 < self.overload_hours <= 168:
            out.append(Problem("overload_hours", _("Must be above 0 and at most 168 hours.")))
        if self.help_ratio < 1:
            out.append(Problem("help_ratio", _("Must be at least 1.")))
        if self.help_min < 0:
            out.append(Problem("help_min", _("Must not be negative.")))
        return out

    def as_dict(self) -> dict[str, float | int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def lookback_weeks(self) -> int:
        """How many weeks of features the rules read."""
        return max(self.lag_weeks, self.overload_weeks, self.help_weeks, self.drought_weeks)


SETTING_LABELS = {
    "lag_share": gettext_lazy("Team behind: share of goals at risk or off track"),
    "lag_gap": gettext_lazy("Team behind: mean goal-trajectory gap"),
    "lag_on_time": gettext_lazy("Team behind: on-time rate of tasks, at most"),
    "lag_weeks": gettext_lazy("Team behind: weeks in a row"),
    "overload_hours": gettext_lazy("Overload: weekly hours"),
    "overload_after_hours": gettext_lazy("Overload: after-hours share"),
    "overload_weeks": gettext_lazy("Overload: weeks in a row"),
    "help_ratio": gettext_lazy("Cross-team help: times the team's median"),
    "help_min": gettext_lazy("Cross-team help: interactions a week, at least"),
    "help_weeks": gettext_lazy("Cross-team help: weeks in a row"),
    "drought_weeks": gettext_lazy("Feedback drought: weeks without feedback"),
    "attrition_probability": gettext_lazy("Attrition risk: probability"),
    "delay_probability": gettext_lazy("Project delay: probability"),
    "target_miss_probability": gettext_lazy("Target miss: probability"),
    "follow_up_weeks": gettext_lazy("Outcome measured after (weeks)"),
}


@dataclass(frozen=True)
class Reason:
    """One plain-language reason: a code (see explain.TEMPLATES) and its numbers."""

    code: str
    params: Mapping[str, float | int | str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class ModelReason:
    """A model's contribution to a prediction (from predictions.types.Reason)."""

    feature: str
    label: str
    contribution: float
    value: float | None

    def as_json(self) -> dict[str, Any]:
        return {"feature": self.feature, "label": self.label,
                "contribution": self.contribution, "value": self.value}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    person_id: int | None = None
    unit_id: int | None = None
    goal_id: int | None = None
    severity: Severity = Severity.WARNING
    reasons: tuple[Reason, ...] = ()
    metric: float | None = None           # the risk metric now (outcome tracking)
    probability: float | None = None      # model-based kinds
    band: str = ""
    model_reasons: tuple[ModelReason, ...] = ()
    model_version: str = ""

    @property
    def key(self) -> str:
        """One open insight per kind and subject."""
        return subject_key(self.kind, self.person_id, self.unit_id, self.goal_id)


def subject_key(kind: str, person_id: int | None, unit_id: int | None,
                goal_id: int | None) -> str:
    if goal_id is not None:
        return f"{kind}:goal:{goal_id}"
    if person_id is not None:
        return f"{kind}:person:{person_id}"
    return f"{kind}:unit:{unit_id}"


# --- weeks ------------------------------------------------------------------------------------


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def last_complete_week(as_of: dt.date) -> dt.date:
    """The Monday of the last week that is over by `as_of` (its Sunday on or before it)."""
    return monday(as_of + dt.timedelta(days=1)) - WEEK


def weeks_ending(last_week: dt.date, n: int) -> list[dt.date]:
    """The n Mondays ending with `last_week`, oldest first."""
    return [last_week - WEEK * i for i in range(n - 1, -1, -1)]


def _window(frame: pl.DataFrame, last_week: dt.date, n: int) -> pl.DataFrame:
    first = last_week - WEEK * (n - 1)
    return frame.filter((pl.col("week_start") >= first) & (pl.col("week_start") <= last_week))


def _r(value: float, digits: int = 1) -> float:
    return round(float(value), digits)


# --- (a) a team behind its goals' expected trajectory ----------------------------------------


def team_weeks(frame: pl.DataFrame) -> pl.DataFrame:
    """Per unit and week: members with a row, their mean goal-trajectory gap and mean on-time
    rate (of those who completed tasks with due dates)."""
    return (frame.group_by("unit_id", "week_start")
            .agg(pl.len().alias("members"), pl.col("goal_trajectory_gap").mean().alias("gap"),
                 pl.col("on_time_rate").mean().alias("on_time"))
            .sort("unit_id", "week_start"))


def team_lagging(teams: pl.DataFrame, last_week: dt.date, s: RuleSettings
                 ) -> list[Finding]:
    """`teams`: unit_id, week_start, goals (int, the team's goals judged that week), lagging
    (int, of which at risk or off track), gap (float or null: the members' mean
    goal-trajectory gap), on_time (float or null: the members' mean on-time rate; optional).
    A week lags when lagging/goals ≥ lag_share (with goals), gap ≥ lag_gap, or on_time ≤
    lag_on_time (tasks slipping: the trajectory will follow); a team lagging lag_weeks weeks in
    a row → prompt its manager to hold a check-in."""
    n = s.lag_weeks
    if "on_time" not in teams.columns:
        teams = teams.with_columns(pl.lit(None, dtype=pl.Float64).alias("on_time"))
    window = _window(teams, last_week, n).with_columns(
        pl.when(pl.col("goals") > 0).then(pl.col("lagging") / pl.col("goals"))
        .otherwise(None).alias("share"))
    window = window.with_columns(
        ((pl.col("share").fill_null(-1.0) >= s.lag_share)
         | (pl.col("gap").fill_null(-1.0).fill_nan(-1.0) >= s.lag_gap)
         | (pl.col("on_time").fill_null(2.0).fill_nan(2.0) <= s.lag_on_time)).alias("lags"))
    per_team = (window.group_by("unit_id").agg(
        pl.col("lags").sum().alias("weeks"),
        pl.col("share").mean().alias("mean_share"),
        pl.col("gap").fill_nan(None).mean().alias("mean_gap"),
        pl.col("on_time").fill_nan(None).mean().alias("mean_on_time"),
        pl.col("goals").sort_by("week_start").last().alias("goals_now"),
        pl.col("lagging").sort_by("week_start").last().alias("lagging_now"),
        pl.col("share").sort_by("week_start").last().alias("share_now"),
    ).filter(pl.col("weeks") >= n).sort("unit_id"))
    out = []
    for row in per_team.iter_rows(named=True):
        reasons = [Reason("team_lagging_weeks", {"weeks": n, "until": last_week.isoformat()})]
        if row["goals_now"]:
            reasons.append(Reason("team_lagging_goals", {
                "lagging": int(row["lagging_now"]), "goals": int(row["goals_now"]),
                "percent": _r(100 * row["share_now"], 0),
                "threshold": _r(100 * s.lag_share, 0)}))
        if row["mean_gap"] is not None:
            reasons.append(Reason("team_trajectory_gap", {
                "gap": _r(100 * row["mean_gap"], 1), "threshold": _r(100 * s.lag_gap, 1)}))
        if row["mean_on_time"] is not None and row["mean_on_time"] <= s.lag_on_time:
            reasons.append(Reason("team_on_time", {
                "percent": _r(100 * row["mean_on_time"], 0),
                "threshold": _r(100 * s.lag_on_time, 0)}))
        share = row["share_now"]
        severity = Severity.CRITICAL if share is not None and share >= 0.75 else \
            Severity.WARNING
        metric = share if share is not None else row["mean_gap"]
        out.append(Finding(Kind.TEAM_LAGGING, unit_id=int(row["unit_id"]), severity=severity,
                           reasons=tuple(reasons),
                           metric=None if metric is None else float(metric)))
    return out


def lagging_share(goals: int, lagging: int) -> float | None:
    return lagging / goals if goals else None


# --- (b) sustained overload -------------------------------------------------------------------


def overload_stats(frame: pl.DataFrame, last_week: dt.date, s: RuleSettings) -> pl.DataFrame:
    """Per person over the overload window: weeks over the load threshold, mean hours, mean
    after-hours share."""
    window = _window(frame, last_week, s.overload_weeks)
    return (window.with_columns(
        ((pl.col("hours").fill_null(0) >= s.overload_hours)
         | (pl.col("after_hours_share").fill_null(0) >= s.overload_after_hours))
        .alias("over"))
        .group_by("person_id").agg(
            pl.col("unit_id").sort_by("week_start").last(),
            pl.col("over").sum().alias("weeks"),
            pl.col("hours").mean().alias("mean_hours"),
            pl.col("hours").max().alias("max_hours"),
            pl.col("after_hours_share").mean().alias("mean_after_hours"))
        .sort("person_id"))


def overload(frame: pl.DataFrame, last_week: dt.date, s: RuleSettings) -> list[Finding]:
    """overload_weeks weeks in a row at or above overload_hours, or with an after-hours share
    at or above overload_after_hours → a fatigue warning to the person's manager."""
    n = s.overload_weeks
    out = []
    for row in overload_stats(frame, last_week, s).filter(pl.col("weeks") >= n).iter_rows(
            named=True):
        mean_hours = float(row["mean_hours"] or 0.0)
        reasons = (
            Reason("overload_weeks", {"weeks": n, "until": last_week.isoformat()}),
            Reason("overload_hours", {"hours": _r(mean_hours), "max": _r(row["max_hours"] or 0),
                                      "threshold": _r(s.overload_hours)}),
            Reason("overload_after_hours", {
                "percent": _r(100 * (row["mean_after_hours"] or 0.0), 0),
                "threshold": _r(100 * s.overload_after_hours, 0)}),
        )
        severity = Severity.CRITICAL if mean_hours >= s.overload_hours + 10 else \
            Severity.WARNING
        out.append(Finding(Kind.OVERLOAD, person_id=int(row["person_id"]),
                           unit_id=_int(row["unit_id"]), severity=severity, reasons=reasons,
                           metric=_r(mean_hours, 2)))
    return out


# --- (c) standout cross-team help -------------------------------------------------------------


def help_stats(frame: pl.DataFrame, last_week: dt.date, s: RuleSettings) -> pl.DataFrame:
    """Per person over the help window: weeks standing out against the team's median that
    week, their mean cross-unit interactions and the team's mean median."""
    window = _window(frame, last_week, s.help_weeks).with_columns(
        pl.col("cross_unit_interactions").fill_null(0).cast(pl.Float64).alias("cross"))
    window = window.with_columns(
        pl.col("cross").median().over("unit_id", "week_start").alias("team_median"))
    return (window.with_columns(
        ((pl.col("cross") >= s.help_min)
         & (pl.col("cross") >= s.help_ratio * pl.col("team_median"))).alias("stands_out"))
        .group_by("person_id").agg(
            pl.col("unit_id").sort_by("week_start").last(),
            pl.col("stands_out").sum().alias("weeks"),
            pl.col("cross").mean().alias("mean_cross"),
            pl.col("team_median").mean().alias("mean_median"))
        .sort("person_id"))


def cross_team_help(frame: pl.DataFrame, last_week: dt.date, s: RuleSettings
                    ) -> list[Finding]:
    """help_weeks weeks in a row with cross-unit interactions at least help_ratio × the team's
    median that week (and at least help_min) → suggest praise or points."""
    n = s.help_weeks
    out = []
    for row in help_stats(frame, last_week, s).filter(pl.col("weeks") >= n).iter_rows(
            named=True):
        reasons = (
            Reason("help_weeks", {"weeks": n, "until": last_week.isoformat()}),
            Reason("help_interactions", {"mean": _r(row["mean_cross"]),
                                         "median": _r(row["mean_median"]),
                                         "ratio": _r(s.help_ratio)}),
        )
        out.append(Finding(Kind.CROSS_TEAM_HELP, person_id=int(row["person_id"]),
                           unit_id=_int(row["unit_id"]), severity=Severity.INFO,
                           reasons=reasons, metric=_r(row["mean_cross"], 2)))
    return out


# --- (d) feedback drought ---------------------------------------------------------------------


def drought_stats(frame: pl.DataFrame, last_week: dt.date, s: RuleSettings) -> pl.DataFrame:
    window = _window(frame, last_week, s.drought_weeks).with_columns(
        (pl.col("feedback_given").fill_null(0) + pl.col("feedback_received").fill_null(0))
        .cast(pl.Float64).alias("feedback"))
    return (window.group_by("person_id").agg(
        pl.col("unit_id").sort_by("week_start").last(),
        (pl.col("feedback") == 0).sum().alias("weeks"),
        pl.col("feedback").mean().alias("mean_feedback"))
        .sort("person_id"))


def feedback_drought(frame: pl.DataFrame, last_week: dt.date, s: RuleSettings
                     ) -> list[Finding]:
    """drought_weeks weeks in a row with no feedback given and none received → a nudge."""
    n = s.drought_weeks
    out = []
    for row in drought_stats(frame, last_week, s).filter(pl.col("weeks") >= n).iter_rows(
            named=True):
        out.append(Finding(
            Kind.FEEDBACK_DROUGHT, person_id=int(row["person_id"]),
            unit_id=_int(row["unit_id"]), severity=Severity.INFO,
            reasons=(Reason("drought_weeks", {"weeks": n, "until": last_week.isoformat()}),),
            metric=0.0))
    return out


# --- (e) model-based --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """A prediction as the rules need it (built from predictions.types.Prediction)."""

    probability: float
    band: str
    reasons: tuple[ModelReason, ...] = ()
    model_version: str = ""


def _model_severity(band: str) -> Severity:
    return Severity.CRITICAL if band == "high" else Severity.WARNING


def _model_reasons(kind: Kind, scored: Scored, threshold: float) -> tuple[Reason, ...]:
    return (Reason(f"{kind}_probability", {
        "percent": _r(100 * scored.probability, 0), "threshold": _r(100 * threshold, 0),
        "band": scored.band}),)


def attrition_risk(scores: Mapping[int, Scored], overloaded: Mapping[int, int | None],
                   units: Mapping[int, int | None], s: RuleSettings) -> list[Finding]:
    """Attrition risk, for managers and HR only: a probability at or above
    attrition_probability, or any medium/high band for someone under sustained overload
    (`overloaded`: person id → unit id)."""
    out = []
    for person_id in sorted(scores):
        scored = scores[person_id]
        over = person_id in overloaded
        if not (scored.probability >= s.attrition_probability
                or (over and scored.band in ("medium", "high"))):
            continue
        reasons = _model_reasons(Kind.ATTRITION_RISK, scored, s.attrition_probability)
        if over:
            reasons += (Reason("attrition_overload", {"weeks": s.overload_weeks}),)
        unit = overloaded.get(person_id) if over else units.get(person_id)
        out.append(Finding(Kind.ATTRITION_RISK, person_id=person_id, unit_id=unit,
                           severity=_model_severity(scored.band), reasons=reasons,
                           metric=scored.probability, probability=scored.probability,
                           band=scored.band, model_reasons=scored.reasons,
                           model_version=scored.model_version))
    return out


# Target-miss warnings kept per manager (the highest probabilities): the rest of a manager's
# goals at risk of missing are on the goals' pages; the inbox stays readable.
GOAL_RISKS_PER_MANAGER = 3


def top_per_audience(findings: Sequence[Finding], audience: Mapping[int, int | None],
                     n: int = GOAL_RISKS_PER_MANAGER) -> list[Finding]:
    """The `n` findings with the highest probability per audience (`audience`: subject person
    id → the manager told; findings without a person, or whose person has no manager, are
    grouped together per None), ties by goal id; in the input order."""
    ranked = sorted(findings, key=lambda f: (-(f.probability or 0.0), f.goal_id or 0))
    kept: set[int] = set()
    seen: dict[int | None, int] = {}
    for f in ranked:
        who = audience.get(f.person_id) if f.person_id is not None else None
        if seen.get(who, 0) < n:
            seen[who] = seen.get(who, 0) + 1
            kept.add(id(f))
    return [f for f in findings if id(f) in kept]


def goal_risk(kind: Kind, scores: Mapping[int, Scored], owners: Mapping[int, int | None],
              threshold: float) -> list[Finding]:
    """Project-delay or target-miss probability at or above `threshold` → warn the goal
    owner's manager (`owners`: goal id → owning person id, if any)."""
    out = []
    for goal_id in sorted(scores):
        scored = scores[goal_id]
        if scored.probability < threshold:
            continue
        out.append(Finding(kind, person_id=owners.get(goal_id), goal_id=goal_id,
                           severity=_model_severity(scored.band),
                           reasons=_model_reasons(kind, scored, threshold),
                           metric=scored.probability, probability=scored.probability,
                           band=scored.band, model_reasons=scored.reasons,
                           model_version=scored.model_version))
    return out


# --- all person-week rules at once --------------------------------------------------------------


def person_rules(frame: pl.DataFrame, last_week: dt.date, s: RuleSettings) -> list[Finding]:
    """Rules (b), (c), (d) over one frame."""
    return (overload(frame, last_week, s) + cross_team_help(frame, last_week, s)
            + feedback_drought(frame, last_week, s))


def metric_now(kind: Kind, frame: pl.DataFrame, last_week: dt.date, s: RuleSettings,
               person_id: int) -> float | None:
    """The risk metric of a person-level, frame-based kind for the window ending `last_week`
    (None without data): what outcome tracking compares with the value at raise."""
    if kind == Kind.OVERLOAD:
        stats = overload_stats(frame, last_week, s)
        column = "mean_hours"
    elif kind == Kind.CROSS_TEAM_HELP:
        stats = help_stats(frame, last_week, s)
        column = "mean_cross"
    elif kind == Kind.FEEDBACK_DROUGHT:
        stats = drought_stats(frame, last_week, s)
        column = "mean_feedback"
    else:
        return None
    row = stats.filter(pl.col("person_id") == person_id)
    if row.height == 0 or row[column][0] is None:
        return None
    return _r(row[column][0], 2)


def _int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


# --- outcomes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRow:
    kind: str
    acted: bool
    at_raise: float
    at_follow_up: float


@dataclass(frozen=True)
class Outcome:
    kind: str
    acted: int
    not_acted: int
    mean_change_acted: float | None      # follow-up − raise, mean over acted insights
    mean_change_not_acted: float | None

    @property
    def difference(self) -> float | None:
        """How much more the risk moved with action than without."""
        if self.mean_change_acted is None or self.mean_change_not_acted is None:
            return None
        return round(self.mean_change_acted - self.mean_change_not_acted, 4)


def outcomes(rows: Sequence[OutcomeRow]) -> list[Outcome]:
    """Per kind (in Kind order): insights with a follow-up, acted on vs not (dismissed, ignored),
    and the mean change of the risk metric from raise to follow-up in each group."""
    out = []
    for kind in Kind:
        acted = [r.at_follow_up - r.at_raise for r in rows if r.kind == kind and r.acted]
        other = [r.at_follow_up - r.at_raise for r in rows if r.kind == kind and not r.acted]
        if not acted and not other:
            continue
        out.append(Outcome(str(kind), len(acted), len(other), _mean(acted), _mean(other)))
    return out


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None
