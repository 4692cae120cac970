"""Scores and progress from the database: a handful of bulk queries → the one engine → results.

Public functions (pages, the API, the CLI and review cycles build on them; all scoped to the
caller, all read-only):

* :func:`score_period` — every visible person's scheme score for a period: score, rating,
  component breakdown, flags, and each counted goal's points, progress and status;
  :func:`scored_people` — the same, a page at a time (the paginated API).
* :func:`score_person` — one person's (NotFound outside the caller's scope).
* :func:`score_goal` / :func:`score_goals` — goals of any owner (person, unit, company).
* :func:`goal_progress` — progress, expected progress and status (with the rule) per goal.
* :func:`alignment_progress` — progress rolled up the alignment links of a period's goals.
* :func:`preview` — the calculator: a scheme and goals given as plain values, nothing read.
* :func:`require_period`, :func:`default_as_of`, :func:`to_decimal` — helpers for the edges.

Inside: `reading` (the bulk queries), `assembly` (rows → engine → results), `results`
(what comes back), `scores` (the scoped public reads), `preview`.

As of a date (default: today, or the period's end once it is over): a metric's actual is its
measurements inside the period up to that date, aggregated by the metric's aggregation (latest
value, sum, mean; surveys and ratings always the mean); a milestone accepted after that date
was not accepted yet, and one due by then is past due once the date is over (on the period's
last day the period is over). A goal changed after the date is scored with the definition in
force on it (`versioning.definitions_in_force`). Draft and withdrawn goals do not count towards
a scheme.

Basis (`Basis.FULL`, the default, or `Basis.PACED`): a mid-period score judged on pace — while
a goal's period runs, each metric's threshold, target and stretch is moved along the expected
path of `progress` to the as-of date before the engine runs (`clocks`). With `sub_periods`, a
person reviewed by half year or quarter is scored in a year's score from the goals of the
sub-periods started by then (`scores.add_sub_periods`).

Points are floats straight from the engine (never rounded here); quantise with
:func:`to_decimal` when storing them.
"""

from flexperf.goals.evaluation.clocks import Basis, Clock
from flexperf.goals.evaluation.preview import NO_SCORED_GOALS, Preview, preview
from flexperf.goals.evaluation.reading import Rows, load_rows
from flexperf.goals.evaluation.results import (
    AlignedProgress,
    ComponentScore,
    GoalScore,
    PeriodScores,
    PersonScore,
    to_decimal,
)
from flexperf.goals.evaluation.scores import (
    ScoredPeople,
    alignment_progress,
    default_as_of,
    goal_progress,
    period_scope,
    require_period,
    score_goal,
    score_goals,
    score_period,
    score_person,
    scored_people,
)

__all__ = [
    "NO_SCORED_GOALS", "AlignedProgress", "Basis", "Clock", "ComponentScore", "GoalScore",
    "PeriodScores",
    "PersonScore", "Preview", "Rows", "ScoredPeople", "alignment_progress", "default_as_of",
    "goal_progress", "load_rows", "period_scope", "preview", "require_period", "score_goal",
    "score_goals", "score_period", "score_person", "scored_people", "to_decimal",
]
