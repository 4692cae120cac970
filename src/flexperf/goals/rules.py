"""The configurable numbers of scoring and the rating scale: plain values, validated once.

A scheme stores overrides in `Scheme.rules` and its scale in `Scheme.scale`; the engine
(`goals.scoring`) receives these objects and nothing else.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from django.utils.translation import gettext as _

from flexperf.core.errors import Problem, ServiceError


@dataclass(frozen=True)
class ScoringRules:
    # KPI curve (higher-is-better; lower-is-better mirrors it)
    kpi_threshold_points: float = 60.0   # points at the threshold
    kpi_target_points: float = 100.0     # points at the target
    kpi_cap_points: float = 120.0        # points at and above the stretch
    # Projects
    project_late_penalty_per_day: float = 2.0
    project_late_floor: float = 50.0
    # OKR: an aspirational objective graded at this or more is "on target"
    aspirational_on_target: float = 0.7
    # Ratings (behaviour, internal-customer surveys)
    rating_min: float = 1.0
    rating_max: float = 5.0
    # The rating that meets expectations: a behaviour or survey metric without a target of its
    # own is on track from here (progress status only; points stay (rating − min)/(max − min)).
    rating_expected: float = 3.0

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any] | None, *, field: str = "rules"
                       ) -> ScoringRules:
        """Defaults with `overrides` applied; unknown names or impossible values are refused."""
        if not overrides:
            return cls()
        known = {f.name for f in fields(cls)}
        problems: list[Problem] = []
        values: dict[str, float] = {}
        for name, raw in overrides.items():
            if name not in known:
                problems.append(Problem(f"{field}.{name}", _("Unknown scoring rule.")))
                continue
            try:
                value = float(raw)
            except (TypeError, ValueError):
                problems.append(Problem(f"{field}.{name}", _("Must be a number.")))
                continue
            if not math.isfinite(value):
                problems.append(Problem(f"{field}.{name}", _("Must be a finite number.")))
                continue
            values[name] = value
        rules = replace(cls(), **values)
        problems += rules.problems(field)
        if problems:
            raise ServiceError(problems)
        return rules

    def problems(self, field: str = "rules") -> list[Problem]:
        problems = []
        if not 0 <= self.kpi_threshold_points <= self.kpi_target_points <= self.kpi_cap_points:
            problems.append(Problem(field, _("KPI points must rise: 0 ≤ threshold points ≤ "
                                             "target points ≤ cap points.")))
        if self.project_late_penalty_per_day < 0:
            problems.append(Problem(f"{field}.project_late_penalty_per_day",
                                    _("Must not be negative.")))
        if not 0 <= self.project_late_floor <= 100:
            problems.append(Problem(f"{field}.project_late_floor",
                                    _("Must be between 0 and 100.")))
        if not 0 < self.aspirational_on_target <= 1:
            problems.append(Problem(f"{field}.aspirational_on_target",
                                    _("Must be above 0 and at most 1.")))
        if not self.rating_min < self.rating_max:
            problems.append(Problem(f"{field}.rating_max",
                                    _("The highest rating must be above the lowest.")))
        elif not self.rating_min < self.rating_expected <= self.rating_max:
            problems.append(Problem(f"{field}.rating_expected",
                                    _("Must be above the lowest rating and at most the highest.")))
        return problems


@dataclass(frozen=True)
class RatingScale:
    """Bands from the highest: ("S", 110), ("A", 100) … and a last band with no minimum."""

    bands: tuple[tuple[str, float | None], ...] = (
        ("S", 110.0), ("A", 100.0), ("B", 85.0), ("C", 60.0), ("D", None))

    @classmethod
    def from_json(cls, raw: Sequence[Mapping[str, Any]] | None, *, field: str = "scale"
                  ) -> RatingScale:
        """`[{"rating": "S", "min": 110}, …, {"rating": "D", "min": null}]`, validated."""
        if not raw:
            return cls()
        problems: list[Problem] = []
        bands: list[tuple[str, float | None]] = []
        for i, band in enumerate(raw):
            where = f"{field}.{i}"
            if not isinstance(band, Mapping):
                problems.append(Problem(where, _("Each band needs a rating and a minimum.")))
                continue
            label = str(band.get("rating", "")).strip()
            if not label or len(label) > 12:
                problems.append(Problem(f"{where}.rating", _("Give the rating a short name.")))
            minimum = band.get("min")
            value: float | None = None
            if minimum is not None:
                try:
                    value = float(minimum)
                except (TypeError, ValueError):
                    problems.append(Problem(f"{where}.min", _("Must be a number.")))
            bands.append((label, value))
        if not problems:
            problems += cls._shape_problems(bands, field)
        if problems:
            raise ServiceError(problems)
        return cls(tuple(bands))

    @staticmethod
    def _shape_problems(bands: list[tuple[str, float | None]], field: str) -> list[Problem]:
        problems = []
        if len(bands) < 2:
            problems.append(Problem(field, _("A scale needs at least two ratings.")))
        if bands and bands[-1][1] is not None:
            problems.append(Problem(field, _("The lowest rating takes every score below the "
                                             "others: leave its minimum empty.")))
        minimums = [m for _label, m in bands[:-1]]
        if any(m is None for m in minimums):
            problems.append(Problem(field, _("Only the lowest rating may have no minimum.")))
        elif any(a <= b for a, b in itertools.pairwise(minimums)):  # type: ignore[operator]
            problems.append(Problem(field, _("Minimums must fall from the highest rating to "
                                             "the lowest.")))
        labels = [label for label, _m in bands]
        if len(set(labels)) != len(labels):
            problems.append(Problem(field, _("Each rating name must be different.")))
        return problems

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for label, _m in self.bands)

    @property
    def minimums(self) -> tuple[float, ...]:
        """The minimums of all but the last band, highest first."""
        return tuple(float(m) for _label, m in self.bands[:-1] if m is not None)

    def rate(self, score: float) -> str:
        for label, minimum in self.bands:
            if minimum is None or score >= minimum:
                return label
        return self.bands[-1][0]

    def to_json(self) -> list[dict[str, Any]]:
        return [{"rating": label, "min": minimum} for label, minimum in self.bands]
