"""Per-person attrition features from weekly signals (pure Polars: frames in, a frame out).

Each person has an anchor day: the leave date for a leaver, the as-of day for a stayer or for
someone being scored. Their signal features are the mean of each weekly feature over the
``WINDOW_WEEKS`` weeks that end ``GAP_WEEKS`` weeks before the anchor — the gap keeps the last
weeks before a resignation (hand-over, leave, nothing to do) out, because a model that learns
"no activity in the last fortnight" predicts what has already happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import polars as pl

WINDOW_WEEKS = 12
GAP_WEEKS = 2


def window_of(anchor: dt.date, *, weeks: int = WINDOW_WEEKS, gap: int = GAP_WEEKS
              ) -> tuple[dt.date, dt.date]:
    """[start, end) of the weeks whose Monday counts for `anchor`."""
    end = anchor - dt.timedelta(weeks=gap)
    return end - dt.timedelta(weeks=weeks), end


def aggregate(frame: pl.DataFrame, anchors: Mapping[int, dt.date], columns: Sequence[str], *,
              weeks: int = WINDOW_WEEKS, gap: int = GAP_WEEKS) -> dict[int, dict[str, float]]:
    """person id → {column: mean over the person's window} (a column with no value in the
    window is absent; a person with no week in it is absent)."""
    if frame.is_empty() or not anchors:
        return {}
    spans = pl.DataFrame(
        {"person_id": list(anchors),
         "w_start": [window_of(a, weeks=weeks, gap=gap)[0] for a in anchors.values()],
         "w_end": [window_of(a, weeks=weeks, gap=gap)[1] for a in anchors.values()]},
        schema={"person_id": pl.Int64, "w_start": pl.Date, "w_end": pl.Date})
    present = [c for c in columns if c in frame.columns]
    joined = (frame.select("person_id", "week_start", *present)
              .with_columns(pl.col("person_id").cast(pl.Int64))
              .join(spans, on="person_id", how="inner")
              .filter((pl.col("week_start") >= pl.col("w_start"))
                      & (pl.col("week_start") < pl.col("w_end"))))
    if joined.is_empty():
        return {}
    means = joined.group_by("person_id").agg([pl.col(c).cast(pl.Float64).mean() for c in present])
    out: dict[int, dict[str, float]] = {}
    for row in means.iter_rows(named=True):
        out[int(row["person_id"])] = {c: float(row[c]) for c in present if row[c] is not None}
    return out
