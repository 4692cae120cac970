"""Target-miss probability for a KPI: Bayesian Monte Carlo over the run-rate (pure NumPy).

Input: the metric's per-step amounts so far (a month's sales for a metric summed over the
period; the step-to-step change for a "latest value" metric), the current total, the number of
steps left, the target and its direction, optional multiplicative seasonal factors for the
steps so far and the steps left (from the metric's own history or a linked external series).

Each of ``PATHS`` paths (seeded) draws the run-rate's parameters from their posterior under a
flat prior — σ² = (n − 1)·s² / χ²(n − 1), μ = mean + σ/√n · z, over the de-seasonalised steps —
and then the remaining steps as Normal(μ·f, σ·f) for each step's seasonal factor f. The final
value is the current total plus the simulated steps; P(miss) is the share of paths that end
below the target (above it when lower is better). Drawing the parameters, not plugging in the
sample estimates, is what keeps the probability calibrated when only a few months are known.

Reasons (probability points, occlusion): ``run_rate_gap`` — P(miss) minus P(miss) had the
run-rate been exactly the rate the target needs; ``volatility`` — P(miss) minus P(miss) with
the same run-rate and no spread (0 or 1); ``remaining_periods`` is reported as context with the
number of steps left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PATHS = 5000
VERSION = "target-miss-mc-1"


@dataclass(frozen=True)
class RunRate:
    steps: np.ndarray          # per-step amounts observed so far (n ≥ 2)
    current: float             # the total (or level) so far
    remaining: int             # steps left
    target: float
    higher_is_better: bool = True
    past_season: np.ndarray | None = None    # factor of each observed step
    future_season: np.ndarray | None = None  # factor of each remaining step


@dataclass(frozen=True)
class Outcome:
    probability: float
    mean_final: float
    needed_rate: float | None
    run_rate: float
    volatility: float


def _simulate(r: RunRate, mu: np.ndarray, sigma: np.ndarray, rng: np.random.Generator
              ) -> np.ndarray:
    future = (np.ones(r.remaining) if r.future_season is None
              else np.asarray(r.future_season, dtype=np.float64))
    noise = rng.standard_normal((mu.shape[0], r.remaining))
    steps = mu[:, None] * future[None, :] + sigma[:, None] * future[None, :] * noise
    result: np.ndarray = r.current + steps.sum(axis=1)
    return result


def _miss(r: RunRate, final: np.ndarray) -> float:
    missed = final < r.target if r.higher_is_better else final > r.target
    return float(np.mean(missed))


def simulate(r: RunRate, *, seed: int = 0, paths: int = PATHS) -> Outcome:
    steps = np.asarray(r.steps, dtype=np.float64)
    n = steps.size
    if n < 2:
        raise ValueError("at least two observed steps are needed")
    past = (np.ones(n) if r.past_season is None
            else np.asarray(r.past_season, dtype=np.float64))
    base = steps / past
    mean, s = float(base.mean()), float(base.std(ddof=1))
    if r.remaining <= 0:
        final = np.array([r.current])
        return Outcome(probability=_miss(r, final), mean_final=r.current, needed_rate=None,
                       run_rate=mean, volatility=s)
    rng = np.random.default_rng(seed)
    sigma = s * np.sqrt((n - 1) / rng.chisquare(n - 1, paths)) if s > 0 else np.zeros(paths)
    mu = mean + sigma / np.sqrt(n) * rng.standard_normal(paths)
    final = _simulate(r, mu, sigma, rng)
    future = (np.ones(r.remaining) if r.future_season is None
              else np.asarray(r.future_season, dtype=np.float64))
    needed = (r.target - r.current) / float(future.sum())
    return Outcome(probability=_miss(r, final), mean_final=float(final.mean()),
                   needed_rate=needed, run_rate=mean, volatility=s)


def reasons(r: RunRate, outcome: Outcome, *, seed: int = 0, paths: int = PATHS
            ) -> list[tuple[str, float, float | None]]:
    """(feature, contribution in probability points, value)."""
    out: list[tuple[str, float, float | None]] = []
    if r.remaining <= 0 or outcome.needed_rate is None:
        return [("remaining_periods", 0.0, 0.0)]
    rng = np.random.default_rng(seed)
    n = np.asarray(r.steps).size
    s = outcome.volatility
    sigma = s * np.sqrt((n - 1) / rng.chisquare(n - 1, paths)) if s > 0 else np.zeros(paths)
    at_needed = _simulate(r, np.full(paths, outcome.needed_rate), sigma, rng)
    out.append(("run_rate_gap", round(outcome.probability - _miss(r, at_needed), 4),
                round(outcome.run_rate - outcome.needed_rate, 4)))
    calm = _simulate(r, np.full(1, outcome.run_rate), np.zeros(1), rng)
    out.append(("volatility", round(outcome.probability - _miss(r, calm), 4),
                round(outcome.volatility, 4)))
    out.append(("remaining_periods", 0.0, float(r.remaining)))
    return out


def seasonal_factors(months: np.ndarray, values: np.ndarray) -> np.ndarray | None:
    """Month-of-year multiplicative factors (12, mean 1) from a monthly series with at least
    two full years; None otherwise or when the series is not positive."""
    months = np.asarray(months, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    if values.size < 24 or np.any(values <= 0) or len(set(months.tolist())) < 12:
        return None
    overall = values.mean()
    factors = np.array([values[months == m].mean() / overall for m in range(1, 13)])
    result: np.ndarray = factors / factors.mean()
    return result
