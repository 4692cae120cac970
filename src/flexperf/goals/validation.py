"""Pure checks of goal definitions, shared by creating a goal, importing goals and adjusting
one: plain values in, problems out (no ORM)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem
from flexperf.goals.models.choices import (
    PARADIGM_METRICS,
    Direction,
    MetricKind,
    Paradigm,
    Perspective,
)

KPI_LIKE = (MetricKind.KPI, MetricKind.BSC_MEASURE, MetricKind.SLA)
RATED = (MetricKind.CSAT, MetricKind.BEHAVIOUR)
OKR_KEY_RESULTS = (2, 5)


def kpi_thresholds(*, direction: str, threshold: Decimal | None, target: Decimal | None,
                   stretch: Decimal | None, field: str = "", row: int | None = None
                   ) -> list[Problem]:
    """Higher is better: threshold < target < stretch. Lower is better: threshold > target >
    stretch. Threshold and target are required; stretch is optional (then target caps)."""
    prefix = f"{field}." if field else ""
    problems = []
    if direction not in Direction.values:
        return [Problem(f"{prefix}direction", _("Direction must be higher or lower."), row)]
    for name, value in (("threshold", threshold), ("target", target)):
        if value is None:
            problems.append(Problem(f"{prefix}{name}", _("This field is required."), row))
    if problems or threshold is None or target is None:
        return problems
    higher = direction == Direction.HIGHER
    if (threshold >= target) if higher else (threshold <= target):
        message = (_("With higher-is-better the threshold must be below the target "
                     "(%(t)s ≥ %(g)s).") if higher else
                   _("With lower-is-better the threshold must be above the target "
                     "(%(t)s ≤ %(g)s)."))
        problems.append(Problem(f"{prefix}threshold",
                                message % {"t": _plain(threshold), "g": _plain(target)}, row))
    if stretch is not None and ((target >= stretch) if higher else (target <= stretch)):
        problems.append(Problem(
            f"{prefix}stretch",
            (_("With higher-is-better the stretch must be above the target "
               "(%(s)s ≤ %(g)s).") if higher else
             _("With lower-is-better the stretch must be below the target "
               "(%(s)s ≥ %(g)s).")) % {"s": _plain(stretch), "g": _plain(target)}, row))
    return problems


def key_result_range(*, start: Decimal | None, target: Decimal | None, field: str = "",
                     row: int | None = None) -> list[Problem]:
    prefix = f"{field}." if field else ""
    problems = []
    for name, value in (("start", start), ("target", target)):
        if value is None:
            problems.append(Problem(f"{prefix}{name}", _("This field is required."), row))
    if not problems and start == target:
        problems.append(Problem(f"{prefix}target", _("The target must differ from the start "
                                                     "value."), row))
    return problems


def metric_kinds(paradigm: str, kinds: Sequence[str], *, field: str = "metrics",
                 row: int | None = None) -> list[Problem]:
    """The metrics a paradigm's goal may hold, and how many."""
    if paradigm not in Paradigm.values:
        return [Problem("paradigm", _("Unknown paradigm '%(p)s'.") % {"p": paradigm}, row)]
    allowed = PARADIGM_METRICS[paradigm]
    wrong = sorted({k for k in kinds if k not in allowed})
    if wrong:
        return [Problem(field, _("A %(paradigm)s goal cannot hold %(kinds)s metrics.")
                        % {"paradigm": paradigm, "kinds": ", ".join(wrong)}, row)]
    n = len(kinds)
    if paradigm == Paradigm.KPI and n != 1:
        return [Problem(field, _("A KPI goal has exactly one metric."), row)]
    if paradigm == Paradigm.OKR and not OKR_KEY_RESULTS[0] <= n <= OKR_KEY_RESULTS[1]:
        return [Problem(field, _("An objective has 2 to 5 key results (found %(n)d).")
                        % {"n": n}, row)]
    if paradigm in (Paradigm.BSC, Paradigm.SERVICE, Paradigm.BEHAVIOUR) and n == 0:
        return [Problem(field, _("Add at least one measure."), row)]
    if paradigm == Paradigm.PROJECT and n:
        return [Problem(field, _("A project goal is measured by its milestones."), row)]
    return []


def perspective_weights(weights: Mapping[str, Any], used: Sequence[str], *,
                        field: str = "perspective_weights", row: int | None = None
                        ) -> list[Problem]:
    """Weights for the scorecard's perspectives: known names, positive, every used one set."""
    problems = []
    unknown = sorted(set(weights) - set(Perspective.values))
    if unknown:
        problems.append(Problem(field, _("Unknown perspectives: %(names)s")
                                % {"names": ", ".join(unknown)}, row))
    for name, raw in weights.items():
        try:
            if Decimal(str(raw)) <= 0:
                raise ValueError
        except (ArithmeticError, ValueError):
            problems.append(Problem(f"{field}.{name}", _("Must be a number above 0."), row))
    missing = sorted(set(used) - set(weights))
    if missing:
        problems.append(Problem(field, _("Give a weight to each perspective that has "
                                         "measures: %(names)s") % {"names": ", ".join(missing)},
                                row))
    return problems


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"
