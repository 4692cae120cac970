"""Inline SVG geometry for the achievement hall (pure: numbers in, shapes out)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, GAP, BASE = 360, 140, 6, 120


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


def bars(labels: Sequence[str], values: Sequence[int]) -> list[Bar]:
    """One bar per value on a 360×140 canvas (baseline at y=120, labels below)."""
    if not values:
        return []
    top = max(max(values), 1)
    width = (WIDTH - GAP * (len(values) + 1)) / len(values)
    out = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (BASE - 10) * max(value, 0) / top
        out.append(Bar(round(GAP + i * (width + GAP), 1), round(BASE - h, 1), round(width, 1),
                       round(h, 1), label, value))
    return out


@dataclass(frozen=True)
class Donut:
    share: float  # 0..1
    percent: str  # "23.5"
    dash: str  # stroke-dasharray for the share arc
    circumference: float


RADIUS = 40.0


def donut(part: int, whole: int) -> Donut:
    """The share `part / whole` as a ring: a circle of radius 40 whose stroke-dasharray draws
    the arc (0 when the team earned nothing)."""
    share = 0.0 if whole <= 0 else min(max(part / whole, 0.0), 1.0)
    circumference = 2 * math.pi * RADIUS
    arc = circumference * share
    return Donut(share, f"{share * 100:.1f}", f"{arc:.2f} {circumference - arc:.2f}",
                 round(circumference, 2))
