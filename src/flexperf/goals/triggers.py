"""When an external signal puts a goal under discussion: a pure rule over plain values.

A goal watches a series with a plan value (what its target assumed the series would be), a
threshold X % and a number of periods N. The trigger fires when each of the series' latest N
points deviates from the plan by more than X %:  |value − plan| / |plan| × 100 > X.
It fires once per new point: never again for the point that fired it last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Point:
    on: dt.date
    value: Decimal


@dataclass(frozen=True)
class Rule:
    plan: Decimal
    threshold_pct: Decimal
    periods: int


@dataclass(frozen=True)
class Verdict:
    fires: bool
    # The newest of the points looked at (None when the series has no point yet).
    latest_on: dt.date | None
    deviations: tuple[Decimal, ...]  # signed %, oldest first, exact
    detail: str  # plain language, for people


def deviation_pct(value: Decimal, plan: Decimal) -> Decimal:
    """Signed deviation from the plan in % of |plan| (positive: above the plan)."""
    if plan == 0:
        raise ValueError("the plan value must not be 0")
    return (value - plan) / abs(plan) * HUNDRED


def evaluate(points: Sequence[Point], rule: Rule, *, last_fired_on: dt.date | None = None,
             series_name: str = "") -> Verdict:
    """Whether the rule fires on `points` (any order; the latest `rule.periods` count)."""
    if rule.periods < 1:
        raise ValueError("periods must be at least 1")
    latest = sorted(points, key=lambda p: p.on)[-rule.periods:]
    deviations = tuple(deviation_pct(p.value, rule.plan) for p in latest)
    newest = latest[-1].on if latest else None
    beyond = len(latest) == rule.periods and all(abs(d) > rule.threshold_pct
                                                 for d in deviations)
    new_point = newest is not None and (last_fired_on is None or newest > last_fired_on)
    return Verdict(fires=beyond and new_point, latest_on=newest, deviations=deviations,
                   detail=describe(latest, deviations, rule, series_name=series_name))


def explain(points: Sequence[Point], rule: Rule, *, series_name: str = "") -> str:
    """The plain-language detail of the latest points against the rule, fired or not."""
    latest = sorted(points, key=lambda p: p.on)[-rule.periods:]
    return describe(latest, [deviation_pct(p.value, rule.plan) for p in latest], rule,
                    series_name=series_name)


def describe(latest: Sequence[Point], deviations: Sequence[Decimal], rule: Rule, *,
             series_name: str = "") -> str:
    """e.g. "Copper price 8,420 / 8,510 / 8,600 vs plan 7,000: +20.3 %, +21.6 %, +22.9 %,
    beyond 15 % for 3 periods in a row"."""
    threshold = number(rule.threshold_pct)
    if not latest:
        return _("%(series)s has no values yet (plan %(plan)s, threshold %(threshold)s %%).") % {
            "series": series_name or _("The series"), "plan": number(rule.plan),
            "threshold": threshold}
    values = " / ".join(number(p.value) for p in latest)
    pcts = ", ".join(percent(d) for d in deviations)
    if len(latest) == rule.periods and all(abs(d) > rule.threshold_pct for d in deviations):
        verdict = ngettext("beyond %(threshold)s %% for %(n)d period",
                           "beyond %(threshold)s %% for %(n)d periods in a row", rule.periods)
    else:
        verdict = ngettext("not beyond %(threshold)s %% for %(n)d period",
                           "not beyond %(threshold)s %% for %(n)d periods in a row",
                           rule.periods)
    return _("%(series)s %(values)s vs plan %(plan)s: %(deviations)s, %(verdict)s") % {
        "series": series_name or _("The series"), "values": values, "plan": number(rule.plan),
        "deviations": pcts,
        "verdict": verdict % {"threshold": threshold, "n": rule.periods}}


def number(value: Decimal) -> str:
    """8420.0000 → "8,420"; 123.40 → "123.4"."""
    plain = value.normalize()
    if plain == plain.to_integral_value():
        plain = plain.quantize(Decimal(1))
    return f"{plain:,f}"


def percent(value: Decimal) -> str:
    """A signed deviation to one decimal: "+20.3 %", "-4.0 %"."""
    rounded = value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    sign = "+" if rounded > 0 else ("-" if rounded < 0 else "")
    return f"{sign}{abs(rounded):,f} %"
