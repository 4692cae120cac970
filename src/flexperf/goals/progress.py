"""Progress against the expected path, the status it earns, and alignment roll-ups (G8).

Pure: the engine's input arrays (and a few more) in, arrays out; no ORM, no clock.

* Expected path: a metric moves linearly from its origin (baseline, else the key result's
  start, else 0 for a metric summed over the period, else the threshold) at the period's start
  to its target at the period's end. A rating (behaviour, survey) is a level, not a path: it is
  expected at its target (else the top of the scale) all along. A project is expected to have
  accepted the share of its milestone weight that is due by the date. The arithmetic is
  :func:`on_path`, the only copy: progress measures against it and :func:`paced` (a mid-period
  score judged on pace) moves threshold, target and stretch along it.
* Progress: the share of the way from origin to target covered by the actual (0–1); for a
  project the share of milestone weight accepted by the date. A goal's progress and expected
  progress combine its metrics with the engine's weights (`scoring.goal_means`).
* Status: in the first 10 % of the period everything is on track ("too early to judge"); then
  progress ≥ 90 % of the expected is on track, ≥ 70 % at risk, below that off track. Nothing
  expected yet is on track; nothing recorded yet is at risk. Every number is a `ProgressRules`
  field.
* Alignment: a parent goal's progress is the contribution-weighted mean of its children's
  (recursively; a link that would close a cycle is ignored).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum

import numpy as np
from django.utils.translation import gettext as _

from flexperf.goals.rules import ScoringRules
from flexperf.goals.scoring import Bools, Codes, Floats, Input, Scoring, goal_means


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        return {Status.ON_TRACK: _("On track"), Status.AT_RISK: _("At risk"),
                Status.OFF_TRACK: _("Off track")}[self]


STATUSES = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)  # index = status code


class Reason(IntEnum):
    """Which rule decided the status."""

    TOO_EARLY = 0
    NO_DATA = 1
    NOTHING_EXPECTED = 2
    RATIO = 3


@dataclass(frozen=True)
class ProgressRules:
    on_track: float = 0.9    # progress / expected at or above this: on track
    at_risk: float = 0.7     # at or above this (and below on_track): at risk
    too_early: float = 0.1   # share of the period elapsed before anything is judged

    def __post_init__(self) -> None:
        if not 0 <= self.at_risk <= self.on_track:
            raise ValueError("progress rules: 0 ≤ at_risk ≤ on_track")
        if not 0 <= self.too_early < 1:
            raise ValueError("progress rules: 0 ≤ too_early < 1")


@dataclass(frozen=True)
class Timeline:
    """The period's first and last day and the as-of day, as day numbers (`toordinal()`)."""

    start: float
    end: float
    as_of: float

    @property
    def elapsed(self) -> float:
        """The share of the period behind the as-of day: 0 at the start, 1 at the end."""
        if self.end <= self.start:
            return 1.0 if self.as_of >= self.end else 0.0
        return float(min(max((self.as_of - self.start) / (self.end - self.start), 0.0), 1.0))


@dataclass(frozen=True)
class Progress:
    """Per goal: progress and expected progress (0–1, NaN unknown), status code (index into
    STATUSES), the rule that decided it, and progress / expected."""

    progress: Floats
    expected: Floats
    status: Codes
    reason: Codes
    ratio: Floats
    elapsed: float


def origins(baseline: Floats, start: Floats, threshold: Floats, summed: Bools) -> Floats:
    """Where each metric's path starts: 0 for a metric summed over the period (its baseline is
    last period's total, for comparison only), else the baseline, else the key result's start,
    else the threshold."""
    level = np.where(~np.isnan(baseline), baseline, np.where(~np.isnan(start), start, threshold))
    return np.where(summed, 0.0, level)


def on_path(origin: Floats, value: Floats, elapsed: Floats | float, level: Bools | bool = False
            ) -> Floats:
    """Where the expected path from `origin` (the period's start) to `value` (its end) stands
    after `elapsed` of the period (0–1): origin + (value − origin) × elapsed. A level (a
    rating) does not move: it is `value` all along; so is everything once the period is over
    (elapsed ≥ 1, exactly `value`)."""
    elapsed = np.asarray(elapsed, dtype=np.float64)
    moved = origin + (value - origin) * elapsed
    return np.where(np.asarray(level) | (elapsed >= 1.0), value, moved)


@dataclass(frozen=True)
class Paced:
    """Threshold, target and stretch moved along the expected path (see :func:`paced`)."""

    threshold: Floats
    target: Floats
    stretch: Floats


