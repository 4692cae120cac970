"""What scoring hands back: per goal, per component, per person, per period. Points are floats
straight from the engine; explanations and progress verdicts are written on first use, so
scoring a whole period costs nothing for the sentences nobody reads.

Plain slotted dataclasses, read-only by convention: a period of 10,000 people makes 80,000
goal results, and frozen dataclasses cost four times as much to create."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from flexperf.goals import progress as progress_rules
from flexperf.goals.evaluation.clocks import Clock, pace_note, person_pace_note, sub_period_note
from flexperf.goals.explain import Explainer
from flexperf.goals.models import Period
from flexperf.goals.progress import ProgressRules, Verdict
from flexperf.goals.scoring import FULL


def to_decimal(value: float | None, places: int = 2) -> Decimal | None:
    """Engine points as a Decimal for storing or paying (rounded half-even to `places`)."""
    if value is None:
        return None
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places))


@dataclass(slots=True)
class Run:
    """One engine run's explanations and progress, shared by the results that came from it.
    Goals on different clocks (sub-periods) have their progress judged on their own clock:
    `progress[goal_clock[g]]`; `paced[g]`: the goal's targets were paced to its date."""

    explainer: Explainer
    progress: dict[int, progress_rules.Progress]
    progress_rules: ProgressRules
    clocks: list[Clock]
    goal_clock: list[int]
    paced: list[bool]

    def goal_notes(self, g: int) -> list[str]:
        """How the goal's clock and basis shaped its numbers (none for a plain score)."""
        clock = self.clocks[self.goal_clock[g]]
        notes = [sub_period_note(clock)] if self.goal_clock[g] else []
        if self.paced[g]:
            notes.append(pace_note(clock))
        return notes


@dataclass(slots=True)
class GoalScore:
    """A goal's points and progress as of a date; `explanation` is written on first use."""

    goal_id: int
    title: str
    paradigm: str
    okr_type: str
    owner_kind: str
    person_id: int | None
    component_id: int | None
    status: str        # the goal's status in the definition scored
    version: int       # the definition's version number (0: never versioned)
    points: float | None
    on_target: bool
    _run: Run = field(repr=False, compare=False)
    _index: int = field(repr=False, compare=False)

    @property
    def progress(self) -> Verdict:
        """Progress, expected progress, status and the rule that decided it."""
        run = self._run
        return progress_rules.verdict(run.progress[run.goal_clock[self._index]], self._index,
                                      run.progress_rules)

    @property
    def paced(self) -> bool:
        """Its threshold, target and stretch were paced to the as-of date."""
        return self._run.paced[self._index]

    @property
    def grade(self) -> float | None:
        """OKRs: the objective grade 0.0–1.0."""
        if self.paradigm != "okr" or self.points is None:
            return None
        return self.points / FULL

    @property
    def explanation_lines(self) -> list[str]:
        return self._run.explainer.goal_lines(self._index) + self._run.goal_notes(self._index)

    @property
    def explanation(self) -> str:
        return " ".join(self.explanation_lines)


@dataclass(slots=True)
class ComponentScore:
    component_id: int
    key: str
    label: str
    paradigm: str
    weight: Decimal
    pay_linked: bool
    points: float | None
    goals: int          # goals counted towards it
    scored_goals: int   # of which have points
    flagged: bool       # no scored goals: left out of the score, the others re-normalised


@dataclass(slots=True)
class PersonScore:
    person_id: int
    employee_number: str
    name: str
    scheme_id: int
    scheme_code: str
    scheme_name: str
    score: float | None
    rating: str | None
    components: tuple[ComponentScore, ...]
    goals: tuple[GoalScore, ...]
    # Goals of the period that count towards no component of the person's scheme.
    unassigned: tuple[GoalScore, ...]
    _run: Run = field(repr=False, compare=False)
    _index: int = field(repr=False, compare=False)

    @property
    def missing(self) -> tuple[str, ...]:
        """Labels of the components left out for lack of scored goals."""
        return tuple(c.label for c in self.components if c.flagged)

    @property
    def paced(self) -> bool:
        """Some of the goals counted were paced to the as-of date."""
        return any(g.paced for g in self.goals)

    @property
    def flags(self) -> list[str]:
        out = self._run.explainer.flags(self._index)
        if self.paced:
            out.append(person_pace_note(self._run.clocks[0].as_of))
        out += [_("Goal '%(title)s' counts towards no component of the scheme '%(scheme)s': "
                  "not in the score.") % {"title": g.title, "scheme": self.scheme_name}
                for g in self.unassigned]
        return out

    @property
    def explanation_lines(self) -> list[str]:
        lines = self._run.explainer.subject_lines(self._index)
        if self.paced:
            lines.append(person_pace_note(self._run.clocks[0].as_of))
        return lines

    @property
    def explanation(self) -> str:
        return " ".join(self.explanation_lines)


@dataclass(slots=True)
class PeriodScores:
    period: Period
    as_of: dt.date
    people: list[PersonScore]
    goals: dict[int, GoalScore]

    def person(self, person_id: int) -> PersonScore | None:
        return next((p for p in self.people if p.person_id == person_id), None)


@dataclass(slots=True)
class AlignedProgress:
    """A goal's own progress and the progress rolled up from the goals contributing to it."""

    goal: GoalScore
    progress: float | None
    expected: float | None
    verdict: Verdict
    children: tuple[int, ...]
    parents: tuple[int, ...]
