"""Target-miss probability for KPIs: Bayesian Monte Carlo over many goals at once (pure NumPy).

P(the final actual misses the target) — below it, or above it when lower is better — where the
final actual is what the goals domain will read at the period's end, by the metric's
aggregation (`goals.evaluation`):

* **Summed** metrics (revenue, visits: "sum over the period"): each reading is the amount of
  the months since the previous reading (a monthly reading one month, a quarterly one three),
  its *exposure* — season-weighted months when a linked external series gives month-of-year
  factors. Amounts are Normal(β·x, σ²·x) for exposure x (a run-rate β per month and a spread
  that grows with the months covered). Final = the total so far + the amount of the months
  left (exposure ``ahead``): Normal(β·ahead, σ²·ahead).
* **Level** metrics ("latest value", and "mean over the period", whose actual — the mean so
  far — the goals domain also judges as a level on a path): the actual read at each reading's
  day, A(t) at t = the elapsed share of the period, follows the goals domain's expected path,
  a straight line from the metric's origin at the period's start: A(t) = origin + β·t + σ·ε.
  Final = origin + β + σ·ε at t = 1.

Both are one weighted least-squares line through the origin (weights 1/x for amounts, 1 for
levels), so every goal is the same few sums (`np.bincount`) and one (goals × paths) draw.

Posterior (conjugate, flat prior on β, scaled-inverse-χ² prior on σ²: ``PRIOR_DOF`` pseudo
readings at ``σ0``): ν = PRIOR_DOF + n − 1, σ_n² = (PRIOR_DOF·σ0² + SS) / ν; each path draws
σ² = ν·σ_n² / χ²(ν), β = β̂ + σ/√Sxx · z and the final's own noise. The prior keeps a goal with
one reading, or readings that happen to agree exactly, from a spread of 0 (a probability of 0
or 1): σ0 is ``PRIOR_CV`` of the monthly rate the target needs for a summed metric (a month's
amount varies by about a fifth), ``PRIOR_SHARE`` of the path's span (origin → target) for a
level. With a handful of readings the data outweigh it. The predictive distribution is
Student-t with ν degrees of freedom (tests check the paths against it).

Random numbers are common to all goals (seeded; a χ² table per ν), so a goal's probability
does not depend on which other goals are scored with it, and the same data give the same
number. ``PATHS`` paths: a standard error under 0.007.

Reasons (probability points, occlusion, the same draws): ``run_rate_gap`` — P(miss) minus
P(miss) had the run-rate been exactly the one the target needs (value: run-rate − needed, per
month); ``volatility`` — P(miss) minus P(miss) at the run-rate with no spread (0 or 1; value:
σ_n); ``remaining_periods`` — context, the months left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

PATHS = 5000
VERSION = "target-miss-mc-2"
PRIOR_DOF = 2
PRIOR_CV = 0.2      # a month's amount: σ0 = 0.2 × the monthly rate the target needs
PRIOR_SHARE = 0.1   # a level: σ0 = 0.1 × |target − origin|
CHUNK = 256         # goals per (goals × paths) block: ~10 MB per array
SEED = 20260630


@dataclass(frozen=True)
class Series:
    """One goal's primary metric as the engine reads it.

    summed: ``x`` the exposure of each reading (months covered, season-weighted), ``y`` its
    amount, ``ahead`` the exposure of the months left. Level: ``x`` the elapsed share of the
    period at each reading (0 < x ≤ 1), ``y`` the actual then, ``origin`` where the path starts;
    ``months`` the months in the period (to state its rate per month). ``months_left`` ≤ 0: the
    period is over, the final actual is the current one."""

    summed: bool
    x: np.ndarray
    y: np.ndarray
    target: float
    higher_is_better: bool = True
    origin: float = 0.0
    ahead: float = 0.0
    months: float = 12.0
    months_left: float = 0.0
    prior_sd: float | None = None
    carried: float = 0.0  # summed: a total carried in beyond the readings' amounts

    @property
    def current(self) -> float:
        if self.summed:
            return float(np.sum(self.y)) + self.carried
        return float(self.y[-1])


@dataclass(frozen=True)
class Outcome:
    probability: float
    mean_final: float
    needed_rate: float | None   # per month
    run_rate: float             # per month
    volatility: float           # posterior scale σ_n
    reasons: tuple[tuple[str, float, float | None], ...]  # (feature, points, value)


def prior_sd(s: Series) -> float:
    """σ0 of the prior on the spread (see the module's docstring)."""
    if s.prior_sd is not None and s.prior_sd > 0:
        return float(s.prior_sd)
    if s.summed:
        exposure = float(np.sum(s.x)) + max(s.ahead, 0.0)
        candidates = [abs(s.target) / exposure if exposure > 0 else 0.0,
                      abs(float(np.sum(s.y))) / float(np.sum(s.x)) if np.sum(s.x) > 0 else 0.0]
        scale = next((c for c in candidates if c > 0), 1.0)
        return PRIOR_CV * scale
    span = abs(s.target - s.origin)
    scale = span if span > 0 else (abs(s.target) if s.target != 0 else 1.0)
    return PRIOR_SHARE * scale


def _chi2_table(dofs: np.ndarray, paths: int, seed: int) -> dict[int, np.ndarray]:
    """√(ν / χ²(ν)) per path for every ν present (one seeded stream per ν)."""
    return {int(v): np.sqrt(v / np.random.default_rng([seed, int(v)]).chisquare(v, paths))
            for v in np.unique(dofs)}


def score(series: Sequence[Series], *, seed: int = SEED, paths: int = PATHS) -> list[Outcome]:
    """P(miss) and reasons of every series, in order (vectorised over goals and paths)."""
    g = len(series)
    if g == 0:
        return []
    counts = np.array([s.x.size for s in series])
    if np.any(counts < 1):
        raise ValueError("every series needs at least one reading")
    idx = np.repeat(np.arange(g), counts)
    x = np.concatenate([np.asarray(s.x, np.float64) for s in series])
    y = np.concatenate([np.asarray(s.y, np.float64) for s in series])
    summed = np.array([s.summed for s in series])
    origin = np.array([0.0 if s.summed else s.origin for s in series])
    target = np.array([s.target for s in series], np.float64)
    higher = np.array([s.higher_is_better for s in series])
    current = np.array([s.current for s in series])
    done = np.array([s.months_left <= 0 for s in series])
    sd0 = np.array([prior_sd(s) for s in series])
    # y − origin for levels (a line through the path's origin); weights 1/x for amounts
    yo = y - origin[idx]
    w = np.where(summed[idx], 1.0 / np.where(x > 0, x, 1.0), 1.0)
    sxx = np.bincount(idx, w * x * x, minlength=g)
    sxy = np.bincount(idx, w * x * yo, minlength=g)
    ok = sxx > 0
    beta = np.where(ok, sxy / np.where(ok, sxx, 1.0), 0.0)
    ss = np.bincount(idx, w * (yo - beta[idx] * x) ** 2, minlength=g)
    nu = PRIOR_DOF + counts - 1
    sigma_n = np.sqrt((PRIOR_DOF * sd0**2 + ss) / nu)
    # final = base + β·h + σ·√v·ε
    ahead = np.array([max(s.ahead, 0.0) for s in series])
    base = np.where(summed, current, origin)
    h = np.where(summed, ahead, 1.0)
    v = np.where(summed, ahead, 1.0)
    beta_sd = np.where(ok, 1.0 / np.sqrt(np.where(ok, sxx, 1.0)), 0.0)
    needed = np.where(h > 0, (target - base) / np.where(h > 0, h, 1.0), np.nan)

    # miss ⇔ σ·s_ν·(beta_sd·h·z1 + √v·z2) < target − (base + β̂·h)  (> for lower is better),
    # with s_ν = √(ν/χ²(ν)) per path; goals sharing ν share that row of draws.
    rng = np.random.default_rng(seed)
    z1 = rng.standard_normal(paths)
    z2 = rng.standard_normal(paths)
    table = _chi2_table(nu, paths, seed)
    a = sigma_n * beta_sd * h
    b = sigma_n * np.sqrt(v)
    gap = target - (base + beta * h)
    sign = np.where(higher, 1.0, -1.0)
    probability = np.empty(g)
    for dof, row in table.items():
        members = np.flatnonzero(nu == dof)
        for lo in range(0, members.size, CHUNK):
            part = members[lo:lo + CHUNK]
            spread = (a[part, None] * z1[None, :] + b[part, None] * z2[None, :]) * row[None, :]
            # higher: spread < gap; lower: spread > gap ⇔ −spread < −gap
            probability[part] = ((sign[part, None] * spread) < (sign[part] * gap[part])[:, None]
                                 ).mean(axis=1)
    # At exactly the needed run-rate the final is the target plus the noise alone: a miss
    # when the noise falls on the wrong side (never without noise).
    below, above = float(np.mean(z2 < 0)), float(np.mean(z2 > 0))
    at_needed = np.where(b > 0, np.where(higher, below, above), 0.0)
    calm_final = base + beta * h
    calm = np.where(higher, calm_final < target, calm_final > target).astype(np.float64)
    # Over: the final actual is the current one.
    over = np.where(higher, current < target, current > target).astype(np.float64)
    probability = np.where(done, over, probability)
    per_month = np.array([1.0 if s.summed else 1.0 / s.months for s in series])
    out: list[Outcome] = []
    for i, s in enumerate(series):
        p = float(probability[i])
        if done[i]:
            out.append(Outcome(probability=p, mean_final=float(current[i]), needed_rate=None,
                               run_rate=float(beta[i] * per_month[i]),
                               volatility=float(sigma_n[i]),
                               reasons=(("remaining_periods", 0.0, 0.0),)))
            continue
        rate, need = float(beta[i] * per_month[i]), float(needed[i] * per_month[i])
        out.append(Outcome(
            probability=p, mean_final=float(calm_final[i]), needed_rate=need, run_rate=rate,
            volatility=float(sigma_n[i]),
            reasons=(("run_rate_gap", round(p - float(at_needed[i]), 4), round(rate - need, 4)),
                     ("volatility", round(p - float(calm[i]), 4), round(float(sigma_n[i]), 4)),
                     ("remaining_periods", 0.0, round(float(s.months_left), 2)))))
    return out


# --- one summed series given month by month (kept for callers and tests) ------------------


@dataclass(frozen=True)
class RunRate:
    """A summed metric month by month: the amounts so far, their total, the months left, and
    optional month-of-year factors of the months so far and left."""

    steps: np.ndarray
    current: float
    remaining: int
    target: float
    higher_is_better: bool = True
    past_season: np.ndarray | None = None
    future_season: np.ndarray | None = None

    def series(self) -> Series:
        steps = np.asarray(self.steps, dtype=np.float64)
        past = (np.ones(steps.size) if self.past_season is None
                else np.asarray(self.past_season, dtype=np.float64))
        ahead = (float(self.remaining) if self.future_season is None
                 else float(np.sum(self.future_season)))
        return Series(summed=True, x=past, y=steps, target=self.target,
                      higher_is_better=self.higher_is_better, ahead=ahead,
                      months=float(steps.size + self.remaining),
                      months_left=float(self.remaining),
                      carried=self.current - float(steps.sum()))


def simulate(r: RunRate, *, seed: int = SEED, paths: int = PATHS) -> Outcome:
    return score([r.series()], seed=seed, paths=paths)[0]


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
