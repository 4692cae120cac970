"""Weekly trends as inline SVG sparklines: a pure function from values to polyline points."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 120
HEIGHT = 28
PAD = 2


@dataclass(frozen=True)
class Spark:
    points: str  # "x,y x,y …" for <polyline points>
    last: float | None
    low: float | None
    high: float | None
    width: int = WIDTH
    height: int = HEIGHT


def spark(values: Sequence[float | None]) -> Spark:
    """Empty weeks are skipped (the line joins the weeks that have a value)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return Spark("", None, None, None)
    low = min(v for _i, v in known)
    high = max(v for _i, v in known)
    span = high - low or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD):.1f}"
        for i, v in known)
    return Spark(points, known[-1][1], low, high)