def paced(inp: Input, origin: Floats, elapsed: Floats | float) -> Paced:
    """Each metric's threshold, target and stretch where the expected path from its origin
    stands after `elapsed` of the period (per metric, 0–1): a mid-period actual is then judged
    on pace (on the expected path = the target's points). Ratings and surveys are levels,
    unchanged; a key result's start is its origin, so only its target moves; at elapsed ≥ 1
    every value is exactly the full period's."""
    m = inp.metrics
    level = m.scoring == Scoring.RATING
    return Paced(threshold=on_path(origin, m.threshold, elapsed, level),
                 target=on_path(origin, m.target, elapsed, level),
                 stretch=on_path(origin, m.stretch, elapsed, level))


def metric_progress(inp: Input, origin: Floats, timeline: Timeline, rules: ScoringRules
                    ) -> tuple[Floats, Floats]:
    """Per metric: the share of the way covered (0–1, NaN without a value) and the share
    expected by the as-of day."""
    m = inp.metrics
    rating = m.scoring == Scoring.RATING
    start = np.where(rating, rules.rating_min, origin)
    # A rating is a level, not a path: on track once it meets expectations (or its target).
    goal = np.where(rating & np.isnan(m.target), rules.rating_expected, m.target)
    span = goal - start
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        share = (m.actual - start) / span
    # A flat path (origin = target): done once the actual is at or beyond the target.
    better = np.where(m.higher | rating | (m.scoring == Scoring.KEY_RESULT),
                      m.actual >= goal, m.actual <= goal)
    share = np.where(span == 0, np.where(better, 1.0, 0.0), share)
    share = np.where(np.isnan(m.actual), np.nan, np.clip(share, 0.0, 1.0))
    # The share of the way where the expected path stands (a rating: at its level, 1).
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        expected = (on_path(start, goal, timeline.elapsed, rating) - start) / span
    # A flat path (or no target): the share of the period, a level's 1.
    expected = np.where((span == 0) | ~np.isfinite(expected),
                        np.where(rating, 1.0, timeline.elapsed), expected)
    return share, expected


def goal_progress(inp: Input, origin: Floats, timeline: Timeline,
                  rules: ScoringRules | None = None,
                  progress_rules: ProgressRules | None = None) -> Progress:
    """Progress, expected progress and status of every goal in `inp`."""
    rules = rules or ScoringRules()
    progress_rules = progress_rules or ProgressRules()
    n = len(inp.goals)
    share, expected_share = metric_progress(inp, origin, timeline, rules)
    progress = goal_means(inp, share)
    # Expected over the metrics that have values (so the two compare like with like); over all
    # of them while none has.
    expected = goal_means(inp, np.where(np.isnan(share), np.nan, expected_share))
    expected = np.where(np.isnan(expected), goal_means(inp, expected_share), expected)

    ms = inp.milestones
    if len(ms):
        weight = np.bincount(ms.goal, weights=ms.weight, minlength=n)
        due = np.bincount(ms.goal, weights=ms.weight * (ms.due <= timeline.as_of), minlength=n)
        done = np.bincount(ms.goal, weights=ms.weight * (ms.accepted <= timeline.as_of),
                           minlength=n)
        has = (weight > 0) & np.isnan(progress)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            progress = np.where(has, done / weight, progress)
            expected = np.where(has, due / weight, expected)
    status, reason, ratio = judge(progress, expected, timeline.elapsed, progress_rules)
    return Progress(progress=progress, expected=expected, status=status, reason=reason,
                    ratio=ratio, elapsed=timeline.elapsed)


