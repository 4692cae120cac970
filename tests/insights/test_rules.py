"""The rules on hand-built frames: one week short of the streak → nothing; the full streak → a
finding whose reasons carry the exact numbers."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.utils import translation

from flexperf.core.errors import ServiceError
from flexperf.insights import explain, rules
from flexperf.insights.rules import Kind, ModelReason, RuleSettings, Scored, Severity
from tests.insights.frames import AS_OF, LAST, frame, row, week, weeks_of

S = RuleSettings(drought_weeks=6)  # overload 4 weeks ≥ 50 h or ≥ 30 % after hours; help 3
# weeks; drought 6 (the default is 8)


def _reasons(finding: rules.Finding) -> dict[str, dict[str, object]]:
    return {r.code: dict(r.params) for r in finding.reasons}


def test_weeks() -> None:
    assert rules.last_complete_week(AS_OF) == LAST  # Tue 30 June → the week of Mon 22 June
    assert rules.last_complete_week(dt.date(2026, 6, 28)) == LAST  # its Sunday: over
    assert rules.last_complete_week(dt.date(2026, 6, 27)) == LAST - dt.timedelta(weeks=1)
    assert rules.weeks_ending(LAST, 3) == [week(2), week(1), week(0)]


# --- (b) overload -----------------------------------------------------------------------------


def test_overload_three_weeks_is_not_yet_a_streak() -> None:
    rows = [*weeks_of(1, 10, 3, hours=55.0), row(1, 3, hours=45.0)]
    assert rules.overload(frame(rows), LAST, S) == []


def test_overload_four_weeks_by_hours() -> None:
    rows = [*weeks_of(1, 10, 2, hours=52.0, after_hours_share=0.1),
            row(1, 2, hours=54.0, after_hours_share=0.1),
            row(1, 3, hours=58.0, after_hours_share=0.2), *weeks_of(2, 10, 4, hours=40.0)]
    [finding] = rules.overload(frame(rows), LAST, S)
    assert (finding.kind, finding.person_id, finding.unit_id) == (Kind.OVERLOAD, 1, 10)
    assert _reasons(finding) == {
        "overload_weeks": {"weeks": 4, "until": "2026-06-22"},
        "overload_hours": {"hours": 54.0, "max": 58.0, "threshold": 50.0},
        "overload_after_hours": {"percent": 12.0, "threshold": 30.0},
    }
    assert finding.metric == 54.0
    assert finding.severity == Severity.WARNING
    assert rules.RECOMMENDED[Kind.OVERLOAD][0] == rules.Action.REBALANCE


def test_overload_by_after_hours_share_and_a_missing_week_breaks_the_streak() -> None:
    rows = weeks_of(1, 10, 4, hours=42.0, after_hours_share=0.3)
    [finding] = rules.overload(frame(rows), LAST, S)
    assert _reasons(finding)["overload_after_hours"] == {"percent": 30.0, "threshold": 30.0}
    gap = [r for r in rows if r["week_start"] != week(1)]
    assert rules.overload(frame(gap), LAST, S) == []
    # a later week than the last judged does not count
    later = [*weeks_of(1, 10, 3, hours=60.0), row(1, -1, hours=60.0)]
    assert rules.overload(frame(later), LAST, S) == []


def test_overload_critical_ten_hours_over_and_settings_change_the_streak() -> None:
    rows = weeks_of(1, 10, 2, hours=61.0)
    assert rules.overload(frame(rows), LAST, S) == []
    two = RuleSettings(overload_weeks=2)
    [finding] = rules.overload(frame(rows), LAST, two)
    assert finding.severity == Severity.CRITICAL
    assert _reasons(finding)["overload_weeks"]["weeks"] == 2


# --- (c) cross-team help ------------------------------------------------------------------------


def _team_with_helper(weeks: int) -> pl.DataFrame:
    rows = []
    for i in range(3):
        helper = 12.0 if i < weeks else 3.0
        rows += [{"person_id": 1, "unit_id": 10, "week_start": week(i),
                  "cross_unit_interactions": helper},
                 {"person_id": 2, "unit_id": 10, "week_start": week(i),
                  "cross_unit_interactions": 3.0},
                 {"person_id": 3, "unit_id": 10, "week_start": week(i),
                  "cross_unit_interactions": 4.0}]
    return frame(rows)


def test_cross_team_help_needs_three_weeks() -> None:
    assert rules.cross_team_help(_team_with_helper(2), LAST, S) == []
    [finding] = rules.cross_team_help(_team_with_helper(3), LAST, S)
    assert (finding.kind, finding.person_id, finding.severity) == (
        Kind.CROSS_TEAM_HELP, 1, Severity.INFO)
    # the team's median each week: median(12, 3, 4) = 4; 12 ≥ 3 × 4
    assert _reasons(finding) == {
        "help_weeks": {"weeks": 3, "until": "2026-06-22"},
        "help_interactions": {"mean": 12.0, "median": 4.0, "ratio": 3.0},
    }
    assert finding.metric == 12.0
    assert rules.RECOMMENDED[Kind.CROSS_TEAM_HELP] == (rules.Action.RECOGNITION,)


def test_cross_team_help_needs_the_minimum_count() -> None:
    rows = []
    for i in range(3):
        rows += [{"person_id": 1, "unit_id": 10, "week_start": week(i),
                  "cross_unit_interactions": 4.0},  # 4 ≥ 3 × median 1, but below 5 a week
                 {"person_id": 2, "unit_id": 10, "week_start": week(i),
                  "cross_unit_interactions": 1.0},
                 {"person_id": 3, "unit_id": 10, "week_start": week(i),
                  "cross_unit_interactions": 0.0}]
    assert rules.cross_team_help(frame(rows), LAST, S) == []
    assert len(rules.cross_team_help(frame(rows), LAST, RuleSettings(help_min=4))) == 1


# --- (d) feedback drought -----------------------------------------------------------------------


def test_feedback_drought_six_weeks() -> None:
    dry = [*weeks_of(1, 10, 5, feedback_given=0, feedback_received=0),
           row(1, 5, feedback_given=0, feedback_received=1)]
    assert rules.feedback_drought(frame(dry), LAST, S) == []
    dry[-1]["feedback_received"] = 0
    [finding] = rules.feedback_drought(frame(dry), LAST, S)
    assert _reasons(finding) == {"drought_weeks": {"weeks": 6, "until": "2026-06-22"}}
    assert finding.metric == 0.0
    assert rules.metric_now(Kind.FEEDBACK_DROUGHT, frame(dry), LAST, S, 1) == 0.0


# --- (a) team behind its goals ------------------------------------------------------------------


def _teams(rows: list[tuple[int, dt.date, int, int, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"unit_id": u, "week_start": w, "goals": g, "lagging": lag, "gap": gap}
         for u, w, g, lag, gap in rows],
        schema={"unit_id": pl.Int64, "week_start": pl.Date, "goals": pl.Int64,
                "lagging": pl.Int64, "gap": pl.Float64})


def test_team_lagging_by_goal_share() -> None:
    two = _teams([(10, week(1), 4, 2, None), (10, week(0), 4, 3, None),
                  (10, week(2), 4, 1, None)])  # 25 % in the first of the three weeks
    assert rules.team_lagging(two, LAST, S) == []
    three = _teams([(10, week(2), 4, 2, 0.05), (10, week(1), 4, 2, 0.05),
                    (10, week(0), 4, 3, 0.1)])
    [finding] = rules.team_lagging(three, LAST, S)
    assert (finding.kind, finding.unit_id, finding.person_id) == (Kind.TEAM_LAGGING, 10, None)
    assert _reasons(finding) == {
        "team_lagging_weeks": {"weeks": 3, "until": "2026-06-22"},
        "team_lagging_goals": {"lagging": 3, "goals": 4, "percent": 75.0, "threshold": 50.0},
        "team_trajectory_gap": {"gap": 6.7, "threshold": 15.0},
    }
    assert finding.severity == Severity.CRITICAL  # 75 % lagging
    assert finding.metric == 0.75
    assert rules.RECOMMENDED[Kind.TEAM_LAGGING][0] == rules.Action.CHECK_IN


def test_team_lagging_by_trajectory_gap_without_goals() -> None:
    teams = _teams([(20, week(i), 0, 0, 0.2) for i in range(3)])
    [finding] = rules.team_lagging(teams, LAST, S)
    assert _reasons(finding) == {
        "team_lagging_weeks": {"weeks": 3, "until": "2026-06-22"},
        "team_trajectory_gap": {"gap": 20.0, "threshold": 15.0}}
    assert finding.metric == pytest.approx(0.2)
    assert rules.team_lagging(_teams([(20, week(i), 0, 0, 0.1) for i in range(3)]), LAST,
                              S) == []


def test_team_lagging_by_on_time_rate() -> None:
    teams = _teams([(30, week(i), 0, 0, None) for i in range(3)]).with_columns(
        pl.Series("on_time", [0.6, 0.5, 0.7]))
    assert rules.team_lagging(teams, LAST, S) == []  # one week at 70 % > 65 %
    teams = teams.with_columns(pl.Series("on_time", [0.6, 0.5, 0.4]))
    [finding] = rules.team_lagging(teams, LAST, S)
    assert _reasons(finding)["team_on_time"] == {"percent": 50.0, "threshold": 65.0}


def test_team_weeks_means() -> None:
    teams = rules.team_weeks(frame(weeks_of(1, 10, 1, goal_trajectory_gap=0.1, on_time_rate=1.0)
                                   + weeks_of(2, 10, 1, goal_trajectory_gap=0.3,
                                              on_time_rate=0.5)))
    assert teams.to_dicts() == [{"unit_id": 10, "week_start": LAST, "members": 2,
                                 "gap": pytest.approx(0.2), "on_time": 0.75}]


# --- (e) models ---------------------------------------------------------------------------------


def test_attrition_above_threshold_or_overloaded() -> None:
    why = (ModelReason("hours", "Weekly hours", 0.21, 56.0),)
    scores = {1: Scored(0.62, "high", why, "attrition-3"), 2: Scored(0.35, "medium"),
              3: Scored(0.35, "medium"), 4: Scored(0.1, "low")}
    found = rules.attrition_risk(scores, {3: 10, 4: 10}, {1: 10, 2: 10}, S)
    assert [(f.person_id, f.probability, f.band) for f in found] == [
        (1, 0.62, "high"), (3, 0.35, "medium")]
    assert _reasons(found[0]) == {"attrition_risk_probability": {
        "percent": 62.0, "threshold": 50.0, "band": "high"}}
    assert _reasons(found[1])["attrition_overload"] == {"weeks": 4}
    assert found[0].model_reasons == why
    assert found[0].model_version == "attrition-3"
    assert found[0].severity == Severity.CRITICAL
    assert found[1].severity == Severity.WARNING


def test_goal_risks() -> None:
    scores = {7: Scored(0.6, "medium"), 8: Scored(0.59, "medium")}
    [finding] = rules.goal_risk(Kind.TARGET_MISS, scores, {7: 1, 8: 2}, 0.6)
    assert (finding.goal_id, finding.person_id, finding.key) == (7, 1, "target_miss:goal:7")
    assert _reasons(finding) == {"target_miss_probability": {
        "percent": 60.0, "threshold": 60.0, "band": "medium"}}


def test_goal_risks_capped_per_manager() -> None:
    """Three per manager, the highest probabilities, ties by goal id; input order kept."""
    scores = {g: Scored(p, "high") for g, p in
              ((1, 0.7), (2, 0.9), (3, 0.8), (4, 0.7), (5, 0.95), (6, 0.99))}
    owners = {1: 11, 2: 11, 3: 12, 4: 12, 5: 13, 6: None}
    found = rules.goal_risk(Kind.TARGET_MISS, scores, owners, 0.6)
    # people 11 and 12 report to manager 100, 13 to 200; goal 6 has no owner
    kept = rules.top_per_audience(found, {11: 100, 12: 100, 13: 200}, n=3)
    assert [f.goal_id for f in kept] == [1, 2, 3, 5, 6]
    assert [f.goal_id for f in rules.top_per_audience(found, {}, n=1)] == [6]


# --- settings, reasons in words, outcomes ----------------------------------------------------


def test_settings_overrides_refuse_bad_values_naming_them() -> None:
    assert RuleSettings.from_overrides({"overload_weeks": "3"}).overload_weeks == 3
    with pytest.raises(ServiceError) as caught:
        RuleSettings.from_overrides({"overload_weeks": 2.5, "lag_share": 1.5, "nope": 1,
                                     "help_ratio": "x"})
    assert {p.field for p in caught.value.problems} == {"overload_weeks", "nope", "help_ratio"}
    with pytest.raises(ServiceError) as caught:
        RuleSettings.from_overrides({"lag_share": 1.5, "drought_weeks": 0})
    assert {p.field for p in caught.value.problems} == {"lag_share", "drought_weeks"}


def test_reasons_in_words() -> None:
    [finding] = rules.overload(frame(weeks_of(1, 10, 4, hours=52.0)), LAST, S)
    stored = [r.as_json() for r in finding.reasons]
    with translation.override("en"):
        lines = explain.sentences(stored)
    assert lines == [
        "Above the load threshold for 4 weeks in a row, up to the week of 06/22/2026.",
        "52 hours a week on average (up to 52; the threshold is 50).",
        "5% of the hours after hours (the threshold is 30%)."]


def test_outcomes_exact() -> None:
    rows = [rules.OutcomeRow("overload", True, 56.0, 46.0),
            rules.OutcomeRow("overload", True, 54.0, 48.0),
            rules.OutcomeRow("overload", False, 55.0, 56.0),
            rules.OutcomeRow("team_lagging", False, 0.75, 0.5)]
    lagging, overload = rules.outcomes(rows)  # in Kind order
    assert overload == rules.Outcome("overload", 2, 1, -8.0, 1.0)
    assert overload.difference == -9.0
    assert lagging == rules.Outcome("team_lagging", 0, 1, None, -0.25)
    assert lagging.difference is None
