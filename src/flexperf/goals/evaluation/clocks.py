"""The basis of a score and the clock of each goal in it.

* Basis FULL (the default): every goal against its full-period threshold, target and stretch.
* Basis PACED: while a goal's period runs, each of its metrics' threshold, target and stretch
  is replaced, before the engine runs, by where the expected path stands on the as-of date
  (`progress.paced`, the same path progress is judged on); at or after the period's end the
  paced score is the full-period score exactly.

A clock is a goal's period and the day it is judged on. Goals of one score share one engine
run even when their clocks differ (sub-periods inside a cycle's period): each goal's milestone
days are shifted so that its own judging day falls on the run's (only differences of days
matter to the engine), and its progress is judged on its own clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from flexperf.goals.progress import Timeline


class Basis(StrEnum):
    FULL = "full"
    PACED = "paced"


@dataclass(frozen=True)
class Clock:
    """A goal's period (code, first and last day) and the day it is judged on."""

    period: str
    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def over(self) -> bool:
        """On the period's last day the period is over."""
        return self.as_of >= self.end

    @property
    def engine_day(self) -> int:
        """The engine's as-of day: the day after the last once the period is over, so a
        milestone due on the last day and not accepted is past due."""
        return self.as_of.toordinal() + (1 if self.over else 0)

    def timeline(self, shift: int = 0) -> Timeline:
        return Timeline(start=self.start.toordinal() + shift, end=self.end.toordinal() + shift,
                        as_of=self.as_of.toordinal() + shift)

    @property
    def elapsed(self) -> float:
        return self.timeline().elapsed


def pace_note(clock: Clock) -> str:
    """Why a paced goal's threshold, target and stretch are not the full period's."""
    return _("Targets paced to %(date)s: %(share)s of the period %(period)s has passed, so "
             "threshold, target and stretch are where the expected path stands on that day "
             "(a summed value from 0, others from their baseline or start; ratings "
             "unchanged).") % {"date": clock.as_of.isoformat(),
                               "share": f"{clock.elapsed * 100:.1f}%", "period": clock.period}


def sub_period_note(clock: Clock) -> str:
    """A goal of a shorter period counted in a longer period's score."""
    if clock.over:
        return _("Goal of the period %(period)s, which is over: scored on its full "
                 "period.") % {"period": clock.period}
    return _("Goal of the period %(period)s, scored as of %(date)s.") % {
        "period": clock.period, "date": clock.as_of.isoformat()}


def person_pace_note(as_of: dt.date) -> str:
    return _("Scored on pace as of %(date)s: goals whose period is still running are judged "
             "against where their expected path stands on that day, not against their "
             "full-period targets.") % {"date": as_of.isoformat()}