def judge(progress: Floats, expected: Floats, elapsed: float, rules: ProgressRules
          ) -> tuple[Codes, Codes, Floats]:
    """Status code, reason code and progress / expected for each goal."""
    progress, expected = np.asarray(progress, np.float64), np.asarray(expected, np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(expected > 0, progress / expected, np.nan)
    too_early = np.full(progress.shape, elapsed < rules.too_early)
    no_data = np.isnan(progress)
    nothing_expected = ~(expected > 0)
    on, risk, off = 0, 1, 2
    reason = np.select([too_early, no_data, nothing_expected],
                       [Reason.TOO_EARLY, Reason.NO_DATA, Reason.NOTHING_EXPECTED],
                       default=Reason.RATIO).astype(np.int8)
    by_ratio = np.where(ratio >= rules.on_track - 1e-9, on,
                        np.where(ratio >= rules.at_risk - 1e-9, risk, off))
    status = np.select([reason == Reason.TOO_EARLY, reason == Reason.NO_DATA,
                        reason == Reason.NOTHING_EXPECTED], [on, risk, on],
                       default=by_ratio).astype(np.int8)
    return status, reason, ratio


@dataclass(frozen=True)
class Verdict:
    """One goal's status and the rule that decided it, for pages and the API."""

    status: Status
    reason: Reason
    progress: float | None
    expected: float | None
    elapsed: float
    rules: ProgressRules

    @property
    def ratio(self) -> float | None:
        if self.progress is None or not self.expected:
            return None
        return self.progress / self.expected

    @property
    def rule(self) -> str:
        """The rule in words, with the numbers that decided it."""
        r = self.rules
        values = {"elapsed": _percent(self.elapsed), "early": _percent(r.too_early),
                  "on": _percent(r.on_track), "risk": _percent(r.at_risk),
                  "progress": _percent(self.progress or 0.0),
                  "expected": _percent(self.expected or 0.0),
                  "ratio": _percent(self.ratio or 0.0)}
        if self.reason == Reason.TOO_EARLY:
            return _("Too early to judge: %(elapsed)s of the period has passed; goals are "
                     "judged from %(early)s.") % values
        if self.reason == Reason.NO_DATA:
            return _("No progress recorded yet: at risk until a value is entered.") % values
        if self.reason == Reason.NOTHING_EXPECTED:
            return _("Nothing is expected yet: on track.") % values
        text = {
            Status.ON_TRACK: _("Progress %(progress)s against %(expected)s expected "
                               "(%(ratio)s of the expected path): on track from %(on)s."),
            Status.AT_RISK: _("Progress %(progress)s against %(expected)s expected "
                              "(%(ratio)s of the expected path): at risk from %(risk)s, on "
                              "track from %(on)s."),
            Status.OFF_TRACK: _("Progress %(progress)s against %(expected)s expected "
                                "(%(ratio)s of the expected path): off track below %(risk)s."),
        }[self.status]
        return text % values


def verdict(progress: Progress, g: int, rules: ProgressRules | None = None) -> Verdict:
    return Verdict(status=STATUSES[int(progress.status[g])], reason=Reason(int(progress.reason[g])),
                   progress=_maybe(progress.progress[g]), expected=_maybe(progress.expected[g]),
                   elapsed=progress.elapsed, rules=rules or ProgressRules())


def judge_one(progress: float | None, expected: float | None, elapsed: float,
              rules: ProgressRules | None = None) -> Verdict:
    rules = rules or ProgressRules()
    status, reason, _ratio = judge(
        np.asarray([np.nan if progress is None else progress]),
        np.asarray([np.nan if expected is None else expected]), elapsed, rules)
    return Verdict(status=STATUSES[int(status[0])], reason=Reason(int(reason[0])),
                   progress=progress, expected=expected, elapsed=elapsed, rules=rules)


@dataclass(frozen=True)
class Link:
    child: int
    parent: int
    contribution: float


def roll_up(own: Mapping[int, tuple[float | None, float | None]], links: Iterable[Link]
            ) -> dict[int, tuple[float | None, float | None]]:
    """(progress, expected) per goal after the roll-up.

    A goal with children that have progress gets the contribution-weighted mean of its
    children's rolled-up progress (and expected progress); otherwise its own values. A link
    that would close a cycle is ignored, so every goal gets an answer.
    """
    children: dict[int, list[tuple[int, float]]] = {}
    for link in links:
        if link.contribution > 0:
            children.setdefault(link.parent, []).append((link.child, link.contribution))
    done: dict[int, tuple[float | None, float | None]] = {}
    for root in sorted(set(own) | set(children)):
        if root in done:
            continue
        # Depth-first without recursion: (goal, children pushed yet?)
        stack: list[tuple[int, bool]] = [(root, False)]
        open_: set[int] = set()
        while stack:
            goal, expanded = stack.pop()
            if goal in done:
                continue
            if not expanded:
                open_.add(goal)
                stack.append((goal, True))
                stack.extend((c, False) for c, _w in children.get(goal, ())
                             if c not in done and c not in open_)
                continue
            open_.discard(goal)
            done[goal] = _combine(goal, own, children, done)
    return done


def _combine(goal: int, own: Mapping[int, tuple[float | None, float | None]],
             children: Mapping[int, list[tuple[int, float]]],
             done: Mapping[int, tuple[float | None, float | None]]
             ) -> tuple[float | None, float | None]:
    progress_sum = expected_sum = weight = expected_weight = 0.0
    for child, contribution in children.get(goal, ()):
        if child not in done:  # a link back into the open path: a cycle
            continue
        progress, expected = done[child]
        if progress is None:
            continue
        progress_sum += contribution * progress
        weight += contribution
        if expected is not None:
            expected_sum += contribution * expected
            expected_weight += contribution
    if weight == 0:
        return own.get(goal, (None, None))
    return progress_sum / weight, (expected_sum / expected_weight if expected_weight else None)


def _maybe(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"
