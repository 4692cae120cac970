"""Plain values the demo's rows hold: decimals with their column's places, the paradigm and
status codes as stored (plain strings, not the choice members, so rows compare and serialise
as the database returns them)."""

from __future__ import annotations

from decimal import Decimal

from flexperf.goals.models.choices import (
    Aggregation,
    GoalStatus,
    MeasurementSource,
    OwnerKind,
    Paradigm,
)

KPI, OKR, BSC = Paradigm.KPI.value, Paradigm.OKR.value, Paradigm.BSC.value
PROJECT, SERVICE, BEHAVIOUR = (Paradigm.PROJECT.value, Paradigm.SERVICE.value,
                               Paradigm.BEHAVIOUR.value)
ACTIVE = GoalStatus.ACTIVE.value
DRAFT = GoalStatus.DRAFT.value
UNDER_DISCUSSION = GoalStatus.UNDER_DISCUSSION.value
PERSON, UNIT, COMPANY = OwnerKind.PERSON.value, OwnerKind.UNIT.value, OwnerKind.COMPANY.value
LAST, SUM, MEAN = Aggregation.LAST.value, Aggregation.SUM.value, Aggregation.MEAN.value
MANUAL, CHECKIN = MeasurementSource.MANUAL.value, MeasurementSource.CHECKIN.value
SURVEY, RATING = MeasurementSource.SURVEY.value, MeasurementSource.RATING.value
IMPORT = MeasurementSource.IMPORT.value

_SCALE = {n: 10**n for n in range(5)}
COLUMN_PLACES = 4  # metric values, thresholds, measurements, series points


def dec(value: float, places: int) -> Decimal:
    """`value` rounded to `places` decimals, as a Decimal with exactly that many."""
    return Decimal(round(value * _SCALE[places])).scaleb(-places)


def stored(value: float, places: int) -> Decimal:
    """Rounded to `places`, held with the 4 decimals of the metric columns (as read back)."""
    return Decimal(round(value * _SCALE[places]) * _SCALE[COLUMN_PLACES - places]).scaleb(
        -COLUMN_PLACES)


def as_column(value: Decimal) -> Decimal:
    """An exact decimal with the 4 places of the metric columns."""
    return value.quantize(Decimal(1).scaleb(-COLUMN_PLACES))


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole numbers as equal as can be, the larger ones first."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
