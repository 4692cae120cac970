"""Which 360 rater groups may be shown: a pure rule over the number of raters per group.

A rater group (a relationship: peers, direct reports, …) is shown on its own only with at
least three raters who answered. The manager group is never shown on its own (a person's
manager is one person). Groups that may not be shown are merged into one "others" group — but
only when that merged group has at least three raters. The overall total ("all raters") is
shown only when it cannot be used to back a hidden group out: when every rater is inside a
shown group or the shown "others" group (then the total is the sum of what is shown anyway).
Otherwise "all raters" minus the shown groups would be exactly the hidden raters.

Every rater answers every question (ratings are required), so a group's size is the same for
each competency and one decision holds for the whole report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MIN_GROUP = 3
MANAGER = "manager"
OTHERS = "others"
ALL = "all"


@dataclass(frozen=True)
class Disclosure:
    shown: tuple[str, ...]  # relationships shown on their own, in the order given
    merged: tuple[str, ...]  # relationships merged into "others" (empty: no others group)
    total: bool  # whether the "all raters" total may be shown

    @property
    def groups(self) -> tuple[str, ...]:
        """The result columns, in order: shown relationships, then "others", then "all"."""
        return (*self.shown, *((OTHERS,) if self.merged else ()), *((ALL,) if self.total else ()))

    def members(self, group: str) -> tuple[str, ...]:
        """The relationships whose raters make up a result column."""
        if group == OTHERS:
            return self.merged
        if group == ALL:
            return (*self.shown, *self.merged)
        return (group,) if group in self.shown else ()


def decide(raters: Mapping[str, int], minimum: int = MIN_GROUP) -> Disclosure:
    """`raters`: relationship → number of raters who answered (zero groups may be omitted)."""
    present = {group: n for group, n in raters.items() if n > 0}
    shown = tuple(g for g, n in present.items() if n >= minimum and g != MANAGER)
    hidden = tuple(g for g in present if g not in shown)
    hidden_n = sum(present[g] for g in hidden)
    merged = hidden if hidden_n >= minimum else ()
    everyone_shown = not hidden or bool(merged)
    total = everyone_shown and bool(present)
    return Disclosure(shown=shown, merged=merged, total=total)
