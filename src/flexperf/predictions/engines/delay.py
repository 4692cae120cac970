"""Project-delay risk: the probability that a project's last milestone is accepted after its
due day, from milestone slippage and the progress trajectory so far (pure NumPy).

Time is measured in shares of the project's span (period start → the last milestone's due
day), so a 3-month and a 12-month project read alike. At the as-of share ``t``:

* ``slip`` — mean relative lateness of the milestones due by ``t``: reached ÷ due − 1 (at
  least 0), where reached is the acceptance share for an accepted milestone and ``t`` for one
  still open (a lower bound: it is late by at least that much);
* ``progress_gap`` — expected progress (weight share due by ``t``) − actual progress (weight
  share accepted by ``t``); negative when ahead;
* ``elapsed`` — ``t`` itself.

probability = logistic(INTERCEPT + Σ coefficient × feature). The coefficients are fixed, fitted
once (L2 logistic regression, C = 1) on ``simulate(n=20_000, seed=7)`` — projects whose pace
factor is log-normal (μ −0.05, σ 0.2: four in ten finish late) and whose milestones land at
due × pace with noise — and written
down here; `tests/predictions/test_delay.py` re-fits them and checks on a fresh simulation that
the predicted bands match the observed delay frequencies. Reasons: each feature's
coefficient × value, in log-odds above a project exactly on plan at the same point in time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FEATURES = ("slip", "progress_gap", "elapsed")
INTERCEPT = -0.572
COEFFICIENTS = (9.0585, 10.1048, -0.4477)
VERSION = "project-delay-logit-1"


@dataclass(frozen=True)
class Milestones:
    """One project's milestones, in days (any origin): due days, weights, accepted days (NaN
    while open); the span's start day and the as-of day."""

    due: np.ndarray
    weight: np.ndarray
    accepted: np.ndarray
    start: float
    as_of: float


def features(m: Milestones) -> np.ndarray | None:
    """The three features, or None when there is nothing to judge (no milestone, no span)."""
    if m.due.size == 0:
        return None
    end = float(np.max(m.due))
    span = end - m.start
    if span <= 0 or float(np.sum(m.weight)) <= 0:
        return None
    t = min(max((m.as_of - m.start) / span, 0.0), 1.0)
    due = (m.due - m.start) / span
    accepted = (m.accepted - m.start) / span
    weights = m.weight / np.sum(m.weight)
    done = ~np.isnan(accepted) & (accepted <= t + 1e-12)
    due_now = due <= t + 1e-12
    if due_now.any():
        reached = np.where(done, np.nan_to_num(accepted), t)
        slip = float(np.mean(np.maximum(reached[due_now] / np.maximum(due[due_now], 1e-9) - 1.0,
                                        0.0)))
    else:
        slip = 0.0
    gap = float(np.sum(weights[due_now]) - np.sum(weights[done]))
    return np.array([slip, gap, t], dtype=np.float64)


def probability(x: np.ndarray) -> float:
    z = INTERCEPT + float(np.dot(COEFFICIENTS, x))
    return float(1.0 / (1.0 + np.exp(-z)))


def contributions(x: np.ndarray) -> list[tuple[str, float, float]]:
    """(feature, coefficient × value in log-odds, value) for the two slippage features —
    elapsed time is context, not a reason."""
    return [(name, round(c * float(v), 4), round(float(v), 4))
            for name, c, v in zip(FEATURES, COEFFICIENTS, x, strict=True)
            if name != "elapsed"]


def simulate(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Simulated projects observed part-way: (features n × 3, delayed 0/1)."""
    rng = np.random.default_rng(seed)
    xs = np.zeros((n, len(FEATURES)), dtype=np.float64)
    ys = np.zeros(n, dtype=np.int64)
    for i in range(n):
        k = int(rng.integers(3, 9))
        due = np.sort(np.concatenate([rng.uniform(0.1, 0.95, k - 1), [1.0]]))
        pace = float(np.exp(rng.normal(-0.05, 0.2)))
        finish = np.maximum.accumulate(due * pace + rng.normal(0.0, 0.04, k))
        t = float(rng.uniform(0.15, 0.9))
        accepted = np.where(finish <= t, finish, np.nan)
        x = features(Milestones(due=due, weight=np.ones(k), accepted=accepted, start=0.0,
                                as_of=t))
        assert x is not None
        xs[i] = x
        ys[i] = int(finish[-1] > 1.0)
    return xs, ys
