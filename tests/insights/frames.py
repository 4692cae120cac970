"""Person-week frames built by hand, with the columns of the signals contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

FEATURES = ("throughput", "on_time_rate", "quality_avg", "hours", "after_hours_share",
            "meeting_hours", "collaboration_breadth", "cross_unit_interactions",
            "checkin_recency_days", "feedback_given", "feedback_received",
            "recognition_given", "recognition_received", "goal_trajectory_gap",
            "overdue_tasks", "milestones_missed")

# The last week judged in these tests: Monday 22 June 2026 (as of Tuesday 30 June 2026).
LAST = dt.date(2026, 6, 22)
AS_OF = dt.date(2026, 6, 30)
NORMAL: dict[str, Any] = {"hours": 40.0, "after_hours_share": 0.05, "feedback_given": 1,
                          "feedback_received": 1, "cross_unit_interactions": 2,
                          "goal_trajectory_gap": 0.0}


def week(n_back: int) -> dt.date:
    """The Monday n weeks before LAST (0: LAST itself)."""
    return LAST - dt.timedelta(weeks=n_back)


def frame(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Rows with person_id, week_start, unit_id and any features (the rest NORMAL, else 0)."""
    full = []
    for row in rows:
        values: dict[str, Any] = {name: 0.0 for name in FEATURES}
        values.update(NORMAL)
        values.update(row)
        full.append(values)
    schema: dict[str, Any] = {"person_id": pl.Int64, "week_start": pl.Date,
                              "unit_id": pl.Int64}
    schema.update({name: pl.Float64 for name in FEATURES})
    return pl.DataFrame(full, schema=schema)


def weeks_of(person_id: int, unit_id: int, n: int, **values: Any) -> list[dict[str, Any]]:
    """n weekly rows ending at LAST with the same values."""
    return [{"person_id": person_id, "unit_id": unit_id, "week_start": week(i), **values}
            for i in range(n)]


def row(person_id: int, n_back: int, unit_id: int = 10, **values: Any) -> dict[str, Any]:
    """One row n weeks before LAST (−1: the week after it)."""
    return {"person_id": person_id, "unit_id": unit_id, "week_start": week(n_back), **values}
