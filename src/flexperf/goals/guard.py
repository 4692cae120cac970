"""The guard against adjusting a goal too often: a pure decision over plain values.

Within the goal's period, while fewer than `max_per_period` adjustments were approved and at
least `min_days_between` days have passed since the last approval, an adjustment goes to the
approver the scheme names (the manager or the HR business partner). Beyond that, HR must
approve it, and the proposal carries a note saying why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import ngettext

from flexperf.goals.models.choices import Approver


@dataclass(frozen=True)
class Policy:
    approver: str  # Approver.MANAGER or Approver.HRBP: the scheme's choice within the guard
    min_days_between: int
    max_per_period: int


@dataclass(frozen=True)
class Routing:
    approver: str  # Approver.MANAGER, Approver.HRBP, or Approver.HR beyond the guard
    within_guard: bool
    note: str  # why HR must approve; empty within the guard


def route(policy: Policy, *, approved_on: Sequence[dt.date], period_start: dt.date,
          period_end: dt.date, today: dt.date) -> Routing:
    """Who approves an adjustment proposed `today`, given the dates earlier adjustments of the
    same goal were approved (those outside the period do not count)."""
    within = sorted(d for d in approved_on if period_start <= d <= period_end)
    reasons = []
    if len(within) >= policy.max_per_period:
        reasons.append(ngettext(
            "%(n)d adjustment was already approved in this period (at most %(max)d before HR "
            "must approve).",
            "%(n)d adjustments were already approved in this period (at most %(max)d before HR "
            "must approve).", len(within)) % {"n": len(within), "max": policy.max_per_period})
    if within:
        last = within[-1]
        days = (today - last).days
        if days < policy.min_days_between:
            reasons.append(ngettext(
                "The last adjustment was approved on %(date)s, %(days)d day ago (the minimum "
                "interval is %(min)d days).",
                "The last adjustment was approved on %(date)s, %(days)d days ago (the minimum "
                "interval is %(min)d days).", days)
                % {"date": last.isoformat(), "days": days, "min": policy.min_days_between})
    if reasons:
        return Routing(approver=Approver.HR, within_guard=False, note=" ".join(reasons))
    return Routing(approver=policy.approver, within_guard=True, note="")
